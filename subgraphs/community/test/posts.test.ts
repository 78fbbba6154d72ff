import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import {
  CREATE_COMMENT,
  CREATE_POST,
  allPages,
  communityDb,
  createComment,
  createGroup,
  createPost,
  createSpace,
  joinGroup,
  nodesOf,
  react,
  recordedEvents,
} from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const POST = graphql(`
  query PostsPost($id: ID!) {
    post(id: $id) {
      id
    }
  }
`);
const MY_POINTS = graphql(`
  query PostsMyPoints {
    me {
      points
      level {
        number
        name
      }
    }
  }
`);
const BAN = graphql(`
  mutation PostsBan($input: BanFromGroupInput!) {
    banFromGroup(input: $input) {
      id
    }
  }
`);
const GROUP_FEEDS = graphql(`
  query PostsGroupFeeds($id: ID!) {
    groupFeed(groupId: $id) {
      edges {
        node {
          id
        }
      }
    }
    group(id: $id) {
      posts {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
const GROUP_FEED = graphql(`
  query PostsGroupFeed($id: ID!) {
    groupFeed(groupId: $id) {
      edges {
        cursor
      }
    }
  }
`);
const UPDATE_POST = graphql(`
  mutation PostsUpdatePost($input: UpdatePostInput!) {
    updatePost(input: $input) {
      title
      body
      editedAt
      revisions {
        title
        body
        editor {
          id
        }
        replacedAt
      }
    }
  }
`);
const PIN = graphql(`
  mutation PostsPin($input: PinPostInput!) {
    pinPost(input: $input) {
      pinned
    }
  }
`);
const SPACE_FEED_PAGE = graphql(`
  query PostsSpaceFeedPage($id: ID!, $after: String) {
    spaceFeed(spaceId: $id, first: 2, after: $after) {
      edges {
        node {
          title
          pinned
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const SPACE_POSTS = graphql(`
  query PostsSpacePosts($id: ID!) {
    space(id: $id) {
      posts(first: 3) {
        edges {
          node {
            title
          }
        }
      }
    }
  }
`);
const DELETE_CONTENT = graphql(`
  mutation PostsDeleteContent($input: DeleteContentInput!) {
    deleteContent(input: $input) {
      deleted
    }
  }
`);
const POST_HIDDEN_AT = graphql(`
  query PostsHiddenAt($id: ID!) {
    post(id: $id) {
      hiddenAt
    }
  }
`);
const SPACE_FEED = graphql(`
  query PostsSpaceFeed($id: ID!) {
    spaceFeed(spaceId: $id) {
      edges {
        node {
          id
        }
      }
    }
  }
`);
const COMMENT_TREE = graphql(`
  query PostsCommentTree($id: ID!) {
    post(id: $id) {
      commentCount
      comments {
        edges {
          node {
            body
            replyCount
            replies {
              edges {
                node {
                  body
                  author {
                    id
                  }
                  replies {
                    edges {
                      cursor
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);
const COMMENTS = graphql(`
  query PostsComments($id: ID!) {
    post(id: $id) {
      commentCount
      comments {
        edges {
          node {
            body
          }
        }
      }
    }
  }
`);
const UPDATE_COMMENT = graphql(`
  mutation PostsUpdateComment($input: UpdateCommentInput!) {
    updateComment(input: $input) {
      body
      editedAt
    }
  }
`);
const COUNTS = graphql(`
  query PostsCounts($id: ID!) {
    post(id: $id) {
      likeCount
      commentCount
      reactions {
        emoji
        count
        viewerHasReacted
      }
    }
  }
`);
const COMMENT = graphql(`
  query PostsComment($id: ID!) {
    comment(id: $id) {
      id
    }
  }
`);
const ADD_REACTION_COUNT = graphql(`
  mutation PostsAddReaction($input: ReactionInput!) {
    addReaction(input: $input) {
      count
    }
  }
`);
const UPDATE_POST_ID = graphql(`
  mutation PostsUpdatePostId($input: UpdatePostInput!) {
    updatePost(input: $input) {
      id
    }
  }
`);

describe('posts', () => {
  it('publishes a space post with points, a post.created event and mentions, in one go', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(member, {
      spaceId: space.id,
      title: 'Day one',
      body: `Thanks <@${owner.userId}> and <@${owner.userId}>!`,
    });
    expect(post).toMatchObject({
      title: 'Day one',
      pinned: false,
      likeCount: 0,
      commentCount: 0,
      space: { id: space.id },
      group: null,
      editedAt: null,
    });

    const [created] = await recordedEvents(stack, 'community.post.created', { organizationId: owner.organizationId });
    expect(created).toMatchObject({
      actorId: member.userId,
      subject: { type: 'Post', id: post.id },
      payload: { postId: post.id, authorId: member.userId, spaceId: space.id, groupId: null },
    });
    const mentioned = await recordedEvents(stack, 'community.user.mentioned', { organizationId: owner.organizationId });
    expect(mentioned.map((event) => event.payload)).toEqual([
      { mentionedUserId: owner.userId, byUserId: member.userId, subjectType: 'Post', subjectId: post.id },
    ]);
    expect(await communityDb(stack).mention.count({ where: { subjectId: post.id } })).toBe(1);
    expect(expectData(await member.request(MY_POINTS)).me).toEqual({ points: 10, level: { number: 1, name: 'Newcomer' } });
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
    expectErrorCode(await outsider.request(POST, { id: post.id }), 'NOT_FOUND');
    expectErrorCode(await outsider.request(CREATE_COMMENT, { input: { postId: post.id, body: 'hi' } }), 'FORBIDDEN');

    expectData(await owner.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'spam' } }));
    expectErrorCode(await member.request(CREATE_POST, { input: { groupId: group.id, title: 'x', body: 'y' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: post.id, body: 'still here?' } }), 'FORBIDDEN');

    const feed = expectData(await owner.request(GROUP_FEEDS, { id: group.id }));
    expect(feed.groupFeed.edges).toEqual([{ node: { id: post.id } }]);
    expect(feed.group?.posts.edges).toEqual([{ node: { id: post.id } }]);
    expectErrorCode(await outsider.request(GROUP_FEED, { id: group.id }), 'FORBIDDEN');
  });

  it('requires exactly one of spaceId and groupId, and names field and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const group = await createGroup(owner);
    const both = expectErrorCode(
      await owner.request(CREATE_POST, { input: { spaceId: space.id, groupId: group.id, title: 'x', body: 'y' } }),
      'BAD_USER_INPUT',
    );
    expect(both.message).toMatch(/spaceId: give exactly one of spaceId and groupId/);
    expectErrorCode(await owner.request(CREATE_POST, { input: { title: 'x', body: 'y' } }), 'BAD_USER_INPUT');
    const long = expectErrorCode(
      await owner.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: 'b'.repeat(20_001) } }),
      'BAD_USER_INPUT',
    );
    expect(long.message).toMatch(/body: must be at most 20000 characters/);
    const empty = expectErrorCode(
      await owner.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: '  ' } }),
      'BAD_USER_INPUT',
    );
    expect(empty.message).toMatch(/body: must not be empty/);
  });

  it('keeps the edit history and lets only the author edit', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const post = await createPost(member, { spaceId: space.id, title: 'v1', body: 'first body' });
    expectData(await member.request(UPDATE_POST, { input: { id: post.id, title: 'v2' } }));
    const updated = expectData(
      await member.request(UPDATE_POST, { input: { id: post.id, body: `third body for <@${owner.userId}>` } }),
    ).updatePost;
    expect(updated).toMatchObject({ title: 'v2', body: `third body for <@${owner.userId}>` });
    expect(updated.editedAt).not.toBeNull();
    expect(updated.revisions.map((revision) => [revision.title, revision.body])).toEqual([
      ['v2', 'first body'],
      ['v1', 'first body'],
    ]);
    expect(updated.revisions[0]?.editor).toEqual({ id: member.userId });
    // The edit mentioned the owner for the first time: one event, and none for a repeat.
    expect(await recordedEvents(stack, 'community.user.mentioned', { organizationId: owner.organizationId })).toHaveLength(1);
    expectErrorCode(await owner.request(UPDATE_POST, { input: { id: post.id, title: 'hijack' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(UPDATE_POST, { input: { id: post.id } }), 'BAD_USER_INPUT');
  });

  it('pins posts first in the space feed (moderators only) and pages through (pinned, id)', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const posts = [];
    for (const n of [1, 2, 3, 4, 5]) posts.push(await createPost(member, { spaceId: space.id, title: `P${n}` }));
    const second = posts[1];
    if (!second) throw new Error('five posts were created');
    expectErrorCode(await member.request(PIN, { input: { id: second.id, pinned: true } }), 'FORBIDDEN');
    expect(expectData(await owner.request(PIN, { input: { id: second.id, pinned: true } })).pinPost.pinned).toBe(true);

    const feed = await allPages(async (after) => expectData(await member.request(SPACE_FEED_PAGE, { id: space.id, after })).spaceFeed);
    expect(feed.map((post) => post.title)).toEqual(['P2', 'P5', 'P4', 'P3', 'P1']);
    const viaSpace = expectData(await member.request(SPACE_POSTS, { id: space.id }));
    expect(nodesOf(viaSpace.space?.posts ?? { edges: [] }).map((post) => post.title)).toEqual(['P2', 'P5', 'P4']);
  });

  it('hides deleted posts everywhere and refuses comments on deleted or hidden posts with NOT_FOUND', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const doomed = await createPost(member, { spaceId: space.id, title: 'doomed' });
    const hidden = await createPost(member, { spaceId: space.id, title: 'hidden' });
    expectData(await member.request(DELETE_CONTENT, { input: { subjectType: 'POST', subjectId: doomed.id } }));
    await communityDb(stack).post.update({ where: { id: hidden.id }, data: { hiddenAt: new Date() } });

    for (const id of [doomed.id, hidden.id]) {
      expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: id, body: 'hello?' } }), 'NOT_FOUND');
      expectErrorCode(await member.request(POST, { id }), 'NOT_FOUND');
    }
    // Moderators may still open a hidden post (to review it), but it is in no feed.
    expect(expectData(await owner.request(POST_HIDDEN_AT, { id: hidden.id })).post?.hiddenAt).not.toBeNull();
    expect(expectData(await owner.request(SPACE_FEED, { id: space.id })).spaceFeed.edges).toEqual([]);
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
    const replyToReply = expectData(
      await owner.request(CREATE_COMMENT, { input: { postId: post.id, body: 'Reply to reply', replyToId: reply.id } }),
    ).createComment;
    expect(reply.parent).toEqual({ id: top.id });
    expect(replyToReply).toMatchObject({ parent: { id: top.id }, inReplyTo: { id: reply.id } });

    const data = expectData(await owner.request(COMMENT_TREE, { id: post.id }));
    expect(data.post?.commentCount).toBe(3);
    expect(data.post?.comments.edges).toEqual([
      {
        node: {
          body: 'Top',
          replyCount: 2,
          replies: {
            edges: [
              { node: { body: 'Reply', author: { id: bob.userId }, replies: { edges: [] } } },
              { node: { body: 'Reply to reply', author: { id: owner.userId }, replies: { edges: [] } } },
            ],
          },
        },
      },
    ]);

    const created = await recordedEvents(stack, 'community.comment.created', { organizationId: owner.organizationId });
    expect(created.map((event) => event.payload)).toEqual([
      { commentId: top.id, postId: post.id, authorId: alice.userId, postAuthorId: owner.userId, parentCommentAuthorId: null },
      { commentId: reply.id, postId: post.id, authorId: bob.userId, postAuthorId: owner.userId, parentCommentAuthorId: alice.userId },
      {
        commentId: replyToReply.id,
        postId: post.id,
        authorId: owner.userId,
        postAuthorId: owner.userId,
        parentCommentAuthorId: bob.userId,
      },
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
    expectErrorCode(await member.request(DELETE_CONTENT, { input: { subjectType: 'COMMENT', subjectId: other.id } }), 'FORBIDDEN');
    expectData(await member.request(DELETE_CONTENT, { input: { subjectType: 'COMMENT', subjectId: top.id } }));
    const data = expectData(await owner.request(COMMENTS, { id: post.id }));
    expect(data.post).toEqual({ commentCount: 1, comments: { edges: [{ node: { body: 'Other' } }] } });
    expectErrorCode(await owner.request(CREATE_COMMENT, { input: { postId: post.id, body: 'late', replyToId: top.id } }), 'NOT_FOUND');
  });

  it('names the field and limit on bad comment input, and edits only the own comment', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const empty = expectErrorCode(await member.request(CREATE_COMMENT, { input: { postId: post.id, body: ' ' } }), 'BAD_USER_INPUT');
    expect(empty.message).toMatch(/body: must not be empty/);
    const long = expectErrorCode(
      await member.request(CREATE_COMMENT, { input: { postId: post.id, body: 'x'.repeat(5001) } }),
      'BAD_USER_INPUT',
    );
    expect(long.message).toMatch(/body: must be at most 5000 characters/);
    const comment = await createComment(member, post.id, 'typo');
    expect(expectData(await member.request(UPDATE_COMMENT, { input: { id: comment.id, body: 'fixed' } })).updateComment.body).toBe('fixed');
    expectErrorCode(await owner.request(UPDATE_COMMENT, { input: { id: comment.id, body: 'mine now' } }), 'FORBIDDEN');
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
    const data = expectData(await owner.request(COUNTS, { id: post.id }));
    // Reactions come in the order of each emoji's first use; here both were first used at once.
    const byEmoji = [...(data.post?.reactions ?? [])].sort((a, b) => a.emoji.localeCompare(b.emoji));
    expect({ ...data.post, reactions: byEmoji }).toEqual({
      likeCount: 16,
      commentCount: 8,
      reactions: [
        { emoji: '🎉', count: 8, viewerHasReacted: false },
        { emoji: '👍', count: 8, viewerHasReacted: false },
      ].sort((a, b) => a.emoji.localeCompare(b.emoji)),
    });
    const db = communityDb(stack);
    const row = await db.post.findUnique({ where: { id: post.id } });
    expect(row).toMatchObject({ likeCount: await db.reaction.count({ where: { subjectId: post.id } }), commentCount: 8 });
  }, 60_000);
});

describe('tenancy', () => {
  it("treats another organization's posts and comments as nonexistent", async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const post = await createPost(owner, { spaceId: space.id });
    const comment = await createComment(owner, post.id);
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(POST, { id: post.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(COMMENT, { id: comment.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_COMMENT, { input: { postId: post.id, body: 'hi' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: 'y' } }), 'NOT_FOUND');
    expectErrorCode(
      await stranger.request(ADD_REACTION_COUNT, { input: { subjectType: 'POST', subjectId: post.id, emoji: '👍' } }),
      'NOT_FOUND',
    );
    expectErrorCode(await stranger.request(UPDATE_POST_ID, { input: { id: post.id, title: 'x' } }), 'NOT_FOUND');
    expect(await communityDb(stack).comment.count({ where: { postId: post.id } })).toBe(1);
  });
});
