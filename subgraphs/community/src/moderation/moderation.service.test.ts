import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { CommentRecord } from '../comment/comment.repository.ts';
import type { GroupRole } from '../generated/prisma/enums.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import type { MessageRecord } from '../message/message.repository.ts';
import type { MessageModeration } from '../message/message.service.ts';
import type { ContentScope } from '../post/content-scope.ts';
import type { PostRecord } from '../post/post.repository.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { ReportRecord } from './moderation.repository.ts';
import { ModerationService } from './moderation.service.ts';

const ORG = 'org-1';
const NOW = new Date('2026-03-02T10:00:00Z');
const EARLIER = new Date('2026-03-01T08:00:00Z');

const post = (id: string, authorId: string, where: { spaceId?: string; groupId?: string }, hiddenAt: Date | null = null): PostRecord => ({
  id,
  organizationId: ORG,
  spaceId: where.spaceId ?? null,
  groupId: where.groupId ?? null,
  authorId,
  title: id,
  body: id,
  pinned: false,
  likeCount: 0,
  commentCount: 0,
  createdAt: EARLIER,
  updatedAt: EARLIER,
  editedAt: null,
  hiddenAt,
});

/**
 * A community in memory: a public space, a group whose moderator is `gmod`, posts, a comment and
 * reports. Posts and comments are filtered by the content scope as the repositories' SQL does.
 */
function community() {
  const posts = new Map<string, PostRecord>([
    ['p-space', post('p-space', 'ada', { spaceId: 'open' })],
    ['p-group', post('p-group', 'ada', { groupId: 'runners' })],
    ['p-hidden', post('p-hidden', 'ada', { spaceId: 'open' }, EARLIER)],
  ]);
  const comments = new Map<string, CommentRecord>([
    [
      'c-1',
      {
        id: 'c-1',
        organizationId: ORG,
        postId: 'p-group',
        parentId: null,
        inReplyToId: null,
        authorId: 'alan',
        body: 'x',
        likeCount: 0,
        replyCount: 0,
        createdAt: EARLIER,
        updatedAt: EARLIER,
        editedAt: null,
        hiddenAt: null,
      },
    ],
  ]);
  const groupRoles: Record<string, GroupRole> = { gmod: 'MODERATOR', ada: 'MEMBER', alan: 'MEMBER' };
  const reports = new Map<string, ReportRecord>();
  const events: { type: string; actorId: string | null; payload: unknown }[] = [];
  const messageCalls: [string, MessageModeration][] = [];
  const deleted: string[] = [];
  const inScope = (scope: ContentScope, row: PostRecord) =>
    (row.spaceId !== null && scope.spaceIds.includes(row.spaceId)) || (row.groupId !== null && scope.groupIds.includes(row.groupId));
  const data = fakeDataAccess<CommunityRepositories>({
    // No tiers here: every member is FREE and no space requires one (tier gating: space.service.test.ts).
    spaces: { findVisibleIds: async () => ['open'], findMemberTier: async () => null },
    groups: {
      // Group content is for its members; organization admins read every group.
      findReadableIds: async (_organizationId, userId, { membersOnly }) => (!membersOnly || groupRoles[userId] ? ['runners'] : []),
      findMembership: async (groupId, userId) => {
        const role = groupRoles[userId];
        return role ? { id: `gm-${userId}`, groupId, userId, role, joinedAt: EARLIER } : null;
      },
    },
    posts: {
      findByIds: async (scope, ids) =>
        ids.flatMap((id) => {
          const row = posts.get(id);
          return row && inScope(scope, row) && (!row.hiddenAt || scope.seesHidden) ? [{ ...row }] : [];
        }),
      setHiddenAt: async (id, hiddenAt) => {
        const row = posts.get(id);
        if (row) row.hiddenAt = hiddenAt;
      },
    },
    comments: {
      findByIds: async (scope, ids) =>
        ids.flatMap((id) => {
          const row = comments.get(id);
          const parent = row && posts.get(row.postId);
          return row && parent && inScope(scope, parent) && (!row.hiddenAt || scope.seesHidden) ? [{ ...row }] : [];
        }),
      setHiddenAt: async (id, hiddenAt) => {
        const row = comments.get(id);
        if (row) row.hiddenAt = hiddenAt;
      },
    },
    messages: {
      findInJoinedConversation: async (scope, id): Promise<MessageRecord | null> =>
        id === 'm-1' && scope.userId === 'ada'
          ? {
              id,
              organizationId: ORG,
              conversationId: 'conv',
              senderId: 'alan',
              body: 'hi',
              replyToId: null,
              createdAt: EARLIER,
              editedAt: null,
              deletedAt: null,
              hiddenAt: null,
            }
          : null,
    },
    reports: {
      findOpen: async (_organizationId, reporterId, subjectType, subjectId) => {
        const row = [...reports.values()].find(
          (r) => r.reporterId === reporterId && r.subjectType === subjectType && r.subjectId === subjectId && r.status === 'OPEN',
        );
        return row ? { ...row } : null;
      },
      create: async (report) => {
        const row: ReportRecord = {
          id: `r-${reports.size}`,
          status: 'OPEN',
          resolverId: null,
          resolvedAt: null,
          resolutionNote: null,
          createdAt: NOW,
          ...report,
        };
        reports.set(row.id, row);
        return { ...row };
      },
      findByIds: async (_organizationId, ids) => ids.flatMap((id) => (reports.has(id) ? [{ ...reports.get(id)! }] : [])),
      close: async (id, closing) => {
        const row = reports.get(id);
        if (!row || row.status !== 'OPEN') return false;
        Object.assign(row, closing);
        return true;
      },
    },
    events: {
      record: async (event) => {
        events.push({ type: event.type, actorId: event.actorId, payload: event.payload });
        return `event-${events.length}`;
      },
    },
  });
  const service = new ModerationService({
    data,
    now: () => NOW,
    messages: {
      moderate: async (_viewer, id, action) => {
        messageCalls.push([id, action]);
        return {
          id,
          organizationId: ORG,
          conversationId: 'conv',
          senderId: 'alan',
          body: '',
          replyToId: null,
          createdAt: EARLIER,
          editedAt: null,
          deletedAt: action === 'DELETE' ? NOW : null,
          hiddenAt: action === 'HIDE' ? NOW : null,
        };
      },
    },
    deletePost: async (_viewer, id) => deleted.push(`post ${id}`),
    deleteComment: async (_viewer, id) => deleted.push(`comment ${id}`),
  });
  const directory: ActiveMembers = {
    loadMany: async (ids) => ids.map((userId) => (userId === 'stranger' ? null : { userId, role: 'MEMBER' })),
  };
  return { service, posts, comments, reports, events, messageCalls, deleted, directory };
}

