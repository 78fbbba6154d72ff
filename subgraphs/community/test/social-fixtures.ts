import { expectData, type Actor } from '@plaza/testkit';

/** Helpers for the posts, comments, reactions, follows, feeds and gamification tests (engineer B's files). */

export const POST_FIELDS = `id title body pinned likeCount commentCount createdAt editedAt space { id } group { id } author { id }`;

export async function createSpace(admin: Actor, input: Record<string, unknown> = {}): Promise<{ id: string }> {
  return expectData(
    await admin.request(`mutation ($input: CreateSpaceInput!) { createSpace(input: $input) { id } }`, { input: { name: 'General', ...input } }),
  ).createSpace;
}

export async function joinSpace(actor: Actor, spaceId: string): Promise<void> {
  expectData(await actor.request(`mutation ($id: ID!) { joinSpace(id: $id) { id } }`, { id: spaceId }));
}

export async function createGroup(owner: Actor, input: Record<string, unknown> = {}): Promise<{ id: string }> {
  return expectData(
    await owner.request(`mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }`, { input: { name: 'Runners', joinPolicy: 'OPEN', ...input } }),
  ).createGroup;
}

export async function joinGroup(actor: Actor, groupId: string): Promise<void> {
  expectData(await actor.request(`mutation ($id: ID!) { joinGroup(id: $id) { id } }`, { id: groupId }));
}

export const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`;

export async function createPost(author: Actor, input: { spaceId?: string; groupId?: string; title?: string; body?: string }): Promise<{ id: string; title: string; [key: string]: any }> {
  return expectData(await author.request(CREATE_POST, { input: { title: 'Hello', body: 'Some *Markdown*.', ...input } })).createPost;
}

export const CREATE_COMMENT = `mutation ($input: CreateCommentInput!) { createComment(input: $input) { id body parent { id } inReplyTo { id } author { id } } }`;

export async function createComment(author: Actor, postId: string, body = 'Nice!', replyToId?: string): Promise<{ id: string; parent: { id: string } | null }> {
  return expectData(await author.request(CREATE_COMMENT, { input: { postId, body, replyToId } })).createComment;
}

export const ADD_REACTION = `mutation ($input: ReactionInput!) { addReaction(input: $input) { emoji count viewerHasReacted } }`;
export const REMOVE_REACTION = `mutation ($input: ReactionInput!) { removeReaction(input: $input) { emoji count viewerHasReacted } }`;

export async function react(actor: Actor, subjectType: 'POST' | 'COMMENT' | 'MESSAGE', subjectId: string, emoji = '👍') {
  return expectData(await actor.request(ADD_REACTION, { input: { subjectType, subjectId, emoji } })).addReaction as { emoji: string; count: number; viewerHasReacted: boolean }[];
}
