import type { PointAction } from '../generated/prisma/enums.ts';
import type { GamificationRepository, LevelRecord } from './gamification.repository.ts';

/**
 * How points are earned and taken back. Posts, comments and reactions call these inside the
 * transaction of the action that earns, with that transaction's gamification repository.
 */
export type PointsLedger = Pick<
  GamificationRepository,
  'findRulePoints' | 'createMissingRules' | 'countLevels' | 'createLevels' | 'appendEntry' | 'netAmount'
>;

/** Points per action an organization starts with (written when it first earns). */
export const DEFAULT_POINT_RULES: Readonly<Record<PointAction, number>> = {
  POST_CREATED: 10,
  COMMENT_CREATED: 3,
  REACTION_RECEIVED: 1,
  LESSON_COMPLETED: 20,
};

export type LevelDefinition = LevelRecord;

/** Levels an organization starts with; thresholds ascending, the first at 0. */
export const DEFAULT_LEVELS: readonly LevelDefinition[] = [
  { number: 1, name: 'Newcomer', threshold: 0, color: '#9CA3AF' },
  { number: 2, name: 'Regular', threshold: 50, color: '#3B82F6' },
  { number: 3, name: 'Contributor', threshold: 200, color: '#10B981' },
  { number: 4, name: 'Champion', threshold: 500, color: '#F59E0B' },
  { number: 5, name: 'Legend', threshold: 1000, color: '#EF4444' },
];

/** The highest level whose threshold `total` reaches; null when none does (a negative total). */
export function levelFor<Level extends { threshold: number }>(total: number, levels: readonly Level[]): Level | null {
  let reached: Level | null = null;
  for (const level of [...levels].sort((a, b) => a.threshold - b.threshold)) {
    if (total >= level.threshold) reached = level;
  }
  return reached;
}

const defaultRules = () =>
  (Object.keys(DEFAULT_POINT_RULES) as PointAction[]).map((action) => ({ action, points: DEFAULT_POINT_RULES[action] }));

/** Writes the default rules and levels once per organization; concurrent first earners are harmless. */
export async function seedGamificationDefaults(
  ledger: Pick<PointsLedger, 'createMissingRules' | 'countLevels' | 'createLevels'>,
  organizationId: string,
): Promise<void> {
  await ledger.createMissingRules(organizationId, defaultRules());
  if ((await ledger.countLevels(organizationId)) === 0) await ledger.createLevels(organizationId, DEFAULT_LEVELS);
}

export interface PointAward {
  organizationId: string;
  userId: string;
  action: PointAction;
  /** The content the points are for, e.g. { type: 'Post', id }. */
  subject?: { type: string; id: string };
}

const entryOf = (award: PointAward, amount: number) => ({
  organizationId: award.organizationId,
  userId: award.userId,
  action: award.action,
  amount,
  subjectType: award.subject?.type ?? null,
  subjectId: award.subject?.id ?? null,
});

/**
 * Awards the points the organization gives for `award.action`. Seeds the organization's default
 * rules and levels the first time it awards anything. Returns the points awarded (0 when the
 * rule gives none, and then nothing is written to the ledger).
 */
export async function awardPoints(ledger: PointsLedger, award: PointAward): Promise<number> {
  let points = await ledger.findRulePoints(award.organizationId, award.action);
  if (points === null) {
    await seedGamificationDefaults(ledger, award.organizationId);
    points = DEFAULT_POINT_RULES[award.action];
  }
  if (points === 0) return 0;
  await ledger.appendEntry(entryOf(award, points));
  return points;
}

/**
 * Takes back what was awarded for `award.subject` (e.g. a reaction that was removed): exactly the
 * ledger's net amount for it, whatever the rule says today. Returns the points taken back.
 */
export async function revokePoints(ledger: PointsLedger, award: PointAward & { subject: { type: string; id: string } }): Promise<number> {
  const amount = await ledger.netAmount({
    organizationId: award.organizationId,
    userId: award.userId,
    action: award.action,
    subjectType: award.subject.type,
    subjectId: award.subject.id,
  });
  if (amount === 0) return 0;
  await ledger.appendEntry(entryOf(award, -amount));
  return amount;
}
