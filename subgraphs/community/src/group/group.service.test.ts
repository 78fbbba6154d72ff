import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { GroupJoinPolicy, GroupRole } from '../generated/prisma/enums.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { GroupBanRecord, GroupInviteRecord, GroupMemberRecord, GroupRecord } from './group.repository.ts';
import { GroupService } from './group.service.ts';

const ORG = 'org-1';
const NOW = new Date('2026-03-02T10:00:00Z');

/** One organization's groups in memory: the rows a GroupRepository would hold, returned as copies. */
function community(
  options: { joinPolicy?: GroupJoinPolicy; members?: Record<string, GroupRole>; bans?: string[]; active?: string[] } = {},
) {
  const group: GroupRecord = {
    id: 'g-1',
    organizationId: ORG,
    name: 'Runners',
    description: null,
    avatarUrl: null,
    ownerId: 'owner',
    joinPolicy: options.joinPolicy ?? 'OPEN',
    createdAt: new Date('2026-01-01T00:00:00Z'),
  };
  const members = new Map<string, GroupMemberRecord>(
    Object.entries<GroupRole>(options.members ?? { owner: 'OWNER' }).map(([userId, role], index) => [
      userId,
      { id: `gm-${index}`, groupId: group.id, userId, role, joinedAt: new Date('2026-01-02T00:00:00Z') },
    ]),
  );
  const bans = new Map<string, GroupBanRecord>(
    (options.bans ?? []).map((userId) => [
      userId,
      { id: `ban-${userId}`, groupId: group.id, userId, reason: 'Spam', bannedById: 'owner', createdAt: NOW },
    ]),
  );
  const invites = new Map<string, GroupInviteRecord>();
  const data = fakeDataAccess<CommunityRepositories>({
    groups: {
      findByIds: async (organizationId, ids) => (organizationId === ORG && ids.includes(group.id) ? [{ ...group }] : []),
      findMembership: async (_groupId, userId) => {
        const row = members.get(userId);
        return row ? { ...row } : null;
      },
      findBan: async (_groupId, userId) => {
        const row = bans.get(userId);
        return row ? { ...row } : null;
      },
      addMember: async (_organizationId, groupId, userId, role) => {
        const row = members.get(userId) ?? { id: `gm-${members.size}`, groupId, userId, role, joinedAt: NOW };
        members.set(userId, row);
        return { ...row };
      },
      removeMember: async (_groupId, userId) => members.delete(userId),
      setRole: async (_groupId, userId, role) => {
        const row = members.get(userId);
        if (!row) throw new Error(`no membership of ${userId}`);
        row.role = role;
        return { ...row };
      },
      createBan: async ({ organizationId: _organizationId, ...ban }) => {
        const row = { id: `ban-${ban.userId}`, createdAt: NOW, ...ban };
        bans.set(ban.userId, row);
        return { ...row };
      },
      deleteBan: async (_groupId, userId) => bans.delete(userId),
      softDelete: async () => {},
      createInvite: async (invite) => {
        const row: GroupInviteRecord = { id: `inv-${invites.size}`, uses: 0, revokedAt: null, createdAt: NOW, ...invite };
        invites.set(row.id, row);
        return { ...row };
      },
      findInviteByCode: async (organizationId, code) => {
        const row = [...invites.values()].find((invite) => invite.organizationId === organizationId && invite.code === code);
        return row ? { ...row } : null;
      },
      findInviteById: async (organizationId, id) => {
        const row = invites.get(id);
        return row && row.organizationId === organizationId ? { ...row } : null;
      },
      revokeInvite: async (id, at) => {
        const row = invites.get(id);
        if (!row) throw new Error(`no invite ${id}`);
        row.revokedAt = at;
        return { ...row };
      },
      // The guard of the real repository: one conditional update.
      consumeInviteUse: async (id, now) => {
        const row = invites.get(id);
        if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || (row.maxUses !== null && row.uses >= row.maxUses))
          return false;
        row.uses += 1;
        return true;
      },
    },
  });
  const service = new GroupService({ data, now: () => NOW, newInviteCode: () => `CODE${invites.size}` });
  const active = new Set(options.active ?? ['owner', 'ada', 'alan', 'grace', ...members.keys()]);
  const directory: ActiveMembers = {
    loadMany: async (ids) => ids.map((userId) => (active.has(userId) ? { userId, role: 'MEMBER' } : null)),
  };
  return { service, group, members, bans, invites, directory };
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

