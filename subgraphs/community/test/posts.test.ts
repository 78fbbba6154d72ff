import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type TestStack } from '@plaza/testkit';
import { CREATE_COMMENT, CREATE_POST, createComment, createGroup, createPost, createSpace, joinGroup, react } from './social-fixtures.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);
afterAll(() => stack?.stop());

const events = (organizationId: string, type: string) => stack.recordedEvents('community', { organizationId, type });

describe('posts', () => {
  it('publishes a space post with points, a post.created event and mentions, in one go', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(member, { spaceId: space.id, title: 'Day one', body: `Thanks <@${owner.userId}> and <@${owner.userId}>!` });
    expect(post).toMatchObject({ title: 'Day one', pinned: false, likeCount: 0, commentCount: 0, space: { id: space.id }, group: null, editedAt: null });

    const [created] = await events(owner.organizationId, 'community.post.created');
    expect(created).toMatchObject({ actorId: member.userId, subject: { type: 'Post', id: post.id }, payload: { postId: post.id, authorId: member.userId, spaceId: space.id, groupId: null } });
    const mentioned = await events(owner.organizationId, 'community.user.mentioned');
    expect(mentioned.map((e: any) => e.payload)).toEqual([{ mentionedUserId: owner.userId, byUserId: member.userId, subjectType: 'Post', subjectId: post.id }]);
    expect(await stack.prisma('community').mention.count({ where: { subjectId: post.id } })).toBe(1);
    const me = expectData(await member.request(`{ me { points level { number name } } }`)).me;
    expect(me).toEqual({ points: 10, level: { number: 1, name: 'Newcomer' } });
  });

  it('posts in a group only for its members; banned users get FORBIDDEN', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner, { joinPolicy: 'OPEN' });
    await joinGroup(member, group.id);
    const post = await createPost(member, { groupId: group.id, title: 'Group run' });
    expect(post).toMatchObject({ group: { id: group.id }, space: null });

    expectErrorCode(await outsider.request(CREATE_POST, { input: { groupId: group.id, title: 'x', body: 'y' } }), 'FORBIDDEN');
    // Group content is for its members: an outsider can neither open nor comment on the post.
    expectErrorCode(await outsider.request(`query ($id: ID!) { post(id: $id) { id } }`, { id: post.id }), 'NOT_FOUND');
    expectErrorCode(await outsider.request(CREATE_COMMENT, { input: { postId: post.id, body: 'hi' } }), 'FORBIDDEN');

    expectData(await owner.request(`mutation ($input: BanFromGroupInput!) { banFromGroup(input: $input) { id } }`, { input: { groupId: group.id, userId: member.userId, reason: 'spam' } }));
    expectErrorCode(await member.request(CREATE_POST, { input: { groupId: group.id, title: 'x', body: 'y' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: post.id, body: 'still here?' } }), 'FORBIDDEN');

    const feed = expectData(await owner.request(`query ($id: ID!) { groupFeed(groupId: $id) { edges { node { id } } } group(id: $id) { posts { edges { node { id } } } } }`, { id: group.id }));
    expect(feed.groupFeed.edges).toEqual([{ node: { id: post.id } }]);
    expect(feed.group.posts.edges).toEqual([{ node: { id: post.id } }]);
    expectErrorCode(await outsider.request(`query ($id: ID!) { groupFeed(groupId: $id) { edges { cursor } } }`, { id: group.id }), 'FORBIDDEN');
  });

  it('requires exactly one of spaceId and groupId, and names field and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const group = await createGroup(owner);
    const both = expectErrorCode(await owner.request(CREATE_POST, { input: { spaceId: space.id, groupId: group.id, title: 'x', body: 'y' } }), 'BAD_USER_INPUT');
    expect(both.message).toMatch(/spaceId: give exactly one of spaceId and groupId/);
    expectErrorCode(await owner.request(CREATE_POST, { input: { title: 'x', body: 'y' } }), 'BAD_USER_INPUT');
    const long = expectErrorCode(await owner.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: 'b'.repeat(20_001) } }), 'BAD_USER_INPUT');
    expect(long.message).toMatch(/body: must be at most 20000 characters/);
    const empty = expectErrorCode(await owner.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: '  ' } }), 'BAD_USER_INPUT');
    expect(empty.message).toMatch(/body: must not be empty/);
  });

  it('keeps the edit history and lets only the author edit', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(member, { spaceId: space.id, title: 'v1', body: 'first body' });
    const UPDATE = `mutation ($input: UpdatePostInput!) { updatePost(input: $input) { title body editedAt revisions { title body editor { id } replacedAt } } }`;
    expectData(await member.request(UPDATE, { input: { id: post.id, title: 'v2' } }));
    const updated = expectData(await member.request(UPDATE, { input: { id: post.id, body: `third body for <@${owner.userId}>` } })).updatePost;
    expect(updated).toMatchObject({ title: 'v2', body: `third body for <@${owner.userId}>` });
    expect(updated.editedAt).not.toBeNull();
    expect(updated.revisions.map((r: any) => [r.title, r.body])).toEqual([
      ['v2', 'first body'],
      ['v1', 'first body'],
    ]);
    expect(updated.revisions[0].editor).toEqual({ id: member.userId });
    // The edit mentioned the owner for the first time: one event, and none for a repeat.
    expect(await events(owner.organizationId, 'community.user.mentioned')).toHaveLength(1);
    expectErrorCode(await owner.request(UPDATE, { input: { id: post.id, title: 'hijack' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(UPDATE, { input: { id: post.id } }), 'BAD_USER_INPUT');
  });

  it('pins posts first in the space feed (moderators only) and pages through (pinned, id)', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const posts = [];
    for (const n of [1, 2, 3, 4, 5]) posts.push(await createPost(member, { spaceId: space.id, title: `P${n}` }));
    const PIN = `mutation ($input: PinPostInput!) { pinPost(input: $input) { pinned } }`;
    expectErrorCode(await member.request(PIN, { input: { id: posts[1]!.id, pinned: true } }), 'FORBIDDEN');
    expect(expectData(await owner.request(PIN, { input: { id: posts[1]!.id, pinned: true } })).pinPost.pinned).toBe(true);

    const page = `query ($id: ID!, $after: String) { spaceFeed(spaceId: $id, first: 2, after: $after) { edges { node { title pinned } } pageInfo { hasNextPage endCursor } } }`;
    const titles: string[] = [];
    let after: string | null = null;
    do {
      const feed: any = expectData(await member.request(page, { id: space.id, after })).spaceFeed;
      titles.push(...feed.edges.map((e: any) => e.node.title));
      after = feed.pageInfo.hasNextPage ? feed.pageInfo.endCursor : null;
    } while (after);
    expect(titles).toEqual(['P2', 'P5', 'P4', 'P3', 'P1']);
    const viaSpace = expectData(await member.request(`query ($id: ID!) { space(id: $id) { posts(first: 3) { edges { node { title } } } } }`, { id: space.id }));
    expect(viaSpace.space.posts.edges.map((e: any) => e.node.title)).toEqual(['P2', 'P5', 'P4']);
  });

  it('hides deleted posts everywhere and refuses comments on deleted or hidden posts with NOT_FOUND', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const doomed = await createPost(member, { spaceId: space.id, title: 'doomed' });
    const hidden = await createPost(member, { spaceId: space.id, title: 'hidden' });
    expectData(await member.request(`mutation ($input: DeleteContentInput!) { deleteContent(input: $input) { deleted } }`, { input: { subjectType: 'POST', subjectId: doomed.id } }));
    await stack.prisma('community').post.update({ where: { id: hidden.id }, data: { hiddenAt: new Date() } });

    for (const id of [doomed.id, hidden.id]) {
      expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: id, body: 'hello?' } }), 'NOT_FOUND');
      expectErrorCode(await member.request(`query ($id: ID!) { post(id: $id) { id } }`, { id }), 'NOT_FOUND');
    }
    // Moderators may still open a hidden post (to review it), but it is in no feed.
    expect(expectData(await owner.request(`query ($id: ID!) { post(id: $id) { hiddenAt } }`, { id: hidden.id })).post.hiddenAt).not.toBeNull();
    expect(expectData(await owner.request(`query ($id: ID!) { spaceFeed(spaceId: $id) { edges { node { id } } } }`, { id: space.id })).spaceFeed.edges).toEqual([]);
  });
});

