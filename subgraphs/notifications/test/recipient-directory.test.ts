import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, startTestStack, until, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/db.ts';
import type { NotificationsSubgraph } from '../src/index.ts';
import { domainEvent, followed } from './event-factory.ts';

// The recipient directory through the whole stack: identity's membership events reach
// notifications through the outbox and the bus, and address (or hold back) its notifications.
let stack: TestStack;
let prisma: PrismaClient;
let services: NotificationsSubgraph['services'];
let mailbox: string;

beforeAll(async () => {
  // The subgraph's own delivery job writes every email here: the test reads what the user receives.
  mailbox = await mkdtemp(join(tmpdir(), 'plaza-mailbox-'));
  const saved = { dir: process.env.PLAZA_MAILBOX_DIR, interval: process.env.PLAZA_DELIVERY_INTERVAL_MS };
  process.env.PLAZA_MAILBOX_DIR = mailbox;
  process.env.PLAZA_DELIVERY_INTERVAL_MS = '100';
  try {
    stack = await startTestStack();
  } finally {
    for (const [name, value] of [['PLAZA_MAILBOX_DIR', saved.dir], ['PLAZA_DELIVERY_INTERVAL_MS', saved.interval]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  prisma = stack.prisma<PrismaClient>('notifications');
  services = (stack.running.subgraphs.notifications!.subgraph as NotificationsSubgraph).services;
}, 120_000);
afterAll(() => stack?.stop());

const SET_PREFERENCES = `mutation ($input: [NotificationPreferenceInput!]!) { updateNotificationPreferences(input: $input) { type } }`;

async function postInNewSpace(owner: Actor, author: Actor): Promise<string> {
  const spaceId = expectData(await owner.request(`mutation { createSpace(input: { name: "Studio", visibility: PUBLIC }) { id } }`)).createSpace.id;
  return expectData(
    await author.request(`mutation ($spaceId: ID!) { createPost(input: { spaceId: $spaceId, title: "Morning flow", body: "Join me" }) { id } }`, { spaceId }),
  ).createPost.id;
}

async function comment(actor: Actor, postId: string): Promise<string> {
  return expectData(await actor.request(`mutation ($postId: ID!) { createComment(input: { postId: $postId, body: "Count me in" }) { id } }`, { postId }))
    .createComment.id;
}

/** Waits until community's outbox is published: on the in-process bus, notifications has ingested it all then. */
const communityEventsIngested = () =>
  until(async () => (await stack.prisma('community').outboxEvent.count({ where: { publishedAt: null } })) === 0);

const directoryRow = (organizationId: string, userId: string) =>
  prisma.notificationRecipient.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { email: true, left: true, membershipVersion: true, profileVersion: true },
  });

describe('recipient directory', () => {
  it("emails a comment to the post's author at the address identity gave, when their preference asks for email", async () => {
    const owner = await stack.createOrganization();
    const author = await stack.addMember(owner, 'MEMBER');
    expectData(await author.request(SET_PREFERENCES, { input: [{ type: 'post.commented', channel: 'EMAIL', enabled: true }] }));
    const postId = await postInNewSpace(owner, author);
    await comment(owner, postId);

    let delivery: { id: string; address: string | null } | null = null;
    await until(async () => {
      delivery = await prisma.notificationDelivery.findFirst({
        where: { channel: 'EMAIL', status: 'SENT', notification: { recipientId: author.userId, type: 'post.commented' } },
        select: { id: true, address: true },
      });
      return delivery !== null;
    }, 20_000);
    const { id, address } = delivery!;
    expect(address).toBe(author.email);
    const mail = JSON.parse(await readFile(join(mailbox, `${id}.json`), 'utf8'));
    expect(mail).toMatchObject({ to: author.email, subject: 'New comment on your post' });
  });

  it('notifies a member who left of nothing, and never emails them', async () => {
    const owner = await stack.createOrganization();
    const author = await stack.addMember(owner, 'MEMBER');
    expectData(await author.request(SET_PREFERENCES, { input: [{ type: 'post.commented', channel: 'EMAIL', enabled: true }] }));
    const postId = await postInNewSpace(owner, author);
    await stack.removeMember(owner, author.userId);
    expect(await directoryRow(owner.organizationId, author.userId)).toMatchObject({ email: author.email, left: true });

    await comment(owner, postId);
    await communityEventsIngested();
    expect(await services.ingest.ingest(followed(owner.organizationId, author.userId))).toEqual([]);
    expect(await prisma.notification.count({ where: { organizationId: owner.organizationId, recipientId: author.userId, type: { not: 'invitation.received' } } })).toBe(0);
    expect(await prisma.notificationDelivery.count({ where: { address: author.email, notification: { type: { not: 'invitation.received' } } } })).toBe(0);
  });

  it('changes nothing when identity’s membership events are replayed, in any order', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'ADMIN');
    expectData(await owner.request(`mutation ($id: ID!) { updateMemberRole(userId: $id, role: MEMBER) { role } }`, { id: member.userId }));
    expectData(await member.request(`mutation { updateProfile(input: { name: "Renamed" }) { id } }`));
    await stack.removeMember(owner, member.userId);
    const events = await stack.recordedEvents('identity', { organizationId: owner.organizationId, subjectId: member.userId });
    expect(events.map((event) => event.type)).toEqual([
      'identity.member.joined',
      'identity.member.role_changed',
      'identity.user.profile_changed',
      'identity.member.left',
    ]);
    const applied = await directoryRow(owner.organizationId, member.userId);
    expect(applied).toMatchObject({ email: member.email, left: true });

    // At least once: everything again, newest first, then twice at once.
    for (const event of [...events].reverse()) expect(await services.ingest.ingest(event)).toEqual([]);
    await Promise.all([...events, ...events].map((event) => services.ingest.ingest(event)));
    expect(await directoryRow(owner.organizationId, member.userId)).toEqual(applied);
  });

  it('keeps the newest fact of each kind whatever order events arrive in', async () => {
    const organizationId = randomUUID();
    const userId = randomUUID();
    const at = (second: number) => ({ occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), id: randomUUID() });
    const joined = domainEvent('identity.member.joined', organizationId, { userId, role: 'MEMBER', email: 'old@example.test', name: 'Old' }, at(1));
    const renamed = domainEvent('identity.user.profile_changed', organizationId, { userId, email: 'new@example.test', name: 'New' }, at(2));
    const left = domainEvent('identity.member.left', organizationId, { userId, reason: 'LEFT' }, at(3));
    const rejoined = domainEvent('identity.member.joined', organizationId, { userId, role: 'MEMBER', email: 'new@example.test', name: 'New' }, at(4));

    const orders: DomainEvent[][] = [
      [joined, renamed, left],
      [left, renamed, joined],
      [renamed, left, joined],
      [left, joined, renamed],
    ];
    for (const order of orders) {
      await prisma.notificationRecipient.deleteMany({ where: { organizationId, userId } });
      for (const event of order) await services.ingest.ingest(event);
      expect(await directoryRow(organizationId, userId)).toMatchObject({ email: 'new@example.test', left: true });
    }
    await services.ingest.ingest(rejoined);
    expect(await directoryRow(organizationId, userId)).toMatchObject({ email: 'new@example.test', left: false });
    await services.ingest.ingest(left);
    expect(await directoryRow(organizationId, userId)).toMatchObject({ left: false });
  });
});
