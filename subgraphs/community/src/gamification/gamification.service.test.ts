import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { PointAction } from '../generated/prisma/enums.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { LevelRecord, NewPointEntry } from './gamification.repository.ts';
import { GamificationService, periodStart } from './gamification.service.ts';
import { DEFAULT_LEVELS, awardPoints, levelFor, revokePoints } from './points.ts';

const ORG = 'org-1';

/** An organization's points in memory: rules, levels, the ledger and the running totals. */
function ledger(options: { rules?: Partial<Record<PointAction, number>> } = {}) {
  const rules = new Map<PointAction, number>(Object.entries(options.rules ?? {}) as [PointAction, number][]);
  let levels: LevelRecord[] = [];
  const entries: (NewPointEntry & { id: string; createdAt: Date })[] = [];
  const totals = new Map<string, number>();
  const writes = { ruleSeeds: 0, levelSeeds: 0 };
  const gamification: Partial<CommunityRepositories['gamification']> = {
    findRulePoints: async (_organizationId, action) => rules.get(action) ?? null,
    createMissingRules: async (_organizationId, defaults) => {
      writes.ruleSeeds++;
      for (const rule of defaults) if (!rules.has(rule.action)) rules.set(rule.action, rule.points);
    },
    listRules: async () => [...rules].map(([action, points]) => ({ action, points })),
    setRule: async (_organizationId, action, points) => {
      rules.set(action, points);
      return { action, points };
    },
    countLevels: async () => levels.length,
    createLevels: async (_organizationId, added) => {
      writes.levelSeeds++;
      levels.push(...added.map((level) => ({ ...level })));
    },
    listLevels: async () => levels.map((level) => ({ ...level })),
    replaceLevels: async (_organizationId, replaced) => {
      levels = replaced.map((level) => ({ ...level }));
    },
    appendEntry: async (entry) => {
      entries.push({ ...entry, id: `pe-${entries.length}`, createdAt: new Date() });
      totals.set(entry.userId, (totals.get(entry.userId) ?? 0) + entry.amount);
    },
    netAmount: async (key) =>
      entries
        .filter(
          (e) => e.userId === key.userId && e.action === key.action && e.subjectType === key.subjectType && e.subjectId === key.subjectId,
        )
        .reduce((sum, e) => sum + e.amount, 0),
  };
  return { gamification, rules, entries, totals, writes, levels: () => levels };
}

const ledgerOf = (fake: ReturnType<typeof ledger>) =>
  fakeDataAccess<CommunityRepositories>({ gamification: fake.gamification }).repositories({ organizationId: ORG, userId: null })
    .gamification;
const viewer = (userId: string, role: Role = 'MEMBER'): Viewer => ({ userId, organizationId: ORG, role });

describe('points', () => {
  it("awards the organization's points for an action and keeps the total equal to the ledger", async () => {
    const fake = ledger({ rules: { POST_CREATED: 10, REACTION_RECEIVED: 2 } });
    const repository = ledgerOf(fake);
    expect(
      await awardPoints(repository, { organizationId: ORG, userId: 'ada', action: 'POST_CREATED', subject: { type: 'Post', id: 'p1' } }),
    ).toBe(10);
    expect(
      await awardPoints(repository, {
        organizationId: ORG,
        userId: 'ada',
        action: 'REACTION_RECEIVED',
        subject: { type: 'Reaction', id: 'r1' },
      }),
    ).toBe(2);
    expect(fake.entries.map((e) => [e.action, e.amount, e.subjectType, e.subjectId])).toEqual([
      ['POST_CREATED', 10, 'Post', 'p1'],
      ['REACTION_RECEIVED', 2, 'Reaction', 'r1'],
    ]);
    expect(fake.totals.get('ada')).toBe(12);
    expect(fake.writes).toEqual({ ruleSeeds: 0, levelSeeds: 0 });
  });

  it("writes the default rules and levels on an organization's first award, once", async () => {
    const fake = ledger();
    const repository = ledgerOf(fake);
    expect(await awardPoints(repository, { organizationId: ORG, userId: 'ada', action: 'COMMENT_CREATED' })).toBe(3);
    expect(await awardPoints(repository, { organizationId: ORG, userId: 'ada', action: 'POST_CREATED' })).toBe(10);
    expect(fake.writes).toEqual({ ruleSeeds: 1, levelSeeds: 1 });
    expect(Object.fromEntries(fake.rules)).toEqual({ POST_CREATED: 10, COMMENT_CREATED: 3, REACTION_RECEIVED: 1, LESSON_COMPLETED: 20 });
    expect(fake.levels()).toEqual(DEFAULT_LEVELS);
  });

  it('writes nothing to the ledger for an action worth 0 points', async () => {
    const fake = ledger({ rules: { POST_CREATED: 0 } });
    expect(await awardPoints(ledgerOf(fake), { organizationId: ORG, userId: 'ada', action: 'POST_CREATED' })).toBe(0);
    expect(fake.entries).toEqual([]);
  });

  it('takes back exactly what was awarded for a subject, whatever the rule says now, and only once', async () => {
    const fake = ledger({ rules: { REACTION_RECEIVED: 5 } });
    const repository = ledgerOf(fake);
    const award = { organizationId: ORG, userId: 'ada', action: 'REACTION_RECEIVED' as const, subject: { type: 'Reaction', id: 'r1' } };
    await awardPoints(repository, award);
    fake.rules.set('REACTION_RECEIVED', 1);
    expect(await revokePoints(repository, award)).toBe(5);
    expect(await revokePoints(repository, award)).toBe(0);
    expect(fake.entries.map((e) => e.amount)).toEqual([5, -5]);
    expect(fake.totals.get('ada')).toBe(0);
  });

  it('gives the highest level a total reaches, whatever order the levels come in', () => {
    const shuffled = [DEFAULT_LEVELS[2]!, DEFAULT_LEVELS[0]!, DEFAULT_LEVELS[1]!];
    expect(levelFor(0, shuffled)?.name).toBe('Newcomer');
    expect(levelFor(49, shuffled)?.name).toBe('Newcomer');
    expect(levelFor(50, shuffled)?.name).toBe('Regular');
    expect(levelFor(10_000, DEFAULT_LEVELS)?.name).toBe('Legend');
    expect(levelFor(-1, DEFAULT_LEVELS)).toBeNull();
  });
});

