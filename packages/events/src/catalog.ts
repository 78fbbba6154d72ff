import { z } from 'zod';

/**
 * Every domain event that crosses a subgraph boundary, with its payload schema. Producers and
 * consumers import the same schema: changing a payload is a contract change, reviewed here.
 * Payloads carry ids and the few facts a consumer needs (to route the event, or to keep its own
 * copy of another domain's state, like the member directory), never rows.
 */
const id = z.string().min(1);
/** Identity's organization roles, strongest first. */
const memberRole = z.enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER']);
/** Commerce's membership tiers, lowest first (membership-tiers.ts ranks them). */
const membershipTier = z.enum(['FREE', 'BASIC', 'PRO', 'ENTERPRISE']);
/** Where a membership's or an organization subscription's billing is. */
const billingStatus = z.enum(['ACTIVE', 'TRIALING', 'PAST_DUE', 'CANCELLED', 'UNPAID']);
/** Why a membership or subscription changed. */
const billingChange = z.enum([
  'SUBSCRIBED',
  'TIER_CHANGED',
  'RENEWED',
  'RENEWAL_FAILED',
  'CANCEL_SCHEDULED',
  'CANCELLED',
  'UPDATED',
  'COMPED',
]);

/** What every scheduling.booking.* event says of the booking (instants as ISO-8601 UTC strings). */
const bookingFacts = { bookingId: id, resourceId: id, bookedById: id, startsAt: z.string(), endsAt: z.string() };
/** An event changed or called off: which occurrences (scope) and who was going or maybe going to them. */
const eventNews = z.object({
  eventId: id,
  scope: z.enum(['ALL', 'THIS', 'THIS_AND_FOLLOWING']),
  occurrenceStartsAt: z.string().nullable(),
  title: z.string(),
  attendeeIds: z.array(id),
});

