import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';
import { notificationsOf } from './notifications-fixtures.ts';

let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;
beforeAll(async () => {
  stack = await sharedTestStack();
  notifications = notificationsOf(stack);
});

const NOTIFICATIONS = graphql(`
  query NotificationsList($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges {
        cursor
        node {
          id
          type
          title
          body
          data
          priority
          read
          readAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const UNREAD_COUNT = graphql(`
  query NotificationsUnreadCount {
    unreadNotificationCount
  }
`);
const MARK_READ = graphql(`
  mutation NotificationsMarkRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      type
      title
      body
      data
      priority
      read
      readAt
    }
  }
`);
const MARK_ALL_READ = graphql(`
  mutation NotificationsMarkAllRead {
    markAllNotificationsRead
  }
`);
const RECIPIENT = graphql(`
  query NotificationsRecipient {
    notifications(first: 1) {
      edges {
        node {
          recipient {
            id
            name
          }
        }
      }
    }
  }
`);

let sequence = 0;
/**
 * Sends `actor` a notification in their current organization (or another one). Clients cannot
 * create notifications (events do), so the row is written through the subgraph's Prisma client.
 */
async function notify(actor: Actor, overrides: { organizationId?: string; readAt?: Date; priority?: 'LOW' | 'NORMAL' | 'HIGH' } = {}) {
  sequence += 1;
  return notifications.prisma.notification.create({
    data: {
      organizationId: overrides.organizationId ?? actor.organizationId,
      recipientId: actor.userId,
      type: 'post.commented',
      title: `Notification ${sequence}`,
      body: `Body ${sequence}`,
      data: { postId: `post-${sequence}` },
      priority: overrides.priority ?? 'NORMAL',
      readAt: overrides.readAt ?? null,
    },
    select: { id: true, title: true },
  });
}

const titles = (data: { notifications: { edges: { node: { title: string } }[] } }) =>
  data.notifications.edges.map((edge) => edge.node.title);

describe('reading notifications', () => {
  it("lists the viewer's notifications newest first, with unread ones on request", async () => {
    const owner = await stack.createOrganization();
    const a = await notify(owner, { readAt: new Date() });
    const b = await notify(owner, { priority: 'HIGH' });
    const c = await notify(owner);

    const all = expectData(await owner.request(NOTIFICATIONS));
    expect(titles(all)).toEqual([c.title, b.title, a.title]);
    expect(all.notifications.edges[1]?.node).toMatchObject({
      id: b.id,
      type: 'post.commented',
      body: expect.stringMatching(/^Body /),
      data: { postId: expect.stringMatching(/^post-/) },
      priority: 'HIGH',
      read: false,
      readAt: null,
    });
    expect(all.notifications.edges[2]?.node.read).toBe(true);

    expect(titles(expectData(await owner.request(NOTIFICATIONS, { unreadOnly: true })))).toEqual([c.title, b.title]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(2);
  });

  it('pages through notifications', async () => {
    const owner = await stack.createOrganization();
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await notify(owner));
    const newestFirst = sent.map((n) => n.title).reverse();

    const first = expectData(await owner.request(NOTIFICATIONS, { first: 2 }));
    expect(titles(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.notifications.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request(NOTIFICATIONS, { first: 2, after: first.notifications.pageInfo.endCursor }));
    expect(titles(second)).toEqual(newestFirst.slice(2, 4));
    const last = expectData(await owner.request(NOTIFICATIONS, { first: 2, after: second.notifications.pageInfo.endCursor }));
    expect(titles(last)).toEqual(newestFirst.slice(4));
    expect(last.notifications.pageInfo.hasNextPage).toBe(false);
  });

  it('names the argument and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { first: 0 }), 'BAD_USER_INPUT').message).toMatch(
      /first: must be at least 1/,
    );
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { first: 101 }), 'BAD_USER_INPUT').message).toMatch(
      /first: must be at most 100/,
    );
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { after: 'not-a-cursor' }), 'BAD_USER_INPUT').message).toMatch(
      /not-a-cursor/,
    );
    expect(expectErrorCode(await owner.request(MARK_READ, { id: '' }), 'BAD_USER_INPUT').message).toMatch(/must not be empty/);
  });

  it('needs a signed-in member of an organization', async () => {
    expectErrorCode(await stack.anonymous.request(UNREAD_COUNT), 'UNAUTHENTICATED');
    expectErrorCode(await stack.anonymous.request(MARK_ALL_READ), 'UNAUTHENTICATED');
    const withoutOrganization = await stack.signUp();
    expectErrorCode(await stack.client(withoutOrganization.token).request(NOTIFICATIONS), 'FORBIDDEN');
  });
});

describe('marking notifications read', () => {
  it('marks one notification read, keeping the first readAt on repeat', async () => {
    const owner = await stack.createOrganization();
    const sent = await notify(owner);
    const read = expectData(await owner.request(MARK_READ, { id: sent.id })).markNotificationRead;
    expect(read).toMatchObject({ id: sent.id, read: true, readAt: expect.any(String) });
    const again = expectData(await owner.request(MARK_READ, { id: sent.id })).markNotificationRead;
    expect(again.readAt).toBe(read.readAt);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });

  it('marks all unread notifications read and says how many changed', async () => {
    const owner = await stack.createOrganization();
    const colleague = await stack.addMember(owner, 'ADMIN');
    await notify(owner, { readAt: new Date() });
    await notify(owner);
    await notify(owner);
    // addMember returned once identity's events were consumed: the colleague's invitation notification is in.
    expect(await notifications.prisma.notification.count({ where: { recipientId: colleague.userId, type: 'invitation.received' } })).toBe(
      1,
    );
    const colleagueBefore = expectData(await colleague.request(UNREAD_COUNT)).unreadNotificationCount;
    const colleagues = await notify(colleague);

    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(2);
    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(0);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
    expect(await notifications.prisma.notification.findUnique({ where: { id: colleagues.id }, select: { readAt: true } })).toEqual({
      readAt: null,
    });
    expect(expectData(await colleague.request(UNREAD_COUNT)).unreadNotificationCount).toBe(colleagueBefore + 1);
  });
});

describe('privacy and tenancy', () => {
  it("hides everyone else's notifications, even an admin's from their owner", async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const stranger = await stack.createOrganization();
    const adminsOwn = await notify(admin);

    for (const other of [owner, stranger]) {
      const listed = expectData(await other.request(NOTIFICATIONS, { first: 100 }));
      expect(listed.notifications.edges.map((edge) => edge.node.id)).not.toContain(adminsOwn.id);
      expect(expectErrorCode(await other.request(MARK_READ, { id: adminsOwn.id }), 'NOT_FOUND').message).toContain(adminsOwn.id);
    }
    expect(await notifications.prisma.notification.findUnique({ where: { id: adminsOwn.id }, select: { readAt: true } })).toEqual({
      readAt: null,
    });
  });

  it("keeps a user's notifications of another organization out of the current one", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    const here = await notify(owner);
    const there = await notify(owner, { organizationId: elsewhere.organizationId });

    const listed = expectData(await owner.request(NOTIFICATIONS, { first: 100 }));
    expect(listed.notifications.edges.map((edge) => edge.node.id)).toEqual([here.id]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(1);
    expectErrorCode(await owner.request(MARK_READ, { id: there.id }), 'NOT_FOUND');
    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(1);
    expect(await notifications.prisma.notification.findUnique({ where: { id: there.id }, select: { readAt: true } })).toEqual({
      readAt: null,
    });
  });

  it('resolves Notification entities for their recipient only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const sent = await notify(member);
    const subgraph = stack.running.subgraphs.notifications;
    if (!subgraph) throw new Error('notifications is not running in this stack');
    const entities = async (viewer: Actor, role: 'OWNER' | 'MEMBER') => {
      const headers = await stack.subgraphHeadersFor({ userId: viewer.userId, organizationId: viewer.organizationId, role });
      // _entities is the gateway's query to the subgraph, not part of the API clients see.
      const response = await createClient(subgraph.server.url, undefined, headers).requestUntyped(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Notification { id } } }`,
        { representations: [{ __typename: 'Notification', id: sent.id }] },
      );
      return expectData(response)._entities;
    };
    expect(await entities(member, 'MEMBER')).toEqual([{ id: sent.id }]);
    expect(await entities(owner, 'OWNER')).toEqual([null]);
  });
});

describe('across subgraphs', () => {
  it("resolves the recipient's name from identity through the gateway", async () => {
    const owner = await stack.createOrganization();
    await notify(owner);
    const data = expectData(await owner.request(RECIPIENT));
    expect(data.notifications.edges[0]?.node.recipient).toEqual({ id: owner.userId, name: owner.name });
  });
});
