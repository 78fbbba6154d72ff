import type { UsageMetric } from '../generated/prisma/enums.ts';

const GiB = 1024 ** 3;

/**
 * Hard limits per billing period of each plan (null: unlimited). Organization subscriptions will
 * name an organization's plan; until they do, an admin applies a plan (`applyUsagePlan`) or sets
 * limits one by one, and an organization that did neither has the free plan's.
 */
export const USAGE_PLANS = {
  free: { AI_TOKENS: 100_000, API_CALLS: 10_000, STORAGE_BYTES: 1 * GiB, SEATS: 5 },
  basic: { AI_TOKENS: 1_000_000, API_CALLS: 100_000, STORAGE_BYTES: 10 * GiB, SEATS: 25 },
  pro: { AI_TOKENS: 10_000_000, API_CALLS: 1_000_000, STORAGE_BYTES: 100 * GiB, SEATS: 100 },
  enterprise: { AI_TOKENS: null, API_CALLS: null, STORAGE_BYTES: null, SEATS: null },
} as const satisfies Record<string, Record<UsageMetric, number | null>>;

export type UsagePlan = keyof typeof USAGE_PLANS;

export const DEFAULT_USAGE_PLAN: UsagePlan = 'free';

export const usagePlanNames = Object.keys(USAGE_PLANS) as [UsagePlan, ...UsagePlan[]];

export const USAGE_METRICS: readonly UsageMetric[] = ['AI_TOKENS', 'API_CALLS', 'STORAGE_BYTES', 'SEATS'];

/** The billing period `at` falls in: the calendar month in UTC (until subscriptions give each organization its own). */
export function billingPeriodOf(at: Date): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)),
    end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)),
  };
}
