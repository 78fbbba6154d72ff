import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/db.ts';
import { DeliveryWorker, MailboxEmailTransport, type EmailMessage, type EmailTransport, type NotificationsSubgraph } from '../src/index.ts';
import { domainEvent, followed, invited } from './event-factory.ts';

let stack: TestStack;
let prisma: PrismaClient;
let services: NotificationsSubgraph['services'];

beforeAll(async () => {
  stack = await startTestStack();
  prisma = stack.prisma<PrismaClient>('notifications');
  services = (stack.running.subgraphs.notifications!.subgraph as NotificationsSubgraph).services;
}, 120_000);
afterAll(() => stack?.stop());

const LIST = `query ($unreadOnly: Boolean) {
  notifications(first: 100, unreadOnly: $unreadOnly) {
    edges { node { id type title body priority expiresAt actor { id name } subject { __typename ... on Post { id } ... on Comment { id } ... on Organization { id name } } deliveries { channel status attempts lastError } } }
  }
}`;
interface Listed {
  notifications: {
    edges: {
      node: {
        id: string;
        type: string;
        title: string;
        body: string;
        priority: string;
        expiresAt: string | null;
        actor: { id: string; name: string } | null;
        subject: { __typename: string; id: string; name?: string } | null;
        deliveries: { channel: string; status: string; attempts: number; lastError: string | null }[];
      };
    }[];
  };
}
const UNREAD_COUNT = `{ unreadNotificationCount }`;
const SET_PREFERENCES = `mutation ($input: [NotificationPreferenceInput!]!) { updateNotificationPreferences(input: $input) { type channel enabled source } }`;

/** An email transport that fails the first `failures` sends to each address, then accepts. */
class FlakyTransport implements EmailTransport {
  readonly sent: EmailMessage[] = [];
  private readonly tries = new Map<string, number>();
  constructor(private readonly failures: number) {}
  async send(message: EmailMessage) {
    const tries = (this.tries.get(message.to) ?? 0) + 1;
    this.tries.set(message.to, tries);
    if (tries <= this.failures) throw new Error(`SMTP 451 try ${tries}: mailbox busy`);
    this.sent.push(message);
  }
}

