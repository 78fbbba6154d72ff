import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { NotificationChannel } from '../generated/prisma/enums.ts';

const preferenceSelect = { userId: true, type: true, channel: true, enabled: true } satisfies Prisma.NotificationPreferenceSelect;
const defaultSelect = { type: true, channel: true, enabled: true } satisfies Prisma.NotificationDefaultSelect;

/** A member's own choice for one type on one channel. */
export type PreferenceRecord = Prisma.NotificationPreferenceGetPayload<{ select: typeof preferenceSelect }>;
/** The organization's default for one type on one channel. */
export type DefaultRecord = Prisma.NotificationDefaultGetPayload<{ select: typeof defaultSelect }>;

export interface SettingChange {
  type: string;
  channel: NotificationChannel;
  /** null removes the row, so the next level down is in force again. */
  enabled: boolean | null;
}

export class PreferenceRepository {
  constructor(private readonly db: Db) {}

  findForUsers(organizationId: string, userIds: readonly string[]): Promise<PreferenceRecord[]> {
    return this.db.notificationPreference.findMany({
      where: { organizationId, userId: { in: [...userIds] } },
      select: preferenceSelect,
    });
  }

  findDefaults(organizationId: string): Promise<DefaultRecord[]> {
    return this.db.notificationDefault.findMany({ where: { organizationId }, select: defaultSelect });
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
