import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { MembershipTier, SpacePostingPolicy, SpaceVisibility } from '../generated/prisma/enums.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import { assertCanPostInSpace, spaceScopeOf } from './space-access.ts';
import type { SpaceMemberRecord, SpaceRecord, SpaceScope } from './space.repository.ts';
import { SpaceService } from './space.service.ts';

const ORG = 'org-1';
const NOW = new Date('2026-03-02T10:00:00Z');

type SpaceRow = SpaceRecord & { deletedAt: Date | null };

/**
 * One organization's spaces in memory. `findByIds` applies a SpaceScope as the repository's SQL
 * filter does, so the tests check the rule that builds the scope (who sees which visibility).
 */
function sidebar(
  spaces: {
    id: string;
    visibility?: SpaceVisibility;
    postingPolicy?: SpacePostingPolicy;
    requiredTier?: MembershipTier;
    organizationId?: string;
    deleted?: boolean;
  }[],
  /** Members' tiers as community's member directory holds them; absent: none arrived (FREE). */
  tiers: Record<string, MembershipTier> = {},
) {
  const rows = new Map<string, SpaceRow>(
    spaces.map((space, position) => [
      space.id,
      {
        id: space.id,
        organizationId: space.organizationId ?? ORG,
        name: space.id,
        description: null,
        icon: null,
        visibility: space.visibility ?? 'PUBLIC',
        postingPolicy: space.postingPolicy ?? 'EVERYONE',
        requiredTier: space.requiredTier ?? null,
        position,
        createdAt: NOW,
        deletedAt: space.deleted ? NOW : null,
      },
    ]),
  );
  const members: SpaceMemberRecord[] = [];
  const visible = (scope: SpaceScope) => (row: SpaceRow) =>
    row.organizationId === scope.organizationId &&
    !row.deletedAt &&
    (scope.visibilities.includes(row.visibility) || members.some((member) => member.spaceId === row.id && member.userId === scope.userId));
  const copy = ({ deletedAt: _deletedAt, ...space }: SpaceRow): SpaceRecord => ({ ...space });
  const spacesRepository: Partial<CommunityRepositories['spaces']> = {
    findMemberTier: async (_organizationId, userId) => tiers[userId] ?? null,
    findByIds: async (scope, ids) =>
      [...rows.values()]
        .filter(visible(scope))
        .filter((row) => ids.includes(row.id))
        .map(copy),
    // Sidebar order; the tests' spaces fit on one page.
    list: async (scope, options) =>
      [...rows.values()]
        .filter(visible(scope))
        .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
        .slice(0, options.take)
        .map(copy),
    nextPosition: async (organizationId) =>
      Math.max(
        -1,
        ...[...rows.values()].filter((row) => row.organizationId === organizationId && !row.deletedAt).map((row) => row.position),
      ) + 1,
    create: async (data) => {
      const row = { id: `s-${rows.size}`, createdAt: NOW, deletedAt: null, ...data };
      rows.set(row.id, row);
      return copy(row);
    },
    update: async (id, changes) => {
      const row = rows.get(id);
      if (!row) throw new Error(`no space ${id}`);
      Object.assign(row, changes);
      return copy(row);
    },
    softDelete: async (id, at) => {
      const row = rows.get(id);
      if (row) row.deletedAt = at;
    },
    addMember: async (organizationId, spaceId, userId) => {
      const existing = members.find((member) => member.spaceId === spaceId && member.userId === userId);
      if (existing) return { ...existing };
      const row = { id: `sm-${members.length}`, spaceId, userId, joinedAt: NOW, lastVisitedAt: null };
      members.push(row);
      return { ...row };
    },
    removeMember: async (spaceId, userId) => {
      const index = members.findIndex((member) => member.spaceId === spaceId && member.userId === userId);
      if (index >= 0) members.splice(index, 1);
      return index >= 0;
    },
    findMembership: async (spaceId, userId) => {
      const row = members.find((member) => member.spaceId === spaceId && member.userId === userId);
      return row ? { ...row } : null;
    },
    markVisited: async (spaceId, userId, at) => {
      const row = members.find((member) => member.spaceId === spaceId && member.userId === userId);
      if (!row) throw new Error('not a member');
      row.lastVisitedAt = at;
      return { ...row };
    },
  };
  const data = fakeDataAccess<CommunityRepositories>({ spaces: spacesRepository });
  const directory: ActiveMembers = {
    loadMany: async (ids) => ids.map((userId) => (userId === 'stranger' ? null : { userId, role: 'MEMBER' })),
  };
  return {
    service: new SpaceService({ data, now: () => NOW }),
    rows,
    members,
    directory,
    spaces: { findByIds: spacesRepository.findByIds!, findMemberTier: spacesRepository.findMemberTier! },
  };
}

