export type { PaymentRecord as PaymentMapper } from './payment.repository.ts';
export type { PaymentResult as PaymentResultMapper } from './payment.service.ts';
