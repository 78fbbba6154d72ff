export type { UsageRecordRow as UsageRecordMapper } from './usage.repository.ts';
export type {
  MetricUsage as MetricUsageMapper,
  UsageSummary as UsageSummaryMapper,
  UserUsage as UserUsageMapper,
} from './usage.service.ts';