describe('ingesting domain events', () => {
  it('tells the post author and the replied-to author, never the commenter, with actor and subject resolved', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const commenter = await stack.addMember(owner, 'MEMBER');
    const event = domainEvent(
      'community.comment.created',
      owner.organizationId,
      { commentId: 'comment-1', postId: 'post-1', authorId: commenter.userId, postAuthorId: owner.userId, parentCommentAuthorId: member.userId },
      { actorId: commenter.userId, subject: { type: 'Comment', id: 'comment-1' } },
    );

    const created = await services.ingest.ingest(event);
    expect(created.map((n) => [n.recipientId, n.type]).sort()).toEqual(
      [
        [owner.userId, 'post.commented'],
        [member.userId, 'comment.replied'],
      ].sort(),
    );

    const ownerView = expectData(await owner.request<Listed>(LIST)).notifications.edges.map((edge) => edge.node);
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
    const memberView = aboutComments(expectData(await member.request<Listed>(LIST)).notifications.edges);
    expect(memberView.map((n) => [n.type, n.subject])).toEqual([['comment.replied', { __typename: 'Comment', id: 'comment-1' }]]);
    expect(aboutComments(expectData(await commenter.request<Listed>(LIST)).notifications.edges)).toEqual([]);
  });

  it('creates nothing when the same event arrives twice', async () => {
    const owner = await stack.createOrganization();
    const event = followed(owner.organizationId, owner.userId);
    expect(await services.ingest.ingest(event)).toHaveLength(1);
    expect(await services.ingest.ingest(event)).toEqual([]);
    expect(await Promise.all([services.ingest.ingest(event), services.ingest.ingest(event)])).toEqual([[], []]);
    expect(await prisma.notification.count({ where: { eventId: event.id } })).toBe(1);
  });

  it('turns 100 distinct events into exactly 100 notifications, redelivered or not', async () => {
    const owner = await stack.createOrganization();
    const events = Array.from({ length: 100 }, () => followed(owner.organizationId, owner.userId));
    for (let i = 0; i < events.length; i += 10) await Promise.all(events.slice(i, i + 10).map((event) => services.ingest.ingest(event)));
    // At-least-once delivery: every event comes again, in another order.
    for (const event of [...events].reverse()) expect(await services.ingest.ingest(event)).toEqual([]);

    expect(await prisma.notification.count({ where: { organizationId: owner.organizationId, recipientId: owner.userId } })).toBe(100);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(100);
  });

  it('refuses an event that does not match the catalog, naming the field', async () => {
    const owner = await stack.createOrganization();
    const broken = { ...followed(owner.organizationId, owner.userId), payload: { followerId: 'x' } };
    await expect(services.ingest.ingest(broken as never)).rejects.toThrow(/followeeId/);
    await expect(services.ingest.ingest({ ...broken, type: 'community.unknown' } as never)).rejects.toThrow(/Unknown event type "community.unknown"/);
  });

  it("keeps an event's notifications in its organization", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    // The same person is addressed in another organization: they see it only when acting there.
    await services.ingest.ingest(followed(elsewhere.organizationId, owner.userId));
    expect(expectData(await owner.request<Listed>(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await elsewhere.request<Listed>(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });
});

describe('preferences at ingestion', () => {
  it('skips in-app notifications the recipient turned off, and honours organization defaults', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] }));
    expect(await services.ingest.ingest(followed(owner.organizationId, member.userId))).toEqual([]);
    // (The member's invitation notification arrives on its own, through identity's outbox.)
    expect(await prisma.notification.count({ where: { recipientId: member.userId, type: 'user.followed' } })).toBe(0);

    expectData(
      await owner.request(`mutation ($input: [NotificationPreferenceInput!]!) { updateNotificationDefaults(input: $input) { type } }`, {
        input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }],
      }),
    );
    expect(await services.ingest.ingest(followed(owner.organizationId, owner.userId))).toEqual([]);
    // The member's own choice beats the organization's default.
    expectData(await member.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: true }] }));
    expect(await services.ingest.ingest(followed(owner.organizationId, member.userId))).toHaveLength(1);
  });

  it("addresses email from the recipient directory, and sends email-only notifications without listing them", async () => {
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
    expect(await services.ingest.ingest(followed(owner.organizationId, owner.userId))).toEqual([]);
    const stored = await prisma.notification.findFirstOrThrow({
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
    expect(expectData(await owner.request<Listed>(LIST)).notifications.edges).toEqual([]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(0);
  });

  it('records email to a user the directory has not heard of as FAILED, saying why', async () => {
    const owner = await stack.createOrganization();
    const unknown = randomUUID();
    expectData(await owner.request(`mutation ($input: [NotificationPreferenceInput!]!) { updateNotificationDefaults(input: $input) { type } }`, {
      input: [{ type: 'user.followed', channel: 'EMAIL', enabled: true }],
    }));
    const [notification] = await services.ingest.ingest(followed(owner.organizationId, unknown));
    expect(await prisma.notificationDelivery.findMany({ where: { notificationId: notification!.id }, select: { status: true, address: true, lastError: true } })).toEqual([
      { status: 'FAILED', address: null, lastError: expect.stringMatching(new RegExp(`No address known for user ${unknown}`)) },
    ]);
  });
});

describe('delivery', () => {
  it('writes invitation emails to the mailbox folder, HTML-escaped, and shows the delivery log', async () => {
    const owner = await stack.createOrganization();
    const invitee = await stack.createOrganization();
    const event = invited(owner.organizationId, invitee.userId, invitee.email, { role: '<script>alert(1)</script>', inviterId: owner.userId });
    const [notification] = await services.ingest.ingest(event);
    const delivery = await prisma.notificationDelivery.findFirstOrThrow({
      where: { notificationId: notification!.id },
      select: { id: true, channel: true, status: true, address: true },
    });
    expect(delivery).toMatchObject({ channel: 'EMAIL', status: 'PENDING', address: invitee.email });

    const dir = await mkdtemp(join(tmpdir(), 'plaza-mailbox-'));
    const result = await new DeliveryWorker({ prisma, email: new MailboxEmailTransport({ dir }) }).runOnce();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect((await readdir(dir)).filter((file) => file.startsWith(delivery.id)).sort()).toEqual([`${delivery.id}.eml`, `${delivery.id}.json`]);
    const mail = JSON.parse(await readFile(join(dir, `${delivery.id}.json`), 'utf8'));
    expect(mail).toMatchObject({ to: invitee.email, subject: 'You are invited to join an organization on Plaza' });
    expect(mail.text).toContain('as <script>alert(1)</script>.');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    const eml = await readFile(join(dir, `${delivery.id}.eml`), 'utf8');
    expect(eml).toMatch(new RegExp(`^To: ${invitee.email.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(eml).toMatch(/^Subject: You are invited to join an organization on Plaza$/m);

    const row = await prisma.notification.findUniqueOrThrow({ where: { id: notification!.id }, select: { deliveries: { select: { status: true, attempts: true } } } });
    expect(row.deliveries).toEqual([{ status: 'SENT', attempts: 1 }]);
  });

  it('retries a failing delivery with growing waits until it is sent', async () => {
    const owner = await stack.createOrganization();
    const address = `flaky-${randomUUID()}@example.test`;
    const [notification] = await services.ingest.ingest(invited(owner.organizationId, owner.userId, address));
    const transport = new FlakyTransport(2);
    const worker = new DeliveryWorker({ prisma, email: transport, baseDelayMs: 10_000, maxDelayMs: 600_000 });
    const state = () =>
      prisma.notificationDelivery.findFirstOrThrow({
        where: { notificationId: notification!.id },
        select: { status: true, attempts: true, lastError: true, nextAttemptAt: true },
      });

    const t0 = new Date();
    await worker.runOnce(t0);
    const first = await state();
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'SMTP 451 try 1: mailbox busy' });
    expect(first.nextAttemptAt.getTime() - t0.getTime()).toBe(10_000);

    await worker.runOnce(new Date(t0.getTime() + 5_000)); // not due yet
    expect((await state()).attempts).toBe(1);

    const t1 = first.nextAttemptAt;
    await worker.runOnce(t1);
    const second = await state();
    expect(second).toMatchObject({ status: 'PENDING', attempts: 2, lastError: 'SMTP 451 try 2: mailbox busy' });
    expect(second.nextAttemptAt.getTime() - t1.getTime()).toBe(20_000);

    await worker.runOnce(second.nextAttemptAt);
    expect(await state()).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
    expect(transport.sent.filter((mail) => mail.to === address)).toHaveLength(1);

    const log = expectData(await owner.request<Listed>(LIST)).notifications.edges[0]!.node.deliveries;
    expect(log).toEqual([{ channel: 'EMAIL', status: 'SENT', attempts: 3, lastError: null }]);
  });

  it('gives up after the last attempt, saying why', async () => {
    const owner = await stack.createOrganization();
    const address = `down-${randomUUID()}@example.test`;
    const [notification] = await services.ingest.ingest(invited(owner.organizationId, owner.userId, address));
    const worker = new DeliveryWorker({ prisma, email: new FlakyTransport(Number.POSITIVE_INFINITY), maxAttempts: 2, baseDelayMs: 1_000 });
    const now = new Date();
    await worker.runOnce(now);
    await worker.runOnce(new Date(now.getTime() + 1_000));
    expect(await prisma.notificationDelivery.findFirstOrThrow({ where: { notificationId: notification!.id }, select: { status: true, attempts: true, lastError: true } })).toEqual({
      status: 'FAILED',
      attempts: 2,
      lastError: 'Gave up after 2 attempts: SMTP 451 try 2: mailbox busy',
    });
  });
});

describe('expiry', () => {
  it('hides expired notifications and purges them with their deliveries', async () => {
    const owner = await stack.createOrganization();
    const stale = invited(owner.organizationId, owner.userId, owner.email, { occurredAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) });
    const [expired] = await services.ingest.ingest(stale);
    const [fresh] = await services.ingest.ingest(followed(owner.organizationId, owner.userId));
    expect(expired!.expiresAt!.getTime()).toBeLessThan(Date.now());

    const listed = expectData(await owner.request<Listed>(LIST)).notifications.edges.map((edge) => edge.node.id);
    expect(listed).toEqual([fresh!.id]);
    expect(expectData(await owner.request(UNREAD_COUNT)).unreadNotificationCount).toBe(1);
    expectErrorCode(await owner.request(`mutation ($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: expired!.id }), 'NOT_FOUND');
    expect(expectData(await owner.request(`mutation { markAllNotificationsRead }`)).markAllNotificationsRead).toBe(1);

    expect(await services.notifications.purgeExpired(new Date())).toBeGreaterThanOrEqual(1);
    expect(await prisma.notification.findUnique({ where: { id: expired!.id }, select: { id: true } })).toBeNull();
    expect(await prisma.notificationDelivery.count({ where: { notificationId: expired!.id } })).toBe(0);
    expect(await prisma.notification.findUnique({ where: { id: fresh!.id }, select: { id: true } })).not.toBeNull();
  });
});
