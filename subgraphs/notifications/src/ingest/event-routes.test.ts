import type { DomainEvent } from '@plaza/events';
import { describe, expect, it } from 'vitest';
import { addressesAdmins, routesOf } from './event-routes.ts';

const envelope = { id: 'evt-1', organizationId: 'org-1', occurredAt: new Date().toISOString() };

describe('routesOf', () => {
  it('tells the post author and the parent comment author, never the commenter', () => {
    const event = {
      ...envelope,
      type: 'community.comment.created',
      actorId: 'alice',
      subject: { type: 'Comment', id: 'c1' },
      payload: { commentId: 'c1', postId: 'p1', authorId: 'alice', postAuthorId: 'bob', parentCommentAuthorId: 'carol' },
    } as DomainEvent;
    expect(routesOf(event).routes.map((route) => [route.recipientId, route.type])).toEqual([
      ['carol', 'comment.replied'],
      ['bob', 'post.commented'],
    ]);

    const ownPost = { ...event, payload: { ...event.payload, postAuthorId: 'alice', parentCommentAuthorId: null } } as DomainEvent;
    expect(routesOf(ownPost).routes).toEqual([]);
  });

  it('tells a recipient once when two routes lead to them', () => {
    const event = {
      ...envelope,
      type: 'community.comment.created',
      actorId: 'alice',
      subject: { type: 'Comment', id: 'c1' },
      payload: { commentId: 'c1', postId: 'p1', authorId: 'alice', postAuthorId: 'bob', parentCommentAuthorId: 'bob' },
    } as DomainEvent;
    expect(routesOf(event).routes.map((route) => route.type)).toEqual(['comment.replied']);
  });

  it('tells every other member of a conversation, and nobody about a joined member', () => {
    const message = {
      ...envelope,
      type: 'community.message.sent',
      actorId: 'alice',
      subject: { type: 'Message', id: 'm1' },
      payload: { messageId: 'm1', conversationId: 'cv1', senderId: 'alice', recipientIds: ['bob', 'carol', 'alice'] },
    } as DomainEvent;
    expect(routesOf(message).routes.map((route) => route.recipientId)).toEqual(['bob', 'carol']);

    const payload = { userId: 'dave', role: 'MEMBER', email: 'dave@example.test', name: 'Dave' };
    const joined = {
      ...envelope,
      type: 'identity.member.joined',
      actorId: 'dave',
      subject: { type: 'User', id: 'dave' },
      payload,
    } as DomainEvent;
    expect(routesOf(joined).routes).toEqual([]);
  });

  it('addresses invitations to existing users only, with the email the event carries', () => {
    const invitation = {
      ...envelope,
      type: 'identity.invitation.created',
      actorId: 'owner',
      subject: { type: 'Invitation', id: 'i1' },
      payload: { invitationId: 'i1', email: 'erin@example.test', invitedUserId: 'erin', role: 'MEMBER' },
    } as DomainEvent;
    expect(routesOf(invitation).routes).toEqual([
      {
        recipientId: 'erin',
        type: 'invitation.received',
        subject: { type: 'Organization', id: 'org-1' },
        email: 'erin@example.test',
        forNonMembers: true,
      },
    ]);
    const stranger = { ...invitation, payload: { ...invitation.payload, invitedUserId: null } } as DomainEvent;
    expect(routesOf(stranger).routes).toEqual([]);
  });

  it('sends low stock to every admin it is given but the one who caused it, and only asks for admins then', () => {
    const low = {
      ...envelope,
      type: 'commerce.stock.low',
      actorId: 'buyer',
      subject: { type: 'ProductVariant', id: 'v1' },
      payload: { variantId: 'v1', productId: 'p1', sku: 'MUG-1', stockOnHand: 1, threshold: 2 },
    } as DomainEvent;
    expect(addressesAdmins(low)).toBe(true);
    expect(routesOf(low, ['owner', 'admin', 'buyer']).routes).toEqual([
      { recipientId: 'owner', type: 'stock.low', subject: { type: 'Product', id: 'p1' }, variables: { sku: 'MUG-1' } },
      { recipientId: 'admin', type: 'stock.low', subject: { type: 'Product', id: 'p1' }, variables: { sku: 'MUG-1' } },
    ]);
    expect(routesOf(low).routes).toEqual([]);
  });

  it('tells every admin of an external request that came in, with its summary apart from the subject variable', () => {
    const received = {
      ...envelope,
      type: 'scheduling.external_request.received',
      actorId: null,
      subject: { type: 'ExternalRequest', id: 'xr1' },
      payload: { requestId: 'xr1', source: 'website-form', externalId: 'f-1', requestType: 'COMPLAINT', priority: 'HIGH', summary: null },
    } as DomainEvent;
    expect(addressesAdmins(received)).toBe(true);
    expect(routesOf(received, ['owner', 'admin']).routes).toEqual(
      ['owner', 'admin'].map((recipientId) => ({
        recipientId,
        type: 'external_request.received',
        subject: null,
        variables: { summary: 'no subject', requestType: 'complaint' },
      })),
    );
  });

  it('sends receipts to the buyer even when the buyer caused the event, with the amount in major units', () => {
    const paid = {
      ...envelope,
      type: 'commerce.order.paid',
      actorId: 'buyer',
      subject: { type: 'Order', id: 'o1' },
      payload: { orderId: 'o1', orderNumber: 7, customerId: 'buyer', total: 1999, currency: 'EUR', items: [] },
    } as DomainEvent;
    expect(addressesAdmins(paid)).toBe(false);
    expect(routesOf(paid).routes).toMatchObject([{ recipientId: 'buyer', type: 'order.paid', variables: { amount: '19.99 EUR' } }]);
    const refunded = {
      ...envelope,
      type: 'commerce.order.refunded',
      actorId: 'admin',
      subject: { type: 'Order', id: 'o1' },
      payload: {
        orderId: 'o1',
        orderNumber: 7,
        customerId: 'buyer',
        refundId: 'r1',
        amount: 500,
        refundedTotal: 500,
        total: 500,
        currency: 'JPY',
        full: true,
      },
    } as DomainEvent;
    expect(routesOf(refunded).routes).toMatchObject([
      { recipientId: 'buyer', type: 'order.refunded', variables: { amount: '500 JPY', extent: 'in full' } },
    ]);
  });

  it('tells bookers of decisions, promoted members of their seat, attendees of reminders and cancellations', () => {
    const booking = { bookingId: 'bk1', resourceId: 'room', bookedById: 'bob', startsAt: 's', endsAt: 'e' };
    const approved = {
      ...envelope,
      type: 'scheduling.booking.approved',
      actorId: 'admin',
      subject: { type: 'Booking', id: 'bk1' },
      payload: { ...booking, autoApproved: false },
    } as DomainEvent;
    expect(routesOf(approved).routes.map((route) => [route.recipientId, route.type])).toEqual([['bob', 'booking.approved']]);
    // Auto-approved: the booker caused it and hears nothing.
    expect(routesOf({ ...approved, actorId: 'bob', payload: { ...booking, autoApproved: true } }).routes).toEqual([]);
    const rejected = { ...approved, type: 'scheduling.booking.rejected', payload: { ...booking, reason: 'Closed' } } as DomainEvent;
    expect(routesOf(rejected).routes).toEqual([
      expect.objectContaining({ recipientId: 'bob', type: 'booking.rejected', variables: { reason: 'Closed' } }),
    ]);

    const promoted = {
      ...envelope,
      type: 'scheduling.waitlist.promoted',
      actorId: 'carol',
      subject: { type: 'Event', id: 'ev1' },
      payload: { eventId: 'ev1', occurrenceStartsAt: 'o', userId: 'dave', title: 'Yoga' },
    } as DomainEvent;
    expect(routesOf(promoted).routes).toEqual([{ recipientId: 'dave', type: 'waitlist.promoted', subject: { type: 'Event', id: 'ev1' } }]);

    const reminder = {
      ...envelope,
      type: 'scheduling.reminder.due',
      actorId: null,
      subject: { type: 'Event', id: 'ev1' },
      payload: { eventId: 'ev1', occurrenceStartsAt: 'o', startsAt: 'o', userId: 'dave', offsetMinutes: 30, title: 'Yoga' },
    } as DomainEvent;
    expect(routesOf(reminder).routes.map((route) => [route.recipientId, route.type, route.variables])).toEqual([
      ['dave', 'event.reminder', { offsetMinutes: '30' }],
    ]);

    const cancelled = {
      ...envelope,
      type: 'scheduling.event.cancelled',
      actorId: 'host',
      subject: { type: 'Event', id: 'ev1' },
      payload: { eventId: 'ev1', scope: 'ALL', occurrenceStartsAt: null, title: 'Yoga', attendeeIds: ['host', 'dave', 'erin'] },
    } as DomainEvent;
    expect(routesOf(cancelled).routes.map((route) => [route.recipientId, route.type])).toEqual([
      ['dave', 'event.cancelled'],
      ['erin', 'event.cancelled'],
    ]);
  });
});

describe('routesOf commerce.membership.changed', () => {
  it('tells the member about a failed renewal only', () => {
    const change = (reason: 'RENEWAL_FAILED' | 'RENEWED' | 'CANCELLED') =>
      ({
        ...envelope,
        type: 'commerce.membership.changed',
        actorId: null,
        subject: { type: 'Membership', id: 'm1' },
        payload: {
          membershipId: 'm1',
          userId: 'ada',
          tier: 'PRO',
          plan: 'PRO',
          previousTier: 'PRO',
          status: 'PAST_DUE',
          revision: 3,
          reason,
          currentPeriodEnd: null,
        },
      }) as DomainEvent;
    expect(routesOf(change('RENEWAL_FAILED')).routes).toEqual([
      { recipientId: 'ada', type: 'membership.renewal_failed', subject: null, variables: { tier: 'PRO' } },
    ]);
    expect(routesOf(change('RENEWED')).routes).toEqual([]);
    expect(routesOf(change('CANCELLED')).routes).toEqual([]);
  });
});
