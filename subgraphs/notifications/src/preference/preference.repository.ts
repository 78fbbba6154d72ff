import type { Db } from '../db.ts';
import type { NotificationChannel } from '../generated/prisma/enums.ts';

/** One stored setting: a member's own (userId set) or the organization's default (userId null). */
export interface SettingRecord {
  userId: string | null;
  type: string;
  channel: NotificationChannel;
  enabled: boolean;
}

export interface SettingChange {
  type: string;
  channel: NotificationChannel;
  /** null removes the row, so the next level down is in force again. */
  enabled: boolean | null;
}

const preferenceColumns = { userId: true, type: true, channel: true, enabled: true } as const;
const defaultColumns = { type: true, channel: true, enabled: true } as const;

export class PreferenceRepository {
  constructor(private readonly db: Db) {}

  findForUsers(organizationId: string, userIds: readonly string[]): Promise<SettingRecord[]> {
    return this.db.notificationPreference.findMany({
      where: { organizationId, userId: { in: [...userIds] } },
      select: preferenceColumns,
    });
  }

  async findDefaults(organizationId: string): Promise<SettingRecord[]> {
    const rows = await this.db.notificationDefault.findMany({ where: { organizationId }, select: defaultColumns });
    return rows.map((row) => ({ ...row, userId: null }));
  }

  async applyForUser(organizationId: string, userId: string, change: SettingChange): Promise<void> {
    const { type, channel, enabled } = change;
    if (enabled === null) {
      await this.db.notificationPreference.deleteMany({ where: { organizationId, userId, type, channel } });
      return;
    }
    await this.db.notificationPreference.upsert({
      where: { organizationId_userId_type_channel: { organizationId, userId, type, channel } },
      create: { organizationId, userId, type, channel, enabled },
      update: { enabled },
      select: { id: true },
    });
  }

  async applyDefault(organizationId: string, updatedById: string, change: SettingChange): Promise<void> {
    const { type, channel, enabled } = change;
    if (enabled === null) {
      await this.db.notificationDefault.deleteMany({ where: { organizationId, type, channel } });
      return;
    }
    await this.db.notificationDefault.upsert({
      where: { organizationId_type_channel: { organizationId, type, channel } },
      create: { organizationId, type, channel, enabled, updatedById },
      update: { enabled, updatedById },
      select: { id: true },
    });
  }
}