describe('GamificationService', () => {
  it('lists the default rules until an admin changes one, and refuses non-admins', async () => {
    const fake = ledger();
    const service = new GamificationService({ data: fakeDataAccess<CommunityRepositories>({ gamification: fake.gamification }) });
    expect(await service.pointRules(viewer('ada'))).toContainEqual({ action: 'POST_CREATED', points: 10 });
    const refused = await service
      .setPointRule(viewer('mod', 'MODERATOR'), { action: 'POST_CREATED', points: 5 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    await service.setPointRule(viewer('boss', 'ADMIN'), { action: 'POST_CREATED', points: 5 });
    expect(await service.pointRules(viewer('ada'))).toContainEqual({ action: 'POST_CREATED', points: 5 });
    expect(await service.pointRules(viewer('ada'))).toContainEqual({ action: 'COMMENT_CREATED', points: 3 });
  });

  it('numbers levels 1, 2, 3 in the order given, and serves the defaults until then', async () => {
    const fake = ledger();
    const service = new GamificationService({ data: fakeDataAccess<CommunityRepositories>({ gamification: fake.gamification }) });
    expect(await service.levels(viewer('ada'))).toEqual(DEFAULT_LEVELS);
    const levels = await service.setLevels(viewer('boss', 'ADMIN'), {
      levels: [
        { name: 'Seed', threshold: 0, color: '#000000' },
        { name: 'Tree', threshold: 100, color: '#00FF00' },
      ],
    });
    expect(levels.map((level) => [level.number, level.name])).toEqual([
      [1, 'Seed'],
      [2, 'Tree'],
    ]);
    expect(await service.levels(viewer('ada'))).toEqual(levels);
  });

  it('ranks users with equal points equally, from the totals for all time and from the ledger for a week', async () => {
    const calls: string[] = [];
    const data = fakeDataAccess<CommunityRepositories>({
      gamification: {
        leaderboardAllTime: async () => {
          calls.push('totals');
          return [
            { userId: 'a', points: 30 },
            { userId: 'b', points: 30 },
            { userId: 'c', points: 10 },
          ];
        },
        leaderboardSince: async (_organizationId, since) => {
          calls.push(`ledger since ${since.toISOString()}`);
          return [{ userId: 'c', points: 4 }];
        },
      },
    });
    // A Wednesday: the week started on Monday the 2nd.
    const service = new GamificationService({ data, now: () => new Date('2026-03-04T15:00:00Z') });
    expect(
      (await service.leaderboard(viewer('ada'), { period: 'ALL_TIME', first: 10 })).map((entry) => [entry.userId, entry.rank]),
    ).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
    expect(await service.leaderboard(viewer('ada'), { period: 'WEEK', first: 10 })).toEqual([{ userId: 'c', points: 4, rank: 1 }]);
    expect(calls).toEqual(['totals', 'ledger since 2026-03-02T00:00:00.000Z']);
  });

  it("lets members read their own ledger and admins anyone's", async () => {
    const data = fakeDataAccess<CommunityRepositories>({ gamification: { listEntries: async () => [] } });
    const service = new GamificationService({ data });
    expect((await service.entries(viewer('ada'), null, { first: 20 })).edges).toEqual([]);
    expect(await service.entries(viewer('ada'), 'alan', { first: 20 }).catch((error: unknown) => error)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only admins may read the points of user alan',
    });
    expect((await service.entries(viewer('boss', 'ADMIN'), 'alan', { first: 20 })).edges).toEqual([]);
  });

  it('starts weeks on Monday and months on the 1st, in UTC', () => {
    const sunday = new Date('2026-03-08T23:30:00Z');
    expect(periodStart('WEEK', sunday)?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(periodStart('MONTH', sunday)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(periodStart('ALL_TIME', sunday)).toBeNull();
  });
});
