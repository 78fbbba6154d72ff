export type { PushSubscriptionRecord as PushSubscriptionMapper } from './push.repository.ts';
