import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@plaza/auth';
import { DomainError } from '@plaza/subgraph-kit';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { GroupRepository } from '../src/group/group.repository.ts';
import { assertCanPostInGroup, assertCanReadGroup, assertNotBannedFromGroup } from '../src/group/group-access.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);
afterAll(() => stack?.stop());

const GROUP_FIELDS = `id name description avatarUrl joinPolicy memberCount viewerRole viewerIsBanned owner { id name }`;
const CREATE_GROUP = `mutation ($input: CreateGroupInput!) { createGroup(input: $input) { ${GROUP_FIELDS} } }`;
const GROUP = `query ($id: ID!) { group(id: $id) { ${GROUP_FIELDS} } }`;
const CREATE_INVITE = `mutation ($input: CreateGroupInviteInput!) { createGroupInvite(input: $input) { id code maxUses uses expiresAt revokedAt createdBy { id } group { id } } }`;
const REDEEM = `mutation ($code: String!) { redeemGroupInvite(code: $code) { id memberCount viewerRole } }`;
const JOIN = `mutation ($id: ID!) { joinGroup(id: $id) { id viewerRole memberCount } }`;
const LEAVE = `mutation ($id: ID!) { leaveGroup(id: $id) { id viewerRole memberCount } }`;
const SET_ROLE = `mutation ($groupId: ID!, $userId: ID!, $role: GroupRole!) { setGroupMemberRole(groupId: $groupId, userId: $userId, role: $role) { role user { id } } }`;
const BAN = `mutation ($input: BanFromGroupInput!) { banFromGroup(input: $input) { id reason user { id } bannedBy { id name } createdAt } }`;
const UNBAN = `mutation ($groupId: ID!, $userId: ID!) { unbanFromGroup(groupId: $groupId, userId: $userId) }`;
const MEMBERS = `query ($id: ID!) { group(id: $id) { members { edges { node { role user { id } } } } } }`;

async function createGroup(actor: Actor, input: Record<string, unknown> = {}) {
  return expectData(await actor.request<any>(CREATE_GROUP, { input: { name: 'Runners', ...input } })).createGroup;
}

async function createInvite(actor: Actor, groupId: string, input: Record<string, unknown> = {}) {
  return expectData(await actor.request<any>(CREATE_INVITE, { input: { groupId, ...input } })).createGroupInvite;
}

async function groupAs(actor: Actor, id: string) {
  return expectData(await actor.request<any>(GROUP, { id })).group;
}

const viewerOf = (actor: Actor, role: Role) => ({ userId: actor.userId, organizationId: actor.organizationId, role });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('groups', () => {
  it('lets a member create a group they own, resolved with its owner through identity', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(member, { name: '  Morning runners ', description: 'Before work', avatarUrl: 'https://img.example/run.png' });
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
    const listed = expectData(await owner.request<any>(`{ groups { edges { node { id name } } pageInfo { hasNextPage } } }`)).groups;
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
    const UPDATE = `mutation ($input: UpdateGroupInput!) { updateGroup(input: $input) { name description joinPolicy } }`;
    expectErrorCode(await member.request(UPDATE, { input: { id: group.id, name: 'Mine' } }), 'FORBIDDEN');
    expect(expectData(await creator.request<any>(UPDATE, { input: { id: group.id, name: 'Trail', description: null } })).updateGroup).toEqual({
      name: 'Trail',
      description: null,
      joinPolicy: 'OPEN',
    });
    // Organization admins administer every group.
    expectData(await owner.request(UPDATE, { input: { id: group.id, joinPolicy: 'INVITE_ONLY' } }));

    expectErrorCode(await member.request(`mutation ($id: ID!) { deleteGroup(id: $id) }`, { id: group.id }), 'FORBIDDEN');
    expect(expectData(await owner.request<any>(`mutation ($id: ID!) { deleteGroup(id: $id) }`, { id: group.id })).deleteGroup).toBe(group.id);
    expectErrorCode(await creator.request(GROUP, { id: group.id }), 'NOT_FOUND');
  });

  it('joins OPEN groups only, refuses invite-only ones, and keeps the owner from leaving', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const open = await createGroup(owner, { name: 'Open', joinPolicy: 'OPEN' });
    const closed = await createGroup(member, { name: 'Closed' });

    expect(expectData(await member.request<any>(JOIN, { id: open.id })).joinGroup).toMatchObject({ viewerRole: 'MEMBER', memberCount: 2 });
    expect(expectData(await member.request<any>(JOIN, { id: open.id })).joinGroup).toMatchObject({ memberCount: 2 });
    const other = await stack.addMember(owner, 'MEMBER');
    const refused = expectErrorCode(await other.request(JOIN, { id: closed.id }), 'FORBIDDEN');
    expect(refused.message).toMatch(/invite-only/);

    expect(expectData(await member.request<any>(LEAVE, { id: open.id })).leaveGroup).toMatchObject({ viewerRole: null, memberCount: 1 });
    expectErrorCode(await member.request(LEAVE, { id: closed.id }), 'CONFLICT');
  });
});