describe('comments', () => {
  it('nests two levels: a reply to a reply attaches to the top-level comment', async () => {
    const owner = await stack.createOrganization();
    const alice = await stack.addMember(owner, 'MEMBER');
    const bob = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(owner, { spaceId: space.id });
    const top = await createComment(alice, post.id, 'Top');
    const reply = await createComment(bob, post.id, 'Reply', top.id);
    const replyToReply = expectData(await owner.request(CREATE_COMMENT, { input: { postId: post.id, body: 'Reply to reply', replyToId: reply.id } })).createComment;
    expect(reply.parent).toEqual({ id: top.id });
    expect(replyToReply).toMatchObject({ parent: { id: top.id }, inReplyTo: { id: reply.id } });

    const data = expectData(
      await owner.request(`query ($id: ID!) { post(id: $id) { commentCount comments { edges { node { body replyCount replies { edges { node { body author { id } replies { edges { cursor } } } } } } } } } }`, { id: post.id }),
    );
    expect(data.post.commentCount).toBe(3);
    expect(data.post.comments.edges).toEqual([
      { node: { body: 'Top', replyCount: 2, replies: { edges: [
        { node: { body: 'Reply', author: { id: bob.userId }, replies: { edges: [] } } },
        { node: { body: 'Reply to reply', author: { id: owner.userId }, replies: { edges: [] } } },
      ] } } },
    ]);

    const created = await events(owner.organizationId, 'community.comment.created');
    expect(created.map((e: any) => e.payload)).toEqual([
      { commentId: top.id, postId: post.id, authorId: alice.userId, postAuthorId: owner.userId, parentCommentAuthorId: null },
      { commentId: reply.id, postId: post.id, authorId: bob.userId, postAuthorId: owner.userId, parentCommentAuthorId: alice.userId },
      { commentId: replyToReply.id, postId: post.id, authorId: owner.userId, postAuthorId: owner.userId, parentCommentAuthorId: bob.userId },
    ]);
  });

  it('deletes a top-level comment with its replies and keeps the counts exact', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(owner, { spaceId: space.id });
    const top = await createComment(member, post.id, 'Top');
    await createComment(owner, post.id, 'Reply', top.id);
    const other = await createComment(owner, post.id, 'Other');
    const DELETE = `mutation ($input: DeleteContentInput!) { deleteContent(input: $input) { deleted } }`;
    expectErrorCode(await member.request(DELETE, { input: { subjectType: 'COMMENT', subjectId: other.id } }), 'FORBIDDEN');
    expectData(await member.request(DELETE, { input: { subjectType: 'COMMENT', subjectId: top.id } }));
    const data = expectData(await owner.request(`query ($id: ID!) { post(id: $id) { commentCount comments { edges { node { body } } } } }`, { id: post.id }));
    expect(data.post).toEqual({ commentCount: 1, comments: { edges: [{ node: { body: 'Other' } }] } });
    expectErrorCode(await owner.request(CREATE_COMMENT, { input: { postId: post.id, body: 'late', replyToId: top.id } }), 'NOT_FOUND');
  });

  it('names the field and limit on bad comment input, and edits only the own comment', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const empty = expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: post.id, body: ' ' } }), 'BAD_USER_INPUT');
    expect(empty.message).toMatch(/body: must not be empty/);
    const long = expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: post.id, body: 'x'.repeat(5001) } }), 'BAD_USER_INPUT');
    expect(long.message).toMatch(/body: must be at most 5000 characters/);
    const comment = await createComment(member, post.id, 'typo');
    const UPDATE = `mutation ($input: UpdateCommentInput!) { updateComment(input: $input) { body editedAt } }`;
    expect(expectData(await member.request(UPDATE, { input: { id: comment.id, body: 'fixed' } })).updateComment.body).toBe('fixed');
    expectErrorCode(await owner.request(UPDATE, { input: { id: comment.id, body: 'mine now' } }), 'FORBIDDEN');
  });

  it('keeps likeCount and commentCount exact under concurrent reactions and comments', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const post = await createPost(owner, { spaceId: space.id });
    const members = await Promise.all(Array.from({ length: 8 }, () => stack.addMember(owner, 'MEMBER')));
    await Promise.all(
      members.flatMap((member) => [
        react(member, 'POST', post.id, '👍'),
        react(member, 'POST', post.id, '👍'), // the same reaction twice at once: one row, one count
        react(member, 'POST', post.id, '🎉'),
        createComment(member, post.id, `from ${member.userId}`),
      ]),
    );
    const data = expectData(await owner.request(`query ($id: ID!) { post(id: $id) { likeCount commentCount reactions { emoji count viewerHasReacted } } }`, { id: post.id }));
    expect(data.post).toEqual({
      likeCount: 16,
      commentCount: 8,
      reactions: [
        { emoji: '👍', count: 8, viewerHasReacted: false },
        { emoji: '🎉', count: 8, viewerHasReacted: false },
      ],
    });
    const row = await stack.prisma('community').post.findUnique({ where: { id: post.id } });
    expect(row).toMatchObject({ likeCount: await stack.prisma('community').reaction.count({ where: { subjectId: post.id } }), commentCount: 8 });
  }, 60_000);
});

describe('tenancy', () => {
  it("treats another organization's posts and comments as nonexistent", async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const post = await createPost(owner, { spaceId: space.id });
    const comment = await createComment(owner, post.id);
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(`query ($id: ID!) { post(id: $id) { id } }`, { id: post.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(`query ($id: ID!) { comment(id: $id) { id } }`, { id: comment.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_COMMENT, { input: { postId: post.id, body: 'hi' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: 'y' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(`mutation ($input: ReactionInput!) { addReaction(input: $input) { count } }`, { input: { subjectType: 'POST', subjectId: post.id, emoji: '👍' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(`mutation ($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id: post.id, title: 'x' } }), 'NOT_FOUND');
    expect(await stack.prisma('community').comment.count({ where: { postId: post.id } })).toBe(1);
  });
});
