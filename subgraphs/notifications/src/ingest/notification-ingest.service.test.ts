import type { DomainEvent, EventPayload, EventType, MemberFact } from '@plaza/events';
import { fakeDataAccess } from '@plaza/subgraph-kit';
import { describe, expect, it } from 'vitest';
import type { NewDelivery } from '../delivery/delivery.repository.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { NotificationRecord } from '../notification/notification.repository.ts';
import type { DefaultRecord, PreferenceRecord } from '../preference/preference.repository.ts';
import { PreferenceService } from '../preference/preference.service.ts';
import type { RecipientRecord } from '../recipient/recipient.repository.ts';
import { RecipientService } from '../recipient/recipient.service.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import type { TemplateRecord } from '../template/template.repository.ts';
import { TemplateService } from '../template/template.service.ts';
import { NotificationIngestService } from './notification-ingest.service.ts';

const ORG = 'org-1';
const OTHER_ORG = 'org-2';
let sequence = 0;

function event<Type extends EventType>(
  type: Type,
  payload: EventPayload<Type>,
  overrides: { organizationId?: string; actorId?: string | null; occurredAt?: string } = {},
): DomainEvent<Type> {
  sequence += 1;
  return {
    id: `evt-${sequence}`,
    type,
    organizationId: overrides.organizationId ?? ORG,
    actorId: overrides.actorId ?? null,
    subject: { type: 'Unknown', id: `subject-${sequence}` },
    payload,
    occurredAt: overrides.occurredAt ?? '2026-03-01T12:00:00.000Z',
  };
}

const followed = (followeeId: string, followerId = 'follower', organizationId = ORG) =>
  event('community.user.followed', { followerId, followeeId }, { organizationId, actorId: followerId });

/** Prisma hands JSON columns back as fresh JSON values. */
const storedJson = (value: unknown): Prisma.JsonValue => JSON.parse(JSON.stringify(value)) as Prisma.JsonValue;

/** A notification as the table holds it. */
const stored = (row: Pick<NotificationRecord, 'eventId' | 'recipientId' | 'type'>): NotificationRecord => ({
  id: `n-stored-${row.recipientId}`,
  organizationId: ORG,
  title: 'Stored',
  body: 'Stored',
  data: {},
  priority: 'NORMAL',
  actorId: null,
  subjectType: null,
  subjectId: null,
  inApp: true,
  expiresAt: null,
  readAt: null,
  createdAt: new Date(),
  ...row,
});

interface DirectoryEntry extends RecipientRecord {
  organizationId: string;
  membershipVersion: string;
  profileVersion: string;
}

/**
 * Notifications' tables in memory, with what their constraints do: (eventId, recipientId) is
 * unique and duplicates are skipped, directory parts are overwritten by newer versions only.
 */
