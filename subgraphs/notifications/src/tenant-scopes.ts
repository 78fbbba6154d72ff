import type { TenantScope } from '@plaza/subgraph-kit';

/**
 * Background jobs (deliveries, purges) before they pick an organization: no organization, so no
 * tenant row is visible; they only ask which organizations have work, then act in each one's scope.
 */
export const JOB_SCOPE: TenantScope = Object.freeze({ organizationId: null, userId: null });

/** Ingestion works inside the event's organization, for no viewer. */
export const organizationScope = (organizationId: string): TenantScope => ({ organizationId, userId: null });

/** The scope of one recipient's inbox. */
export const inboxScope = (inbox: { organizationId: string; recipientId: string }): TenantScope => ({
  organizationId: inbox.organizationId,
  userId: inbox.recipientId,
});
