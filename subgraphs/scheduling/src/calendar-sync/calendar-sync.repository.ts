import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ExternalBusy } from './external-events.ts';

const connectionSelect = {
  id: true,
  organizationId: true,
  provider: true,
  targetType: true,
  targetId: true,
  externalCalendarId: true,
  externalCalendarName: true,
  feedUrlEncrypted: true,
  accessTokenEncrypted: true,
  refreshTokenEncrypted: true,
  tokenExpiresAt: true,
  webhookUrl: true,
  webhookChannelId: true,
  webhookSecretEncrypted: true,
  syncEnabled: true,
  syncStatus: true,
  lastSyncedAt: true,
  lastError: true,
  etag: true,
  lastModified: true,
  nextSyncAt: true,
  createdById: true,
  createdAt: true,
} satisfies Prisma.CalendarConnectionSelect;

const busySelect = { externalEventId: true, title: true, startsAt: true, endsAt: true } satisfies Prisma.ExternalCalendarEventSelect;

export type CalendarConnectionRecord = Prisma.CalendarConnectionGetPayload<{ select: typeof connectionSelect }>;
export type NewCalendarConnection = Pick<
  CalendarConnectionRecord,
  | 'organizationId'
  | 'provider'
  | 'targetType'
  | 'targetId'
  | 'externalCalendarId'
  | 'externalCalendarName'
  | 'tokenExpiresAt'
  | 'webhookUrl'
  | 'webhookChannelId'
  | 'syncEnabled'
  | 'createdById'
>;
export type CalendarConnectionChanges = Partial<
  Omit<CalendarConnectionRecord, 'id' | 'organizationId' | 'provider' | 'createdById' | 'createdAt'> & { leaseUntil: Date | null }
>;
export type ConnectionTarget = Pick<CalendarConnectionRecord, 'targetType' | 'targetId'>;
/** A busy time with the connection it came from. */
export type ExternalBusyRecord = ExternalBusy & { connectionId: string };

export class CalendarSyncRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<CalendarConnectionRecord[]> {
    return this.db.calendarConnection.findMany({ where: { organizationId, id: { in: [...ids] } }, select: connectionSelect });
  }

  /** Oldest first; optionally those of one target. */
  list(
    organizationId: string,
    target: { targetType?: ConnectionTarget['targetType'] | null; targetId?: string | null },
    take: number,
  ): Promise<CalendarConnectionRecord[]> {
    return this.db.calendarConnection.findMany({
      where: {
        organizationId,
        ...(target.targetType ? { targetType: target.targetType } : {}),
        ...(target.targetId ? { targetId: target.targetId } : {}),
      },
      orderBy: { id: 'asc' },
      take,
      select: connectionSelect,
    });
  }

  count(organizationId: string): Promise<number> {
    return this.db.calendarConnection.count({ where: { organizationId } });
  }

  create(data: NewCalendarConnection): Promise<CalendarConnectionRecord> {
    return this.db.calendarConnection.create({ data, select: connectionSelect });
  }

  update(id: string, changes: CalendarConnectionChanges): Promise<CalendarConnectionRecord> {
    return this.db.calendarConnection.update({ where: { id }, data: changes, select: connectionSelect });
  }

  async delete(id: string): Promise<void> {
    await this.db.calendarConnection.delete({ where: { id } });
  }

  /** Whether another connection already uses a webhook channel id (they are unique across organizations). */
  async channelTaken(channelId: string, exceptId: string | null): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`SELECT id FROM plaza_calendar_connection_of_channel(${channelId})`;
    return rows.some((row) => row.id !== exceptId);
  }

  /** Connections of every organization due for a sync and free of leases: the poller's only read across organizations. */
  findDue(at: Date): Promise<{ organizationId: string; id: string }[]> {
    return this.db.$queryRaw<{ organizationId: string; id: string }[]>`
      SELECT "organizationId", id FROM plaza_calendar_connections_due(${at}::timestamptz)`;
  }

  /** The connection a webhook's channel or subscription id names, in whichever organization. */
  async findByChannel(channelId: string): Promise<{ organizationId: string; id: string } | null> {
    const rows = await this.db.$queryRaw<{ organizationId: string; id: string }[]>`
      SELECT "organizationId", id FROM plaza_calendar_connection_of_channel(${channelId})`;
    return rows[0] ?? null;
  }

  /**
   * Takes the connection's sync lease if no other sync holds it (compare-and-set on leaseUntil):
   * of two instances claiming at once, one wins. False when it is held, or gone.
   */
  async claim(id: string, at: Date, leaseUntil: Date): Promise<boolean> {
    const { count } = await this.db.calendarConnection.updateMany({
      where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: at } }] },
      data: { leaseUntil, syncStatus: 'SYNCING' },
    });
    return count === 1;
  }

  async markDue(ids: readonly string[], at: Date): Promise<void> {
    await this.db.calendarConnection.updateMany({ where: { id: { in: [...ids] } }, data: { nextSyncAt: at } });
  }

  findBusy(connectionId: string): Promise<ExternalBusy[]> {
    return this.db.externalCalendarEvent.findMany({ where: { connectionId }, select: busySelect });
  }

  /** Busy times of the connections overlapping [from, to), earliest first. */
  findBusyOfConnectionsBetween(
    organizationId: string,
    connectionIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<ExternalBusyRecord[]> {
    return this.db.externalCalendarEvent.findMany({
      where: { organizationId, connectionId: { in: [...connectionIds] }, startsAt: { lt: to }, endsAt: { gt: from } },
      orderBy: [{ startsAt: 'asc' }, { externalEventId: 'asc' }],
      select: { ...busySelect, connectionId: true },
    });
  }

  /** Busy times overlapping [from, to) of the enabled connections feeding any of the targets. */
  findBusyOfTargets(organizationId: string, targets: readonly ConnectionTarget[], from: Date, to: Date): Promise<ExternalBusyRecord[]> {
    if (targets.length === 0) return Promise.resolve([]);
    return this.db.externalCalendarEvent.findMany({
      where: {
        organizationId,
        startsAt: { lt: to },
        endsAt: { gt: from },
        connection: { syncEnabled: true, OR: targets.map((target) => ({ targetType: target.targetType, targetId: target.targetId })) },
      },
      orderBy: [{ startsAt: 'asc' }, { externalEventId: 'asc' }],
      select: { ...busySelect, connectionId: true },
    });
  }

  async createBusy(organizationId: string, connectionId: string, busy: readonly ExternalBusy[]): Promise<void> {
    if (busy.length === 0) return;
    await this.db.externalCalendarEvent.createMany({ data: busy.map((entry) => ({ ...entry, organizationId, connectionId })) });
  }

  async updateBusy(connectionId: string, entry: ExternalBusy): Promise<void> {
    await this.db.externalCalendarEvent.update({
      where: { connectionId_externalEventId: { connectionId, externalEventId: entry.externalEventId } },
      data: { title: entry.title, startsAt: entry.startsAt, endsAt: entry.endsAt },
    });
  }

  async deleteBusy(connectionId: string, externalEventIds: readonly string[]): Promise<void> {
    if (externalEventIds.length === 0) return;
    await this.db.externalCalendarEvent.deleteMany({ where: { connectionId, externalEventId: { in: [...externalEventIds] } } });
  }
}
