import { roleAtLeast, type Viewer } from '@plaza/auth';
import { decodeCursor, DomainError, encodeCursor, notFound, requireMember, requireRole, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { awardPoints } from '../gamification/points.ts';
import { assertCanPostInGroup, canModerateGroup } from '../group/group-access.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import { mentionedMembers, recordMentions } from '../mention/mentions.ts';
import { assertCanPostInSpace } from '../space/space-access.ts';
import { recordDomainEvent } from './domain-events.ts';
import { loadContentScope } from './post-scope.ts';
import { PostRepository, type PostPage, type PostRecord } from './post.repository.ts';
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

export class PostService {
  constructor(
    private readonly deps: {
      prisma: PrismaClient;
      /** Told after a post committed (live updates). */
      onCreated?: (post: PostRecord) => void;
    },
  ) {}

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
    const created = await this.deps.prisma.$transaction(async (tx) => {
      const spaceId = input.spaceId ? (await assertCanPostInSpace(tx, viewer, input.spaceId)).id : null;
      const groupId = !spaceId && input.groupId ? (await assertCanPostInGroup(tx, viewer, input.groupId)).id : null;
      const post = await new PostRepository(tx).create({ organizationId, spaceId, groupId, authorId: userId, title: input.title, body: input.body });
      await awardPoints(tx, { organizationId, userId, action: 'POST_CREATED', subject: { type: 'Post', id: post.id } });
      await recordDomainEvent(tx, {
        type: 'community.post.created',
        organizationId,
        actorId: userId,
        subject: { type: 'Post', id: post.id },
        payload: { postId: post.id, authorId: userId, spaceId, groupId },
      });
      await recordMentions(tx, viewer, { type: 'Post', id: post.id }, mentioned);
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
    const mentioned = input.body == null ? [] : await mentionedMembers(members, input.body);
    return this.deps.prisma.$transaction(async (tx) => {
      const posts = new PostRepository(tx);
      const post = await posts.findLiveForUpdate(await loadContentScope(tx, viewer), input.id);
      if (!post) throw notFound('Post', input.id);
      if (post.authorId !== member.userId) {
        throw new DomainError('FORBIDDEN', `Only the author may edit post ${post.id}`, { postId: post.id });
      }
      const title = input.title ?? post.title;
      const body = input.body ?? post.body;
      if (title === post.title && body === post.body) return post;
      await posts.createRevision({ organizationId: post.organizationId, postId: post.id, editorId: member.userId, title: post.title, body: post.body });
      const updated = await posts.update(post.id, { title, body, editedAt: new Date() });
      await recordMentions(tx, viewer, { type: 'Post', id: post.id }, mentioned);
      return updated;
    });
  }

  /** Soft-deletes a post: its author, or a moderator (of the organization, or of the post's group). */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const member = requireRole(viewer, 'MEMBER');
    return this.deps.prisma.$transaction(async (tx) => {
      const posts = new PostRepository(tx);
      const [post] = await posts.findByIds(await loadContentScope(tx, viewer), [id]);
      if (!post) throw notFound('Post', id);
      if (post.authorId !== member.userId && !(await this.moderates(tx, viewer, post))) {
        throw new DomainError('FORBIDDEN', `Only the author or a moderator may delete post ${post.id}`, { postId: post.id });
      }
      return posts.softDelete(post.id, new Date());
    });
  }

  /** Pins or unpins a post: moderators of the organization, or of the post's group. */
  async pin(viewer: Viewer, input: z.output<typeof pinPostInput>): Promise<PostRecord> {
    requireRole(viewer, 'MEMBER');
    return this.deps.prisma.$transaction(async (tx) => {
      const posts = new PostRepository(tx);
      const post = await posts.findLiveForUpdate(await loadContentScope(tx, viewer), input.id);
      if (!post) throw notFound('Post', input.id);
      if (!(await this.moderates(tx, viewer, post))) {
        throw new DomainError('FORBIDDEN', `Only moderators may pin post ${post.id}; you are ${viewer.role}`, { postId: post.id });
      }
      return post.pinned === input.pinned ? post : posts.update(post.id, { pinned: input.pinned });
    });
  }

  private async moderates(tx: Parameters<typeof canModerateGroup>[0], viewer: Viewer, post: PostRecord): Promise<boolean> {
    if (roleAtLeast(viewer.role, 'MODERATOR')) return true;
    return post.groupId ? canModerateGroup(tx, viewer, post.groupId) : false;
  }
}