function notificationsWorld(
  seed: {
    directory?: (Partial<DirectoryEntry> & { userId: string })[];
    preferences?: (PreferenceRecord & { organizationId?: string })[];
    defaults?: (DefaultRecord & { organizationId?: string })[];
    templates?: Pick<TemplateRecord, 'type' | 'title' | 'body' | 'organizationId'>[];
  } = {},
) {
  const notifications: NotificationRecord[] = [];
  const deliveries: NewDelivery[] = [];
  const directory: DirectoryEntry[] = (seed.directory ?? []).map((entry) => ({
    organizationId: ORG,
    email: null,
    left: false,
    membershipVersion: '',
    profileVersion: '',
    ...entry,
  }));
  const preferences = (seed.preferences ?? []).map((row) => ({ organizationId: ORG, ...row }));
  const defaults = (seed.defaults ?? []).map((row) => ({ organizationId: ORG, ...row }));
  const templates = (seed.templates ?? []).map((row, index) => ({ id: `tpl-${index}`, updatedAt: new Date(2026, 0, 1), ...row }));

  const data = fakeDataAccess<NotificationsRepositories>({
    recipients: {
      findByUsers: async (organizationId, userIds) =>
        directory
          .filter((entry) => entry.organizationId === organizationId && userIds.includes(entry.userId))
          .map(({ userId, email, left }) => ({ userId, email, left })),
      apply: async (fact: MemberFact) => {
        let entry = directory.find((candidate) => candidate.organizationId === fact.organizationId && candidate.userId === fact.userId);
        if (!entry) {
          entry = {
            organizationId: fact.organizationId,
            userId: fact.userId,
            email: null,
            left: false,
            membershipVersion: '',
            profileVersion: '',
          };
          directory.push(entry);
        }
        if (fact.membership && fact.version > entry.membershipVersion)
          Object.assign(entry, { left: fact.membership.left, membershipVersion: fact.version });
        if (fact.profile && fact.version > entry.profileVersion)
          Object.assign(entry, { email: fact.profile.email, profileVersion: fact.version });
      },
    },
    preferences: {
      findForUsers: async (organizationId, userIds) =>
        preferences
          .filter((row) => row.organizationId === organizationId && userIds.includes(row.userId))
          .map(({ userId, type, channel, enabled }) => ({ userId, type, channel, enabled })),
      findDefaults: async (organizationId) =>
        defaults.filter((row) => row.organizationId === organizationId).map(({ type, channel, enabled }) => ({ type, channel, enabled })),
    },
    templates: {
      findByTypes: async (organizationId, types) =>
        templates.filter((row) => row.organizationId === organizationId && types.includes(row.type)).map((row) => ({ ...row })),
    },
    notifications: {
      createNew: async (rows) => {
        const created = rows
          .filter((row) => !notifications.some((stored) => stored.eventId === row.eventId && stored.recipientId === row.recipientId))
          .map((row): NotificationRecord => ({
            ...row,
            id: `n-${notifications.length + 1}-${row.recipientId}`,
            data: storedJson(row.data),
            readAt: null,
            createdAt: new Date(),
          }));
        notifications.push(...created);
        return created.map((row) => ({ ...row }));
      },
    },
    deliveries: {
      createMany: async (rows) => {
        deliveries.push(...rows.map((row) => ({ ...row, content: { ...row.content } })));
      },
    },
  });
  const ingest = new NotificationIngestService({
    data,
    preferences: new PreferenceService({ data }),
    templates: new TemplateService({ data }),
    recipients: new RecipientService({ data }),
  });
  return { ingest, notifications, deliveries, directory };
}

