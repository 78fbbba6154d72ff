import { parseInput } from '@plaza/subgraph-kit';
import type {
  MetricUsageResolvers,
  MutationResolvers,
  QueryResolvers,
  UsageRecordResolvers,
  UserUsageResolvers,
} from '../generated/graphql.ts';
import { recordUsageInput, usageByUserFilter, usageLimitInput, usagePlanInput } from './usage.validation.ts';

export const usageQueries: QueryResolvers = {
  usage: (_, { at }, { viewer, services }) => services.usage.summary(viewer, at ?? null),
  usageByUser: (_, filter, { viewer, services }) => services.usage.byUser(viewer, parseInput(usageByUserFilter, filter)),
};

export const usageMutations: MutationResolvers = {
  recordUsage: (_, { input }, { viewer, services }) => services.usage.record(viewer, parseInput(recordUsageInput, input)),
  setUsageLimit: (_, args, { viewer, services }) => {
    const { metric, limit } = parseInput(usageLimitInput, args);
    return services.usage.setLimit(viewer, metric, limit);
  },
  applyUsagePlan: (_, { plan }, { viewer, services }) => services.usage.applyPlan(viewer, parseInput(usagePlanInput, plan)),
};

export const UsageRecord: UsageRecordResolvers = {
  quantity: (record) => Number(record.quantity),
  user: (record) => (record.userId ? { id: record.userId } : null),
};

export const MetricUsage: MetricUsageResolvers = {
  used: (usage) => Number(usage.used),
  limit: (usage) => (usage.hardLimit === null ? null : Number(usage.hardLimit)),
  remaining: (usage) => (usage.hardLimit === null ? null : Math.max(0, Number(usage.hardLimit - usage.used))),
};

export const UserUsage: UserUsageResolvers = {
  quantity: (usage) => Number(usage.quantity),
  user: (usage) => (usage.userId ? { id: usage.userId } : null),
};
