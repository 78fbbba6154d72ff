import type { Db } from '../db.ts';

const settingsColumns = { organizationId: true, name: true, logoUrl: true, primaryColor: true, customDomain: true, updatedAt: true } as const;

export interface CommunitySettingsRecord {
  organizationId: string;
  name: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  customDomain: string | null;
  /** Null while the organization has never saved settings. */
  updatedAt: Date | null;
}

export type SettingsChanges = Partial<Pick<CommunitySettingsRecord, 'name' | 'logoUrl' | 'primaryColor' | 'customDomain'>>;

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string): Promise<CommunitySettingsRecord | null> {
    return this.db.communitySettings.findUnique({ where: { organizationId }, select: settingsColumns });
  }

  /** The organization that claimed a custom domain, if any. */
  async findOwnerOfDomain(customDomain: string): Promise<string | null> {
    const row = await this.db.communitySettings.findUnique({ where: { customDomain }, select: { organizationId: true } });
    return row?.organizationId ?? null;
  }

  save(organizationId: string, updatedById: string, changes: SettingsChanges): Promise<CommunitySettingsRecord> {
    return this.db.communitySettings.upsert({
      where: { organizationId },
      create: { organizationId, updatedById, ...changes },
      update: { updatedById, ...changes },
      select: settingsColumns,
    });
  }
}
