import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_HEADER, secretsFromEnv, signViewerAssertion } from '@plaza/auth';
import { createClient, expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/db.ts';

let stack: TestStack;
let prisma: PrismaClient;

beforeAll(async () => {
  stack = await startTestStack();
  // Clients cannot create notifications (a later feature feeds them from events), so tests
  // write rows through the subgraph's own Prisma client.
  prisma = stack.prisma<PrismaClient>('notifications');
}, 120_000);
afterAll(() => stack?.stop());

interface NotificationView {
  id: string;
  type: string;
  title: string;
  body: string;
  data: unknown;
  priority: string;
  read: boolean;
  readAt: string | null;
}

const FIELDS = 'id type title body data priority read readAt';
const NOTIFICATIONS = `query ($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { ${FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UNREAD_COUNT = `{ unreadNotificationCount }`;
const MARK_READ = `mutation ($id: ID!) { markNotificationRead(id: $id) { ${FIELDS} } }`;
const MARK_ALL_READ = `mutation { markAllNotificationsRead }`;

let sequence = 0;
/** Sends `actor` a notification in their current organization (or another one). */
async function notify(actor: Actor, overrides: { organizationId?: string; readAt?: Date; priority?: 'LOW' | 'NORMAL' | 'HIGH' } = {}) {
  sequence += 1;
  return prisma.notification.create({
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

type ListResponse = { notifications: { edges: { cursor: string; node: NotificationView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const titles = (data: ListResponse) => data.notifications.edges.map((edge) => edge.node.title);

describe('reading notifications', () => {
  it("lists the viewer's notifications newest first, with unread ones on request", async () => {
    const owner = await stack.createOrganization();
    const a = await notify(owner, { readAt: new Date() });
    const b = await notify(owner, { priority: 'HIGH' });
    const c = await notify(owner);

    const all = expectData(await owner.request<ListResponse>(NOTIFICATIONS));
    expect(titles(all)).toEqual([c.title, b.title, a.title]);
    expect(all.notifications.edges[1]!.node).toMatchObject({
      id: b.id,
      type: 'post.commented',
      body: expect.stringMatching(/^Body /),
      data: { postId: expect.stringMatching(/^post-/) },
      priority: 'HIGH',
      read: false,
      readAt: null,
    });
    expect(all.notifications.edges[2]!.node.read).toBe(true);

    expect(titles(expectData(await owner.request<ListResponse>(NOTIFICATIONS, { unreadOnly: true })))).toEqual([c.title, b.title]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(2);
  });

  it('pages through notifications', async () => {
    const owner = await stack.createOrganization();
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await notify(owner));
    const newestFirst = sent.map((n) => n.title).reverse();

    const first = expectData(await owner.request<ListResponse>(NOTIFICATIONS, { first: 2 }));
    expect(titles(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.notifications.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request<ListResponse>(NOTIFICATIONS, { first: 2, after: first.notifications.pageInfo.endCursor }));
    expect(titles(second)).toEqual(newestFirst.slice(2, 4));
    const last = expectData(await owner.request<ListResponse>(NOTIFICATIONS, { first: 2, after: second.notifications.pageInfo.endCursor }));
    expect(titles(last)).toEqual(newestFirst.slice(4));
    expect(last.notifications.pageInfo.hasNextPage).toBe(false);
  });

  it('names the argument and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { first: 0 }), 'BAD_USER_INPUT').message).toMatch(/first: must be at least 1/);
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { first: 101 }), 'BAD_USER_INPUT').message).toMatch(/first: must be at most 100/);
    expect(expectErrorCode(await owner.request(NOTIFICATIONS, { after: 'not-a-cursor' }), 'BAD_USER_INPUT').message).toMatch(/not-a-cursor/);
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
    const read = expectData(await owner.request<{ markNotificationRead: NotificationView }>(MARK_READ, { id: sent.id })).markNotificationRead;
    expect(read).toMatchObject({ id: sent.id, read: true, readAt: expect.any(String) });
    const again = expectData(await owner.request<{ markNotificationRead: NotificationView }>(MARK_READ, { id: sent.id })).markNotificationRead;
    expect(again.readAt).toBe(read.readAt);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });

  it('marks all unread notifications read and says how many changed', async () => {
    const owner = await stack.createOrganization();
    const colleague = await stack.addMember(owner, 'ADMIN');
    await notify(owner, { readAt: new Date() });
    await notify(owner);
    await notify(owner);
    // The colleague's invitation notification arrives through identity's outbox: let it land first.
    const deadline = Date.now() + 10_000;
    while ((await prisma.notification.count({ where: { recipientId: colleague.userId, type: 'invitation.received' } })) === 0) {
      if (Date.now() > deadline) throw new Error('invitation notification did not arrive');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const colleagueBefore = expectData(await colleague.request(UNREAD_COUNT)).unreadNotificationCount as number;
    const colleagues = await notify(colleague);

    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(2);
    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(0);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
    expect(await prisma.notification.findUnique({ where: { id: colleagues.id }, select: { readAt: true } })).toEqual({ readAt: null });
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
      const listed = expectData(await other.request<ListResponse>(NOTIFICATIONS, { first: 100 }));
      expect(listed.notifications.edges.map((edge) => edge.node.id)).not.toContain(adminsOwn.id);
      expect(expectErrorCode(await other.request(MARK_READ, { id: adminsOwn.id }), 'NOT_FOUND').message).toContain(adminsOwn.id);
    }
    expect(await prisma.notification.findUnique({ where: { id: adminsOwn.id }, select: { readAt: true } })).toEqual({ readAt: null });
  });

  it("keeps a user's notifications of another organization out of the current one", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    const here = await notify(owner);
    const there = await notify(owner, { organizationId: elsewhere.organizationId });

    const listed = expectData(await owner.request<ListResponse>(NOTIFICATIONS, { first: 100 }));
    expect(listed.notifications.edges.map((edge) => edge.node.id)).toEqual([here.id]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(1);
    expectErrorCode(await owner.request(MARK_READ, { id: there.id }), 'NOT_FOUND');
    expect(expectData(await owner.request(MARK_ALL_READ)).markAllNotificationsRead).toBe(1);
    expect(await prisma.notification.findUnique({ where: { id: there.id }, select: { readAt: true } })).toEqual({ readAt: null });
  });

  it('resolves Notification entities for their recipient only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const sent = await notify(member);
    const url = stack.running.subgraphs.notifications!.server.url;
    const entities = async (viewer: Actor, role: 'OWNER' | 'MEMBER') => {
      const assertion = await signViewerAssertion(
        { userId: viewer.userId, organizationId: viewer.organizationId, role },
        secretsFromEnv().internalSecret,
      );
      const response = await createClient(url, undefined, { [VIEWER_HEADER]: assertion }).request<{ _entities: ({ id: string } | null)[] }>(
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
    const data = expectData(
      await owner.request<{ notifications: { edges: { node: { recipient: { id: string; name: string } } }[] } }>(
        `{ notifications(first: 1) { edges { node { recipient { id name } } } } }`,
      ),
    );
    expect(data.notifications.edges[0]!.node.recipient).toEqual({ id: owner.userId, name: owner.name });
  });
});
