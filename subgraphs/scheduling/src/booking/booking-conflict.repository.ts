import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const conflictSelect = {
  id: true,
  organizationId: true,
  type: true,
  resourceId: true,
  attemptedById: true,
  attemptedStartsAt: true,
  attemptedEndsAt: true,
  conflictingBookingId: true,
  severity: true,
  status: true,
  resolution: true,
  resolvedById: true,
  resolvedAt: true,
  createdAt: true,
} satisfies Prisma.BookingConflictSelect;

export type BookingConflictRecord = Prisma.BookingConflictGetPayload<{ select: typeof conflictSelect }>;
export type NewBookingConflict = Omit<BookingConflictRecord, 'id' | 'createdAt' | 'status' | 'resolution' | 'resolvedById' | 'resolvedAt'>;
export type ConflictFollowUp = Pick<BookingConflictRecord, 'status' | 'resolution' | 'resolvedById' | 'resolvedAt'>;

export class BookingConflictRepository {
  constructor(private readonly db: Db) {}

  create(data: NewBookingConflict): Promise<BookingConflictRecord> {
    return this.db.bookingConflict.create({ data, select: conflictSelect });
  }

  findById(organizationId: string, id: string): Promise<BookingConflictRecord | null> {
    return this.db.bookingConflict.findFirst({ where: { organizationId, id }, select: conflictSelect });
  }

  /** Newest first (ids are time-ordered), keyset-paginated on id. */
  list(organizationId: string, options: { status?: BookingConflictRecord['status'] | null; beforeId?: string; take: number }) {
    return this.db.bookingConflict.findMany({
      where: {
        organizationId,
        ...(options.status ? { status: options.status } : {}),
        ...(options.beforeId ? { id: { lt: options.beforeId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.take,
      select: conflictSelect,
    });
  }

  update(id: string, followUp: ConflictFollowUp): Promise<BookingConflictRecord> {
    return this.db.bookingConflict.update({ where: { id }, data: followUp, select: conflictSelect });
  }
}
