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
