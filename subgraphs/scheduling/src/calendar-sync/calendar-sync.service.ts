import { createHash, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  invalidInput,
  notFound,
  requireRole,
  type DataAccess,
  type MemberDirectory,
  type MemberViewer,
  type TenantScope,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceService } from '../resource/resource.service.ts';
import type {
  CalendarConnectionChanges,
  CalendarConnectionRecord,
  ConnectionTarget,
  ExternalBusyRecord,
} from './calendar-sync.repository.ts';
import {
  MAX_CONNECTIONS,
  providerSettingsViolation,
  type busyWindowArgs,
  type connectExternalCalendarInput,
  type connectionFilterArgs,
  type updateExternalCalendarInput,
} from './calendar-sync.validation.ts';
import { SyncError, type CalendarProvider, type CalendarProviderName, type SyncSource, type WebhookRequest } from './calendar-providers.ts';
import type { ConnectionSecrets } from './connection-secrets.ts';
import { diffBusyTimes, syncWindow } from './external-events.ts';

/** The poller and the webhooks find their connections before they know the organization. */
const SYNC_SCOPE: TenantScope = { organizationId: null, userId: null };
/** How long a sync holds its connection: longer than a fetch may take, short enough that a crashed instance's hold lapses. */
const LEASE_MS = 2 * 60_000;
/** Longest page of busy times a connection's `events` field returns. */
const MAX_LISTED_EVENTS = 1000;

export interface SyncRunResult {
  /** Connections this run synced (successfully or not); others were held by another instance. */
  synced: number;
  failed: number;
}

/** What the webhook routes answer: JSON, or the plain text a subscription handshake wants echoed. */
export type WebhookAnswer = { status: number; body: unknown } | { status: number; text: string };

type Settings = z.output<typeof updateExternalCalendarInput>;

const sha256 = (text: string) => createHash('sha256').update(text).digest();
/** Compares secrets in constant time (by their hashes, so lengths do not leak either). */
const sameSecret = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

/**
 * External calendars synced into scheduling, whose events block the availability of the
 * resource, member or calendar they feed. A sync takes the connection's lease first, so two
 * instances never sync one connection at once; it fetches outside any transaction, then writes
 * the differences, its status and the feed's validators in one. A failed fetch or an unreadable
 * feed keeps the events of the last good sync and records the error. Connection secrets are
 * sealed with AES-256-GCM and never leave this service.
 */
