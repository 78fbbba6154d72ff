import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from '../notification/notification-types.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import type { DefaultRecord, PreferenceRecord, SettingChange } from './preference.repository.ts';
import { PreferenceService } from './preference.service.ts';

const ORG = 'org-1';

/** Members' settings and organization defaults in memory. */
function settingsWorld() {
  let own: (PreferenceRecord & { organizationId: string })[] = [];
  let defaults: (DefaultRecord & { organizationId: string; updatedById: string })[] = [];
  const apply = <Row extends { type: string; channel: string; enabled: boolean }>(
    rows: Row[],
    matches: (row: Row) => boolean,
    change: SettingChange,
    create: () => Row,
  ) => {
    const rest = rows.filter((row) => !(matches(row) && row.type === change.type && row.channel === change.channel));
    return change.enabled === null ? rest : [...rest, { ...create(), enabled: change.enabled }];
  };
  const data = fakeDataAccess<NotificationsRepositories>({
    preferences: {
      findForUsers: async (organizationId, userIds) =>
        own
          .filter((row) => row.organizationId === organizationId && userIds.includes(row.userId))
          .map(({ userId, type, channel, enabled }) => ({ userId, type, channel, enabled })),
      findDefaults: async (organizationId) =>
        defaults.filter((row) => row.organizationId === organizationId).map(({ type, channel, enabled }) => ({ type, channel, enabled })),
      applyForUser: async (organizationId, userId, change) => {
        own = apply(
          own,
          (row) => row.organizationId === organizationId && row.userId === userId,
          change,
          () => ({ organizationId, userId, ...change, enabled: true }),
        );
      },
      applyDefault: async (organizationId, updatedById, change) => {
        defaults = apply(
          defaults,
          (row) => row.organizationId === organizationId,
          change,
          () => ({ organizationId, updatedById, ...change, enabled: true }),
        );
      },
    },
  });
  return { service: new PreferenceService({ data }), defaults: () => defaults };
}

const viewer = (role: Role, userId = `${role.toLowerCase()}-1`): Viewer => ({ userId, organizationId: ORG, role });

describe('PreferenceService', () => {
  it("resolves each type and channel: the member's choice, else the organization's default, else the built-in one", async () => {
    const { service } = settingsWorld();
    await service.updateDefaults(viewer('ADMIN'), {
      input: [
        { type: 'post.commented', channel: 'EMAIL', enabled: true },
        { type: 'reaction.added', channel: 'IN_APP', enabled: false },
      ],
    });
    const settings = await service.updateOwn(viewer('MEMBER'), { input: [{ type: 'post.commented', channel: 'EMAIL', enabled: false }] });
    const of = (type: string, channel: string) => settings.find((setting) => setting.type === type && setting.channel === channel);
    expect(settings).toHaveLength(Object.keys(NOTIFICATION_TYPES).length * 3);
    expect(of('post.commented', 'EMAIL')).toEqual({ type: 'post.commented', channel: 'EMAIL', enabled: false, source: 'USER' });
    expect(of('reaction.added', 'IN_APP')).toEqual({ type: 'reaction.added', channel: 'IN_APP', enabled: false, source: 'ORGANIZATION' });
    expect(of('invitation.received', 'EMAIL')).toEqual({
      type: 'invitation.received',
      channel: 'EMAIL',
      enabled: true,
      source: 'BUILT_IN',
    });

    const forIngestion = await service.resolverFor(ORG, ['member-1', 'other']);
    expect(forIngestion.isEnabled('member-1', 'post.commented', 'EMAIL')).toBe(false);
    expect(forIngestion.isEnabled('other', 'post.commented', 'EMAIL')).toBe(true);
    expect(forIngestion.isEnabled('other', 'message.received', 'PUSH')).toBe(true);
  });

  it('removes a setting given null, so the level below is in force again', async () => {
    const { service } = settingsWorld();
    await service.updateOwn(viewer('MEMBER'), { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] });
    const reset = await service.updateOwn(viewer('MEMBER'), { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: null }] });
    expect(reset.find((setting) => setting.type === 'user.followed' && setting.channel === 'IN_APP')).toMatchObject({
      enabled: true,
      source: 'BUILT_IN',
    });
  });

  it('lets only admins change the defaults, and changes nothing when refused', async () => {
    const { service, defaults } = settingsWorld();
    const refused = await service
      .updateDefaults(viewer('MODERATOR'), { input: [{ type: 'user.followed', channel: 'IN_APP', enabled: false }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ADMIN role or higher; you are MODERATOR/) });
    expect(defaults()).toEqual([]);
    expect((await service.listDefaults(viewer('VIEWER'))).every((setting) => setting.source === 'BUILT_IN')).toBe(true);
  });

  it('needs a member of an organization', async () => {
    const { service } = settingsWorld();
    await expect(service.listOwn({ userId: null, organizationId: null, role: null })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.listOwn({ userId: 'u1', organizationId: null, role: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
