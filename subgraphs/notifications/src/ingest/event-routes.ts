import type { DomainEvent, EventType } from '@plaza/events';
import type { NotificationType } from '../notification/notification-types.ts';

/** One notification an event calls for. */
export interface Route {
  recipientId: string;
  type: NotificationType;
  /** What it is about, when that is a linkable entity (see SUBJECT_TYPES). */
  subject: { type: string; id: string } | null;
  /** The recipient's email address when the event carries it (invitations); otherwise the recipient directory's. */
  email?: string;
  /**
   * Addressed to someone outside the organization (an invitee), so the directory saying they
   * left it does not hold the notification back.
   */
  forNonMembers?: boolean;
  /** Template variables beyond the payload and the common ids. */
  variables?: Record<string, string>;
  /** A receipt: sent even when the recipient caused the event (a buyer paying for their own order). */
  evenToActor?: boolean;
}

/** What an event calls for: routes to named users, and optionally one to each of the organization's admins. */
interface Routing {
  actorId: string | null;
  routes: Route[];
  /** Sent to every owner and admin of the organization, as the recipient directory knows them. */
  toAdmins?: Omit<Route, 'recipientId'>;
}

/** The user behind the event, who is never notified of their own action. */
type RouteMap = { [Type in EventType]: (event: DomainEvent<Type>) => Routing };

/** For events that notify no one. */
const nobody = ({ actorId }: { actorId: string | null }) => ({ actorId, routes: [] });

/**
 * Who hears about each event of the catalog (a missing event type is a compile error).
 * Events whose audience this subgraph cannot know route to nobody, on purpose:
 * - identity.member.*, identity.user.profile_changed: they keep the recipient directory
 *   (recipient.service.ts), roles included, which is how commerce.stock.low reaches admins.
 * - commerce.order.placed: the buyer is told once the order is paid.
 * - community.post.created: the audience (space members, followers) lives in community.
 * - identity.invitation.created for an email with no account yet (invitedUserId null): there is
 *   no user to address; identity hands out the invitation link itself.
 */