describe('invite codes', () => {
  it('redeems a code up to its maximum uses, then says it is used up', async () => {
    const owner = await stack.createOrganization();
    const group = await createGroup(owner);
    const invite = await createInvite(owner, group.id, { maxUses: 2 });
    expect(invite).toMatchObject({ code: expect.stringMatching(/^[A-Z2-9]{10}$/), maxUses: 2, uses: 0, createdBy: { id: owner.userId }, group: { id: group.id } });

    const [a, b, c] = [await stack.addMember(owner, 'MEMBER'), await stack.addMember(owner, 'MEMBER'), await stack.addMember(owner, 'MEMBER')];
    expect(expectData(await a.request<any>(REDEEM, { code: invite.code })).redeemGroupInvite).toMatchObject({ viewerRole: 'MEMBER', memberCount: 2 });
    // Codes are case-insensitive, and redeeming again as a member uses nothing up.
    expectData(await a.request(REDEEM, { code: invite.code.toLowerCase() }));
    expectData(await b.request(REDEEM, { code: ` ${invite.code} ` }));
    const usedUp = expectErrorCode(await c.request(REDEEM, { code: invite.code }), 'BAD_USER_INPUT');
    expect(usedUp.message).toBe(`Invite code ${invite.code} is used up (2 of 2 uses)`);
    const row = await stack.prisma('community').groupInvite.findUnique({ where: { id: invite.id } });
    expect(row.uses).toBe(2);
    expect((await groupAs(owner, group.id)).memberCount).toBe(3);
  });

  it('lets exactly one of several concurrent redemptions take the last use', async () => {
    const owner = await stack.createOrganization();
    const group = await createGroup(owner);
    for (let round = 0; round < 3; round++) {
      const invite = await createInvite(owner, group.id, { maxUses: 1 });
      const racers = [];
      for (let n = 0; n < 4; n++) racers.push(await stack.addMember(owner, 'MEMBER'));
      const results = await Promise.all(racers.map((racer) => racer.request<any>(REDEEM, { code: invite.code })));
      const winners = results.filter((result) => !result.errors);
      const losers = results.filter((result) => result.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(3);
      for (const loser of losers) expect(expectErrorCode(loser, 'BAD_USER_INPUT').message).toMatch(/is used up \(1 of 1 uses\)/);
      expect((await stack.prisma('community').groupInvite.findUnique({ where: { id: invite.id } })).uses).toBe(1);
    }
    expect(await stack.prisma('community').groupMember.count({ where: { groupId: group.id } })).toBe(4);

    // The guard itself: concurrent conditional updates on the last use, straight on the database.
    const invite = await createInvite(owner, group.id, { maxUses: 1 });
    const repository = new GroupRepository(stack.prisma('community'));
    const taken = await Promise.all(Array.from({ length: 6 }, () => repository.consumeInviteUse(invite.id, new Date())));
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect((await stack.prisma('community').groupInvite.findUnique({ where: { id: invite.id } })).uses).toBe(1);
  });

  it('refuses expired, revoked, unknown and other organizations\' codes, saying which', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const group = await createGroup(owner);

    const expiring = await createInvite(owner, group.id, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const expiredAt = new Date(Date.now() - 1000);
    await stack.prisma('community').groupInvite.update({ where: { id: expiring.id }, data: { expiresAt: expiredAt } });
    const expired = expectErrorCode(await member.request(REDEEM, { code: expiring.code }), 'BAD_USER_INPUT');
    expect(expired.message).toBe(`Invite code ${expiring.code} expired at ${expiredAt.toISOString()}`);

    const revoked = await createInvite(owner, group.id);
    const REVOKE = `mutation ($id: ID!) { revokeGroupInvite(id: $id) { revokedAt } }`;
    expectErrorCode(await member.request(REVOKE, { id: revoked.id }), 'FORBIDDEN');
    expect(expectData(await owner.request<any>(REVOKE, { id: revoked.id })).revokeGroupInvite.revokedAt).toEqual(expect.any(String));
    expect(expectErrorCode(await member.request(REDEEM, { code: revoked.code }), 'BAD_USER_INPUT').message).toMatch(/was revoked/);

    expectErrorCode(await member.request(REDEEM, { code: 'NOSUCHCODE' }), 'NOT_FOUND');
    const stranger = await stack.createOrganization();
    const valid = await createInvite(owner, group.id);
    expectErrorCode(await stranger.request(REDEEM, { code: valid.code }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(REVOKE, { id: valid.id }), 'NOT_FOUND');
    expect((await stack.prisma('community').groupInvite.findUnique({ where: { id: valid.id } })).uses).toBe(0);

    const invites = expectData(await owner.request<any>(`query ($id: ID!) { group(id: $id) { invites { edges { node { id } } } } }`, { id: group.id }));
    expect(invites.group.invites.edges.map((e: any) => e.node.id)).toEqual([valid.id, revoked.id, expiring.id]);
    expectErrorCode(await member.request(`query ($id: ID!) { group(id: $id) { invites { edges { node { id } } } } }`, { id: group.id }), 'FORBIDDEN');
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
    const [admin, moderator, member] = [await stack.addMember(orgOwner, 'MEMBER'), await stack.addMember(orgOwner, 'MEMBER'), await stack.addMember(orgOwner, 'MEMBER')];
    for (const actor of [admin, moderator, member]) expectData(await actor.request(JOIN, { id: group.id }));
    return { orgOwner, creator, group, admin, moderator, member };
  }

  it('lets the owner name admins, admins name moderators, and nobody act above their rank', async () => {
    const { creator, group, admin, moderator, member } = await groupWithMembers();
    const setRole = (actor: Actor, userId: string, role: string) => actor.request<any>(SET_ROLE, { groupId: group.id, userId, role });

    expect(expectData(await setRole(creator, admin.userId, 'ADMIN')).setGroupMemberRole).toEqual({ role: 'ADMIN', user: { id: admin.userId } });
    expectData(await setRole(admin, moderator.userId, 'MODERATOR'));
    expectErrorCode(await setRole(admin, moderator.userId, 'ADMIN'), 'FORBIDDEN');
    expectErrorCode(await setRole(moderator, member.userId, 'MODERATOR'), 'FORBIDDEN');
    expectErrorCode(await setRole(admin, creator.userId, 'MEMBER'), 'FORBIDDEN');
    expect(expectErrorCode(await setRole(creator, member.userId, 'OWNER'), 'BAD_USER_INPUT').message).toMatch(/role: must not be OWNER/);
    expectErrorCode(await setRole(creator, 'not-a-member', 'MEMBER'), 'NOT_FOUND');

    const roles = expectData(await creator.request<any>(MEMBERS, { id: group.id })).group.members.edges.map((e: any) => [e.node.user.id, e.node.role]);
    expect(Object.fromEntries(roles)).toEqual({
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
    const db = stack.prisma('community');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('OK');

    expectErrorCode(await member.request(BAN, { input: { groupId: group.id, userId: moderator.userId, reason: 'no' } }), 'FORBIDDEN');
    expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: admin.userId, reason: 'no' } }), 'FORBIDDEN');
    expect(expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: '  ' } }), 'BAD_USER_INPUT').message).toMatch(
      /reason: must not be empty/,
    );
    const ban = expectData(await moderator.request<any>(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'Spam links' } })).banFromGroup;
    expect(ban).toMatchObject({ reason: 'Spam links', user: { id: member.userId }, bannedBy: { id: moderator.userId, name: moderator.name } });
    expectErrorCode(await moderator.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'Again' } }), 'CONFLICT');

    expect(await groupAs(member, group.id)).toMatchObject({ viewerRole: null, viewerIsBanned: true, memberCount: 3 });
    expect(expectErrorCode(await member.request(JOIN, { id: group.id }), 'FORBIDDEN').message).toMatch(/banned from group .*: Spam links/);
    const invite = await createInvite(moderator, group.id);
    expectErrorCode(await member.request(REDEEM, { code: invite.code }), 'FORBIDDEN');
    expectErrorCode(await member.request(MEMBERS, { id: group.id }), 'FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertNotBannedFromGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanReadGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('FORBIDDEN');

    const bans = expectData(await admin.request<any>(`query ($id: ID!) { group(id: $id) { bans { edges { node { reason user { id } } } } } }`, { id: group.id }));
    expect(bans.group.bans.edges).toEqual([{ node: { reason: 'Spam links', user: { id: member.userId } } }]);

    expectErrorCode(await member.request(UNBAN, { groupId: group.id, userId: member.userId }), 'FORBIDDEN');
    expect(expectData(await admin.request<any>(UNBAN, { groupId: group.id, userId: member.userId })).unbanFromGroup).toBe(true);
    expect(expectData(await admin.request<any>(UNBAN, { groupId: group.id, userId: member.userId })).unbanFromGroup).toBe(false);
    expectData(await member.request(JOIN, { id: group.id }));
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('OK');
  });

  it('lets moderators remove members below them', async () => {
    const { creator, group, moderator, member } = await groupWithMembers();
    expectData(await creator.request(SET_ROLE, { groupId: group.id, userId: moderator.userId, role: 'MODERATOR' }));
    const REMOVE = `mutation ($groupId: ID!, $userId: ID!) { removeGroupMember(groupId: $groupId, userId: $userId) { memberCount } }`;
    expectErrorCode(await member.request(REMOVE, { groupId: group.id, userId: moderator.userId }), 'FORBIDDEN');
    expectErrorCode(await moderator.request(REMOVE, { groupId: group.id, userId: creator.userId }), 'FORBIDDEN');
    expect(expectData(await moderator.request<any>(REMOVE, { groupId: group.id, userId: member.userId })).removeGroupMember).toEqual({ memberCount: 3 });
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
    const db = stack.prisma('community');

    expect(await codeOf(assertCanPostInGroup(db, viewerOf(member, 'MEMBER'), group.id))).toBe('OK');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(outsider, 'MEMBER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(owner, 'OWNER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(viewer, 'VIEWER'), group.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInGroup(db, viewerOf(stranger, 'OWNER'), group.id))).toBe('NOT_FOUND');
    expect(await codeOf(assertCanReadGroup(db, viewerOf(owner, 'OWNER'), group.id))).toBe('OK');
    expect(await codeOf(assertCanReadGroup(db, viewerOf(outsider, 'MEMBER'), group.id))).toBe('FORBIDDEN');

    expectErrorCode(await outsider.request(MEMBERS, { id: group.id }), 'FORBIDDEN');
    expect(expectData(await owner.request<any>(MEMBERS, { id: group.id })).group.members.edges).toHaveLength(2);

    expectErrorCode(await stranger.request(GROUP, { id: group.id }), 'NOT_FOUND');
    expect(expectData(await stranger.request<any>(`{ groups { edges { node { id } } } }`)).groups.edges).toEqual([]);
    expectErrorCode(await stranger.request(JOIN, { id: group.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(CREATE_INVITE, { input: { groupId: group.id } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(BAN, { input: { groupId: group.id, userId: member.userId, reason: 'x' } }), 'NOT_FOUND');
    expect(await db.groupMember.count({ where: { groupId: group.id } })).toBe(2);
    expect(await db.groupBan.count({ where: { groupId: group.id } })).toBe(0);
  });
});
