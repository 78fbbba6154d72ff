import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const RECORD = graphql(`
  mutation UsageRecord($input: RecordUsageInput!) {
    recordUsage(input: $input) {
      id
      metric
      quantity
      user {
        id
      }
      periodStart
      idempotencyKey
    }
  }
`);
const SET_LIMIT = graphql(`
  mutation UsageSetLimit($metric: UsageMetric!, $limit: Float) {
    setUsageLimit(metric: $metric, limit: $limit) {
      periodStart
    }
  }
`);
const APPLY_PLAN = graphql(`
  mutation UsageApplyPlan($plan: String!) {
    applyUsagePlan(plan: $plan) {
      metrics {
        metric
        limit
        plan
      }
    }
  }
`);
const SUMMARY = graphql(`
  query UsageSummary {
    usage {
      periodStart
      periodEnd
      metrics {
        metric
        used
        limit
        remaining
        plan
      }
    }
  }
`);
const BY_USER = graphql(`
  query UsageByUser($metric: UsageMetric, $userId: ID) {
    usageByUser(metric: $metric, userId: $userId) {
      user {
        id
      }
      metric
      quantity
    }
  }
`);

async function metricOf(viewer: Actor, metric: string) {
  return expectData(await viewer.request(SUMMARY)).usage.metrics.find((entry) => entry.metric === metric)!;
}

describe('usage metering', () => {
  it('totals usage per billing period and per member within the free plan by default', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const recorded = expectData(
      await owner.request(RECORD, { input: { metric: 'AI_TOKENS', quantity: 1500, userId: member.userId, idempotencyKey: 'call-1' } }),
    ).recordUsage;
    const now = new Date();
    expect(recorded).toMatchObject({
      metric: 'AI_TOKENS',
      quantity: 1500,
      user: { id: member.userId },
      periodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    });
    // The same key again records nothing more.
    const again = expectData(
      await owner.request(RECORD, { input: { metric: 'AI_TOKENS', quantity: 1500, userId: member.userId, idempotencyKey: 'call-1' } }),
    ).recordUsage;
    expect(again.id).toBe(recorded.id);
    expectData(await owner.request(RECORD, { input: { metric: 'AI_TOKENS', quantity: 500 } }));
    expectData(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 3, userId: owner.userId } }));

    expect(await metricOf(member, 'AI_TOKENS')).toEqual({
      metric: 'AI_TOKENS',
      used: 2000,
      limit: 100_000,
      remaining: 98_000,
      plan: 'free',
    });
    const rows = expectData(await owner.request(BY_USER, {})).usageByUser;
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        { user: { id: member.userId }, metric: 'AI_TOKENS', quantity: 1500 },
        { user: null, metric: 'AI_TOKENS', quantity: 500 },
        { user: { id: owner.userId }, metric: 'API_CALLS', quantity: 3 },
      ]),
    );
    // Members see their own usage only, and record none.
    expect(expectData(await member.request(BY_USER, { userId: member.userId })).usageByUser).toEqual([
      { user: { id: member.userId }, metric: 'AI_TOKENS', quantity: 1500 },
    ]);
    expectErrorCode(await member.request(BY_USER, {}), 'FORBIDDEN');
    expectErrorCode(await member.request(RECORD, { input: { metric: 'API_CALLS', quantity: 1 } }), 'FORBIDDEN');
    // Bad input.
    expectErrorCode(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 1.5 } }), 'BAD_USER_INPUT');
    expectErrorCode(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 0 } }), 'BAD_USER_INPUT');
    expectErrorCode(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 1, userId: 'not-a-member' } }), 'NOT_FOUND');
    expectErrorCode(await owner.request(APPLY_PLAN, { plan: 'platinum' }), 'BAD_USER_INPUT');
  });

  it('refuses a recording past the hard limit with USAGE_LIMIT_EXCEEDED naming the limit and the period, recording nothing', async () => {
    const owner = await stack.createOrganization();
    expectData(await owner.request(SET_LIMIT, { metric: 'API_CALLS', limit: 10 }));
    expectData(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 8 } }));
    const refused = expectErrorCode(
      await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 3, idempotencyKey: 'k' } }),
      'USAGE_LIMIT_EXCEEDED',
    );
    const summary = expectData(await owner.request(SUMMARY)).usage;
    expect(refused.extensions).toMatchObject({
      metric: 'API_CALLS',
      limit: 10,
      used: 8,
      requested: 3,
      periodStart: summary.periodStart,
      periodEnd: summary.periodEnd,
    });
    expect(refused.message).toBe(
      `Recording 3 API_CALLS would take the organization's use to 11, past its limit of 10 for the period ${summary.periodStart} to ${summary.periodEnd}`,
    );
    expect(await metricOf(owner, 'API_CALLS')).toMatchObject({ used: 8, remaining: 2, plan: null });
    // Exactly to the limit is fine; the refused key was not used up.
    expectData(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 2, idempotencyKey: 'k' } }));
    expect(await metricOf(owner, 'API_CALLS')).toMatchObject({ used: 10, remaining: 0 });
    // Unlimited, then a plan's limits.
    expectData(await owner.request(SET_LIMIT, { metric: 'API_CALLS', limit: null }));
    expectData(await owner.request(RECORD, { input: { metric: 'API_CALLS', quantity: 1_000_000 } }));
    const pro = expectData(await owner.request(APPLY_PLAN, { plan: 'pro' })).applyUsagePlan.metrics;
    expect(pro).toContainEqual({ metric: 'SEATS', limit: 100, plan: 'pro' });
  });

  it('lets concurrent recordings at the limit edge together reach the limit, never pass it', async () => {
    const owner = await stack.createOrganization();
    expectData(await owner.request(SET_LIMIT, { metric: 'AI_TOKENS', limit: 100 }));
    expectData(await owner.request(RECORD, { input: { metric: 'AI_TOKENS', quantity: 40 } }));
    // Twelve recordings of 10 for the 60 left: exactly six fit.
    const results = await Promise.all(
      Array.from({ length: 12 }, () => owner.request(RECORD, { input: { metric: 'AI_TOKENS', quantity: 10 } })),
    );
    const codes = results.map((result) => (result.errors ? result.errors[0]!.extensions?.code : 'OK'));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(6);
    expect(codes.filter((code) => code === 'USAGE_LIMIT_EXCEEDED')).toHaveLength(6);
    expect(await metricOf(owner, 'AI_TOKENS')).toMatchObject({ used: 100, remaining: 0 });
    const rows = expectData(await owner.request(BY_USER, { metric: 'AI_TOKENS' })).usageByUser;
    expect(rows).toEqual([{ user: null, metric: 'AI_TOKENS', quantity: 100 }]);
  });

  it('keeps organizations apart', async () => {
    const first = await stack.createOrganization();
    const second = await stack.createOrganization();
    expectData(await first.request(RECORD, { input: { metric: 'SEATS', quantity: 2, idempotencyKey: 'same-key' } }));
    expectData(await second.request(RECORD, { input: { metric: 'SEATS', quantity: 3, idempotencyKey: 'same-key' } }));
    expect(await metricOf(first, 'SEATS')).toMatchObject({ used: 2 });
    expect(await metricOf(second, 'SEATS')).toMatchObject({ used: 3 });
    expect(expectData(await second.request(BY_USER, {})).usageByUser).toEqual([{ user: null, metric: 'SEATS', quantity: 3 }]);
    // A member of another organization is not a user usage can be attributed to.
    expectErrorCode(await first.request(RECORD, { input: { metric: 'SEATS', quantity: 1, userId: second.userId } }), 'NOT_FOUND');
  });
});
