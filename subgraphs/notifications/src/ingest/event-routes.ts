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
}

/** The user behind the event, who is never notified of their own action. */
type RouteMap = { [Type in EventType]: (event: DomainEvent<Type>) => { actorId: string | null; routes: Route[] } };

/** For events that notify no one. */
const nobody = ({ actorId }: { actorId: string | null }) => ({ actorId, routes: [] });

/**
 * Who hears about each event of the catalog (a missing event type is a compile error).
 * Events whose audience this subgraph cannot know route to nobody, on purpose:
 * - identity.member.*, identity.user.profile_changed: they keep the recipient directory
 *   (recipient.service.ts). For joined, the organization's admins would be the audience, but
 *   the directory does not hold roles; a later change can add them.
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
  // Low stock concerns the organization's admins, whom the recipient directory does not know yet.
  'commerce.stock.low': nobody,
  'commerce.order.paid': nobody,
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
  'community.report.resolved': ({ payload }) => ({
    actorId: payload.resolverId,
    routes: [
      { recipientId: payload.reporterId, type: 'report.resolved', subject: null, variables: { outcome: payload.status.toLowerCase() } },
    ],
  }),
  // Scheduling: bookers hear how their booking was decided, promoted members that they have a
  // seat, attendees of their reminders and of called-off events. RSVPs, requests (admins: not in
  // the recipient directory), changes and conflicts notify no one yet.
  'scheduling.rsvp.changed': nobody,
  'scheduling.booking.requested': nobody,
  'scheduling.booking.cancelled': nobody,
  'scheduling.event.changed': nobody,
  'scheduling.conflict.logged': nobody,
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

/**
 * The notifications `event` calls for: one per recipient at most (the first route wins), never
 * to the user who caused it.
 */
export function routesOf(event: DomainEvent): { actorId: string | null; routes: Route[] } {
  const { actorId, routes } = (ROUTES[event.type] as (event: DomainEvent) => { actorId: string | null; routes: Route[] })(event);
  const actor = event.actorId ?? actorId;
  const seen = new Set<string>();
  return {
    actorId: actor,
    routes: routes.filter((route) => {
      if (route.recipientId === actor || route.recipientId === actorId || seen.has(route.recipientId)) return false;
      seen.add(route.recipientId);
      return true;
    }),
  };
}
