import { dataDirOf } from '@plaza/db';
import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { DeliveryWorker } from './delivery/delivery.worker.ts';
import { MailboxEmailTransport, SmtpEmailTransport, type EmailTransport } from './delivery/email-transport.ts';
import { WebPushTransport } from './delivery/push-transport.ts';
import { NotificationIngestService } from './ingest/notification-ingest.service.ts';
import { NotificationLiveService } from './live/notification-live.service.ts';
import type { NotificationsLoaders } from './loaders.ts';
import { NotificationService } from './notification/notification.service.ts';
import { PreferenceService } from './preference/preference.service.ts';
import { PushService } from './push/push.service.ts';
import { resolveVapidDetails, vapidKeyFileIn } from './push/vapid-keys.ts';
import { RecipientService } from './recipient/recipient.service.ts';
import type { NotificationsRepositories } from './repositories.ts';
import { mailboxDirOf, type NotificationsSettings } from './settings.ts';
import { TemplateService } from './template/template.service.ts';

export function createServices({ data, live: pubsub, settings }: ServiceDependencies<NotificationsRepositories, NotificationsSettings>) {
  const live = new NotificationLiveService({ data, live: pubsub });
  const preferences = new PreferenceService({ data });
  const templates = new TemplateService({ data });
  const recipients = new RecipientService({ data });
  // Resolved at start: in production, missing VAPID settings stop it here, naming the variables.
  const vapid = resolveVapidDetails({
    publicKey: settings.PLAZA_VAPID_PUBLIC_KEY,
    privateKey: settings.PLAZA_VAPID_PRIVATE_KEY,
    subject: settings.PLAZA_VAPID_SUBJECT,
    production: settings.NODE_ENV === 'production',
    file: vapidKeyFileIn(dataDirOf(settings)),
  });
  return {
    notifications: new NotificationService({ data, onInboxChanged: (inbox) => live.unreadChanged(inbox) }),
    live,
    preferences,
    templates,
    recipients,
    push: new PushService({ data, vapidPublicKey: vapid.publicKey, allowInsecureEndpoints: settings.PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS }),
    /** Feed it domain events (the subgraph's consumer): notifications, and the recipient directory. */
    ingest: new NotificationIngestService({ data, preferences, templates, recipients }),
    /** Its `runOnce()` is the `deliveries` job. */
    deliveryWorker: new DeliveryWorker({ data, email: emailTransportOf(settings), push: new WebPushTransport({ vapid }) }),
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
