import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent, EventPayload, EventType } from '@plaza/events';
import { expectData, expectErrorCode, sharedTestStack, type GraphQLResponse, type TestStack } from '@plaza/testkit';
import type { CommunityServices } from '../src/context.ts';
import { communityDb, communityServices, createComment, createGroup, createPost, createSpace, joinGroup } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

// The member directory: community's copy of identity's memberships, kept from identity's events.
// User ids that come in from clients must name active members of the viewer's organization.
let stack: TestStack;
let services: CommunityServices;
beforeAll(async () => {
  stack = await sharedTestStack();
  services = communityServices(stack);
});

const FOLLOW = graphql(`
  mutation MembersFollow($userId: ID!) {
    followUser(userId: $userId) {
      id
    }
  }
`);
const START_DIRECT = graphql(`
  mutation MembersStartDirect($userId: ID!) {
    startDirectConversation(userId: $userId) {
      id
    }
  }
`);
const CREATE_GROUP_CHAT = graphql(`
  mutation MembersCreateGroupChat($input: CreateGroupConversationInput!) {
    createGroupConversation(input: $input) {
      id
    }
  }
`);
const ADD_TO_CHAT = graphql(`
  mutation MembersAddToChat($input: AddConversationMembersInput!) {
    addConversationMembers(input: $input) {
      id
    }
  }
`);
const BAN = graphql(`
  mutation MembersBan($input: BanFromGroupInput!) {
    banFromGroup(input: $input) {
      id
    }
  }
`);
const SET_ROLE = graphql(`
  mutation MembersSetRole($groupId: ID!, $userId: ID!, $role: GroupRole!) {
    setGroupMemberRole(groupId: $groupId, userId: $userId, role: $role) {
      role
    }
  }
`);
const ADD_TO_SPACE = graphql(`
  mutation MembersAddToSpace($spaceId: ID!, $userId: ID!) {
    addSpaceMember(spaceId: $spaceId, userId: $userId) {
      id
    }
  }
`);
const REPORT = graphql(`
  mutation MembersReport($input: ReportInput!) {
    report(input: $input) {
      id
    }
  }
`);
const HOME = graphql(`
  query MembersHome {
    homeFeed {
      edges {
        cursor
      }
    }
  }
`);
const CREATE_POST = graphql(`
  mutation MembersCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
    }
  }
`);
const UPDATE_MEMBER_ROLE = graphql(`
  mutation MembersUpdateMemberRole($id: ID!) {
    updateMemberRole(userId: $id, role: ADMIN) {
      role
    }
  }
`);

const db = () => communityDb(stack);

/** NOT_FOUND naming the user, as for any id that does not exist. */
function expectUnknownUser(response: GraphQLResponse<unknown>, userId: string) {
  expect(expectErrorCode(response, 'NOT_FOUND').message).toBe(`User ${userId} was not found`);
}

/** Everything the refused mutations could have written, in the organization. */
async function rowsOf(organizationId: string) {
  const where = { organizationId };
  const [follows, conversations, bans, reports, spaceMembers] = await Promise.all([
    db().follow.count({ where }),
    db().conversation.count({ where }),
    db().groupBan.count({ where }),
    db().report.count({ where }),
    db().spaceMember.count({ where }),
  ]);
  return { follows, conversations, bans, reports, spaceMembers };
}

describe('user ids outside the organization', () => {
  it("answer NOT_FOUND for another organization's user, as for an unknown id, and write nothing", async () => {
    const owner = await stack.createOrganization();
    const colleague = await stack.addMember(owner, 'MEMBER');
    const stranger = await stack.createOrganization();
    const group = await createGroup(owner);
    const secret = await createSpace(owner, { name: 'Staff', visibility: 'SECRET' });
    const chat = expectData(
      await owner.request(CREATE_GROUP_CHAT, { input: { title: 'Team', memberIds: [colleague.userId] } }),
    ).createGroupConversation;
    const before = await rowsOf(owner.organizationId);

    for (const userId of [stranger.userId, randomUUID()]) {
      expectUnknownUser(await owner.request(FOLLOW, { userId }), userId);
      expectUnknownUser(await owner.request(START_DIRECT, { userId }), userId);
      expectUnknownUser(
        await owner.request(CREATE_GROUP_CHAT, { input: { title: 'Mixed', memberIds: [colleague.userId, userId] } }),
        userId,
      );
      expectUnknownUser(await owner.request(ADD_TO_CHAT, { input: { conversationId: chat.id, userIds: [userId] } }), userId);
      expectUnknownUser(await owner.request(BAN, { input: { groupId: group.id, userId, reason: 'Spam' } }), userId);
      expectUnknownUser(await owner.request(SET_ROLE, { groupId: group.id, userId, role: 'MODERATOR' }), userId);
      expectUnknownUser(await owner.request(ADD_TO_SPACE, { spaceId: secret.id, userId }), userId);
      expectUnknownUser(await owner.request(REPORT, { input: { subjectType: 'USER', subjectId: userId, reason: 'Rude' } }), userId);
    }
    expect(await rowsOf(owner.organizationId)).toEqual(before);
    expect(await db().conversationMember.count({ where: { userId: stranger.userId } })).toBe(0);

    // A mention of them stays text: no mention row, no event, nobody told.
    const post = await createPost(owner, {
      spaceId: (await createSpace(owner)).id,
      body: `Hi <@${stranger.userId}> and <@${colleague.userId}>`,
    });
    const reply = await createComment(owner, post.id, `<@${stranger.userId}>?`);
    const mentioned = await db().mention.findMany({ where: { subjectId: { in: [post.id, reply.id] } }, select: { mentionedUserId: true } });
    expect(mentioned).toEqual([{ mentionedUserId: colleague.userId }]);
    expect(
      await db().outboxEvent.count({
        where: { type: 'community.user.mentioned', payload: { path: ['mentionedUserId'], equals: stranger.userId } },
      }),
    ).toBe(0);
  });

  it('answer NOT_FOUND once a member was removed or left, and not before', async () => {
    const owner = await stack.createOrganization();
    const removed = await stack.addMember(owner, 'MEMBER');
    const leaver = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner);
    await joinGroup(leaver, group.id);
    expectData(await owner.request(FOLLOW, { userId: removed.userId }));
    expectData(await owner.request(START_DIRECT, { userId: leaver.userId }));

    await stack.removeMember(owner, removed.userId);
    await stack.removeMember(leaver, leaver.userId);
    for (const userId of [removed.userId, leaver.userId]) {
      expectUnknownUser(await owner.request(FOLLOW, { userId }), userId);
      expectUnknownUser(await owner.request(START_DIRECT, { userId }), userId);
      expectUnknownUser(await owner.request(CREATE_GROUP_CHAT, { input: { title: 'Gone', memberIds: [userId] } }), userId);
      expectUnknownUser(await owner.request(SET_ROLE, { groupId: group.id, userId, role: 'MODERATOR' }), userId);
    }
    // Only the follow made before the removal exists: nothing was written after it.
    expect(await db().follow.count({ where: { organizationId: owner.organizationId } })).toBe(1);
    expect(await db().conversation.count({ where: { organizationId: owner.organizationId } })).toBe(1);

    // Invited back, they are members again.
    const back = await stack.addMember(owner, 'MEMBER');
    expectData(await owner.request(FOLLOW, { userId: back.userId }));
  });
});