export class CalendarSyncService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      resources: Pick<ResourceService, 'findVisibleByIds'>;
      secrets: ConnectionSecrets;
      providers: Record<CalendarProviderName, CalendarProvider>;
      /** How long after a sync the poller syncs a connection again. */
      intervalMs: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async list(viewer: Viewer, filter: z.output<typeof connectionFilterArgs>): Promise<CalendarConnectionRecord[]> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.repositories(viewer).calendarSync.list(organizationId, filter, MAX_CONNECTIONS);
  }

  async findVisible(viewer: Viewer, id: string): Promise<CalendarConnectionRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const [connection] = await this.deps.data.repositories(viewer).calendarSync.findByIds(organizationId, [id]);
    if (!connection) throw notFound('External calendar connection', id);
    return connection;
  }

  /** The host of an ICS connection's feed URL: enough to tell feeds apart without showing the secret in the path. */
  feedHostOf(connection: CalendarConnectionRecord): string | null {
    const url = connection.feedUrlEncrypted && this.deps.secrets.open(connection.feedUrlEncrypted, connection.id);
    return url ? new URL(url).host : null;
  }

  /** Busy times of a connection overlapping the window, earliest first. */
  /**
   * The synced events of several connections in one window (one query for a page of connections,
   * through the request's loader): at most MAX_LISTED_EVENTS per connection, earliest first.
   */
  async busyOfConnections(
    viewer: Viewer,
    connectionIds: readonly string[],
    window: z.output<typeof busyWindowArgs>,
  ): Promise<ExternalBusyRecord[]> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data
      .repositories(viewer)
      .calendarSync.findBusyOfConnectionsBetween(organizationId, connectionIds, window.from, window.to);
    const listed = new Map<string, number>();
    return rows.filter((row) => {
      const count = (listed.get(row.connectionId) ?? 0) + 1;
      listed.set(row.connectionId, count);
      return count <= MAX_LISTED_EVENTS;
    });
  }

  async connect(viewer: Viewer, input: z.output<typeof connectExternalCalendarInput>): Promise<CalendarConnectionRecord> {
    const member = requireRole(viewer, 'ADMIN');
    const violation = providerSettingsViolation(input.provider, input, true);
    if (violation) throw invalidInput(violation.field, violation.message);
    await this.requireTarget(viewer, member, input);
    return this.deps.data.transaction(viewer, async ({ calendarSync }) => {
      if ((await calendarSync.count(member.organizationId)) >= MAX_CONNECTIONS)
        throw new DomainError('CONFLICT', `The organization has ${MAX_CONNECTIONS} external calendar connections, the most it may have`);
      if (input.webhookChannelId && (await calendarSync.channelTaken(input.webhookChannelId, null)))
        throw invalidInput('webhookChannelId', `is used by another connection already`);
      const created = await calendarSync.create({
        organizationId: member.organizationId,
        provider: input.provider,
        targetType: input.targetType,
        targetId: input.targetId,
        externalCalendarId: input.externalCalendarId,
        externalCalendarName: input.externalCalendarName,
        tokenExpiresAt: input.tokenExpiresAt,
        webhookUrl: input.webhookUrl,
        webhookChannelId: input.webhookChannelId,
        syncEnabled: input.syncEnabled,
        createdById: member.userId,
      });
      // Sealed once the row has its id: the id is bound into each ciphertext.
      return calendarSync.update(created.id, { ...this.sealed(created.id, input), nextSyncAt: this.now() });
    });
  }

  /** Changes settings; omitted ones stay. A new feed URL or token also forgets the feed's validators and syncs soon. */
  async update(viewer: Viewer, id: string, input: Settings): Promise<CalendarConnectionRecord> {
    requireRole(viewer, 'ADMIN');
    return this.change(viewer, id, async (connection, { calendarSync }) => {
      const violation = providerSettingsViolation(connection.provider, input, false);
      if (violation) throw invalidInput(violation.field, violation.message);
      if (input.webhookChannelId && (await calendarSync.channelTaken(input.webhookChannelId, connection.id)))
        throw invalidInput('webhookChannelId', `is used by another connection already`);
      const source = input.feedUrl !== null || input.accessToken !== null;
      const changes: CalendarConnectionChanges = {
        ...definedOf({
          externalCalendarId: input.externalCalendarId,
          externalCalendarName: input.externalCalendarName,
          tokenExpiresAt: input.tokenExpiresAt,
          webhookUrl: input.webhookUrl,
          webhookChannelId: input.webhookChannelId,
        }),
        ...this.sealed(connection.id, input),
        ...(source ? { etag: null, lastModified: null, nextSyncAt: this.now(), syncStatus: 'PENDING' as const, lastError: null } : {}),
      };
      return calendarSync.update(connection.id, changes);
    });
  }

  /** Disabled, a connection is not synced and its events block nothing; enabled again, it syncs at the next poll. */
  setEnabled(viewer: Viewer, id: string, enabled: boolean): Promise<CalendarConnectionRecord> {
    requireRole(viewer, 'ADMIN');
    return this.change(viewer, id, (connection, { calendarSync }) =>
      calendarSync.update(connection.id, enabled ? { syncEnabled: true, nextSyncAt: this.now() } : { syncEnabled: false }),
    );
  }

  /** Deletes the connection and its events. */
  async delete(viewer: Viewer, id: string): Promise<string> {
    requireRole(viewer, 'ADMIN');
    await this.change(viewer, id, (connection, { calendarSync }) => calendarSync.delete(connection.id));
    return id;
  }

  /** Syncs now, whatever its schedule; CONFLICT while another sync holds it. */
  async syncNow(viewer: Viewer, id: string): Promise<CalendarConnectionRecord> {
    const connection = await this.findVisible(viewer, id);
    if (!connection.syncEnabled) throw new DomainError('CONFLICT', `Connection ${id} is disabled; enable it to sync`);
    const synced = await this.sync(viewer, connection.organizationId, id);
    if (!synced) throw new DomainError('CONFLICT', `Connection ${id} is being synced already; try again in a moment`);
    return synced;
  }

  /** The poller: syncs every enabled connection that is due, each under its lease. */
  async runOnce(): Promise<SyncRunResult> {
    const due = await this.deps.data.repositories(SYNC_SCOPE).calendarSync.findDue(this.now());
    const result: SyncRunResult = { synced: 0, failed: 0 };
    for (const { organizationId, id } of due) {
      // One connection deleted mid-sync (or any other surprise) must not starve the rest.
      const synced = await this.sync({ organizationId, userId: null }, organizationId, id).catch(() => 'failed' as const);
      if (!synced) continue;
      result.synced += 1;
      if (synced === 'failed' || synced.syncStatus === 'ERROR') result.failed += 1;
    }
    return result;
  }

  /**
   * A provider's push notification: every connection it names must exist, be of that provider
   * and present its webhook secret, or nothing changes (403). Then each is due for a sync now.
   */
  async handleWebhook(providerName: CalendarProviderName, request: WebhookRequest): Promise<WebhookAnswer> {
    const reading = this.deps.providers[providerName].readWebhook(request);
    if (reading.kind === 'handshake') return { status: 200, text: reading.reply };
    if (reading.kind === 'invalid') return { status: 400, body: { error: reading.message } };
    const verified: { organizationId: string; id: string }[] = [];
    for (const notification of reading.notifications) {
      const found = await this.deps.data.repositories(SYNC_SCOPE).calendarSync.findByChannel(notification.channelId);
      const scope = found && { organizationId: found.organizationId, userId: null };
      const [connection] = scope ? await this.deps.data.repositories(scope).calendarSync.findByIds(found.organizationId, [found.id]) : [];
      const secret = connection?.webhookSecretEncrypted ? this.deps.secrets.open(connection.webhookSecretEncrypted, connection.id) : null;
      if (!connection || connection.provider !== providerName || secret === null || !sameSecret(secret, notification.secret))
        return { status: 403, body: { error: 'unknown channel or wrong secret' } };
      verified.push({ organizationId: connection.organizationId, id: connection.id });
    }
    const at = this.now();
    for (const organizationId of new Set(verified.map((entry) => entry.organizationId))) {
      await this.deps.data.transaction({ organizationId, userId: null }, ({ calendarSync }) =>
        calendarSync.markDue(
          verified.filter((entry) => entry.organizationId === organizationId).map((entry) => entry.id),
          at,
        ),
      );
    }
    return { status: 202, body: { accepted: verified.length } };
  }

  /**
   * Busy times overlapping [from, to) of the enabled connections feeding a resource or a member,
   * directly or through one of their calendars.
   */
  async busyOfTarget(
    scope: TenantScope,
    organizationId: string,
    target: { type: 'RESOURCE' | 'USER'; id: string },
    from: Date,
    to: Date,
  ): Promise<ExternalBusyRecord[]> {
    const { calendars, calendarSync } = this.deps.data.repositories(scope);
    const owned = await calendars.findByOwners(organizationId, target.type, [target.id]);
    const targets: ConnectionTarget[] = [
      { targetType: target.type, targetId: target.id },
      ...owned.map((calendar) => ({ targetType: 'CALENDAR' as const, targetId: calendar.id })),
    ];
    return calendarSync.findBusyOfTargets(organizationId, targets, from, to);
  }

  private async requireTarget(
    viewer: Viewer,
    member: MemberViewer,
    input: { targetType: ConnectionTarget['targetType']; targetId: string },
  ) {
    if (input.targetType === 'RESOURCE') {
      const [resource] = await this.deps.resources.findVisibleByIds(viewer, [input.targetId]);
      if (!resource) throw notFound('Resource', input.targetId);
    } else if (input.targetType === 'USER') {
      await this.deps.members.requireActive(viewer, [input.targetId]);
    } else {
      const [calendar] = await this.deps.data.repositories(viewer).calendars.findByIds(member.organizationId, [input.targetId]);
      if (!calendar) throw notFound('Calendar', input.targetId);
    }
  }

  private async change<Result>(
    viewer: Viewer,
    id: string,
    work: (connection: CalendarConnectionRecord, repositories: SchedulingRepositories) => Promise<Result>,
  ): Promise<Result> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async (repositories) => {
      const [connection] = await repositories.calendarSync.findByIds(organizationId, [id]);
      if (!connection) throw notFound('External calendar connection', id);
      return work(connection, repositories);
    });
  }

  /** The secrets given, sealed for the connection; those not given are left out (kept). */
  private sealed(connectionId: string, settings: Settings): CalendarConnectionChanges {
    const seal = (value: string | null) => (value === null ? undefined : this.deps.secrets.seal(value, connectionId));
    return definedOf({
      feedUrlEncrypted: seal(settings.feedUrl),
      accessTokenEncrypted: seal(settings.accessToken),
      refreshTokenEncrypted: seal(settings.refreshToken),
      webhookSecretEncrypted: seal(settings.webhookSecret),
    });
  }

  /**
   * Syncs one connection if its lease is free: null when another sync holds it. The fetch runs
   * outside any transaction; the events, status and validators are written in one.
   */
  private async sync(scope: TenantScope, organizationId: string, id: string): Promise<CalendarConnectionRecord | null> {
    const startedAt = this.now();
    const { calendarSync } = this.deps.data.repositories(scope);
    if (!(await calendarSync.claim(id, startedAt, new Date(startedAt.getTime() + LEASE_MS)))) return null;
    const [connection] = await calendarSync.findByIds(organizationId, [id]);
    if (!connection) return null;
    const nextSyncAt = new Date(startedAt.getTime() + this.deps.intervalMs);
    try {
      const outcome = await this.deps.providers[connection.provider].fetchChanges(this.sourceOf(connection), syncWindow(startedAt));
      return await this.deps.data.transaction(scope, async (repositories) => {
        if (outcome.changed) {
          const diff = diffBusyTimes(await repositories.calendarSync.findBusy(connection.id), outcome.busy);
          await repositories.calendarSync.deleteBusy(connection.id, diff.removedIds);
          for (const entry of diff.changed) await repositories.calendarSync.updateBusy(connection.id, entry);
          await repositories.calendarSync.createBusy(organizationId, connection.id, diff.created);
        }
        return repositories.calendarSync.update(connection.id, {
          syncStatus: 'SUCCESS',
          lastSyncedAt: startedAt,
          lastError: null,
          ...(outcome.changed ? { etag: outcome.etag, lastModified: outcome.lastModified } : {}),
          nextSyncAt,
          leaseUntil: null,
        });
      });
    } catch (error) {
      const message = error instanceof SyncError ? error.message : `sync failed: ${error instanceof Error ? error.message : String(error)}`;
      return calendarSync.update(connection.id, { syncStatus: 'ERROR', lastError: message.slice(0, 1000), nextSyncAt, leaseUntil: null });
    }
  }

  private sourceOf(connection: CalendarConnectionRecord): SyncSource {
    const open = (sealed: string | null, what: string) => {
      if (sealed === null) return null;
      const plain = this.deps.secrets.open(sealed, connection.id);
      if (plain === null)
        throw new SyncError(
          `the ${what} does not decrypt: SCHEDULING_CONNECTION_KEY is not the key it was stored with (unset, the key is per process); set it again with updateExternalCalendarConnection`,
        );
      return plain;
    };
    return {
      provider: connection.provider,
      feedUrl: open(connection.feedUrlEncrypted, 'feed URL'),
      accessToken: open(connection.accessTokenEncrypted, 'access token'),
      externalCalendarId: connection.externalCalendarId,
      etag: connection.etag,
      lastModified: connection.lastModified,
    };
  }
}

/** The entries whose value is given (not undefined, not null): Prisma leaves the others as they are. */
function definedOf<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null)) as Partial<{
    [K in keyof T]: NonNullable<T[K]>;
  }>;
}
