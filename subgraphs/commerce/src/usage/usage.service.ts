import type { Viewer } from '@plaza/auth';
import { DomainError, requireMember, requireRole, type DataAccess, type MemberDirectory } from '@plaza/subgraph-kit';
import type { UsageMetric } from '../generated/prisma/enums.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { isAdmin } from '../viewer.ts';
import { billingPeriodOf, DEFAULT_USAGE_PLAN, USAGE_METRICS, USAGE_PLANS, type UsagePlan } from './usage-plans.ts';
import type { UsageRecordRow } from './usage.repository.ts';

/** A metric's limit in force for an organization, and where it came from. */
export interface MetricLimit {
  metric: UsageMetric;
  hardLimit: bigint | null;
  /** The plan it came from; null when an admin set it directly. */
  plan: string | null;
}

export interface MetricUsage extends MetricLimit {
  used: bigint;
}

export interface UsageSummary {
  periodStart: Date;
  periodEnd: Date;
  metrics: MetricUsage[];
}

/** One member's (null: the organization's) total of a metric in a period. */
export interface UserUsage {
  userId: string | null;
  metric: UsageMetric;
  quantity: bigint;
  periodStart: Date;
  periodEnd: Date;
}

const planLimits = (plan: UsagePlan): MetricLimit[] =>
  USAGE_METRICS.map((metric) => {
    const limit = USAGE_PLANS[plan][metric];
    return { metric, hardLimit: limit === null ? null : BigInt(limit), plan };
  });

/**
 * Usage metering: services and admins record what an organization (and which member) consumed;
 * totals are kept per billing period (billingPeriodOf), and a recording that would take a total
 * past the organization's hard limit is refused with USAGE_LIMIT_EXCEEDED and records nothing.
 * The limit check and the addition are one statement on the total's row (see
 * UsageRepository.addToTotal), so concurrent recordings never pass the limit together.
 */
export class UsageService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommerceRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Limits in force: what admins set, the default plan's for the rest. */
  private async limitsOf(repositories: CommerceRepositories, organizationId: string): Promise<MetricLimit[]> {
    const set = new Map((await repositories.usage.limits(organizationId)).map((row) => [row.metric, row]));
    return planLimits(DEFAULT_USAGE_PLAN).map((fallback) => set.get(fallback.metric) ?? fallback);
  }

  async record(
    viewer: Viewer,
    input: { metric: UsageMetric; quantity: bigint; userId: string | null; idempotencyKey: string | null },
  ): Promise<UsageRecordRow> {
    const admin = requireRole(viewer, 'ADMIN');
    await this.deps.members.requireActive(viewer, [input.userId]);
    const period = billingPeriodOf(this.now());
    return this.deps.data.transaction(admin, async (repositories) => {
      const record = await repositories.usage.createRecord({
        organizationId: admin.organizationId,
        userId: input.userId,
        metric: input.metric,
        quantity: input.quantity,
        periodStart: period.start,
        idempotencyKey: input.idempotencyKey,
        recordedById: admin.userId,
      });
      // The key was used before: that recording stands, and nothing more is counted.
      if (!record) return (await repositories.usage.findByKey(admin.organizationId, input.idempotencyKey!))!;
      const { hardLimit } = (await this.limitsOf(repositories, admin.organizationId)).find((limit) => limit.metric === input.metric)!;
      const total = await repositories.usage.addToTotal(admin.organizationId, input.metric, period.start, input.quantity, hardLimit);
      if (total === null) {
        const used =
          (await repositories.usage.totals(admin.organizationId, period.start)).find((row) => row.metric === input.metric)?.quantity ?? 0n;
        throw new DomainError(
          'USAGE_LIMIT_EXCEEDED',
          `Recording ${input.quantity} ${input.metric} would take the organization's use to ${used + input.quantity}, past its limit of ${hardLimit} for the period ${period.start.toISOString()} to ${period.end.toISOString()}`,
          {
            metric: input.metric,
            limit: Number(hardLimit),
            used: Number(used),
            requested: Number(input.quantity),
            periodStart: period.start.toISOString(),
            periodEnd: period.end.toISOString(),
          },
        );
      }
      return record;
    });
  }

  /** Totals and limits of the billing period `at` falls in (default: now). Any member may read them. */
  async summary(viewer: Viewer, at: Date | null): Promise<UsageSummary> {
    const { organizationId } = requireMember(viewer);
    const period = billingPeriodOf(at ?? this.now());
    const repositories = this.deps.data.repositories(viewer);
    const [limits, totals] = await Promise.all([
      this.limitsOf(repositories, organizationId),
      repositories.usage.totals(organizationId, period.start),
    ]);
    const used = new Map(totals.map((row) => [row.metric, row.quantity]));
    return {
      periodStart: period.start,
      periodEnd: period.end,
      metrics: limits.map((limit) => ({ ...limit, used: used.get(limit.metric) ?? 0n })),
    };
  }

  /** Per member (null: the organization itself) and metric in the period: admins see everyone, members themselves. */
  async byUser(viewer: Viewer, filter: { at: Date | null; metric: UsageMetric | null; userId: string | null }): Promise<UserUsage[]> {
    const member = requireMember(viewer);
    if (!isAdmin(member) && filter.userId !== member.userId)
      throw new DomainError('FORBIDDEN', "Only admins and owners see other members' usage; ask with your own userId", {
        requiredRole: 'ADMIN',
      });
    const period = billingPeriodOf(filter.at ?? this.now());
    const rows = await this.deps.data.repositories(viewer).usage.totalsByUser(member.organizationId, period.start, filter);
    return rows.map((row) => ({ ...row, periodStart: period.start, periodEnd: period.end }));
  }

  /** Sets one metric's hard limit (null: unlimited). Admins and owners only. */
  async setLimit(viewer: Viewer, metric: UsageMetric, hardLimit: bigint | null): Promise<UsageSummary> {
    const admin = requireRole(viewer, 'ADMIN');
    await this.deps.data.transaction(admin, ({ usage }) =>
      usage.setLimits(admin.organizationId, [{ metric, hardLimit, plan: null }], admin.userId),
    );
    return this.summary(viewer, null);
  }

  /** Sets every metric's limit to a plan's. Admins and owners only. */
  async applyPlan(viewer: Viewer, plan: UsagePlan): Promise<UsageSummary> {
    const admin = requireRole(viewer, 'ADMIN');
    await this.deps.data.transaction(admin, ({ usage }) => usage.setLimits(admin.organizationId, planLimits(plan), admin.userId));
    return this.summary(viewer, null);
  }
}