const ROUTES: RouteMap = {
  'identity.invitation.created': ({ organizationId, actorId, payload }) => ({
    actorId,
    routes: payload.invitedUserId
      ? [
          {
            recipientId: payload.invitedUserId,
            type: 'invitation.received',
            subject: { type: 'Organization', id: organizationId },
            email: payload.email,
            forNonMembers: true,
          },
        ]
      : [],
  }),
  'identity.member.joined': nobody,
  'identity.member.role_changed': nobody,
  'identity.member.left': nobody,
  'identity.user.profile_changed': nobody,
  'community.post.created': ({ payload }) => ({ actorId: payload.authorId, routes: [] }),
  'community.comment.created': ({ payload }) => ({
    actorId: payload.authorId,
    // A reply is the more specific news: when the post's author also wrote the parent comment, they get the reply.
    routes: [
      ...(payload.parentCommentAuthorId
        ? [
            {
              recipientId: payload.parentCommentAuthorId,
              type: 'comment.replied' as const,
              subject: { type: 'Comment', id: payload.commentId },
            },
          ]
        : []),
      { recipientId: payload.postAuthorId, type: 'post.commented', subject: { type: 'Post', id: payload.postId } },
    ],
  }),
  'community.reaction.added': ({ payload }) => ({
    actorId: payload.reactorId,
    routes: [
      { recipientId: payload.subjectAuthorId, type: 'reaction.added', subject: { type: payload.subjectType, id: payload.subjectId } },
    ],
  }),
  'community.user.followed': ({ payload }) => ({
    actorId: payload.followerId,
    routes: [{ recipientId: payload.followeeId, type: 'user.followed', subject: null }],
  }),
  'community.user.mentioned': ({ payload }) => ({
    actorId: payload.byUserId,
    routes: [
      { recipientId: payload.mentionedUserId, type: 'user.mentioned', subject: { type: payload.subjectType, id: payload.subjectId } },
    ],
  }),
  'community.message.sent': ({ payload }) => ({
    actorId: payload.senderId,
    routes: payload.recipientIds.map((recipientId) => ({
      recipientId,
      type: 'message.received' as const,
      subject: { type: 'Message', id: payload.messageId },
    })),
  }),
  // Only a failed renewal needs the member's attention; the other changes show in their membership.
  'commerce.membership.changed': ({ actorId, payload }) => ({
    actorId,
    routes:
      payload.reason === 'RENEWAL_FAILED'
        ? [
            {
              recipientId: payload.userId,
              type: 'membership.renewal_failed' as const,
              subject: null,
              variables: { tier: payload.plan },
            },
          ]
        : [],
  }),
  // The organization's plan concerns its admins, whom the recipient directory does not know yet.
  'commerce.subscription.changed': nobody,
  'commerce.stock.low': ({ actorId, payload }) => ({
    actorId,
    routes: [],
    toAdmins: {
      type: 'stock.low',
      subject: { type: 'Product', id: payload.productId },
      variables: { sku: payload.sku ?? payload.variantId },
    },
  }),
  'commerce.order.placed': nobody,
  'commerce.order.paid': ({ actorId, payload }) => ({
    actorId,
    routes: [
      {
        recipientId: payload.customerId,
        type: 'order.paid',
        subject: null,
        evenToActor: true,
        variables: { amount: formatAmount(payload.total, payload.currency) },
      },
    ],
  }),
  'commerce.order.refunded': ({ actorId, payload }) => ({
    actorId,
    routes: [
      {
        recipientId: payload.customerId,
        type: 'order.refunded',
        subject: null,
        evenToActor: true,
        variables: { amount: formatAmount(payload.amount, payload.currency), extent: payload.full ? 'in full' : 'in part' },
      },
    ],
  }),
  'commerce.download.ready': ({ actorId, payload }) => ({
    actorId,
    routes: [
      {
        recipientId: payload.customerId,
        type: 'download.ready',
        subject: null,
        // The buyer paid, so they are usually the actor; like a receipt, they still want the links.
        evenToActor: true,
        variables: {
          orderNumber: String(payload.orderNumber),
          products: payload.grants.map((grant) => grant.productName).join(', '),
          expiresAt: payload.grants[0]?.expiresAt.slice(0, 10) ?? '',
        },
      },
    ],
  }),
  'community.report.resolved': ({ payload }) => ({
    actorId: payload.resolverId,
    routes: [
      { recipientId: payload.reporterId, type: 'report.resolved', subject: null, variables: { outcome: payload.status.toLowerCase() } },
    ],
  }),
  // Scheduling: bookers hear how their booking was decided, promoted members that they have a
  // seat, attendees of their reminders and of called-off events, admins of external requests
  // that came in. RSVPs, booking requests, changes and conflicts notify no one yet.
  'scheduling.rsvp.changed': nobody,
  'scheduling.booking.requested': nobody,
  'scheduling.booking.cancelled': nobody,
  'scheduling.event.changed': nobody,
  'scheduling.conflict.logged': nobody,
  'scheduling.external_request.received': ({ actorId, payload }) => ({
    actorId,
    routes: [],
    toAdmins: {
      type: 'external_request.received',
      subject: null,
      variables: { summary: payload.summary ?? 'no subject', requestType: payload.requestType.toLowerCase() },
    },
  }),
  'scheduling.booking.approved': ({ actorId, payload }) => ({
    actorId,
    routes: [{ recipientId: payload.bookedById, type: 'booking.approved', subject: null }],
  }),
  'scheduling.booking.rejected': ({ actorId, payload }) => ({
    actorId,
    routes: [{ recipientId: payload.bookedById, type: 'booking.rejected', subject: null, variables: { reason: payload.reason ?? '' } }],
  }),
  'scheduling.waitlist.promoted': ({ actorId, payload }) => ({
    actorId,
    routes: [{ recipientId: payload.userId, type: 'waitlist.promoted', subject: { type: 'Event', id: payload.eventId } }],
  }),
  'scheduling.reminder.due': ({ payload }) => ({
    actorId: null,
    routes: [
      {
        recipientId: payload.userId,
        type: 'event.reminder',
        subject: { type: 'Event', id: payload.eventId },
        variables: { offsetMinutes: String(payload.offsetMinutes) },
      },
    ],
  }),
  'scheduling.event.cancelled': ({ actorId, payload }) => ({
    actorId,
    routes: payload.attendeeIds.map((recipientId) => ({
      recipientId,
      type: 'event.cancelled' as const,
      subject: { type: 'Event', id: payload.eventId },
      variables: { occurrenceStartsAt: payload.occurrenceStartsAt ?? 'the start' },
    })),
  }),
};

const routingOf = (event: DomainEvent) => (ROUTES[event.type] as (event: DomainEvent) => Routing)(event);

/** Whether `event` is addressed to the organization's admins: the ingest looks them up first. */
export function addressesAdmins(event: DomainEvent): boolean {
  return routingOf(event).toAdmins !== undefined;
}

/** 12.5 GBP for 1250 and GBP: templates have no number formatting. */
function formatAmount(minorUnits: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(minorUnits / 10 ** digits).toFixed(digits)} ${currency}`;
}

/**
 * The notifications `event` calls for: one per recipient at most (the first route wins), never
 * to the user who caused it (except receipts). `admins`: the organization's owners and admins,
 * for events addressed to them (addressesAdmins).
 */
export function routesOf(event: DomainEvent, admins: readonly string[] = []): { actorId: string | null; routes: Route[] } {
  const { actorId, routes: named, toAdmins } = routingOf(event);
  const routes = toAdmins ? [...named, ...admins.map((recipientId) => ({ ...toAdmins, recipientId }))] : named;
  const actor = event.actorId ?? actorId;
  const seen = new Set<string>();
  return {
    actorId: actor,
    routes: routes.filter((route) => {
      const own = !route.evenToActor && (route.recipientId === actor || route.recipientId === actorId);
      if (own || seen.has(route.recipientId)) return false;
      seen.add(route.recipientId);
      return true;
    }),
  };
}
