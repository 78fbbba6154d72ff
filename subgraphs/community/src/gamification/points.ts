import type { Db } from '../db.ts';
import type { PointAction } from '../generated/prisma/enums.ts';

/** Points per action an organization starts with (written when it first earns). */
export const DEFAULT_POINT_RULES: Readonly<Record<PointAction, number>> = {
  POST_CREATED: 10,
  COMMENT_CREATED: 3,
  REACTION_RECEIVED: 1,
  LESSON_COMPLETED: 20,
};

export interface LevelDefinition {
  number: number;
  name: string;
  threshold: number;
  color: string;
}

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

/** Writes the default rules and levels once per organization; concurrent first earners are harmless. */
export async function seedGamificationDefaults(tx: Db, organizationId: string): Promise<void> {
  await tx.pointRule.createMany({
    data: Object.entries(DEFAULT_POINT_RULES).map(([action, points]) => ({ organizationId, action: action as PointAction, points })),
    skipDuplicates: true,
  });
  if ((await tx.level.count({ where: { organizationId } })) === 0) {
    await tx.level.createMany({ data: DEFAULT_LEVELS.map((level) => ({ organizationId, ...level })), skipDuplicates: true });
  }
}

export interface PointAward {
  organizationId: string;
  userId: string;
  action: PointAction;
  /** The content the points are for, e.g. { type: 'Post', id }. */
  subject?: { type: string; id: string };
}

/** Appends a ledger entry and adds it to the user's total, both in `tx`, so the total always equals the ledger's sum. */
async function appendEntry(tx: Db, award: PointAward, amount: number): Promise<void> {
  await tx.pointEntry.create({
    data: {
      organizationId: award.organizationId,
      userId: award.userId,
      action: award.action,
      amount,
      subjectType: award.subject?.type ?? null,
      subjectId: award.subject?.id ?? null,
    },
    select: { id: true },
  });
  // One statement, atomic under concurrency: concurrent first awards cannot both insert.
  await tx.$executeRaw`
    INSERT INTO "UserPoints" ("organizationId", "userId", total, "updatedAt")
    VALUES (${award.organizationId}, ${award.userId}, ${amount}, now())
    ON CONFLICT ("organizationId", "userId") DO UPDATE SET total = "UserPoints".total + EXCLUDED.total, "updatedAt" = now()`;
}

/**
 * Awards the points the organization gives for `award.action`, inside the transaction of the
 * action that earns them (pass that `tx`). Seeds the organization's default rules and levels the
 * first time it awards anything. Returns the points awarded (0 when the rule gives none).
 */
export async function awardPoints(tx: Db, award: PointAward): Promise<number> {
  let rule = await tx.pointRule.findUnique({
    where: { organizationId_action: { organizationId: award.organizationId, action: award.action } },
    select: { points: true },
  });
  if (!rule) {
    await seedGamificationDefaults(tx, award.organizationId);
    rule = { points: DEFAULT_POINT_RULES[award.action] };
  }
  if (rule.points === 0) return 0;
  await appendEntry(tx, award, rule.points);
  return rule.points;
}

/**
 * Takes back what was awarded for `award.subject` (e.g. a reaction that was removed): exactly the
 * ledger's net amount for it, whatever the rule says today. Returns the points taken back.
 */
export async function revokePoints(tx: Db, award: PointAward & { subject: { type: string; id: string } }): Promise<number> {
  const net = await tx.pointEntry.aggregate({
    where: {
      organizationId: award.organizationId,
      userId: award.userId,
      action: award.action,
      subjectType: award.subject.type,
      subjectId: award.subject.id,
    },
    _sum: { amount: true },
  });
  const amount = net._sum.amount ?? 0;
  if (amount === 0) return 0;
  await appendEntry(tx, award, -amount);
  return amount;
}