describe('NotificationIngestService: who is notified', () => {
  it("tells the post's author and the replied-to author of a comment, never the commenter", async () => {
    const { ingest, notifications } = notificationsWorld();
    const created = await ingest.ingest(
      event(
        'community.comment.created',
        { commentId: 'c1', postId: 'p1', authorId: 'carol', postAuthorId: 'alice', parentCommentAuthorId: 'bob' },
        { actorId: 'carol' },
      ),
    );
    expect(created.map((row) => [row.recipientId, row.type])).toEqual([
      ['bob', 'comment.replied'],
      ['alice', 'post.commented'],
    ]);
    expect(notifications.find((row) => row.recipientId === 'alice')).toMatchObject({
      organizationId: ORG,
      title: 'New comment on your post',
      priority: 'NORMAL',
      actorId: 'carol',
      subjectType: 'Post',
      subjectId: 'p1',
      inApp: true,
      expiresAt: null,
      data: { commentId: 'c1', postId: 'p1', authorId: 'carol', postAuthorId: 'alice', parentCommentAuthorId: 'bob' },
    });
    expect(notifications.some((row) => row.recipientId === 'carol')).toBe(false);
  });

  it('lets membership events keep the recipient directory and notify nobody', async () => {
    const { ingest, notifications, directory } = notificationsWorld();
    const joined = event(
      'identity.member.joined',
      { userId: 'dave', role: 'MEMBER', email: 'dave@example.test', name: 'Dave' },
      { actorId: 'dave' },
    );
    expect(await ingest.ingest(joined)).toEqual([]);
    expect(notifications).toEqual([]);
    expect(directory).toMatchObject([{ organizationId: ORG, userId: 'dave', email: 'dave@example.test', left: false }]);
  });

  it('leaves out members who left the organization, except from a new invitation to it', async () => {
    const { ingest, deliveries } = notificationsWorld();
    await ingest.ingest(event('identity.member.joined', { userId: 'erin', role: 'MEMBER', email: 'erin@example.test', name: 'Erin' }));
    await ingest.ingest(event('identity.member.left', { userId: 'erin', reason: 'REMOVED' }, { occurredAt: '2026-03-01T13:00:00.000Z' }));

    expect(await ingest.ingest(followed('erin'))).toEqual([]);
    expect(
      await ingest.ingest(
        event(
          'community.message.sent',
          { messageId: 'm1', conversationId: 'cv1', senderId: 'frank', recipientIds: ['erin', 'gus'] },
          { actorId: 'frank' },
        ),
      ),
    ).toMatchObject([{ recipientId: 'gus', type: 'message.received' }]);

    const invitation = event(
      'identity.invitation.created',
      { invitationId: 'i1', email: 'erin@new.example', invitedUserId: 'erin', role: 'ADMIN' },
      { actorId: 'owner' },
    );
    const [invited] = await ingest.ingest(invitation);
    expect(invited).toMatchObject({
      recipientId: 'erin',
      type: 'invitation.received',
      subjectType: 'Organization',
      subjectId: ORG,
      priority: 'HIGH',
    });
    // The invitation goes to the address the event carries, not the directory's.
    expect(deliveries.filter((delivery) => delivery.notificationId === invited?.id)).toMatchObject([
      { channel: 'EMAIL', address: 'erin@new.example', status: 'PENDING' },
    ]);
  });

  it('counts a user the directory has not heard of as a member', async () => {
    const { ingest } = notificationsWorld();
    expect(await ingest.ingest(followed('stranger'))).toMatchObject([{ recipientId: 'stranger', type: 'user.followed' }]);
  });

  it('refuses an event that does not match the catalog, naming the field', async () => {
    const { ingest, notifications } = notificationsWorld();
    const broken = { ...followed('alice'), payload: { followerId: 'x' } };
    await expect(ingest.ingest(broken as DomainEvent)).rejects.toThrow(/followeeId/);
    expect(notifications).toEqual([]);
  });
});

describe('NotificationIngestService: once per event and recipient', () => {
  it('creates nothing, and no delivery, when the same event arrives again', async () => {
    const { ingest, notifications, deliveries } = notificationsWorld({
      defaults: [{ type: 'user.followed', channel: 'EMAIL', enabled: true }],
    });
    const again = followed('alice');
    expect(await ingest.ingest(again)).toHaveLength(1);
    expect(await ingest.ingest(again)).toEqual([]);
    expect(await ingest.ingest({ ...again })).toEqual([]);
    expect(notifications).toHaveLength(1);
    expect(deliveries).toHaveLength(1);
  });

  it('still notifies the recipients an interrupted ingestion of the event had not reached', async () => {
    const { ingest, notifications } = notificationsWorld();
    const message = event(
      'community.message.sent',
      { messageId: 'm1', conversationId: 'cv1', senderId: 'alice', recipientIds: ['bob', 'carol'] },
      { actorId: 'alice' },
    );
    // Bob's notification of this very event exists already (say, a concurrent consumer made it).
    notifications.push(stored({ eventId: message.id, recipientId: 'bob', type: 'message.received' }));
    expect((await ingest.ingest(message)).map((row) => row.recipientId)).toEqual(['carol']);
    expect(notifications.map((row) => row.recipientId).sort()).toEqual(['bob', 'carol']);
  });

  it('tells a user once when two routes of one event lead to them', async () => {
    const { ingest } = notificationsWorld();
    const created = await ingest.ingest(
      event(
        'community.comment.created',
        { commentId: 'c1', postId: 'p1', authorId: 'carol', postAuthorId: 'bob', parentCommentAuthorId: 'bob' },
        { actorId: 'carol' },
      ),
    );
    expect(created.map((row) => [row.recipientId, row.type])).toEqual([['bob', 'comment.replied']]);
  });
});

