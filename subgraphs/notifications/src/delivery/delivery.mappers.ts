export type { DeliveryRecord as NotificationDeliveryMapper } from './delivery.repository.ts';