export const EVENT_CATALOG = {
  'identity.invitation.created': z.object({ invitationId: id, email: z.string(), invitedUserId: id.nullable(), role: z.string() }),
  // Membership lifecycle: with these, other subgraphs keep their own directory of an
  // organization's members (see member-facts.ts) instead of reading identity's tables.
  'identity.member.joined': z.object({ userId: id, role: memberRole, email: z.string(), name: z.string() }),
  'identity.member.role_changed': z.object({ userId: id, role: memberRole, previousRole: memberRole }),
  /** `REMOVED` by an admin (the actor) or `LEFT` of their own accord. */
  'identity.member.left': z.object({ userId: id, reason: z.enum(['LEFT', 'REMOVED']) }),
  /** Recorded once per organization the user belongs to, since events belong to one organization. */
  'identity.user.profile_changed': z.object({ userId: id, email: z.string(), name: z.string() }),
  'community.post.created': z.object({ postId: id, authorId: id, spaceId: id.nullable(), groupId: id.nullable() }),
  'community.comment.created': z.object({
    commentId: id,
    postId: id,
    authorId: id,
    postAuthorId: id,
    /** Author of the comment replied to, when the comment is a reply. */
    parentCommentAuthorId: id.nullable(),
  }),
  'community.reaction.added': z.object({
    reactionId: id,
    emoji: z.string(),
    subjectType: z.enum(['Post', 'Comment', 'Message']),
    subjectId: id,
    /** Author of the content reacted to: the one to tell. */
    subjectAuthorId: id,
    reactorId: id,
  }),
  'community.user.followed': z.object({ followerId: id, followeeId: id }),
  'community.user.mentioned': z.object({
    mentionedUserId: id,
    byUserId: id,
    subjectType: z.enum(['Post', 'Comment', 'Message']),
    subjectId: id,
  }),
  'community.message.sent': z.object({
    messageId: id,
    conversationId: id,
    senderId: id,
    /** Conversation members other than the sender at the time of sending. */
    recipientIds: z.array(id),
  }),
  'community.report.resolved': z.object({
    reportId: id,
    reporterId: id,
    status: z.enum(['RESOLVED', 'DISMISSED']),
    resolverId: id,
  }),
  /**
   * A variant's stock fell to its low-stock threshold or below: raised once per crossing (again
   * only after a restock took it above the threshold).
   */
  'commerce.stock.low': z.object({
    variantId: id,
    productId: id,
    sku: z.string().nullable(),
    stockOnHand: z.number().int(),
    threshold: z.number().int(),
  }),
  /**
   * An order was paid in full (its payment succeeded). Consumers that grant something for a
   * purchase (event tickets, course access, downloads) keep their own record of it from this.
   */
  'commerce.order.paid': z.object({
    orderId: id,
    orderNumber: z.number().int().positive(),
    customerId: id,
    /** Minor units of `currency`. */
    total: z.number().int().nonnegative(),
    currency: z.string().length(3),
    items: z.array(z.object({ orderItemId: id, productId: id, variantId: id, quantity: z.number().int().positive() })),
  }),
  /**
   * A member's membership changed (subscribed, tier changed, renewed, payment failed, cancelled,
   * comped). `tier` is what the membership grants now (FREE once cancelled or unpaid): community
   * keeps it in its member directory to gate spaces. `revision` counts the membership's changes,
   * so consumers apply only newer ones (member-facts.ts, membershipTierVersion).
   */
  'commerce.membership.changed': z.object({
    membershipId: id,
    userId: id,
    tier: membershipTier,
    /** The tier paid for, which `tier` falls back from while the membership is not in good standing. */
    plan: membershipTier,
    previousTier: membershipTier.nullable(),
    status: billingStatus,
    revision: z.number().int().nonnegative(),
    reason: billingChange,
    currentPeriodEnd: z.string().nullable(),
  }),
  /** The organization's own subscription (its plan) changed; same reasons as memberships. */
  'commerce.subscription.changed': z.object({
    subscriptionId: id,
    plan: membershipTier,
    status: billingStatus,
    revision: z.number().int().nonnegative(),
    reason: billingChange,
    currentPeriodEnd: z.string().nullable(),
  }),
  /**
   * Paying an order granted downloads of its digital items: the buyer can fetch them now (links
   * come from commerce's `DownloadGrant.files`).
   */
  'commerce.download.ready': z.object({
    orderId: id,
    orderNumber: z.number().int().positive(),
    customerId: id,
    grants: z.array(
      z.object({
        grantId: id,
        productId: id,
        productName: z.string(),
        downloadLimit: z.number().int().positive(),
        expiresAt: z.string(),
      }),
    ),
  }),
  /** An order was placed at checkout (PENDING, not paid yet). */
  'commerce.order.placed': z.object({
    orderId: id,
    orderNumber: z.number().int().positive(),
    customerId: id,
    /** Minor units of `currency`. */
    total: z.number().int().nonnegative(),
    currency: z.string().length(3),
  }),
  /**
   * Money of a paid order went back to its customer: `amount` now, `refundedTotal` in all so far;
   * `full` once everything paid went back (the order is REFUNDED, else PARTIALLY_REFUNDED).
   */
  'commerce.order.refunded': z.object({
    orderId: id,
    orderNumber: z.number().int().positive(),
    customerId: id,
    refundId: id,
    /** Minor units of `currency`. */
    amount: z.number().int().positive(),
    refundedTotal: z.number().int().positive(),
    total: z.number().int().nonnegative(),
    currency: z.string().length(3),
    full: z.boolean(),
  }),
  // Scheduling. Instants are ISO-8601 UTC strings; an occurrence of a series is named by the start
  // its rule gives it (`occurrenceStartsAt`, its RECURRENCE-ID).
  /** A member answered (or changed their answer to) one occurrence of an event. */
  'scheduling.rsvp.changed': z.object({
    eventId: id,
    occurrenceStartsAt: z.string(),
    userId: id,
    response: z.enum(['GOING', 'MAYBE', 'DECLINED']),
    waitlisted: z.boolean(),
  }),
  /** A seat freed up and the first member on the waitlist got it. */
  'scheduling.waitlist.promoted': z.object({ eventId: id, occurrenceStartsAt: z.string(), userId: id, title: z.string() }),
  /** A booking was made: PENDING waits for an admin, APPROVED when the resource approves automatically. */
  'scheduling.booking.requested': z.object({
    ...bookingFacts,
    source: z.string(),
    status: z.enum(['PENDING', 'APPROVED']),
  }),
  'scheduling.booking.approved': z.object({
    ...bookingFacts,
    autoApproved: z.boolean(),
  }),
  'scheduling.booking.rejected': z.object({
    ...bookingFacts,
    reason: z.string().nullable(),
  }),
  'scheduling.booking.cancelled': z.object({
    ...bookingFacts,
    reason: z.string().nullable(),
  }),
  /**
   * An event changed: every occurrence (ALL), one (THIS, `occurrenceStartsAt`) or one and those
   * after it (THIS_AND_FOLLOWING). `attendeeIds`: members going or maybe going to what changed.
   */
  'scheduling.event.changed': eventNews,
  /** An event, or some of its occurrences (as for changed), was called off. */
  'scheduling.event.cancelled': eventNews,
  /** A booking attempt was refused and logged for admins. */
  'scheduling.conflict.logged': z.object({
    conflictId: id,
    conflictType: z.string(),
    resourceId: id,
    attemptedById: id,
    conflictingBookingId: id.nullable(),
    severity: z.string(),
  }),
  /**
   * A request from outside Plaza (a form, another tool, the API) arrived; a resend of the same
   * (source, externalId) raises nothing. `requestType`: BOOKING, INQUIRY, COMPLAINT or SUGGESTION.
   */
  'scheduling.external_request.received': z.object({
    requestId: id,
    source: z.string(),
    externalId: z.string(),
    requestType: z.enum(['BOOKING', 'INQUIRY', 'COMPLAINT', 'SUGGESTION']),
    priority: z.enum(['LOW', 'NORMAL', 'HIGH', 'URGENT']),
    /** The request's one-line subject (named apart from the envelope's subject). */
    summary: z.string().nullable(),
  }),
  /** An attendee's reminder for one occurrence came due (`offsetMinutes` before `startsAt`); raised once. */
  'scheduling.reminder.due': z.object({
    eventId: id,
    occurrenceStartsAt: z.string(),
    startsAt: z.string(),
    userId: id,
    offsetMinutes: z.number().int().positive(),
    title: z.string(),
  }),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventPayload<Type extends EventType> = z.output<(typeof EVENT_CATALOG)[Type]>;

/** The envelope every event travels in, on every bus. */
export interface DomainEvent<Type extends EventType = EventType> {
  /** Unique and time-ordered (UUIDv7): consumers de-duplicate on it. */
  id: string;
  type: Type;
  organizationId: string;
  /** Who caused it; null for system actions. */
  actorId: string | null;
  /** The entity the event is about, as a federation reference (`__typename` + id). */
  subject: { type: string; id: string };
  payload: EventPayload<Type>;
  occurredAt: string;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}

/** Validates an event read off a bus; throws naming the type and the broken field. */
export function parseEvent(raw: unknown): DomainEvent {
  const envelope = z
    .object({
      id,
      type: z.string(),
      organizationId: id,
      actorId: id.nullable(),
      subject: z.object({ type: z.string(), id }),
      payload: z.unknown(),
      occurredAt: z.string(),
    })
    .parse(raw);
  if (!isEventType(envelope.type)) throw new Error(`Unknown event type "${envelope.type}"`);
  const payload = EVENT_CATALOG[envelope.type].parse(envelope.payload);
  return { ...envelope, type: envelope.type, payload };
}