describe('NotificationIngestService: preferences per type and channel', () => {
  it('uses the built-in channels when nobody chose: in-app for follows, push too for messages', async () => {
    const { ingest, deliveries } = notificationsWorld();
    await ingest.ingest(followed('alice'));
    expect(deliveries).toEqual([]);
    const [message] = await ingest.ingest(
      event(
        'community.message.sent',
        { messageId: 'm1', conversationId: 'cv1', senderId: 'bob', recipientIds: ['alice'] },
        { actorId: 'bob' },
      ),
    );
    expect(deliveries).toMatchObject([{ notificationId: message?.id, channel: 'PUSH', status: 'PENDING', address: null, lastError: null }]);
  });

  it("applies the organization's default, and the member's own choice over it", async () => {
    const { ingest, notifications } = notificationsWorld({
      defaults: [
        { type: 'user.followed', channel: 'IN_APP', enabled: false },
        { type: 'user.followed', channel: 'IN_APP', enabled: true, organizationId: OTHER_ORG },
      ],
      preferences: [{ userId: 'bob', type: 'user.followed', channel: 'IN_APP', enabled: true }],
    });
    expect(await ingest.ingest(followed('alice'))).toEqual([]);
    expect(await ingest.ingest(followed('bob'))).toHaveLength(1);
    expect(notifications.map((row) => row.recipientId)).toEqual(['bob']);
  });

  it('keeps the setting of one type and channel to that type and channel', async () => {
    const { ingest, deliveries } = notificationsWorld({
      preferences: [
        { userId: 'alice', type: 'message.received', channel: 'PUSH', enabled: false },
        { userId: 'alice', type: 'user.followed', channel: 'EMAIL', enabled: true },
      ],
    });
    await ingest.ingest(
      event(
        'community.message.sent',
        { messageId: 'm1', conversationId: 'cv1', senderId: 'bob', recipientIds: ['alice'] },
        { actorId: 'bob' },
      ),
    );
    expect(deliveries).toEqual([]);
    expect(
      await ingest.ingest(
        event('community.user.mentioned', { mentionedUserId: 'alice', byUserId: 'bob', subjectType: 'Post', subjectId: 'p1' }),
      ),
    ).toHaveLength(1);
    expect(deliveries.map((delivery) => delivery.channel)).toEqual(['PUSH']);
  });

  it('keeps an email-only notification out of the app and addresses it from the directory', async () => {
    const { ingest, notifications, deliveries } = notificationsWorld({
      directory: [{ userId: 'alice', email: 'alice@example.test' }],
      preferences: [
        { userId: 'alice', type: 'user.followed', channel: 'IN_APP', enabled: false },
        { userId: 'alice', type: 'user.followed', channel: 'EMAIL', enabled: true },
      ],
    });
    expect(await ingest.ingest(followed('alice'))).toEqual([]);
    expect(notifications).toMatchObject([{ recipientId: 'alice', inApp: false }]);
    expect(deliveries).toEqual([
      {
        organizationId: ORG,
        notificationId: notifications[0]?.id,
        channel: 'EMAIL',
        status: 'PENDING',
        address: 'alice@example.test',
        lastError: null,
        content: expect.objectContaining({ type: 'user.followed', recipientId: 'alice', title: 'You have a new follower' }),
      },
    ]);
  });

  it('logs email to a user with no known address as FAILED, saying why', async () => {
    const { ingest, deliveries } = notificationsWorld({ defaults: [{ type: 'user.followed', channel: 'EMAIL', enabled: true }] });
    await ingest.ingest(followed('nobody-knows'));
    expect(deliveries).toMatchObject([
      {
        channel: 'EMAIL',
        status: 'FAILED',
        address: null,
        lastError: expect.stringMatching(/^No address known for user nobody-knows: community.user.followed events carry none/),
      },
    ]);
  });

  it('creates nothing for a recipient who turned every channel off', async () => {
    const { ingest, notifications } = notificationsWorld({
      preferences: [{ userId: 'alice', type: 'user.followed', channel: 'IN_APP', enabled: false }],
    });
    expect(await ingest.ingest(followed('alice'))).toEqual([]);
    expect(notifications).toEqual([]);
  });
});

