import type { SubgraphContext, SubgraphRuntime } from '@plaza/subgraph-kit';
import { NotificationLiveService } from './live/notification-live.service.ts';
import type { PrismaClient } from './db.ts';
import { DeliveryService } from './delivery/delivery.service.ts';
import { DeliveryWorker } from './delivery/delivery.worker.ts';
import { NotificationIngestService } from './ingest/notification-ingest.service.ts';
import type { NotificationsLoaders } from './loaders.ts';
import { NotificationService } from './notification/notification.service.ts';
import { PreferenceService } from './preference/preference.service.ts';
import { RecipientService } from './recipient/recipient.service.ts';
import { TemplateService } from './template/template.service.ts';

export function createServices(prisma: PrismaClient, runtime: SubgraphRuntime) {
  const live = new NotificationLiveService({ prisma, live: runtime.live });
  const preferences = new PreferenceService({ prisma });
  const templates = new TemplateService({ prisma });
  const recipients = new RecipientService({ prisma });
  return {
    notifications: new NotificationService({ prisma, onInboxChanged: (inbox) => live.unreadChanged(inbox) }),
    live,
    preferences,
    templates,
    deliveries: new DeliveryService({ prisma }),
    recipients,
    /** Feed it domain events (the relay's consumer): notifications, and the recipient directory. */
    ingest: new NotificationIngestService({ prisma, preferences, templates, recipients }),
    /** Call `runOnce()` periodically; transports come from the environment (SMTP_URL, PLAZA_MAILBOX_DIR). */
    deliveryWorker: new DeliveryWorker({ prisma }),
  };
}

export type NotificationsServices = ReturnType<typeof createServices>;

export type NotificationsContext = SubgraphContext<NotificationsServices, NotificationsLoaders>;
