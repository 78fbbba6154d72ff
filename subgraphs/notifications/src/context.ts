import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { DeliveryWorker } from './delivery/delivery.worker.ts';
import { MailboxEmailTransport, SmtpEmailTransport, type EmailTransport } from './delivery/email-transport.ts';
import { NotificationIngestService } from './ingest/notification-ingest.service.ts';
import { NotificationLiveService } from './live/notification-live.service.ts';
import type { NotificationsLoaders } from './loaders.ts';
import { NotificationService } from './notification/notification.service.ts';
import { PreferenceService } from './preference/preference.service.ts';
import { RecipientService } from './recipient/recipient.service.ts';
import type { NotificationsRepositories } from './repositories.ts';
import { mailboxDirOf, type NotificationsSettings } from './settings.ts';
import { TemplateService } from './template/template.service.ts';

export function createServices({ data, live: pubsub, settings }: ServiceDependencies<NotificationsRepositories, NotificationsSettings>) {
  const live = new NotificationLiveService({ data, live: pubsub });
  const preferences = new PreferenceService({ data });
  const templates = new TemplateService({ data });
  const recipients = new RecipientService({ data });
  return {
    notifications: new NotificationService({ data, onInboxChanged: (inbox) => live.unreadChanged(inbox) }),
    live,
    preferences,
    templates,
    recipients,
    /** Feed it domain events (the subgraph's consumer): notifications, and the recipient directory. */
    ingest: new NotificationIngestService({ data, preferences, templates, recipients }),
    /** Its `runOnce()` is the `deliveries` job. */
    deliveryWorker: new DeliveryWorker({ data, email: emailTransportOf(settings) }),
  };
}

/** SMTP when SMTP_URL is set, else the mailbox folder. */
function emailTransportOf(settings: NotificationsSettings): EmailTransport {
  const from = settings.PLAZA_MAIL_FROM;
  return settings.SMTP_URL
    ? new SmtpEmailTransport({ url: settings.SMTP_URL, from })
    : new MailboxEmailTransport({ dir: mailboxDirOf(settings), from });
}

export type NotificationsServices = ReturnType<typeof createServices>;

export type NotificationsContext = SubgraphContext<NotificationsServices, NotificationsLoaders>;