const viewer = (userId: string, role: Role = 'MEMBER'): Viewer => ({ userId, organizationId: ORG, role });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('space visibility', () => {
  it('shows PUBLIC and PRIVATE spaces to members, SECRET ones to admins and to the members added to them', async () => {
    expect(spaceScopeOf(viewer('ada')).visibilities).toEqual(['PUBLIC', 'PRIVATE']);
    expect(spaceScopeOf(viewer('boss', 'ADMIN')).visibilities).toEqual(['PUBLIC', 'PRIVATE', 'SECRET']);

    const { service, directory } = sidebar([
      { id: 'open' },
      { id: 'circle', visibility: 'PRIVATE' },
      { id: 'staff', visibility: 'SECRET' },
    ]);
    const names = async (who: Viewer) => (await service.list(who, { first: 20 })).edges.map((edge) => edge.node.id);
    expect(await names(viewer('ada'))).toEqual(['open', 'circle']);
    expect(await names(viewer('boss', 'ADMIN'))).toEqual(['open', 'circle', 'staff']);
    expect(await codeOf(service.join(viewer('ada'), 'staff'))).toBe('NOT_FOUND');

    expect(await codeOf(service.addMember(viewer('mod', 'MODERATOR'), 'staff', 'ada', directory))).toBe('FORBIDDEN');
    await service.addMember(viewer('boss', 'ADMIN'), 'staff', 'ada', directory);
    expect(await names(viewer('ada'))).toEqual(['open', 'circle', 'staff']);
    await service.leave(viewer('ada'), 'staff');
    expect(await names(viewer('ada'))).toEqual(['open', 'circle']);
  });

  it('adds only active members of the organization (NOT_FOUND naming the user)', async () => {
    const { service, directory, members } = sidebar([{ id: 'staff', visibility: 'SECRET' }]);
    const error = await service.addMember(viewer('boss', 'ADMIN'), 'staff', 'stranger', directory).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'User stranger was not found' });
    expect(members).toEqual([]);
  });

  it("hides deleted spaces and other organizations' spaces as if they did not exist", async () => {
    const { service } = sidebar([
      { id: 'gone', deleted: true },
      { id: 'theirs', organizationId: 'org-2' },
    ]);
    expect(await codeOf(service.find(viewer('ada'), 'gone', async () => null))).toBe('NOT_FOUND');
    expect(await codeOf(service.join(viewer('ada'), 'gone'))).toBe('NOT_FOUND');
    expect(await codeOf(service.join(viewer('ada'), 'theirs'))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        service.update(viewer('boss', 'ADMIN'), {
          id: 'theirs',
          name: 'Mine',
          description: undefined,
          icon: undefined,
          visibility: undefined,
          postingPolicy: undefined,
          requiredTier: undefined,
          position: undefined,
        }),
      ),
    ).toBe('NOT_FOUND');
  });
});

