import type { RepositoriesOf } from '@plaza/subgraph-kit';
import type { Db } from './db.ts';
import { DeliveryRepository } from './delivery/delivery.repository.ts';
import { NotificationRepository } from './notification/notification.repository.ts';
import { PreferenceRepository } from './preference/preference.repository.ts';
import { PushSubscriptionRepository } from './push/push.repository.ts';
import { RecipientRepository } from './recipient/recipient.repository.ts';
import { TemplateRepository } from './template/template.repository.ts';

/** Every repository of notifications over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    notifications: new NotificationRepository(db),
    deliveries: new DeliveryRepository(db),
    preferences: new PreferenceRepository(db),
    templates: new TemplateRepository(db),
    recipients: new RecipientRepository(db),
    pushSubscriptions: new PushSubscriptionRepository(db),
  };
}

/** What notifications' services see of its repositories: public methods only, so unit tests can pass fakes. */
export type NotificationsRepositories = RepositoriesOf<typeof createRepositories>;
