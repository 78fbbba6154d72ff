import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import { domainEvent, followed, invited, malformedEvent } from './event-fixtures.ts';
import { graphql } from './graphql/index.ts';
import { SET_DEFAULTS, SET_PREFERENCES, notificationsOf } from './notifications-fixtures.ts';

// Events are fed to the ingest service directly: what each one makes, seen through the API.
let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;
beforeAll(async () => {
  stack = await sharedTestStack();
  notifications = notificationsOf(stack);
});

const LIST = graphql(`
  query IngestNotifications {
    notifications(first: 100) {
      edges {
        node {
          id
          type
          title
          body
          priority
          expiresAt
          actor {
            id
            name
          }
          subject {
            __typename
            ... on Post {
              id
            }
            ... on Comment {
              id
            }
            ... on Organization {
              id
              name
            }
          }
          deliveries {
            channel
            status
            attempts
            lastError
          }
        }
      }
    }
  }
`);
const UNREAD_COUNT = graphql(`
  query IngestUnreadCount {
    unreadNotificationCount
  }
`);
const MARK_READ = graphql(`
  mutation IngestMarkRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
    }
  }
`);
const MARK_ALL_READ = graphql(`
  mutation IngestMarkAllRead {
    markAllNotificationsRead
  }
`);

describe('ingesting domain events', () => {
  it('tells the post author and the replied-to author, never the commenter, with actor and subject resolved', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const commenter = await stack.addMember(owner, 'MEMBER');
    const event = domainEvent(
      'community.comment.created',
      owner.organizationId,
      {
        commentId: 'comment-1',
        postId: 'post-1',
        authorId: commenter.userId,
        postAuthorId: owner.userId,
        parentCommentAuthorId: member.userId,
      },
      { actorId: commenter.userId, subject: { type: 'Comment', id: 'comment-1' } },
    );

    const created = await notifications.services.ingest.ingest(event);
    expect(created.map((n) => [n.recipientId, n.type]).sort()).toEqual(
      [
        [owner.userId, 'post.commented'],
        [member.userId, 'comment.replied'],
      ].sort(),
    );

    const ownerView = expectData(await owner.request(LIST)).notifications.edges.map((edge) => edge.node);
    expect(ownerView).toEqual([
      {
        id: expect.any(String),
        type: 'post.commented',
        title: 'New comment on your post',
        body: expect.stringContaining('commented on your post'),
        priority: 'NORMAL',
        expiresAt: null,
        actor: { id: commenter.userId, name: commenter.name },
        subject: { __typename: 'Post', id: 'post-1' },
        deliveries: [],
      },
    ]);
    // Members also hold the invitation notification of joining (identity's event): leave it aside.
    const aboutComments = (edges: { node: { type: string; subject: unknown } }[]) =>
      edges.map((edge) => edge.node).filter((n) => n.type !== 'invitation.received');
    const memberView = aboutComments(expectData(await member.request(LIST)).notifications.edges);
    expect(memberView.map((n) => [n.type, n.subject])).toEqual([['comment.replied', { __typename: 'Comment', id: 'comment-1' }]]);
    expect(aboutComments(expectData(await commenter.request(LIST)).notifications.edges)).toEqual([]);
  });

  it('creates nothing when the same event arrives twice', async () => {
    const owner = await stack.createOrganization();
    const event = followed(owner.organizationId, owner.userId);
    const { ingest } = notifications.services;
    expect(await ingest.ingest(event)).toHaveLength(1);
    expect(await ingest.ingest(event)).toEqual([]);
    expect(await Promise.all([ingest.ingest(event), ingest.ingest(event)])).toEqual([[], []]);
    expect(await notifications.prisma.notification.count({ where: { eventId: event.id } })).toBe(1);
  });

  it('turns 100 distinct events into exactly 100 notifications, redelivered or not', async () => {
    const owner = await stack.createOrganization();
    const { ingest } = notifications.services;
    const events = Array.from({ length: 100 }, () => followed(owner.organizationId, owner.userId));
    for (let i = 0; i < events.length; i += 10) await Promise.all(events.slice(i, i + 10).map((event) => ingest.ingest(event)));
    // At-least-once delivery: every event comes again, in another order.
    for (const event of [...events].reverse()) expect(await ingest.ingest(event)).toEqual([]);

    expect(
      await notifications.prisma.notification.count({ where: { organizationId: owner.organizationId, recipientId: owner.userId } }),
    ).toBe(100);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(100);
  });

  it('refuses an event that does not match the catalog, naming the field', async () => {
    const owner = await stack.createOrganization();
    const event = followed(owner.organizationId, owner.userId);
    const { ingest } = notifications.services;
    await expect(ingest.ingest(malformedEvent(event, { payload: { followerId: 'x' } }))).rejects.toThrow(/followeeId/);
    await expect(ingest.ingest(malformedEvent(event, { type: 'community.unknown' }))).rejects.toThrow(
      /Unknown event type "community.unknown"/,
    );
  });

  it("keeps an event's notifications in its organization", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    // The same person is addressed in another organization: they see it only when acting there.
    await notifications.services.ingest.ingest(followed(elsewhere.organizationId, owner.userId));
    expect(expectData(await owner.request(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await elsewhere.request(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });
});

describe('preferences at ingestion', () => {
  it('skips in-app notifications the recipient turned off, and honours organization defaults', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const { ingest } = notifications.services;
    expectData(await member.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] }));
    expect(await ingest.ingest(followed(owner.organizationId, member.userId))).toEqual([]);
    // (The member's invitation notification arrives on its own, through identity's outbox.)
    expect(await notifications.prisma.notification.count({ where: { recipientId: member.userId, type: 'user.followed' } })).toBe(0);

    expectData(await owner.request(SET_DEFAULTS, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] }));
    expect(await ingest.ingest(followed(owner.organizationId, owner.userId))).toEqual([]);
    // The member's own choice beats the organization's default.
    expectData(await member.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: true }] }));
    expect(await ingest.ingest(followed(owner.organizationId, member.userId))).toHaveLength(1);
  });

  it('addresses email from the recipient directory, and sends email-only notifications without listing them', async () => {
    const owner = await stack.createOrganization();
    expectData(
      await owner.request(SET_PREFERENCES, {
        input: [
          { type: 'user.followed', channel: 'IN_APP', enabled: false },
          { type: 'user.followed', channel: 'EMAIL', enabled: true },
          { type: 'user.followed', channel: 'PUSH', enabled: true },
        ],
      }),
    );
    expect(await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId))).toEqual([]);
    const stored = await notifications.prisma.notification.findFirstOrThrow({
      where: { recipientId: owner.userId },
      select: { inApp: true, deliveries: { select: { channel: true, address: true, lastError: true }, orderBy: { channel: 'asc' } } },
    });
    // The follow event names no address: the one identity's joined event gave the directory is used.
    expect(stored).toEqual({
      inApp: false,
      deliveries: [
        { channel: 'EMAIL', address: owner.email, lastError: null },
        { channel: 'PUSH', address: null, lastError: null },
      ],
    });
    expect(expectData(await owner.request(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });

  it('records email to a user the directory has not heard of as FAILED, saying why', async () => {
    const owner = await stack.createOrganization();
    const unknown = randomUUID();
    expectData(await owner.request(SET_DEFAULTS, { input: [{ type: 'user.followed', channel: 'EMAIL', enabled: true }] }));
    const [notification] = await notifications.services.ingest.ingest(followed(owner.organizationId, unknown));
    if (!notification) throw new Error('the follow should have made a notification');
    expect(
      await notifications.prisma.notificationDelivery.findMany({
        where: { notificationId: notification.id },
        select: { status: true, address: true, lastError: true },
      }),
    ).toEqual([{ status: 'FAILED', address: null, lastError: expect.stringMatching(new RegExp(`No address known for user ${unknown}`)) }]);
  });
});

