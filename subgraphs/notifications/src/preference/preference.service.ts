import type { Viewer } from '@plaza/auth';
import { requireMember, requireRole } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import type { NotificationChannel } from '../generated/prisma/enums.ts';
import { CHANNELS, NOTIFICATION_TYPES, notificationTypeNames, type NotificationType } from '../notification/notification-types.ts';
import { PreferenceRepository, type SettingRecord } from './preference.repository.ts';
import type { settingsArgs } from './preference.validation.ts';

/** Where an effective setting comes from, most specific first. */
export type SettingSource = 'USER' | 'ORGANIZATION' | 'BUILT_IN';

export interface EffectiveSetting {
  type: NotificationType;
  channel: NotificationChannel;
  enabled: boolean;
  source: SettingSource;
}

/** Answers "does this user get this type on this channel?" for many users at once. */
export interface ChannelResolver {
  isEnabled(userId: string, type: NotificationType, channel: NotificationChannel): boolean;
}

const keyOf = (type: string, channel: NotificationChannel) => `${type}/${channel}`;

export class PreferenceService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** The viewer's setting for every type and channel, with where each comes from. */
  async listOwn(viewer: Viewer): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireMember(viewer);
    const repository = new PreferenceRepository(this.deps.prisma);
    const [own, defaults] = await Promise.all([repository.findForUsers(organizationId, [userId]), repository.findDefaults(organizationId)]);
    return matrix(own, defaults);
  }

  /** The organization's defaults for every type and channel. Any member may read them. */
  async listDefaults(viewer: Viewer): Promise<EffectiveSetting[]> {
    const { organizationId } = requireMember(viewer);
    return matrix([], await new PreferenceRepository(this.deps.prisma).findDefaults(organizationId));
  }

  /** Applies all changes or none. */
  async updateOwn(viewer: Viewer, args: z.output<typeof settingsArgs>): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireMember(viewer);
    await this.deps.prisma.$transaction(async (tx) => {
      const repository = new PreferenceRepository(tx);
      for (const change of args.input) await repository.applyForUser(organizationId, userId, change);
    });
    return this.listOwn(viewer);
  }

  /** Applies all changes or none. Admins only. */
  async updateDefaults(viewer: Viewer, args: z.output<typeof settingsArgs>): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    await this.deps.prisma.$transaction(async (tx) => {
      const repository = new PreferenceRepository(tx);
      for (const change of args.input) await repository.applyDefault(organizationId, userId, change);
    });
    return this.listDefaults(viewer);
  }

  /** Loads the settings of `userIds` in one organization (two queries) for ingestion. */
  async resolverFor(organizationId: string, userIds: readonly string[]): Promise<ChannelResolver> {
    const repository = new PreferenceRepository(this.deps.prisma);
    const [own, defaults] = await Promise.all([repository.findForUsers(organizationId, userIds), repository.findDefaults(organizationId)]);
    const byUser = new Map<string, Map<string, boolean>>();
    for (const row of own) {
      const settings = byUser.get(row.userId!) ?? new Map<string, boolean>();
      settings.set(keyOf(row.type, row.channel), row.enabled);
      byUser.set(row.userId!, settings);
    }
    const organization = new Map(defaults.map((row) => [keyOf(row.type, row.channel), row.enabled]));
    return {
      isEnabled: (userId, type, channel) =>
        byUser.get(userId)?.get(keyOf(type, channel)) ?? organization.get(keyOf(type, channel)) ?? NOTIFICATION_TYPES[type].channels[channel],
    };
  }
}

function matrix(own: SettingRecord[], defaults: SettingRecord[]): EffectiveSetting[] {
  const mine = new Map(own.map((row) => [keyOf(row.type, row.channel), row.enabled]));
  const organization = new Map(defaults.map((row) => [keyOf(row.type, row.channel), row.enabled]));
  return notificationTypeNames.flatMap((type) =>
    CHANNELS.map((channel): EffectiveSetting => {
      const key = keyOf(type, channel);
      if (mine.has(key)) return { type, channel, enabled: mine.get(key)!, source: 'USER' };
      if (organization.has(key)) return { type, channel, enabled: organization.get(key)!, source: 'ORGANIZATION' };
      return { type, channel, enabled: NOTIFICATION_TYPES[type].channels[channel], source: 'BUILT_IN' };
    }),
  );
}
