export type { OrganizationRecord as OrganizationMapper } from './organization.repository.ts';