const viewer = (userId: string, role: Role = 'MEMBER'): Viewer => ({ userId, organizationId: ORG, role });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('reports', () => {
  it('files a report once while it is open, whoever asks twice', async () => {
    const { service, reports, directory } = community();
    const first = await service.report(viewer('alan'), { subjectType: 'POST', subjectId: 'p-space', reason: 'Spam' }, directory);
    const again = await service.report(viewer('alan'), { subjectType: 'POST', subjectId: 'p-space', reason: 'Still spam' }, directory);
    expect(again.id).toBe(first.id);
    expect(reports.size).toBe(1);
  });

  it('refuses what the reporter cannot see, themselves, and users outside the organization', async () => {
    const { service, reports, directory } = community();
    expect(
      (await rejection(service.report(viewer('alan'), { subjectType: 'POST', subjectId: 'p-hidden', reason: 'x' }, directory))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await rejection(service.report(viewer('outsider'), { subjectType: 'COMMENT', subjectId: 'c-1', reason: 'x' }, directory))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await rejection(service.report(viewer('outsider'), { subjectType: 'MESSAGE', subjectId: 'm-1', reason: 'x' }, directory))).code,
    ).toBe('FORBIDDEN');
    expect((await rejection(service.report(viewer('alan'), { subjectType: 'USER', subjectId: 'alan', reason: 'x' }, directory))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await rejection(service.report(viewer('alan'), { subjectType: 'USER', subjectId: 'stranger', reason: 'x' }, directory)),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'User stranger was not found',
    });
    expect(reports.size).toBe(0);
    await service.report(viewer('ada'), { subjectType: 'MESSAGE', subjectId: 'm-1', reason: 'Rude' }, directory);
    expect(reports.size).toBe(1);
  });

  it('moves a report from OPEN to RESOLVED once, recording report.resolved for the reporter', async () => {
    const { service, events, directory } = community();
    const report = await service.report(viewer('alan'), { subjectType: 'POST', subjectId: 'p-space', reason: 'Spam' }, directory);
    expect((await rejection(service.resolve(viewer('ada'), { reportId: report.id, status: 'RESOLVED', note: null }))).code).toBe(
      'FORBIDDEN',
    );
    const resolved = await service.resolve(viewer('mod', 'MODERATOR'), { reportId: report.id, status: 'RESOLVED', note: 'Removed' });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolverId: 'mod', resolutionNote: 'Removed', resolvedAt: NOW });
    const twice = await rejection(service.resolve(viewer('mod', 'MODERATOR'), { reportId: report.id, status: 'DISMISSED', note: null }));
    expect(twice).toMatchObject({ code: 'CONFLICT', message: `Report ${report.id} is already RESOLVED` });
    expect(events).toEqual([
      {
        type: 'community.report.resolved',
        actorId: 'mod',
        payload: { reportId: report.id, reporterId: 'alan', status: 'RESOLVED', resolverId: 'mod' },
      },
    ]);
    expect((await rejection(service.resolve(viewer('mod', 'MODERATOR'), { reportId: 'nope', status: 'RESOLVED', note: null }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('hiding and deleting', () => {
  it('lets authors hide their own post but only moderators unhide it', async () => {
    const { service, posts } = community();
    expect(await service.hide(viewer('ada'), { subjectType: 'POST', subjectId: 'p-space', hidden: true })).toEqual({
      subjectType: 'POST',
      subjectId: 'p-space',
      hidden: true,
      deleted: false,
    });
    expect(posts.get('p-space')?.hiddenAt).toEqual(NOW);
    // Hidden now, the post is out of its author's sight; unhiding their visible one is still refused.
    expect((await rejection(service.hide(viewer('ada'), { subjectType: 'POST', subjectId: 'p-space', hidden: false }))).code).toBe(
      'NOT_FOUND',
    );
    const unhide = await rejection(service.hide(viewer('ada'), { subjectType: 'POST', subjectId: 'p-group', hidden: false }));
    expect(unhide).toMatchObject({ code: 'FORBIDDEN', message: 'Only a moderator may unhide post p-group' });
    await service.hide(viewer('mod', 'MODERATOR'), { subjectType: 'POST', subjectId: 'p-space', hidden: false });
    expect(posts.get('p-space')?.hiddenAt).toBeNull();
  });

  it("refuses other members, keeps a hidden item's first time, and lets group moderators act in their group", async () => {
    const { service, posts, comments } = community();
    expect((await rejection(service.hide(viewer('alan'), { subjectType: 'POST', subjectId: 'p-space', hidden: true }))).message).toBe(
      'Only the author or a moderator may hide post p-space',
    );
    await service.hide(viewer('mod', 'MODERATOR'), { subjectType: 'POST', subjectId: 'p-hidden', hidden: true });
    expect(posts.get('p-hidden')?.hiddenAt).toEqual(EARLIER);
    await service.hide(viewer('gmod'), { subjectType: 'COMMENT', subjectId: 'c-1', hidden: true });
    expect(comments.get('c-1')?.hiddenAt).toEqual(NOW);
    expect((await rejection(service.hide(viewer('gmod'), { subjectType: 'POST', subjectId: 'p-space', hidden: true }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await rejection(service.hide(viewer('outsider'), { subjectType: 'POST', subjectId: 'p-group', hidden: true }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('sends messages to the message rules, and deletes posts and comments through their services', async () => {
    const { service, messageCalls, deleted } = community();
    expect(await service.hide(viewer('ada'), { subjectType: 'MESSAGE', subjectId: 'm-1', hidden: true })).toMatchObject({
      hidden: true,
      deleted: false,
    });
    expect(await service.delete(viewer('ada'), { subjectType: 'MESSAGE', subjectId: 'm-1' })).toMatchObject({ deleted: true });
    expect(messageCalls).toEqual([
      ['m-1', 'HIDE'],
      ['m-1', 'DELETE'],
    ]);
    expect(await service.delete(viewer('ada'), { subjectType: 'POST', subjectId: 'p-space' })).toEqual({
      subjectType: 'POST',
      subjectId: 'p-space',
      hidden: false,
      deleted: true,
    });
    await service.delete(viewer('ada'), { subjectType: 'COMMENT', subjectId: 'c-1' });
    expect(deleted).toEqual(['post p-space', 'comment c-1']);
  });
});