describe('GroupService: join policies and bans', () => {
  it('lets members join OPEN groups once, and refuses INVITE_ONLY ones except to organization admins', async () => {
    const open = community({ joinPolicy: 'OPEN' });
    await open.service.join(viewer('ada'), 'g-1');
    await open.service.join(viewer('ada'), 'g-1');
    expect(open.members.get('ada')).toMatchObject({ role: 'MEMBER' });
    expect(open.members.size).toBe(2);

    const closed = community({ joinPolicy: 'INVITE_ONLY' });
    const error = await rejection(closed.service.join(viewer('ada'), 'g-1'));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'Group g-1 is invite-only: redeem an invite code to join' });
    await closed.service.join(viewer('alan', 'ADMIN'), 'g-1');
    expect(closed.members.get('alan')?.role).toBe('MEMBER');
  });

  it('keeps the banned out, saying why, and answers NOT_FOUND for another organization', async () => {
    const { service } = community({ bans: ['ada'] });
    expect(await rejection(service.join(viewer('ada'), 'g-1'))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'You are banned from group g-1: Spam',
    });
    expect((await rejection(service.join({ userId: 'ada', organizationId: 'org-2', role: 'MEMBER' }, 'g-1'))).code).toBe('NOT_FOUND');
  });

  it('does not let the owner leave, and lets a non-member leave as a no-op', async () => {
    const { service, members } = community({ members: { owner: 'OWNER', ada: 'MEMBER' } });
    expect((await rejection(service.leave(viewer('owner'), 'g-1'))).code).toBe('CONFLICT');
    await service.leave(viewer('ada'), 'g-1');
    await service.leave(viewer('alan'), 'g-1');
    expect([...members.keys()]).toEqual(['owner']);
  });

  it('lets the owner or an organization admin delete, but not a group admin', async () => {
    const { service } = community({ members: { owner: 'OWNER', ada: 'ADMIN' } });
    expect((await rejection(service.delete(viewer('ada'), 'g-1'))).code).toBe('FORBIDDEN');
    expect(await service.delete(viewer('alan', 'ADMIN'), 'g-1')).toBe('g-1');
    expect(await service.delete(viewer('owner'), 'g-1')).toBe('g-1');
  });
});

describe('GroupService: invite codes', () => {
  it('lets group moderators create codes and refuses plain members', async () => {
    const { service } = community({ members: { owner: 'OWNER', mod: 'MODERATOR', ada: 'MEMBER' } });
    expect((await rejection(service.createInvite(viewer('ada'), { groupId: 'g-1', expiresAt: null, maxUses: null }))).message).toBe(
      'You need the group MODERATOR role or higher to create invite codes for group g-1; you are MEMBER',
    );
    expect(await service.createInvite(viewer('mod'), { groupId: 'g-1', expiresAt: null, maxUses: 2 })).toMatchObject({
      code: 'CODE0',
      maxUses: 2,
      createdById: 'mod',
    });
  });

  it('takes one use per redemption (case-insensitive), none for members redeeming again, and says when it is used up', async () => {
    const { service, invites, members } = community({ joinPolicy: 'INVITE_ONLY' });
    const invite = await service.createInvite(viewer('owner'), { groupId: 'g-1', expiresAt: null, maxUses: 1 });
    await service.redeemInvite(viewer('ada'), invite.code.toLowerCase());
    await service.redeemInvite(viewer('ada'), invite.code);
    expect(invites.get(invite.id)?.uses).toBe(1);
    expect(members.has('ada')).toBe(true);
    const error = await rejection(service.redeemInvite(viewer('alan'), invite.code));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: `Invite code ${invite.code} is used up (1 of 1 uses)` });
    expect(members.has('alan')).toBe(false);
  });

  it('refuses revoked, expired and unknown codes, saying which', async () => {
    const { service, invites } = community({ joinPolicy: 'INVITE_ONLY' });
    const revoked = await service.createInvite(viewer('owner'), { groupId: 'g-1', expiresAt: null, maxUses: null });
    await service.revokeInvite(viewer('owner'), revoked.id);
    const expiring = await service.createInvite(viewer('owner'), {
      groupId: 'g-1',
      expiresAt: new Date(NOW.getTime() + 60_000),
      maxUses: null,
    });
    invites.get(expiring.id)!.expiresAt = new Date(NOW.getTime() - 1);

    expect((await rejection(service.redeemInvite(viewer('ada'), revoked.code))).message).toBe(`Invite code ${revoked.code} was revoked`);
    expect((await rejection(service.redeemInvite(viewer('ada'), expiring.code))).message).toMatch(/expired at 2026-03-02T09:59:59.999Z/);
    expect(await rejection(service.redeemInvite(viewer('ada'), 'nope'))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Invite code NOPE was not found',
    });
  });

  it('refuses the banned even with a valid code, and takes no use', async () => {
    const { service, invites } = community({ joinPolicy: 'INVITE_ONLY', bans: ['ada'] });
    const invite = await service.createInvite(viewer('owner'), { groupId: 'g-1', expiresAt: null, maxUses: null });
    expect((await rejection(service.redeemInvite(viewer('ada'), invite.code))).code).toBe('FORBIDDEN');
    expect(invites.get(invite.id)?.uses).toBe(0);
  });
});

