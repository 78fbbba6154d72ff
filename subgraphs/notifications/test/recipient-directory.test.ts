import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { domainEvent, followed } from './event-fixtures.ts';
import { graphql } from './graphql/index.ts';
import { SET_PREFERENCES, notificationsOf } from './notifications-fixtures.ts';

// The recipient directory through the whole stack: identity's membership events reach
// notifications through the outbox and the bus, and address (or hold back) its notifications.
// The subgraph's own delivery job sends every email, often, into a folder of this file: the test
// reads what the user receives. Community raises the comments.
let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;
let mailbox: string;
beforeAll(async () => {
  mailbox = await mkdtemp(join(tmpdir(), 'plaza-mailbox-'));
  stack = await startTestStack({
    only: ['identity', 'community', 'notifications'],
    env: { PLAZA_MAILBOX_DIR: mailbox, PLAZA_DELIVERY_INTERVAL_MS: '100' },
  });
  notifications = notificationsOf(stack);
});
afterAll(() => stack?.stop());

const CREATE_SPACE = graphql(`
  mutation DirectoryCreateSpace {
    createSpace(input: { name: "Studio", visibility: PUBLIC }) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation DirectoryCreatePost($spaceId: ID!) {
    createPost(input: { spaceId: $spaceId, title: "Morning flow", body: "Join me" }) {
      id
    }
  }
`);
const CREATE_COMMENT = graphql(`
  mutation DirectoryCreateComment($postId: ID!) {
    createComment(input: { postId: $postId, body: "Count me in" }) {
      id
    }
  }
`);
const UPDATE_ROLE = graphql(`
  mutation DirectoryUpdateRole($id: ID!) {
    updateMemberRole(userId: $id, role: MEMBER) {
      role
    }
  }
`);
const RENAME = graphql(`
  mutation DirectoryRename {
    updateProfile(input: { name: "Renamed" }) {
      id
    }
  }
`);

async function postInNewSpace(owner: Actor, author: Actor): Promise<string> {
  const spaceId = expectData(await owner.request(CREATE_SPACE)).createSpace.id;
  return expectData(await author.request(CREATE_POST, { spaceId })).createPost.id;
}

async function comment(actor: Actor, postId: string): Promise<string> {
  return expectData(await actor.request(CREATE_COMMENT, { postId })).createComment.id;
}

const directoryRow = (organizationId: string, userId: string) =>
  notifications.prisma.notificationRecipient.findUnique({
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

    const delivery = await vi.waitFor(
      async () => {
        const sent = await notifications.prisma.notificationDelivery.findFirst({
          where: { channel: 'EMAIL', status: 'SENT', notification: { recipientId: author.userId, type: 'post.commented' } },
          select: { id: true, address: true },
        });
        if (!sent) throw new Error(`no email about the comment has been sent to ${author.email} yet`);
        return sent;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(delivery.address).toBe(author.email);
    const mail: unknown = JSON.parse(await readFile(join(mailbox, `${delivery.id}.json`), 'utf8'));
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
    await stack.eventsSettled();
    expect(await notifications.services.ingest.ingest(followed(owner.organizationId, author.userId))).toEqual([]);
    const { prisma } = notifications;
    expect(
      await prisma.notification.count({
        where: { organizationId: owner.organizationId, recipientId: author.userId, type: { not: 'invitation.received' } },
      }),
    ).toBe(0);
    expect(
      await prisma.notificationDelivery.count({ where: { address: author.email, notification: { type: { not: 'invitation.received' } } } }),
    ).toBe(0);
  });

  it('changes nothing when identity’s membership events are replayed, in any order', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'ADMIN');
    expectData(await owner.request(UPDATE_ROLE, { id: member.userId }));
    expectData(await member.request(RENAME));
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
    const { ingest } = notifications.services;
    for (const event of [...events].reverse()) expect(await ingest.ingest(event)).toEqual([]);
    await Promise.all([...events, ...events].map((event) => ingest.ingest(event)));
    expect(await directoryRow(owner.organizationId, member.userId)).toEqual(applied);
  });

  it('keeps the newest fact of each kind whatever order events arrive in', async () => {
    const organizationId = randomUUID();
    const userId = randomUUID();
    const at = (second: number) => ({ occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), id: randomUUID() });
    const joined = domainEvent(
      'identity.member.joined',
      organizationId,
      { userId, role: 'MEMBER', email: 'old@example.test', name: 'Old' },
      at(1),
    );
    const renamed = domainEvent('identity.user.profile_changed', organizationId, { userId, email: 'new@example.test', name: 'New' }, at(2));
    const left = domainEvent('identity.member.left', organizationId, { userId, reason: 'LEFT' }, at(3));
    const rejoined = domainEvent(
      'identity.member.joined',
      organizationId,
      { userId, role: 'MEMBER', email: 'new@example.test', name: 'New' },
      at(4),
    );
    const { ingest } = notifications.services;

    const orders: DomainEvent[][] = [
      [joined, renamed, left],
      [left, renamed, joined],
      [renamed, left, joined],
      [left, joined, renamed],
    ];
    for (const order of orders) {
      await notifications.prisma.notificationRecipient.deleteMany({ where: { organizationId, userId } });
      for (const event of order) await ingest.ingest(event);
      expect(await directoryRow(organizationId, userId)).toMatchObject({ email: 'new@example.test', left: true });
    }
    await ingest.ingest(rejoined);
    expect(await directoryRow(organizationId, userId)).toMatchObject({ email: 'new@example.test', left: false });
    await ingest.ingest(left);
    expect(await directoryRow(organizationId, userId)).toMatchObject({ left: false });
  });
});
