import type { Db } from '../db.ts';
import { afterKey, columnsOf, firstPerParent } from '../first-per-parent.ts';
import { Prisma } from '../generated/prisma/client.ts';

const appointmentSelect = {
  id: true,
  organizationId: true,
  staffUserId: true,
  contactId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  location: true,
  meetingUrl: true,
  notes: true,
  remindersSent: true,
  createdAt: true,
} satisfies Prisma.AppointmentSelect;

export type AppointmentRecord = Prisma.AppointmentGetPayload<{ select: typeof appointmentSelect }>;
export type AppointmentStatus = AppointmentRecord['status'];
export type NewAppointment = Omit<AppointmentRecord, 'id' | 'createdAt' | 'status' | 'remindersSent'> & { createdById: string };
/** Position of an appointment in the (startsAt, id) order: what a cursor points after. */
export type AppointmentKey = Pick<AppointmentRecord, 'startsAt' | 'id'>;

/** Statuses that hold the staff member's time: the exclusion constraint's partial WHERE. */
const LIVE_APPOINTMENT_STATUSES = ['SCHEDULED', 'CONFIRMED'] as const satisfies readonly AppointmentStatus[];

export class AppointmentRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<AppointmentRecord[]> {
    return this.db.appointment.findMany({ where: { organizationId, id: { in: [...ids] } }, select: appointmentSelect });
  }

  /** By start, keyset-paginated on (startsAt, id); the window keeps appointments overlapping [from, to). */
  list(
    organizationId: string,
    options: {
      staffUserId?: string | null;
      contactId?: string | null;
      from?: Date | null;
      to?: Date | null;
      after?: AppointmentKey;
      take: number;
    },
  ): Promise<AppointmentRecord[]> {
    const { after } = options;
    return this.db.appointment.findMany({
      where: {
        organizationId,
        ...(options.staffUserId ? { staffUserId: options.staffUserId } : {}),
        ...(options.contactId ? { contactId: options.contactId } : {}),
        AND: [
          options.from ? { endsAt: { gt: options.from } } : {},
          options.to ? { startsAt: { lt: options.to } } : {},
          after ? { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] } : {},
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: options.take,
      select: appointmentSelect,
    });
  }

  /**
   * The first `take` appointments (by start, after `after`, overlapping [from, to), of one staff
   * member if given) of each contact, in one statement.
   */
  listByContacts(
    organizationId: string,
    contactIds: readonly string[],
    options: { staffUserId?: string | null; from?: Date | null; to?: Date | null; after?: AppointmentKey; take: number },
  ): Promise<AppointmentRecord[]> {
    if (contactIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<AppointmentRecord[]>(
      firstPerParent({
        columns: columnsOf(appointmentSelect),
        rows: Prisma.sql`"Appointment"`,
        parent: 'contactId',
        order: ['startsAt', 'id'],
        where: Prisma.sql`"organizationId" = ${organizationId} AND "contactId" IN (${Prisma.join([...contactIds])})
          AND ${options.staffUserId ? Prisma.sql`"staffUserId" = ${options.staffUserId}` : Prisma.sql`TRUE`}
          AND ${options.from ? Prisma.sql`"endsAt" > ${options.from}` : Prisma.sql`TRUE`}
          AND ${options.to ? Prisma.sql`"startsAt" < ${options.to}` : Prisma.sql`TRUE`}
          AND ${afterKey('startsAt', options.after && { at: options.after.startsAt, id: options.after.id })}`,
        take: options.take,
      }),
    );
  }

  /** A staff member's live appointments overlapping [from, until), earliest first. */
  findLiveOverlapping(organizationId: string, staffUserId: string, from: Date, until: Date): Promise<AppointmentRecord[]> {
    return this.db.appointment.findMany({
      where: { organizationId, staffUserId, status: { in: [...LIVE_APPOINTMENT_STATUSES] }, startsAt: { lt: until }, endsAt: { gt: from } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: appointmentSelect,
    });
  }

  create(data: NewAppointment): Promise<AppointmentRecord> {
    return this.db.appointment.create({ data, select: appointmentSelect });
  }

  setStatus(id: string, status: AppointmentStatus): Promise<AppointmentRecord> {
    return this.db.appointment.update({ where: { id }, data: { status }, select: appointmentSelect });
  }
}