describe('expiry', () => {
  it('hides expired notifications and purges them with their deliveries', async () => {
    const owner = await stack.createOrganization();
    const { ingest } = notifications.services;
    const stale = invited(owner.organizationId, owner.userId, owner.email, { occurredAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) });
    const [expired] = await ingest.ingest(stale);
    const [fresh] = await ingest.ingest(followed(owner.organizationId, owner.userId));
    if (!expired || !fresh) throw new Error('both events should have made a notification');
    expect(expired.expiresAt?.getTime()).toBeLessThan(Date.now());

    const listed = expectData(await owner.request(LIST)).notifications.edges.map((edge) => edge.node.id);
    expect(listed).toEqual([fresh.id]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(1);
    expectErrorCode(await owner.request(MARK_READ, { id: expired.id }), 'NOT_FOUND');
    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(1);

    expect(await notifications.services.notifications.purgeExpired(new Date())).toBeGreaterThanOrEqual(1);
    const { prisma } = notifications;
    expect(await prisma.notification.findUnique({ where: { id: expired.id }, select: { id: true } })).toBeNull();
    expect(await prisma.notificationDelivery.count({ where: { notificationId: expired.id } })).toBe(0);
    expect(await prisma.notification.findUnique({ where: { id: fresh.id }, select: { id: true } })).not.toBeNull();
  });
});

describe('membership renewal failures', () => {
  it('tell the member, with the template naming the tier; other membership changes tell nobody', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const change = (reason: 'RENEWAL_FAILED' | 'RENEWED', revision: number) =>
      domainEvent(
        'commerce.membership.changed',
        owner.organizationId,
        {
          membershipId: 'membership-1',
          userId: member.userId,
          tier: 'PRO',
          plan: 'PRO',
          previousTier: 'PRO',
          status: reason === 'RENEWED' ? 'ACTIVE' : 'PAST_DUE',
          revision,
          reason,
          currentPeriodEnd: null,
        },
        { subject: { type: 'Membership', id: 'membership-1' } },
      );
    expect(await notifications.services.ingest.ingest(change('RENEWED', 2))).toEqual([]);
    const created = await notifications.services.ingest.ingest(change('RENEWAL_FAILED', 3));
    expect(created.map((n) => [n.recipientId, n.type])).toEqual([[member.userId, 'membership.renewal_failed']]);
    const view = expectData(await member.request(LIST)).notifications.edges.map((edge) => edge.node);
    expect(view.find((n) => n.type === 'membership.renewal_failed')).toMatchObject({
      title: 'Your PRO membership could not be renewed',
      body: expect.stringContaining('The payment for your PRO membership failed.'),
      priority: 'HIGH',
      subject: null,
    });
  });
});
