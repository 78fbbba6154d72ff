import type { Viewer } from '@plaza/auth';
import { requireMember, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { NotificationChannel } from '../generated/prisma/enums.ts';
import { CHANNELS, NOTIFICATION_TYPES, notificationTypeNames, type NotificationType } from '../notification/notification-types.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import { organizationScope } from '../tenant-scopes.ts';
import type { DefaultRecord, PreferenceRecord } from './preference.repository.ts';
import type { settingsArgs } from './preference.validation.ts';

/** Where an effective setting comes from, most specific first. */
type SettingSource = 'USER' | 'ORGANIZATION' | 'BUILT_IN';

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

type Setting = Pick<DefaultRecord, 'type' | 'channel' | 'enabled'>;

const keyOf = (type: string, channel: NotificationChannel) => `${type}/${channel}`;
const byKey = (settings: readonly Setting[]) => new Map(settings.map((row) => [keyOf(row.type, row.channel), row.enabled]));

/**
 * Which notifications a member gets on which channel: their own choice beats the organization's
 * default (set by admins), which beats the built-in default of the type.
 */
export class PreferenceService {
  constructor(private readonly deps: { data: DataAccess<NotificationsRepositories> }) {}

  /** The viewer's setting for every type and channel, with where each comes from. */
  async listOwn(viewer: Viewer): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireMember(viewer);
    const { preferences } = this.deps.data.repositories(viewer);
    const [own, defaults] = await Promise.all([
      preferences.findForUsers(organizationId, [userId]),
      preferences.findDefaults(organizationId),
    ]);
    return matrix(own, defaults);
  }

  /** The organization's defaults for every type and channel. Any member may read them. */
  async listDefaults(viewer: Viewer): Promise<EffectiveSetting[]> {
    const { organizationId } = requireMember(viewer);
    return matrix([], await this.deps.data.repositories(viewer).preferences.findDefaults(organizationId));
  }

  /** Applies all changes or none. */
  async updateOwn(viewer: Viewer, args: z.output<typeof settingsArgs>): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireMember(viewer);
    await this.deps.data.transaction(viewer, async ({ preferences }) => {
      for (const change of args.input) await preferences.applyForUser(organizationId, userId, change);
    });
    return this.listOwn(viewer);
  }

  /** Applies all changes or none. Admins only. */
  async updateDefaults(viewer: Viewer, args: z.output<typeof settingsArgs>): Promise<EffectiveSetting[]> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    await this.deps.data.transaction(viewer, async ({ preferences }) => {
      for (const change of args.input) await preferences.applyDefault(organizationId, userId, change);
    });
    return this.listDefaults(viewer);
  }

  /** Loads the settings of `userIds` in one organization (two queries) for ingestion. */
  async resolverFor(organizationId: string, userIds: readonly string[]): Promise<ChannelResolver> {
    const { preferences } = this.deps.data.repositories(organizationScope(organizationId));
    const [own, defaults] = await Promise.all([
      preferences.findForUsers(organizationId, userIds),
      preferences.findDefaults(organizationId),
    ]);
    const byUser = new Map<string, PreferenceRecord[]>();
    for (const row of own) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    const users = new Map([...byUser].map(([userId, rows]) => [userId, byKey(rows)]));
    const organization = byKey(defaults);
    return {
      isEnabled: (userId, type, channel) =>
        users.get(userId)?.get(keyOf(type, channel)) ??
        organization.get(keyOf(type, channel)) ??
        NOTIFICATION_TYPES[type].channels[channel],
    };
  }
}

function matrix(own: readonly Setting[], defaults: readonly Setting[]): EffectiveSetting[] {
  const mine = byKey(own);
  const organization = byKey(defaults);
  return notificationTypeNames.flatMap((type) =>
    CHANNELS.map((channel): EffectiveSetting => {
      const key = keyOf(type, channel);
      const userChoice = mine.get(key);
      if (userChoice !== undefined) return { type, channel, enabled: userChoice, source: 'USER' };
      const organizationDefault = organization.get(key);
      if (organizationDefault !== undefined) return { type, channel, enabled: organizationDefault, source: 'ORGANIZATION' };
      return { type, channel, enabled: NOTIFICATION_TYPES[type].channels[channel], source: 'BUILT_IN' };
    }),
  );
}
