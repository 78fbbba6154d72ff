import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  decodeCursor,
  DomainError,
  encodeCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { awardPoints } from '../gamification/points.ts';
import { assertCanPostInGroup, canModerateGroup } from '../group/group-access.ts';
import type { GroupRepository } from '../group/group.repository.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import { mentionedMembers, recordMentions } from '../mention/mentions.ts';
import type { CommunityRepositories } from '../repositories.ts';
import { assertCanPostInSpace } from '../space/space-access.ts';
import { loadContentScope } from './content-scope.ts';
import type { PostPage, PostRecord } from './post.repository.ts';
import type { createPostInput, pinPostInput, updatePostInput } from './post.validation.ts';

/** Post cursors carry (pinned, id): the keyset of pinned-first lists; newest-first lists use the id only. */
export const postCursor = (post: Pick<PostRecord, 'id' | 'pinned'>) => encodeCursor([post.pinned ? 1 : 0, post.id]);

export function postPageOf(args: ConnectionArgs): PostPage {
  const page: PostPage = { take: args.first + 1 };
  if (!args.after) return page;
  const [pinned, id] = decodeCursor(args.after);
  if ((pinned !== 0 && pinned !== 1) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not a post cursor`, { field: 'after' });
  }
  return { ...page, afterId: id, afterPinned: pinned === 1 };
}

/**
 * Whether the viewer moderates the post: an organization moderator or above, or a moderator of
 * the post's group. Comments and moderation apply the same rule to what is written in a post.
 */
export async function moderatesPost(
  groups: Pick<GroupRepository, 'findMembership'>,
  viewer: Viewer,
  post: Pick<PostRecord, 'groupId'>,
): Promise<boolean> {
  if (roleAtLeast(viewer.role, 'MODERATOR')) return true;
  return post.groupId ? canModerateGroup(groups, viewer, post.groupId) : false;
}

export class PostService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommunityRepositories>;
      /** Told after a post committed (live updates). */
      onCreated?: (post: PostRecord) => void;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async find(viewer: Viewer, id: string, load: (id: string) => Promise<PostRecord | null>): Promise<PostRecord> {
    requireMember(viewer);
    const post = await load(id);
    if (!post) throw notFound('Post', id);
    return post;
  }

  /** A connection over one parent's page; `loadPage` is a scoped, batched loader of the request. */
  async page(args: ConnectionArgs, loadPage: (page: PostPage) => Promise<PostRecord[]>) {
    const rows = await loadPage(postPageOf(args));
    return toConnection(rows, args.first, postCursor);
  }

  /**
   * Publishes a post in a space or a group. In one transaction: the post, the author's points, the
   * post.created event and the mentions of members (with their events).
   */
  async create(viewer: Viewer, input: z.output<typeof createPostInput>, members: ActiveMembers): Promise<PostRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    const mentioned = await mentionedMembers(members, input.body);
    const created = await this.deps.data.transaction(viewer, async ({ posts, spaces, groups, gamification, mentions, events }) => {
      const spaceId = input.spaceId ? (await assertCanPostInSpace(spaces, viewer, input.spaceId)).id : null;
      const groupId = !spaceId && input.groupId ? (await assertCanPostInGroup(groups, viewer, input.groupId)).id : null;
      const post = await posts.create({ organizationId, spaceId, groupId, authorId: userId, title: input.title, body: input.body });
      await awardPoints(gamification, { organizationId, userId, action: 'POST_CREATED', subject: { type: 'Post', id: post.id } });
      await events.record({
        type: 'community.post.created',
        organizationId,
        actorId: userId,
        subject: { type: 'Post', id: post.id },
        payload: { postId: post.id, authorId: userId, spaceId, groupId },
      });
      await recordMentions({ mentions, events }, viewer, { type: 'Post', id: post.id }, mentioned);
      return post;
    });
    this.deps.onCreated?.(created);
    return created;
  }

  /**
   * Edits the viewer's own post: the version it replaces is kept as a PostRevision, and users newly
   * mentioned in a new body are recorded (and notified) like on creation.
   */
  async update(viewer: Viewer, input: z.output<typeof updatePostInput>, members: ActiveMembers): Promise<PostRecord> {
    const member = requireRole(viewer, 'MEMBER');
    const mentioned = typeof input.body === 'string' ? await mentionedMembers(members, input.body) : [];
    return this.deps.data.transaction(viewer, async ({ posts, spaces, groups, mentions, events }) => {
      const post = await posts.findLiveForUpdate(await loadContentScope({ spaces, groups }, viewer), input.id);
      if (!post) throw notFound('Post', input.id);
      if (post.authorId !== member.userId) {
        throw new DomainError('FORBIDDEN', `Only the author may edit post ${post.id}`, { postId: post.id });
      }
      const title = input.title ?? post.title;
      const body = input.body ?? post.body;
      if (title === post.title && body === post.body) return post;
      await posts.createRevision({
        organizationId: post.organizationId,
        postId: post.id,
        editorId: member.userId,
        title: post.title,
        body: post.body,
      });
      const updated = await posts.update(post.id, { title, body, editedAt: this.now() });
      await recordMentions({ mentions, events }, viewer, { type: 'Post', id: post.id }, mentioned);
      return updated;
    });
  }

  /** Soft-deletes a post: its author, or a moderator (of the organization, or of the post's group). */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const member = requireRole(viewer, 'MEMBER');
    return this.deps.data.transaction(viewer, async ({ posts, spaces, groups }) => {
      const [post] = await posts.findByIds(await loadContentScope({ spaces, groups }, viewer), [id]);
      if (!post) throw notFound('Post', id);
      if (post.authorId !== member.userId && !(await moderatesPost(groups, viewer, post))) {
        throw new DomainError('FORBIDDEN', `Only the author or a moderator may delete post ${post.id}`, { postId: post.id });
      }
      return posts.softDelete(post.id, this.now());
    });
  }

  /** Pins or unpins a post: moderators of the organization, or of the post's group. */
  async pin(viewer: Viewer, input: z.output<typeof pinPostInput>): Promise<PostRecord> {
    requireRole(viewer, 'MEMBER');
    return this.deps.data.transaction(viewer, async ({ posts, spaces, groups }) => {
      const post = await posts.findLiveForUpdate(await loadContentScope({ spaces, groups }, viewer), input.id);
      if (!post) throw notFound('Post', input.id);
      if (!(await moderatesPost(groups, viewer, post))) {
        throw new DomainError('FORBIDDEN', `Only moderators may pin post ${post.id}; you are ${viewer.role}`, { postId: post.id });
      }
      return post.pinned === input.pinned ? post : posts.update(post.id, { pinned: input.pinned });
    });
  }
}
