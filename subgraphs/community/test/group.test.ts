import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { GroupRepository } from '../src/group/group.repository.ts';
import { assertCanPostInGroup, assertCanReadGroup, assertNotBannedFromGroup } from '../src/group/group-access.ts';
import { codeOf, communityDb, nodesOf, viewerOf } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { CreateGroupInput, CreateGroupInviteInput, GroupRole } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_GROUP = graphql(`
  mutation GroupsCreate($input: CreateGroupInput!) {
    createGroup(input: $input) {
      id
      name
      description
      avatarUrl
      joinPolicy
      memberCount
      viewerRole
      viewerIsBanned
      owner {
        id
        name
      }
    }
  }
`);
const GROUP = graphql(`
  query GroupsOne($id: ID!) {
    group(id: $id) {
      id
      name
      description
      avatarUrl
      joinPolicy
      memberCount
      viewerRole
      viewerIsBanned
      owner {
        id
        name
      }
    }
  }
`);
const GROUPS = graphql(`
  query GroupsList {
    groups {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation GroupsUpdate($input: UpdateGroupInput!) {
    updateGroup(input: $input) {
      name
      description
      joinPolicy
    }
  }
`);
const DELETE = graphql(`
  mutation GroupsDelete($id: ID!) {
    deleteGroup(id: $id)
  }
`);
const CREATE_INVITE = graphql(`
  mutation GroupsCreateInvite($input: CreateGroupInviteInput!) {
    createGroupInvite(input: $input) {
      id
      code
      maxUses
      uses
      expiresAt
      revokedAt
      createdBy {
        id
      }
      group {
        id
      }
    }
  }
`);
const REVOKE = graphql(`
  mutation GroupsRevokeInvite($id: ID!) {
    revokeGroupInvite(id: $id) {
      revokedAt
    }
  }
`);
const INVITES = graphql(`
  query GroupsInvites($id: ID!) {
    group(id: $id) {
      invites {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
const REDEEM = graphql(`
  mutation GroupsRedeem($code: String!) {
    redeemGroupInvite(code: $code) {
      id
      memberCount
      viewerRole
    }
  }
`);
const JOIN = graphql(`
  mutation GroupsJoin($id: ID!) {
    joinGroup(id: $id) {
      id
      viewerRole
      memberCount
    }
  }
`);
const LEAVE = graphql(`
  mutation GroupsLeave($id: ID!) {
    leaveGroup(id: $id) {
      id
      viewerRole
      memberCount
    }
  }
`);
const SET_ROLE = graphql(`
  mutation GroupsSetRole($groupId: ID!, $userId: ID!, $role: GroupRole!) {
    setGroupMemberRole(groupId: $groupId, userId: $userId, role: $role) {
      role
      user {
        id
      }
    }
  }
`);
const BAN = graphql(`
  mutation GroupsBan($input: BanFromGroupInput!) {
    banFromGroup(input: $input) {
      id
      reason
      user {
        id
      }
      bannedBy {
        id
        name
      }
      createdAt
    }
  }
`);
const UNBAN = graphql(`
  mutation GroupsUnban($groupId: ID!, $userId: ID!) {
    unbanFromGroup(groupId: $groupId, userId: $userId)
  }
`);
const BANS = graphql(`
  query GroupsBans($id: ID!) {
    group(id: $id) {
      bans {
        edges {
          node {
            reason
            user {
              id
            }
          }
        }
      }
    }
  }
`);
const MEMBERS = graphql(`
  query GroupsMembers($id: ID!) {
    group(id: $id) {
      members {
        edges {
          node {
            role
            user {
              id
            }
          }
        }
      }
    }
  }
`);
const REMOVE = graphql(`
  mutation GroupsRemoveMember($groupId: ID!, $userId: ID!) {
    removeGroupMember(groupId: $groupId, userId: $userId) {
      memberCount
    }
  }
`);

async function createGroup(actor: Actor, input: Partial<CreateGroupInput> = {}) {
  return expectData(await actor.request(CREATE_GROUP, { input: { name: 'Runners', ...input } })).createGroup;
}

async function createInvite(actor: Actor, groupId: string, input: Partial<CreateGroupInviteInput> = {}) {
  return expectData(await actor.request(CREATE_INVITE, { input: { groupId, ...input } })).createGroupInvite;
}

async function groupAs(actor: Actor, id: string) {
  const { group } = expectData(await actor.request(GROUP, { id }));
  if (!group) throw new Error(`group ${id} resolved to null`);
  return group;
}

/** The rules on the real database, through the repository services hand them. */
const groups = () => new GroupRepository(communityDb(stack));

describe('groups', () => {
  it('lets a member create a group they own, resolved with its owner through identity', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(member, {
      name: '  Morning runners ',
      description: 'Before work',
      avatarUrl: 'https://img.example/run.png',
    });
    expect(group).toEqual({
      id: group.id,
      name: 'Morning runners',
      description: 'Before work',
      avatarUrl: 'https://img.example/run.png',
      joinPolicy: 'INVITE_ONLY',
      memberCount: 1,
      viewerRole: 'OWNER',
      viewerIsBanned: false,
      owner: { id: member.userId, name: member.name },
    });
    expect(await groupAs(owner, group.id)).toMatchObject({ viewerRole: null, memberCount: 1 });
    const listed = expectData(await owner.request(GROUPS)).groups;
    expect(listed).toEqual({ edges: [{ node: { id: group.id, name: 'Morning runners' } }], pageInfo: { hasNextPage: false } });

    const viewer = await stack.addMember(owner, 'VIEWER');
    expectErrorCode(await viewer.request(CREATE_GROUP, { input: { name: 'Nope' } }), 'FORBIDDEN');
  });

  it('names the field and limit on bad group input', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(
      await owner.request(CREATE_GROUP, { input: { name: '', description: 'd'.repeat(501), avatarUrl: 'javascript:alert(1)' } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/name: must not be empty/);
    expect(error.message).toMatch(/description: must be at most 500 characters/);
    expect(error.message).toMatch(/avatarUrl: must be an http\(s\) URL/);
  });

  it('updates and deletes a group: group admins update, the owner or an org admin deletes', async () => {
    const owner = await stack.createOrganization();
    const creator = await stack.addMember(owner, 'MEMBER');
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(creator, { joinPolicy: 'OPEN', description: 'x' });
    expectData(await member.request(JOIN, { id: group.id }));
    expectErrorCode(await member.request(UPDATE, { input: { id: group.id, name: 'Mine' } }), 'FORBIDDEN');
    expect(expectData(await creator.request(UPDATE, { input: { id: group.id, name: 'Trail', description: null } })).updateGroup).toEqual({
      name: 'Trail',
      description: null,
      joinPolicy: 'OPEN',
    });
    // Organization admins administer every group.
    expectData(await owner.request(UPDATE, { input: { id: group.id, joinPolicy: 'INVITE_ONLY' } }));

    expectErrorCode(await member.request(DELETE, { id: group.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(DELETE, { id: group.id })).deleteGroup).toBe(group.id);
    expectErrorCode(await creator.request(GROUP, { id: group.id }), 'NOT_FOUND');
  });

  it('joins OPEN groups only, refuses invite-only ones, and keeps the owner from leaving', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const open = await createGroup(owner, { name: 'Open', joinPolicy: 'OPEN' });
    const closed = await createGroup(member, { name: 'Closed' });

    expect(expectData(await member.request(JOIN, { id: open.id })).joinGroup).toMatchObject({ viewerRole: 'MEMBER', memberCount: 2 });
    expect(expectData(await member.request(JOIN, { id: open.id })).joinGroup).toMatchObject({ memberCount: 2 });
    const other = await stack.addMember(owner, 'MEMBER');
    const refused = expectErrorCode(await other.request(JOIN, { id: closed.id }), 'FORBIDDEN');
    expect(refused.message).toMatch(/invite-only/);

    expect(expectData(await member.request(LEAVE, { id: open.id })).leaveGroup).toMatchObject({ viewerRole: null, memberCount: 1 });
    expectErrorCode(await member.request(LEAVE, { id: closed.id }), 'CONFLICT');
  });
});

describe('invite codes', () => {
  it('redeems a code up to its maximum uses, then says it is used up', async () => {
    const owner = await stack.createOrganization();
    const group = await createGroup(owner);
    const invite = await createInvite(owner, group.id, { maxUses: 2 });
    expect(invite.code).toMatch(/^[A-Z2-9]{10}$/);
    expect(invite).toMatchObject({ maxUses: 2, uses: 0, createdBy: { id: owner.userId }, group: { id: group.id } });

    const a = await stack.addMember(owner, 'MEMBER');
    const b = await stack.addMember(owner, 'MEMBER');
    const c = await stack.addMember(owner, 'MEMBER');
    expect(expectData(await a.request(REDEEM, { code: invite.code })).redeemGroupInvite).toMatchObject({
      viewerRole: 'MEMBER',
      memberCount: 2,
    });
    // Codes are case-insensitive, and redeeming again as a member uses nothing up.
    expectData(await a.request(REDEEM, { code: invite.code.toLowerCase() }));
    expectData(await b.request(REDEEM, { code: ` ${invite.code} ` }));
    const usedUp = expectErrorCode(await c.request(REDEEM, { code: invite.code }), 'BAD_USER_INPUT');
    expect(usedUp.message).toBe(`Invite code ${invite.code} is used up (2 of 2 uses)`);
    const row = await communityDb(stack).groupInvite.findUnique({ where: { id: invite.id } });
    expect(row?.uses).toBe(2);
    expect((await groupAs(owner, group.id)).memberCount).toBe(3);
  });

  it('lets exactly one of several concurrent redemptions take the last use', async () => {
    const owner = await stack.createOrganization();
    const group = await createGroup(owner);
    const db = communityDb(stack);
    for (let round = 0; round < 3; round++) {
      const invite = await createInvite(owner, group.id, { maxUses: 1 });
      const racers = [];
      for (let n = 0; n < 4; n++) racers.push(await stack.addMember(owner, 'MEMBER'));
      const results = await Promise.all(racers.map((racer) => racer.request(REDEEM, { code: invite.code })));
      const winners = results.filter((result) => !result.errors);
      const losers = results.filter((result) => result.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(3);
      for (const loser of losers) expect(expectErrorCode(loser, 'BAD_USER_INPUT').message).toMatch(/is used up \(1 of 1 uses\)/);
      expect((await db.groupInvite.findUnique({ where: { id: invite.id } }))?.uses).toBe(1);
    }
    expect(await db.groupMember.count({ where: { groupId: group.id } })).toBe(4);

    // The guard itself: concurrent conditional updates on the last use, straight on the database.
    const invite = await createInvite(owner, group.id, { maxUses: 1 });
    const taken = await Promise.all(Array.from({ length: 6 }, () => groups().consumeInviteUse(invite.id, new Date())));
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect((await db.groupInvite.findUnique({ where: { id: invite.id } }))?.uses).toBe(1);
  });

  it("refuses expired, revoked, unknown and other organizations' codes, saying which", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner);
    const db = communityDb(stack);

    const expiring = await createInvite(owner, group.id, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const expiredAt = new Date(Date.now() - 1000);
    await db.groupInvite.update({ where: { id: expiring.id }, data: { expiresAt: expiredAt } });
    const expired = expectErrorCode(await member.request(REDEEM, { code: expiring.code }), 'BAD_USER_INPUT');
    expect(expired.message).toBe(`Invite code ${expiring.code} expired at ${expiredAt.toISOString()}`);

    const revoked = await createInvite(owner, group.id);
    expectErrorCode(await member.request(REVOKE, { id: revoked.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(REVOKE, { id: revoked.id })).revokeGroupInvite.revokedAt).toEqual(expect.any(String));
    expect(expectErrorCode(await member.request(REDEEM, { code: revoked.code }), 'BAD_USER_INPUT').message).toMatch(/was revoked/);

    expectErrorCode(await member.request(REDEEM, { code: 'NOSUCHCODE' }), 'NOT_FOUND');
    const stranger = await stack.createOrganization();
    const valid = await createInvite(owner, group.id);
    expectErrorCode(await stranger.request(REDEEM, { code: valid.code }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(REVOKE, { id: valid.id }), 'NOT_FOUND');
    expect((await db.groupInvite.findUnique({ where: { id: valid.id } }))?.uses).toBe(0);

    const invites = expectData(await owner.request(INVITES, { id: group.id })).group?.invites;
    expect(nodesOf(invites ?? { edges: [] }).map((node) => node.id)).toEqual([valid.id, revoked.id, expiring.id]);
    expectErrorCode(await member.request(INVITES, { id: group.id }), 'FORBIDDEN');
  });

  it('validates invite input and lets only group moderators and up create codes', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner, { joinPolicy: 'OPEN' });
    expectData(await member.request(JOIN, { id: group.id }));
    expectErrorCode(await member.request(CREATE_INVITE, { input: { groupId: group.id } }), 'FORBIDDEN');
    const error = expectErrorCode(
      await owner.request(CREATE_INVITE, { input: { groupId: group.id, maxUses: 0, expiresAt: '2000-01-01T00:00:00.000Z' } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/maxUses: must be at least 1/);
    expect(error.message).toMatch(/expiresAt: must be in the future/);
    expectErrorCode(await owner.request(REDEEM, { code: '' }), 'BAD_USER_INPUT');
  });
});

describe('roles and bans', () => {
  async function groupWithMembers() {
    const orgOwner = await stack.createOrganization();
    const creator = await stack.addMember(orgOwner, 'MEMBER');
    const group = await createGroup(creator, { joinPolicy: 'OPEN' });
    const admin = await stack.addMember(orgOwner, 'MEMBER');
    const moderator = await stack.addMember(orgOwner, 'MEMBER');
    const member = await stack.addMember(orgOwner, 'MEMBER');
    for (const actor of [admin, moderator, member]) expectData(await actor.request(JOIN, { id: group.id }));
    return { orgOwner, creator, group, admin, moderator, member };
  }

  it('lets the owner name admins, admins name moderators, and nobody act above their rank', async () => {
    const { creator, group, admin, moderator, member } = await groupWithMembers();
    const setRole = (actor: Actor, userId: string, role: GroupRole) => actor.request(SET_ROLE, { groupId: group.id, userId, role });

    expect(expectData(await setRole(creator, admin.userId, 'ADMIN')).setGroupMemberRole).toEqual({
      role: 'ADMIN',
      user: { id: admin.userId },
    });
    expectData(await setRole(admin, moderator.userId, 'MODERATOR'));
    expectErrorCode(await setRole(admin, moderator.userId, 'ADMIN'), 'FORBIDDEN');
    expectErrorCode(await setRole(moderator, member.userId, 'MODERATOR'), 'FORBIDDEN');
    expectErrorCode(await setRole(admin, creator.userId, 'MEMBER'), 'FORBIDDEN');
    expect(expectErrorCode(await setRole(creator, member.userId, 'OWNER'), 'BAD_USER_INPUT').message).toMatch(/role: must not be OWNER/);
    expectErrorCode(await setRole(creator, 'not-a-member', 'MEMBER'), 'NOT_FOUND');

    const roles = nodesOf(expectData(await creator.request(MEMBERS, { id: group.id })).group?.members ?? { edges: [] });
    expect(Object.fromEntries(roles.map((node) => [node.user?.id, node.role]))).toEqual({
      [creator.userId]: 'OWNER',
      [admin.userId]: 'ADMIN',
      [moderator.userId]: 'MODERATOR',
      [member.userId]: 'MEMBER',
    });
  });

  it('bans with reason and banning user; the banned cannot rejoin, post or read until unbanned', async () => {
    const { creator, group, admin, moderator, member } = await groupWithMembers();
    expectData(await creator.request(SET_ROLE, { groupId: group.id, userId: admin.userId, role: 'ADMIN' }));
    expectData(await creator.request(SET_ROLE, { groupId: group.id, userId: moderator.userId, role: 'MODERATOR' }));
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('OK');

    expectErrorCode(await member.request(BAN, { input: { groupId: group.id, userId: moderator.userId, reason: 'no' } }), 'FORBIDDEN');
    expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: admin.userId, reason: 'no' } }), 'FORBIDDEN');
    expect(
      expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: '  ' } }), 'BAD_USER_INPUT')
        .message,
    ).toMatch(/reason: must not be empty/);
    const ban = expectData(
      await moderator.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'Spam links' } }),
    ).banFromGroup;
    expect(ban).toMatchObject({
      reason: 'Spam links',
      user: { id: member.userId },
      bannedBy: { id: moderator.userId, name: moderator.name },
    });
    expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'Again' } }), 'CONFLICT');

    expect(await groupAs(member, group.id)).toMatchObject({ viewerRole: null, viewerIsBanned: true, memberCount: 3 });
    expect(expectErrorCode(await member.request(JOIN, { id: group.id }), 'FORBIDDEN').message).toMatch(/banned from group .*: Spam links/);
    const invite = await createInvite(moderator, group.id);
    expectErrorCode(await member.request(REDEEM, { code: invite.code }), 'FORBIDDEN');
    expectErrorCode(await member.request(MEMBERS, { id: group.id }), 'FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertNotBannedFromGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanReadGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');

    const bans = expectData(await admin.request(BANS, { id: group.id }));
    expect(bans.group?.bans.edges).toEqual([{ node: { reason: 'Spam links', user: { id: member.userId } } }]);

    expectErrorCode(await member.request(UNBAN, { groupId: group.id, userId: member.userId }), 'FORBIDDEN');
    expect(expectData(await admin.request(UNBAN, { groupId: group.id, userId: member.userId })).unbanFromGroup).toBe(true);
    expect(expectData(await admin.request(UNBAN, { groupId: group.id, userId: member.userId })).unbanFromGroup).toBe(false);
    expectData(await member.request(JOIN, { id: group.id }));
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('OK');
  });

  it('lets moderators remove members below them', async () => {
    const { creator, group, moderator, member } = await groupWithMembers();
    expectData(await creator.request(SET_ROLE, { groupId: group.id, userId: moderator.userId, role: 'MODERATOR' }));
    expectErrorCode(await member.request(REMOVE, { groupId: group.id, userId: moderator.userId }), 'FORBIDDEN');
    expectErrorCode(await moderator.request(REMOVE, { groupId: group.id, userId: creator.userId }), 'FORBIDDEN');
    expect(expectData(await moderator.request(REMOVE, { groupId: group.id, userId: member.userId })).removeGroupMember).toEqual({
      memberCount: 3,
    });
  });
});

describe('group access helpers and tenancy', () => {
  it('posting needs membership; reading needs membership or org admin; other organizations see nothing', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const viewer = await stack.addMember(owner, 'VIEWER');
    const stranger = await stack.createOrganization();
    const group = await createGroup(member, { joinPolicy: 'OPEN' });
    expectData(await viewer.request(JOIN, { id: group.id }));

    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(member, 'MEMBER'), group.id))).toBe('OK');
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(outsider, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(owner, 'OWNER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(viewer, 'VIEWER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(groups(), viewerOf(stranger, 'OWNER'), group.id))).toBe('NOT_FOUND');
    expect(await codeOf(assertCanReadGroup(groups(), viewerOf(owner, 'OWNER'), group.id))).toBe('OK');
    expect(await codeOf(assertCanReadGroup(groups(), viewerOf(outsider, 'MEMBER'), group.id))).toBe('FORBIDDEN');

    expectErrorCode(await outsider.request(MEMBERS, { id: group.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(MEMBERS, { id: group.id })).group?.members.edges).toHaveLength(2);

    expectErrorCode(await stranger.request(GROUP, { id: group.id }), 'NOT_FOUND');
    expect(expectData(await stranger.request(GROUPS)).groups.edges).toEqual([]);
    expectErrorCode(await stranger.request(JOIN, { id: group.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_INVITE, { input: { groupId: group.id } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'x' } }), 'NOT_FOUND');
    const db = communityDb(stack);
    expect(await db.groupMember.count({ where: { groupId: group.id } })).toBe(2);
    expect(await db.groupBan.count({ where: { groupId: group.id } })).toBe(0);
  });
});
