import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { WeeklyHours } from '../time/time.validation.ts';

const blackoutSelect = {
  id: true,
  resourceId: true,
  startsOn: true,
  endsOn: true,
  reason: true,
} satisfies Prisma.ResourceBlackoutSelect;

const resourceSelect = {
  id: true,
  organizationId: true,
  name: true,
  type: true,
  description: true,
  capacity: true,
  timeZone: true,
  openHours: true,
  bufferBeforeMinutes: true,
  bufferAfterMinutes: true,
  minDurationMinutes: true,
  maxDurationMinutes: true,
  leadTimeMinutes: true,
  autoApprove: true,
  allowedRoles: true,
  createdAt: true,
  blackouts: { select: blackoutSelect, orderBy: [{ startsOn: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ResourceSelect;

/** A resource with its blackouts; `openHours` is JSON the service parses. */
export type StoredResource = Prisma.ResourceGetPayload<{ select: typeof resourceSelect }>;
export type BlackoutRecord = Prisma.ResourceBlackoutGetPayload<{ select: typeof blackoutSelect }>;

type Settable = Omit<StoredResource, 'id' | 'organizationId' | 'createdAt' | 'blackouts' | 'openHours'> & { openHours: WeeklyHours };
export type NewResource = Settable & { organizationId: string };
export type ResourceChanges = Partial<Settable>;
export type NewBlackout = Omit<BlackoutRecord, 'id'> & { organizationId: string };

export class ResourceRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<StoredResource[]> {
    return this.db.resource.findMany({ where: { organizationId, id: { in: [...ids] } }, select: resourceSelect });
  }

  /** Oldest first (ids are time-ordered), keyset-paginated on id. */
  list(organizationId: string, options: { afterId?: string; take: number }): Promise<StoredResource[]> {
    return this.db.resource.findMany({
      where: { organizationId, ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: options.take,
      select: resourceSelect,
    });
  }

  create(data: NewResource): Promise<StoredResource> {
    return this.db.resource.create({ data, select: resourceSelect });
  }

  update(id: string, changes: ResourceChanges): Promise<StoredResource> {
    return this.db.resource.update({ where: { id }, data: changes, select: resourceSelect });
  }

  addBlackout(data: NewBlackout): Promise<BlackoutRecord> {
    return this.db.resourceBlackout.create({ data, select: blackoutSelect });
  }

  findBlackout(organizationId: string, id: string): Promise<BlackoutRecord | null> {
    return this.db.resourceBlackout.findFirst({ where: { organizationId, id }, select: blackoutSelect });
  }

  async removeBlackout(id: string): Promise<void> {
    await this.db.resourceBlackout.delete({ where: { id } });
  }
}
