import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const settingsSelect = {
  organizationId: true,
  name: true,
  logoUrl: true,
  primaryColor: true,
  customDomain: true,
  updatedAt: true,
} satisfies Prisma.CommunitySettingsSelect;

/** An organization's saved settings. */
export type StoredCommunitySettings = Prisma.CommunitySettingsGetPayload<{ select: typeof settingsSelect }>;

/** The settings as read: all-null defaults, with no updatedAt, while the organization has never saved any. */
export type CommunitySettingsRecord = Omit<StoredCommunitySettings, 'updatedAt'> & { updatedAt: Date | null };

export type SettingsChanges = Partial<Pick<CommunitySettingsRecord, 'name' | 'logoUrl' | 'primaryColor' | 'customDomain'>>;

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string): Promise<StoredCommunitySettings | null> {
    return this.db.communitySettings.findUnique({ where: { organizationId }, select: settingsSelect });
  }

  save(organizationId: string, updatedById: string, changes: SettingsChanges): Promise<StoredCommunitySettings> {
    return this.db.communitySettings.upsert({
      where: { organizationId },
      create: { organizationId, updatedById, ...changes },
      update: { updatedById, ...changes },
      select: settingsSelect,
    });
  }
}
