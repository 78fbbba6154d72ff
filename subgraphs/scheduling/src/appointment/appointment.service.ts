import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  afterInstant,
  DomainError,
  instantCursor,
  invalidInput,
  isExclusionViolation,
  notFound,
  requireMember,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type MemberDirectory,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { AppointmentKey, AppointmentRecord, AppointmentStatus } from './appointment.repository.ts';
import type { appointmentFilterArgs, createAppointmentInput } from './appointment.validation.ts';

/** The exclusion constraint of the appointments migration. */
const NO_OVERLAP = 'Appointment_no_overlap';
const MAX_MINUTES = 24 * 60;

const appointmentCursor = (appointment: AppointmentRecord) => instantCursor(appointment.startsAt, appointment.id);

function afterAppointment(args: ConnectionArgs): AppointmentKey | undefined {
  const key = afterInstant(args, 'an appointment');
  return key && { startsAt: key.at, id: key.id };
}

/** Which statuses an appointment may move to from each: finished ones stay finished. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  SCHEDULED: ['CONFIRMED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'],
  CONFIRMED: ['SCHEDULED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

/**
 * Appointments between a staff member and a CRM contact. Moderators and above book them for
 * anyone; a member for themselves. One person's live appointments never overlap: the database's
 * exclusion constraint decides, as for bookings.
 */
export class AppointmentService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories>; members: Pick<MemberDirectory, 'requireActive'> }) {}

  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<AppointmentRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).appointments.findByIds(viewer.organizationId, ids);
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof appointmentFilterArgs>): Promise<Connection<AppointmentRecord>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).appointments.list(organizationId, {
      staffUserId: args.staffUserId,
      contactId: args.contactId,
      from: args.from,
      to: args.to,
      after: afterAppointment(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, appointmentCursor);
  }

  /**
   * One page of appointments per contact, for the contacts of one batch (`Contact.appointments`).
   * Staff (MODERATOR or higher) see every appointment with the contact; other members only those
   * they are the staff member of. A contact of another organization has none here: every row is
   * read within the viewer's organization.
   */
  async listByContacts(
    viewer: Viewer,
    contactIds: readonly string[],
    args: ConnectionArgs & z.output<typeof appointmentFilterArgs>,
  ): Promise<AppointmentRecord[]> {
    const { organizationId, userId, role } = requireMember(viewer);
    return this.deps.data.repositories(viewer).appointments.listByContacts(organizationId, contactIds, {
      staffUserId: roleAtLeast(role, 'MODERATOR') ? null : userId,
      from: args.from,
      to: args.to,
      after: afterAppointment(args),
      take: args.first + 1,
    });
  }

  /** One contact's page from the rows `listByContacts` fetched for it. */
  appointmentsPage(rows: AppointmentRecord[], args: ConnectionArgs): Connection<AppointmentRecord> {
    return toConnection(rows, args.first, appointmentCursor);
  }

  async create(viewer: Viewer, input: z.output<typeof createAppointmentInput>): Promise<AppointmentRecord> {
    const { organizationId, userId, role } = requireMember(viewer);
    const staffUserId = input.staffUserId ?? userId;
    if (staffUserId !== userId && !roleAtLeast(role, 'MODERATOR')) {
      throw new DomainError('FORBIDDEN', `Booking an appointment for someone else needs the MODERATOR role or higher; you are ${role}`, {
        requiredRole: 'MODERATOR',
      });
    }
    if (input.endsAt <= input.startsAt) {
      throw invalidInput('endsAt', `must be after startsAt (${input.endsAt.toISOString()} is not after ${input.startsAt.toISOString()})`);
    }
    if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_MINUTES * 60_000) {
      throw invalidInput('endsAt', `an appointment lasts at most ${MAX_MINUTES} minutes`);
    }
    await this.deps.members.requireActive(viewer, [staffUserId]);
    try {
      return await this.deps.data.transaction(viewer, ({ appointments }) =>
        appointments.create({
          organizationId,
          staffUserId,
          contactId: input.contactId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          location: input.location,
          meetingUrl: input.meetingUrl,
          notes: input.notes,
          createdById: userId,
        }),
      );
    } catch (error) {
      if (!isExclusionViolation(error, NO_OVERLAP)) throw error;
      const [holder] = await this.deps.data
        .repositories(viewer)
        .appointments.findLiveOverlapping(organizationId, staffUserId, input.startsAt, input.endsAt);
      throw new DomainError(
        'CONFLICT',
        `User ${staffUserId} already has an appointment between ${input.startsAt.toISOString()} and ${input.endsAt.toISOString()}` +
          (holder ? ` (appointment ${holder.id})` : ''),
        { conflictingAppointmentId: holder?.id ?? null },
      );
    }
  }

  /** The staff member or a moderator moves an appointment on (confirmed, completed, cancelled, no-show). */
  async setStatus(viewer: Viewer, id: string, status: AppointmentStatus): Promise<AppointmentRecord> {
    const { organizationId, userId, role } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ appointments }) => {
      const [appointment] = await appointments.findByIds(organizationId, [id]);
      if (!appointment) throw notFound('Appointment', id);
      if (appointment.staffUserId !== userId && !roleAtLeast(role, 'MODERATOR')) {
        throw new DomainError(
          'FORBIDDEN',
          `Appointment ${id} is someone else's: changing it needs the MODERATOR role or higher; you are ${role}`,
          {
            requiredRole: 'MODERATOR',
          },
        );
      }
      if (appointment.status === status) return appointment;
      if (!NEXT[appointment.status].includes(status)) {
        throw new DomainError('CONFLICT', `Appointment ${id} is ${appointment.status}; it cannot become ${status}`, {
          status: appointment.status,
        });
      }
      return appointments.setStatus(id, status);
    });
  }
}
