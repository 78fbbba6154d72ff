import type { NotificationChannel, NotificationPriority } from '../generated/prisma/enums.ts';

/** Variables every template can use, whatever its type. */
export const COMMON_VARIABLES = [
  'actor.id',
  'recipient.id',
  'organization.id',
  'subject.type',
  'subject.kind',
  'subject.id',
  'event.id',
  'event.occurredAt',
];

export interface NotificationTypeDefinition {
  /** Shown next to the type in preference and template screens. */
  description: string;
  priority: NotificationPriority;
  /** Built-in channel settings, used when neither the member nor the organization chose. */
  channels: Record<NotificationChannel, boolean>;
  /** Notifications of this type expire (are no longer listed, then purged) this long after the event. */
  ttlHours?: number;
  /**
   * Built-in wording. Names are not available here (identity owns them; clients resolve
   * `actor { name }` through the gateway), so defaults read well with ids and payload facts only.
   */
  template: { title: string; body: string };
  /** Variables of the event payload beyond COMMON_VARIABLES. */
  variables: string[];
}

/**
 * What the notifications domain can send, keyed by the dotted name stored in `Notification.type`.
 * Event types map onto these in the ingest service; preferences and templates are per type here.
 */
export const NOTIFICATION_TYPES = {
  'invitation.received': {
    description: 'Someone invited you to join an organization.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    ttlHours: 168,
    template: {
      title: 'You are invited to join an organization on Plaza',
      body: 'You have been invited to join as {{role}}. Sign in to Plaza to accept the invitation.',
    },
    variables: ['invitationId', 'email', 'role'],
  },
  'post.commented': {
    description: 'Someone commented on your post.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: false, PUSH: false },
    template: { title: 'New comment on your post', body: 'Someone commented on your post. Open it to read and reply.' },
    variables: ['commentId', 'postId', 'authorId'],
  },
  'comment.replied': {
    description: 'Someone replied to your comment.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: false, PUSH: false },
    template: { title: 'New reply to your comment', body: 'Someone replied to your comment. Open the post to continue the conversation.' },
    variables: ['commentId', 'postId', 'authorId'],
  },
  'reaction.added': {
    description: 'Someone reacted to your post, comment or message.',
    priority: 'LOW',
    channels: { IN_APP: true, EMAIL: false, PUSH: false },
    ttlHours: 24 * 30,
    template: { title: 'Someone reacted {{emoji}} to your {{subject.kind}}', body: 'Your {{subject.kind}} received a {{emoji}} reaction.' },
    variables: ['reactionId', 'emoji', 'reactorId'],
  },
  'user.followed': {
    description: 'Someone started following you.',
    priority: 'LOW',
    channels: { IN_APP: true, EMAIL: false, PUSH: false },
    template: { title: 'You have a new follower', body: 'Someone started following you.' },
    variables: ['followerId'],
  },
  'user.mentioned': {
    description: 'Someone mentioned you in a post, comment or message.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: false, PUSH: true },
    template: {
      title: 'You were mentioned in a {{subject.kind}}',
      body: 'Someone mentioned you in a {{subject.kind}}. Open it to see what they said.',
    },
    variables: ['byUserId'],
  },
  'message.received': {
    description: 'Someone sent you a direct or group message.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: false, PUSH: true },
    template: { title: 'New message', body: 'You have a new message in one of your conversations.' },
    variables: ['messageId', 'conversationId', 'senderId'],
  },
  'order.paid': {
    description: 'Your order was paid: a receipt.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Order #{{orderNumber}} is paid',
      body: 'Thank you: we received {{amount}} for order #{{orderNumber}}.',
    },
    variables: ['orderId', 'orderNumber', 'customerId', 'total', 'currency', 'amount'],
  },
  'order.refunded': {
    description: 'Money of your order went back to you.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Order #{{orderNumber}} was refunded {{extent}}',
      body: '{{amount}} of order #{{orderNumber}} is on its way back to you.',
    },
    variables: ['orderId', 'orderNumber', 'customerId', 'refundId', 'amount', 'refundedTotal', 'total', 'currency', 'full', 'extent'],
  },
  'stock.low': {
    description: 'For admins: a product variant is running out of stock.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Low stock: {{sku}}',
      body: '{{sku}} is down to {{stockOnHand}} in stock (threshold {{threshold}}). Restock it before it sells out.',
    },
    variables: ['variantId', 'productId', 'sku', 'stockOnHand', 'threshold'],
  },
  'report.resolved': {
    description: 'A moderator reviewed a report you filed.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: false, PUSH: false },
    template: {
      title: 'Your report was reviewed',
      body: 'A moderator reviewed your report and marked it {{outcome}}. Thank you for helping keep the community safe.',
    },
    variables: ['reportId', 'status', 'outcome', 'resolverId'],
  },
  'membership.renewal_failed': {
    description: 'The renewal payment of your membership failed.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Your {{tier}} membership could not be renewed',
      body: 'The payment for your {{tier}} membership failed. We will retry it; update your payment method to keep your {{tier}} access.',
    },
    variables: ['membershipId', 'userId', 'plan', 'tier', 'status', 'currentPeriodEnd'],
  },
  'download.ready': {
    description: 'Downloads you bought are ready.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Your downloads are ready',
      body: 'Order #{{orderNumber}} is paid: {{products}} can be downloaded from your downloads until {{expiresAt}}.',
    },
    variables: ['orderId', 'orderNumber', 'customerId', 'products', 'expiresAt'],
  },
  'booking.approved': {
    description: 'A booking of yours was approved.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: { title: 'Your booking was approved', body: 'Your booking from {{startsAt}} to {{endsAt}} (UTC) is confirmed.' },
    variables: ['bookingId', 'resourceId', 'bookedById', 'startsAt', 'endsAt', 'autoApproved'],
  },
  'booking.rejected': {
    description: 'A booking request of yours was turned down.',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'Your booking request was declined',
      body: 'Your booking request from {{startsAt}} to {{endsAt}} (UTC) was declined. {{reason}}',
    },
    variables: ['bookingId', 'resourceId', 'bookedById', 'startsAt', 'endsAt', 'reason'],
  },
  'external_request.received': {
    description: 'For admins: a request came in from outside Plaza (a form, another tool, the API).',
    priority: 'NORMAL',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: {
      title: 'New {{requestType}} request from {{source}}',
      body: 'A {{priority}} priority {{requestType}} request ({{summary}}) came in from {{source}}. Open the external requests to process it.',
    },
    variables: ['requestId', 'source', 'externalId', 'requestType', 'priority', 'summary'],
  },
  'waitlist.promoted': {
    description: 'A seat freed up at an event you were waitlisted for, and it is yours.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: true },
    template: { title: 'You have a seat at {{title}}', body: 'A seat freed up at {{title}} ({{occurrenceStartsAt}} UTC): you are going.' },
    variables: ['eventId', 'occurrenceStartsAt', 'userId', 'title'],
  },
  'event.reminder': {
    description: 'An event you are going to starts soon.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: true },
    ttlHours: 24,
    template: { title: 'Reminder: {{title}}', body: '{{title}} starts at {{startsAt}} (UTC), in {{offsetMinutes}} minutes.' },
    variables: ['eventId', 'occurrenceStartsAt', 'startsAt', 'userId', 'offsetMinutes', 'title'],
  },
  'event.cancelled': {
    description: 'An event you were going to was called off.',
    priority: 'HIGH',
    channels: { IN_APP: true, EMAIL: true, PUSH: false },
    template: { title: '{{title}} was cancelled', body: '{{title}} was called off ({{scope}} occurrences from {{occurrenceStartsAt}}).' },
    variables: ['eventId', 'scope', 'occurrenceStartsAt', 'title'],
  },
} as const satisfies Record<string, NotificationTypeDefinition>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;
export const notificationTypeNames = Object.keys(NOTIFICATION_TYPES) as [NotificationType, ...NotificationType[]];
export const CHANNELS: readonly NotificationChannel[] = ['IN_APP', 'EMAIL', 'PUSH'];

export function definitionOf(type: NotificationType): NotificationTypeDefinition {
  return NOTIFICATION_TYPES[type];
}

/**
 * Entity types a notification's subject may be: each is declared as a stub in subject.graphql
 * and owned by another subgraph. Any other subject is kept in `data` only.
 */
const SUBJECT_TYPES = ['Post', 'Comment', 'Message', 'Conversation', 'Event', 'Course', 'Product', 'Organization'] as const;

export type SubjectType = (typeof SUBJECT_TYPES)[number];

export function isSubjectType(type: string): type is SubjectType {
  return (SUBJECT_TYPES as readonly string[]).includes(type);
}