describe('viewers who left', () => {
  it("refuses a removed member's still-valid token with FORBIDDEN, writes nothing, and spares the others", async () => {
    const owner = await stack.createOrganization();
    const removed = await stack.addMember(owner, 'MEMBER');
    const colleague = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    expectData(await removed.request(HOME));

    await stack.removeMember(owner, removed.userId);
    // The token removed holds was issued before the removal and has not expired.
    const refused = expectErrorCode(await removed.request(HOME), 'FORBIDDEN');
    expect(refused.message).toBe(`Your membership of organization ${owner.organizationId} has ended`);
    expectErrorCode(await removed.request(FOLLOW, { userId: colleague.userId }), 'FORBIDDEN');
    expectErrorCode(await removed.request(CREATE_POST, { input: { spaceId: space.id, title: 'Still here?', body: 'b' } }), 'FORBIDDEN');
    expect(await db().follow.count({ where: { organizationId: owner.organizationId } })).toBe(0);
    expect(await db().post.count({ where: { organizationId: owner.organizationId } })).toBe(0);
    expectData(await colleague.request(FOLLOW, { userId: owner.userId }));
  });
});

describe('directory from events', () => {
  const directoryRow = (organizationId: string, userId: string) =>
    db().organizationMember.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { role: true, left: true, version: true },
    });

  it("holds identity's memberships with their roles, unchanged by replays in any order", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MODERATOR');
    expectData(await owner.request(UPDATE_MEMBER_ROLE, { id: member.userId }));
    await stack.eventsSettled();
    expect(await directoryRow(owner.organizationId, owner.userId)).toMatchObject({ role: 'OWNER', left: false });
    await stack.removeMember(owner, member.userId);
    const applied = await directoryRow(owner.organizationId, member.userId);
    expect(applied).toMatchObject({ role: 'ADMIN', left: true });

    const events = await stack.recordedEvents('identity', { organizationId: owner.organizationId, subjectId: member.userId });
    expect(events.map((event) => event.type)).toEqual(['identity.member.joined', 'identity.member.role_changed', 'identity.member.left']);
    for (const event of [...events].reverse()) await services.members.apply(event);
    await Promise.all([...events, ...events].map((event) => services.members.apply(event)));
    expect(await directoryRow(owner.organizationId, member.userId)).toEqual(applied);
  });

  it('lets the newest membership event win whatever order they arrive in', async () => {
    const organizationId = randomUUID();
    const userId = randomUUID();
    const event = <Type extends EventType>(type: Type, second: number, payload: EventPayload<Type>): DomainEvent<Type> => ({
      id: randomUUID(),
      type,
      organizationId,
      actorId: userId,
      subject: { type: 'User', id: userId },
      payload,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    });
    const joined = event('identity.member.joined', 1, { userId, role: 'MEMBER', email: 'm@example.test', name: 'M' });
    const promoted = event('identity.member.role_changed', 2, { userId, role: 'ADMIN', previousRole: 'MEMBER' });
    const left = event('identity.member.left', 3, { userId, reason: 'LEFT' });

    for (const order of [
      [joined, promoted, left],
      [left, promoted, joined],
      [promoted, left, joined],
    ]) {
      await db().organizationMember.deleteMany({ where: { organizationId, userId } });
      for (const item of order) await services.members.apply(item);
      expect(await directoryRow(organizationId, userId)).toMatchObject({ left: true });
    }
    const rejoined = event('identity.member.joined', 4, { userId, role: 'VIEWER', email: 'm@example.test', name: 'M' });
    await services.members.apply(rejoined);
    expect(await directoryRow(organizationId, userId)).toMatchObject({ role: 'VIEWER', left: false });
  });
});