describe('NotificationIngestService: wording', () => {
  it("renders the organization's template with the payload and the common ids, in that organization only", async () => {
    const { ingest } = notificationsWorld({
      templates: [
        {
          organizationId: ORG,
          type: 'reaction.added',
          title: '{{actor.id}} reacted {{emoji}} to your {{subject.kind}}',
          body: 'See {{subject.type}} {{subject.id}}',
        },
      ],
    });
    const reaction = (organizationId: string) =>
      event(
        'community.reaction.added',
        { reactionId: 'r1', emoji: '🎉', subjectType: 'Comment', subjectId: 'c9', subjectAuthorId: 'alice', reactorId: 'bob' },
        { organizationId, actorId: 'bob' },
      );
    const [ours] = await ingest.ingest(reaction(ORG));
    expect(ours).toMatchObject({
      title: 'bob reacted 🎉 to your comment',
      body: 'See Comment c9',
      subjectType: 'Comment',
      subjectId: 'c9',
    });
    const [theirs] = await ingest.ingest(reaction(OTHER_ORG));
    expect(theirs?.title).toBe('Someone reacted 🎉 to your comment');
  });

  it('falls back to the built-in wording when a stored template no longer renders', async () => {
    const { ingest } = notificationsWorld({
      templates: [{ organizationId: ORG, type: 'user.followed', title: '{{#broken}} never closed', body: 'x' }],
    });
    const [notification] = await ingest.ingest(followed('alice'));
    expect(notification).toMatchObject({ title: 'You have a new follower', body: 'Someone started following you.' });
  });

  it('keeps payload text as text in the app and escapes it in email HTML', async () => {
    const { ingest, deliveries } = notificationsWorld({
      directory: [{ userId: 'alice', email: 'alice@example.test' }],
      templates: [{ organizationId: ORG, type: 'user.followed', title: '{{followerId}} follows you', body: 'Say hi to {{followerId}}' }],
      preferences: [{ userId: 'alice', type: 'user.followed', channel: 'EMAIL', enabled: true }],
    });
    const [notification] = await ingest.ingest(followed('alice', '<script>x</script>'));
    expect(notification?.title).toBe('<script>x</script> follows you');
    expect(deliveries[0]?.content.html).not.toContain('<script>');
    expect(deliveries[0]?.content.html).toContain('&lt;script&gt;x&lt;&#x2F;script&gt; follows you');
  });

  it('sets the expiry from the event time for types that expire', async () => {
    const { ingest } = notificationsWorld();
    const [invited] = await ingest.ingest(
      event(
        'identity.invitation.created',
        { invitationId: 'i1', email: 'a@example.test', invitedUserId: 'alice', role: 'MEMBER' },
        { occurredAt: '2026-03-01T00:00:00.000Z' },
      ),
    );
    expect(invited?.expiresAt).toEqual(new Date('2026-03-08T00:00:00.000Z'));
    expect(invited?.body).toBe('You have been invited to join as MEMBER. Sign in to Plaza to accept the invitation.');
  });
});