describe('GroupService: roles and bans', () => {
  const ranks = { owner: 'OWNER', admin: 'ADMIN', mod: 'MODERATOR', ada: 'MEMBER', alan: 'MEMBER' } as const;

  it('lets the owner name admins and admins name moderators, never at or above their own rank', async () => {
    const { service, members, directory } = community({ members: { ...ranks } });
    await service.setMemberRole(viewer('owner'), { groupId: 'g-1', userId: 'ada', role: 'ADMIN' }, directory);
    expect(members.get('ada')?.role).toBe('ADMIN');
    await service.setMemberRole(viewer('admin'), { groupId: 'g-1', userId: 'alan', role: 'MODERATOR' }, directory);
    expect(members.get('alan')?.role).toBe('MODERATOR');
    const sameRank = await rejection(service.setMemberRole(viewer('admin'), { groupId: 'g-1', userId: 'ada', role: 'MEMBER' }, directory));
    expect(sameRank.message).toBe('As group ADMIN you cannot make ADMIN ada a MEMBER');
    expect(
      (await rejection(service.setMemberRole(viewer('admin'), { groupId: 'g-1', userId: 'mod', role: 'ADMIN' }, directory))).code,
    ).toBe('FORBIDDEN');
    expect(
      (await rejection(service.setMemberRole(viewer('mod'), { groupId: 'g-1', userId: 'alan', role: 'MEMBER' }, directory))).code,
    ).toBe('FORBIDDEN');
  });

  it('treats organization admins as group admins, and user ids outside the directory as unknown', async () => {
    const { service, members, directory } = community({ members: { ...ranks } });
    await service.setMemberRole(viewer('boss', 'ADMIN'), { groupId: 'g-1', userId: 'ada', role: 'MODERATOR' }, directory);
    expect(members.get('ada')?.role).toBe('MODERATOR');
    const unknown = await rejection(
      service.setMemberRole(viewer('owner'), { groupId: 'g-1', userId: 'stranger', role: 'MODERATOR' }, directory),
    );
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: 'User stranger was not found' });
  });

  it('bans below one’s rank: the membership ends and the ban names reason and moderator; a second ban is a CONFLICT', async () => {
    const { service, members, bans, directory } = community({ members: { ...ranks } });
    const ban = await service.ban(viewer('mod'), { groupId: 'g-1', userId: 'ada', reason: 'Spam links' }, directory);
    expect(ban).toMatchObject({ userId: 'ada', reason: 'Spam links', bannedById: 'mod' });
    expect(members.has('ada')).toBe(false);
    expect((await rejection(service.ban(viewer('mod'), { groupId: 'g-1', userId: 'ada', reason: 'Again' }, directory))).code).toBe(
      'CONFLICT',
    );
    expect((await rejection(service.ban(viewer('mod'), { groupId: 'g-1', userId: 'admin', reason: 'No' }, directory))).code).toBe(
      'FORBIDDEN',
    );
    expect((await rejection(service.ban(viewer('mod'), { groupId: 'g-1', userId: 'mod', reason: 'Me' }, directory))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await rejection(service.ban(viewer('ada'), { groupId: 'g-1', userId: 'alan', reason: 'No' }, directory))).code).toBe(
      'FORBIDDEN',
    );

    expect(await service.unban(viewer('mod'), 'g-1', 'ada')).toBe(true);
    expect(await service.unban(viewer('mod'), 'g-1', 'ada')).toBe(false);
    expect(bans.size).toBe(0);
  });

  it('shows members to members and organization admins, never to the banned', async () => {
    const { service, group } = community();
    const page = async () => [];
    const args = { first: 20 };
    expect((await rejection(service.members(viewer('ada'), group, { membership: null, banned: false }, args, page))).code).toBe(
      'FORBIDDEN',
    );
    expect((await service.members(viewer('boss', 'ADMIN'), group, { membership: null, banned: false }, args, page)).edges).toEqual([]);
    expect((await rejection(service.members(viewer('boss', 'ADMIN'), group, { membership: null, banned: true }, args, page))).code).toBe(
      'FORBIDDEN',
    );
  });
});
