import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import {
  ADD_REACTION,
  REMOVE_REACTION,
  communityDb,
  createComment,
  createPost,
  createSpace,
  directMessage,
  nodesOf,
  react,
  recordedEvents,
} from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const POST_REACTIONS = graphql(`
  query SocialPostReactions($id: ID!) {
    post(id: $id) {
      likeCount
      reactions {
        emoji
        count
        viewerHasReacted
      }
    }
  }
`);
const COMMENT_REACTIONS = graphql(`
  query SocialCommentReactions($id: ID!) {
    post(id: $id) {
      comments {
        edges {
          node {
            likeCount
            reactions {
              emoji
              count
              viewerHasReacted
            }
          }
        }
      }
    }
  }
`);
const MESSAGE_REACTIONS = graphql(`
  query SocialMessageReactions($id: ID!) {
    message(id: $id) {
      reactions {
        emoji
        count
        viewerHasReacted
      }
    }
  }
`);
const FOLLOW = graphql(`
  mutation SocialFollow($id: ID!) {
    followUser(userId: $id) {
      id
      followersCount
      viewerIsFollowing
    }
  }
`);
const UNFOLLOW = graphql(`
  mutation SocialUnfollow($id: ID!) {
    unfollowUser(userId: $id) {
      followersCount
      viewerIsFollowing
    }
  }
`);
const MY_FOLLOWERS = graphql(`
  query SocialMyFollowers {
    me {
      followersCount
      followingCount
      followers(first: 1) {
        edges {
          node {
            id
            name
          }
          followedAt
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
const MY_FOLLOWERS_AFTER = graphql(`
  query SocialMyFollowersAfter($after: String) {
    me {
      followers(first: 1, after: $after) {
        edges {
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);
const MY_FOLLOWING = graphql(`
  query SocialMyFollowing {
    me {
      followingCount
      following {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
const USER_FOLLOWERS = graphql(`
  query SocialUserFollowers($id: ID!) {
    user(id: $id) {
      followersCount
    }
  }
`);
const MY_LEDGER = graphql(`
  query SocialMyLedger {
    me {
      points
      level {
        name
      }
    }
    pointEntries {
      edges {
        node {
          action
          amount
          subjectType
        }
      }
    }
  }
`);
const SET_RULE = graphql(`
  mutation SocialSetRule($input: SetPointRuleInput!) {
    setPointRule(input: $input) {
      action
      points
    }
  }
`);
const SET_LEVELS = graphql(`
  mutation SocialSetLevels($input: SetLevelsInput!) {
    setLevels(input: $input) {
      number
      name
      threshold
      color
    }
  }
`);
const POINTS_AND_LEVELS = graphql(`
  query SocialPointsAndLevels($id: ID!) {
    user(id: $id) {
      points
      level {
        number
        name
        color
      }
    }
    pointRules {
      action
      points
    }
    levels {
      name
    }
  }
`);
const BOARD = graphql(`
  query SocialLeaderboard($period: LeaderboardPeriod, $first: Int) {
    leaderboard(period: $period, first: $first) {
      rank
      points
      user {
        id
        name
      }
    }
  }
`);
const LEDGER_OF = graphql(`
  query SocialLedgerOf($id: ID!, $first: Int) {
    pointEntries(userId: $id, first: $first) {
      edges {
        node {
          amount
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

describe('reactions', () => {
  it('adds once per user per emoji, removes, and summarizes with viewerHasReacted', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const input = { subjectType: 'POST' as const, subjectId: post.id, emoji: '❤️' };

    expect(await react(member, 'POST', post.id, '❤️')).toEqual([{ emoji: '❤️', count: 1, viewerHasReacted: true }]);
    expect(await react(member, 'POST', post.id, '❤️')).toEqual([{ emoji: '❤️', count: 1, viewerHasReacted: true }]);
    await react(owner, 'POST', post.id, '❤️');
    await react(owner, 'POST', post.id, '👍🏽');
    expect(expectData(await member.request(POST_REACTIONS, { id: post.id })).post).toEqual({
      likeCount: 3,
      reactions: [
        { emoji: '❤️', count: 2, viewerHasReacted: true },
        { emoji: '👍🏽', count: 1, viewerHasReacted: false },
      ],
    });

    expect(expectData(await member.request(REMOVE_REACTION, { input })).removeReaction).toEqual([
      { emoji: '❤️', count: 1, viewerHasReacted: false },
      { emoji: '👍🏽', count: 1, viewerHasReacted: false },
    ]);
    expectData(await member.request(REMOVE_REACTION, { input })); // removing again is a no-op
    expect((await communityDb(stack).post.findUnique({ where: { id: post.id } }))?.likeCount).toBe(2);

    // One event per reaction actually added (the repeat added nothing); the author is told.
    const added = await recordedEvents(stack, 'community.reaction.added', { organizationId: owner.organizationId });
    expect(added).toHaveLength(3);
    expect(added[0]?.payload).toMatchObject({
      emoji: '❤️',
      subjectType: 'Post',
      subjectId: post.id,
      subjectAuthorId: owner.userId,
      reactorId: member.userId,
    });
  });

  it('reacts to comments and to messages of own conversations only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const comment = await createComment(member, post.id, 'First!');
    expect(await react(owner, 'COMMENT', comment.id, '🔥')).toEqual([{ emoji: '🔥', count: 1, viewerHasReacted: true }]);
    const viaPost = expectData(await member.request(COMMENT_REACTIONS, { id: post.id }));
    expect(viaPost.post?.comments.edges[0]?.node).toEqual({
      likeCount: 1,
      reactions: [{ emoji: '🔥', count: 1, viewerHasReacted: false }],
    });

    const { messageId } = await directMessage(owner, member, 'hi');
    expect(await react(member, 'MESSAGE', messageId, '😂')).toEqual([{ emoji: '😂', count: 1, viewerHasReacted: true }]);
    expect(expectData(await owner.request(MESSAGE_REACTIONS, { id: messageId })).message?.reactions).toEqual([
      { emoji: '😂', count: 1, viewerHasReacted: false },
    ]);
    expectErrorCode(
      await outsider.request(ADD_REACTION, { input: { subjectType: 'MESSAGE', subjectId: messageId, emoji: '😂' } }),
      'FORBIDDEN',
    );
    const [added] = (await recordedEvents(stack, 'community.reaction.added', { organizationId: owner.organizationId })).filter(
      (event) => event.payload.subjectType === 'Message',
    );
    expect(added?.payload).toMatchObject({ subjectId: messageId, subjectAuthorId: owner.userId, reactorId: member.userId });
  });

  it('refuses words, empty and over-long emoji, and unknown subjects', async () => {
    const owner = await stack.createOrganization();
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const word = expectErrorCode(
      await owner.request(ADD_REACTION, { input: { subjectType: 'POST', subjectId: post.id, emoji: 'lol' } }),
      'BAD_USER_INPUT',
    );
    expect(word.message).toMatch(/emoji: must be an emoji/);
    expectErrorCode(await owner.request(ADD_REACTION, { input: { subjectType: 'POST', subjectId: post.id, emoji: '' } }), 'BAD_USER_INPUT');
    const long = expectErrorCode(
      await owner.request(ADD_REACTION, { input: { subjectType: 'POST', subjectId: post.id, emoji: '👍'.repeat(17) } }),
      'BAD_USER_INPUT',
    );
    expect(long.message).toMatch(/emoji: must be a single emoji/);
    expectErrorCode(await owner.request(ADD_REACTION, { input: { subjectType: 'COMMENT', subjectId: post.id, emoji: '👍' } }), 'NOT_FOUND');
    const viewer = await stack.addMember(owner, 'VIEWER');
    expectErrorCode(await viewer.request(ADD_REACTION, { input: { subjectType: 'POST', subjectId: post.id, emoji: '👍' } }), 'FORBIDDEN');
  });
});

describe('follows', () => {
  it('follows and unfollows, with counts, lists and an event; no self-follow', async () => {
    const owner = await stack.createOrganization();
    const alice = await stack.addMember(owner, 'MEMBER');
    const bob = await stack.addMember(owner, 'MEMBER');
    expect(expectData(await alice.request(FOLLOW, { id: owner.userId })).followUser).toEqual({
      id: owner.userId,
      followersCount: 1,
      viewerIsFollowing: true,
    });
    expectData(await alice.request(FOLLOW, { id: owner.userId })); // no-op
    expectData(await bob.request(FOLLOW, { id: owner.userId }));
    expectData(await alice.request(FOLLOW, { id: bob.userId }));

    const self = expectErrorCode(await alice.request(FOLLOW, { id: alice.userId }), 'BAD_USER_INPUT');
    expect(self.message).toMatch(/userId: you cannot follow yourself/);

    const view = expectData(await owner.request(MY_FOLLOWERS)).me;
    expect(view?.followersCount).toBe(2);
    expect(view?.followingCount).toBe(0);
    expect(view?.followers?.edges[0]?.node).toEqual({ id: bob.userId, name: bob.name }); // most recent first, name from identity
    const rest = expectData(await owner.request(MY_FOLLOWERS_AFTER, { after: view?.followers?.pageInfo.endCursor })).me?.followers;
    expect(rest).toEqual({ edges: [{ node: { id: alice.userId } }], pageInfo: { hasNextPage: false } });
    const following = expectData(await alice.request(MY_FOLLOWING)).me;
    expect(following).toEqual({ followingCount: 2, following: { edges: [{ node: { id: bob.userId } }, { node: { id: owner.userId } }] } });

    expect(
      (await recordedEvents(stack, 'community.user.followed', { organizationId: owner.organizationId })).map((event) => event.payload),
    ).toEqual([
      { followerId: alice.userId, followeeId: owner.userId },
      { followerId: bob.userId, followeeId: owner.userId },
      { followerId: alice.userId, followeeId: bob.userId },
    ]);

    expect(expectData(await alice.request(UNFOLLOW, { id: owner.userId })).unfollowUser).toEqual({
      followersCount: 1,
      viewerIsFollowing: false,
    });

    // Follows belong to the organization: another one sees none of them.
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(USER_FOLLOWERS, { id: owner.userId }), 'NOT_FOUND');
    expect(await communityDb(stack).follow.count({ where: { organizationId: stranger.organizationId } })).toBe(0);
  });
});

describe('mentions', () => {
  it('records <@id> mentions in comments once per subject, ignoring self-mentions', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(owner, { spaceId: (await createSpace(owner)).id });
    const comment = await createComment(member, post.id, `<@${owner.userId}> look! <@${member.userId}> <@${owner.userId}> @not-a-mention`);
    const rows = await communityDb(stack).mention.findMany({ where: { subjectId: comment.id } });
    expect(rows).toEqual([expect.objectContaining({ subjectType: 'COMMENT', mentionedUserId: owner.userId, byUserId: member.userId })]);
    const mentioned = await recordedEvents(stack, 'community.user.mentioned', { organizationId: owner.organizationId });
    expect(mentioned.map((event) => event.payload)).toEqual([
      { mentionedUserId: owner.userId, byUserId: member.userId, subjectType: 'Comment', subjectId: comment.id },
    ]);
  });
});

describe('gamification', () => {
  it('awards points in the same transaction, keeps total = ledger, and takes back removed reactions', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const post = await createPost(member, { spaceId: (await createSpace(owner)).id }); // +10 member
    await createComment(owner, post.id); // +3 owner
    await react(owner, 'POST', post.id, '👍'); // +1 member
    await react(member, 'POST', post.id, '🎉'); // own post: nothing
    const mine = expectData(await member.request(MY_LEDGER));
    expect(mine.me).toEqual({ points: 11, level: { name: 'Newcomer' } });
    expect(nodesOf(mine.pointEntries)).toEqual([
      { action: 'REACTION_RECEIVED', amount: 1, subjectType: 'Reaction' },
      { action: 'POST_CREATED', amount: 10, subjectType: 'Post' },
    ]);

    expectData(await owner.request(REMOVE_REACTION, { input: { subjectType: 'POST', subjectId: post.id, emoji: '👍' } }));
    const db = communityDb(stack);
    const ledger = await db.pointEntry.aggregate({
      where: { organizationId: owner.organizationId, userId: member.userId },
      _sum: { amount: true },
    });
    const total = await db.userPoints.findUnique({
      where: { organizationId_userId: { organizationId: owner.organizationId, userId: member.userId } },
    });
    expect(ledger._sum.amount).toBe(10);
    expect(total?.total).toBe(10);
    // Defaults were seeded when the organization first earned.
    expect(await db.pointRule.count({ where: { organizationId: owner.organizationId } })).toBe(4);
    expect(await db.level.count({ where: { organizationId: owner.organizationId } })).toBe(5);
  });

  it('lets admins change points and levels; levels follow the totals', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(await member.request(SET_RULE, { input: { action: 'POST_CREATED', points: 100 } }), 'FORBIDDEN');
    expect(expectData(await owner.request(SET_RULE, { input: { action: 'POST_CREATED', points: 100 } })).setPointRule).toEqual({
      action: 'POST_CREATED',
      points: 100,
    });
    const bad = expectErrorCode(await owner.request(SET_RULE, { input: { action: 'POST_CREATED', points: 1001 } }), 'BAD_USER_INPUT');
    expect(bad.message).toMatch(/points: must be at most 1000/);

    const seed = { name: 'Seed', threshold: 0, color: '#aaaaaa' };
    const sprout = { name: 'Sprout', threshold: 100, color: '#00AA00' };
    const tree = { name: 'Tree', threshold: 1000, color: '#006600' };
    const levels = [seed, sprout, tree];
    expect(expectData(await owner.request(SET_LEVELS, { input: { levels } })).setLevels[0]).toEqual({
      number: 1,
      name: 'Seed',
      threshold: 0,
      color: '#AAAAAA',
    });
    const order = expectErrorCode(await owner.request(SET_LEVELS, { input: { levels: [seed, tree, sprout] } }), 'BAD_USER_INPUT');
    expect(order.message).toMatch(/levels.2.threshold: must be greater than the previous level's 1000/);
    expectErrorCode(await member.request(SET_LEVELS, { input: { levels } }), 'FORBIDDEN');

    await createPost(member, { spaceId: (await createSpace(owner)).id });
    const data = expectData(await owner.request(POINTS_AND_LEVELS, { id: member.userId }));
    expect(data.user).toEqual({ points: 100, level: { number: 2, name: 'Sprout', color: '#00AA00' } });
    expect(data.pointRules).toContainEqual({ action: 'POST_CREATED', points: 100 });
    expect(data.levels.map((level) => level.name)).toEqual(['Seed', 'Sprout', 'Tree']);
  });

  it('ranks a leaderboard per period, and only admins read others’ ledgers', async () => {
    const owner = await stack.createOrganization();
    const alice = await stack.addMember(owner, 'MEMBER');
    const bob = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    await createPost(alice, { spaceId: space.id });
    await createPost(alice, { spaceId: space.id });
    await createPost(bob, { spaceId: space.id });
    // An old award: counts all time, not this week or month.
    const db = communityDb(stack);
    await db.pointEntry.create({
      data: {
        organizationId: owner.organizationId,
        userId: bob.userId,
        action: 'LESSON_COMPLETED',
        amount: 50,
        createdAt: new Date('2020-01-01'),
      },
    });
    await db.userPoints.update({
      where: { organizationId_userId: { organizationId: owner.organizationId, userId: bob.userId } },
      data: { total: { increment: 50 } },
    });

    const allTime = expectData(await alice.request(BOARD, { period: 'ALL_TIME' })).leaderboard;
    expect(allTime.map((entry) => [entry.rank, entry.user?.id, entry.points])).toEqual([
      [1, bob.userId, 60],
      [2, alice.userId, 20],
    ]);
    expect(allTime[0]?.user?.name).toBe(bob.name);
    for (const period of ['WEEK', 'MONTH'] as const) {
      const board = expectData(await alice.request(BOARD, { period })).leaderboard;
      expect(board.map((entry) => [entry.rank, entry.user?.id, entry.points])).toEqual([
        [1, alice.userId, 20],
        [2, bob.userId, 10],
      ]);
    }
    expectErrorCode(await alice.request(LEDGER_OF, { id: bob.userId }), 'FORBIDDEN');
    const bobs = expectData(await owner.request(LEDGER_OF, { id: bob.userId, first: 1 }));
    expect(bobs.pointEntries).toEqual({ edges: [{ node: { amount: 50 } }], pageInfo: { hasNextPage: true } });
    expectErrorCode(await alice.request(BOARD, { first: 101 }), 'BAD_USER_INPUT');

    const stranger = await stack.createOrganization();
    expect(expectData(await stranger.request(BOARD, {})).leaderboard).toEqual([]);
  });
});