describe('posting rules', () => {
  it('apply role, posting policy, visibility and tenancy', async () => {
    const { spaces } = sidebar([
      { id: 'open' },
      { id: 'news', postingPolicy: 'MODERATORS' },
      { id: 'staff', visibility: 'SECRET' },
      { id: 'theirs', organizationId: 'org-2' },
    ]);
    const can = (who: Viewer, spaceId: string) => codeOf(assertCanPostInSpace(spaces, who, spaceId));
    expect(await can(viewer('ada'), 'open')).toBe('OK');
    expect(await can(viewer('vic', 'VIEWER'), 'open')).toBe('FORBIDDEN');
    expect(await can(viewer('ada'), 'news')).toBe('FORBIDDEN');
    expect(await can(viewer('mod', 'MODERATOR'), 'news')).toBe('OK');
    expect(await can(viewer('ada'), 'staff')).toBe('NOT_FOUND');
    expect(await can(viewer('owner', 'OWNER'), 'staff')).toBe('OK');
    expect(await can(viewer('ada'), 'theirs')).toBe('NOT_FOUND');
    expect(await can({ userId: 'ada', organizationId: null, role: null }, 'open')).toBe('FORBIDDEN');
    expect(await can({ userId: null, organizationId: null, role: null }, 'open')).toBe('UNAUTHENTICATED');
  });

  it("refuse a member below the space's required tier with FORBIDDEN naming it; admins and owners pass", async () => {
    const { spaces } = sidebar([{ id: 'pro', requiredTier: 'PRO' }], { pam: 'PRO', ben: 'BASIC', eve: 'ENTERPRISE' });
    const can = (who: Viewer) => codeOf(assertCanPostInSpace(spaces, who, 'pro'));
    expect(await can(viewer('pam'))).toBe('OK');
    expect(await can(viewer('eve'))).toBe('OK');
    expect(await can(viewer('ben'))).toBe('FORBIDDEN');
    expect(await can(viewer('nobody'))).toBe('FORBIDDEN');
    expect(await can(viewer('boss', 'ADMIN'))).toBe('OK');
    await expect(assertCanPostInSpace(spaces, viewer('ben'), 'pro')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Space pro requires the PRO membership tier or higher; your tier is BASIC',
    });
  });

  it('say the same through viewerCanPost, required tier included', async () => {
    const { service, rows } = sidebar([{ id: 'open' }, { id: 'news', postingPolicy: 'MODERATORS' }, { id: 'pro', requiredTier: 'PRO' }]);
    const news = rows.get('news')!;
    const open = rows.get('open')!;
    const pro = rows.get('pro')!;
    const tier = (value: MembershipTier | null) => () => Promise.resolve(value);
    expect(await service.viewerCanPost(viewer('ada'), news, tier(null))).toBe(false);
    expect(await service.viewerCanPost(viewer('mod', 'MODERATOR'), news, tier(null))).toBe(true);
    expect(await service.viewerCanPost(viewer('vic', 'VIEWER'), open, tier(null))).toBe(false);
    expect(await service.viewerCanPost({ userId: null, organizationId: null, role: null }, open, tier(null))).toBe(false);
    expect(await service.viewerCanPost(viewer('ben'), pro, tier('BASIC'))).toBe(false);
    expect(await service.viewerCanPost(viewer('ada'), pro, tier(null))).toBe(false);
    expect(await service.viewerCanPost(viewer('pam'), pro, tier('PRO'))).toBe(true);
    expect(await service.viewerCanPost(viewer('boss', 'ADMIN'), pro, tier(null))).toBe(true);
  });
});

describe('space administration', () => {
  it('lets only admins create, change and delete spaces; a new space goes after the last one', async () => {
    const { service, rows } = sidebar([{ id: 'a' }, { id: 'b' }]);
    const input = {
      name: 'New',
      description: null,
      icon: null,
      visibility: 'PUBLIC' as const,
      postingPolicy: 'EVERYONE' as const,
      requiredTier: null,
    };
    expect(await codeOf(service.create(viewer('mod', 'MODERATOR'), input))).toBe('FORBIDDEN');
    expect(await service.create(viewer('boss', 'ADMIN'), input)).toMatchObject({ name: 'New', position: 2, organizationId: ORG });
    expect(await service.create(viewer('boss', 'ADMIN'), { ...input, position: 7 })).toMatchObject({ position: 7 });
    expect(await codeOf(service.delete(viewer('mod', 'MODERATOR'), 'a'))).toBe('FORBIDDEN');
    expect(await service.delete(viewer('boss', 'ADMIN'), 'a')).toBe('a');
    expect(rows.get('a')?.deletedAt).toEqual(NOW);
  });

  it('reorders the listed spaces, refusing the whole list for one unknown id', async () => {
    const { service, rows } = sidebar([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const reordered = await service.reorder(viewer('boss', 'ADMIN'), { ids: ['c', 'a'] });
    expect(reordered.map((space) => [space.id, space.position])).toEqual([
      ['c', 0],
      ['a', 1],
    ]);
    expect(rows.get('b')?.position).toBe(1);
    expect(await codeOf(service.reorder(viewer('boss', 'ADMIN'), { ids: ['b', 'nope'] }))).toBe('NOT_FOUND');
    expect(rows.get('b')?.position).toBe(1);
  });

  it('tracks visits for members only, and joining twice keeps one membership', async () => {
    const { service, members } = sidebar([{ id: 'open' }]);
    expect(await codeOf(service.markVisited(viewer('ada'), 'open'))).toBe('FORBIDDEN');
    await service.join(viewer('ada'), 'open');
    await service.join(viewer('ada'), 'open');
    expect(members).toHaveLength(1);
    await service.markVisited(viewer('ada'), 'open');
    expect(members[0]?.lastVisitedAt).toEqual(NOW);
  });
});
