import type { Viewer } from '@plaza/auth';
import { DomainError, isUniqueViolation, requireMember, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CommunityRepositories } from '../repositories.ts';
import type { CommunitySettingsRecord } from './settings.repository.ts';
import type { updateCommunitySettingsInput } from './settings.validation.ts';

const defaults = (organizationId: string): CommunitySettingsRecord => ({
  organizationId,
  name: null,
  logoUrl: null,
  primaryColor: null,
  customDomain: null,
  updatedAt: null,
});

export class SettingsService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /** Every member reads the settings; an organization that never saved any gets all-null defaults. */
  async find(viewer: Viewer): Promise<CommunitySettingsRecord> {
    const { organizationId } = requireMember(viewer);
    return (await this.deps.data.repositories(viewer).settings.find(organizationId)) ?? defaults(organizationId);
  }

  /** Admins and owners change them; a custom domain another organization uses is a CONFLICT. */
  async update(viewer: Viewer, changes: z.output<typeof updateCommunitySettingsInput>): Promise<CommunitySettingsRecord> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    try {
      return await this.deps.data.transaction(viewer, ({ settings }) => settings.save(organizationId, userId, changes));
    } catch (error) {
      // Row-level security hides other organizations' settings, so the unique index decides.
      if (changes.customDomain && isUniqueViolation(error, 'customDomain')) {
        throw new DomainError('CONFLICT', `Custom domain ${changes.customDomain} is already in use`, { field: 'customDomain' });
      }
      throw error;
    }
  }
}
