import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type MemberDirectory,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { CalendarSettingsService } from '../settings/settings.service.ts';
import type { CalendarRecord } from './calendar.repository.ts';
import type { calendarFilterArgs, createCalendarInput, updateCalendarInput } from './calendar.validation.ts';

/**
 * Calendars of an organization: every member reads them all; admins manage the organization's
 * and anyone's, a member their own.
 */
export class CalendarService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      settings: Pick<CalendarSettingsService, 'defaultTimeZone'>;
    },
  ) {}

  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<CalendarRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).calendars.findByIds(viewer.organizationId, ids);
  }

  /** The calendar each resource was created with (the oldest, should there be more). */
  async findByResourceIds(viewer: Viewer, resourceIds: readonly string[]): Promise<CalendarRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    const calendars = await this.deps.data.repositories(viewer).calendars.findByOwners(viewer.organizationId, 'RESOURCE', resourceIds);
    return calendars.filter((calendar, index) => calendars.findIndex((other) => other.ownerId === calendar.ownerId) === index);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<CalendarRecord | null>): Promise<CalendarRecord> {
    requireMember(viewer);
    const calendar = await load(id);
    if (!calendar) throw notFound('Calendar', id);
    return calendar;
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof calendarFilterArgs>): Promise<Connection<CalendarRecord>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).calendars.list(organizationId, {
      ownerType: args.ownerType,
      ownerId: args.ownerId,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  async create(viewer: Viewer, input: z.output<typeof createCalendarInput>): Promise<CalendarRecord> {
    const member = requireMember(viewer);
    let ownerId: string | null = null;
    if (input.ownerType === 'ORGANIZATION') {
      requireRole(viewer, 'ADMIN');
      if (input.ownerId) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `Invalid input: ownerId: must be empty for an ORGANIZATION calendar (got ${input.ownerId})`,
          {
            issues: [{ field: 'ownerId', message: 'must be empty for an ORGANIZATION calendar' }],
          },
        );
      }
    } else {
      ownerId = input.ownerId ?? member.userId;
      if (ownerId !== member.userId) requireRole(viewer, 'ADMIN');
      await this.deps.members.requireActive(viewer, [ownerId]);
    }
    const timeZone = input.timeZone ?? (await this.deps.settings.defaultTimeZone(viewer));
    return this.deps.data.repositories(viewer).calendars.create({
      organizationId: member.organizationId,
      ownerType: input.ownerType,
      ownerId,
      name: input.name,
      timeZone,
      color: input.color,
    });
  }

  async update(viewer: Viewer, id: string, changes: z.output<typeof updateCalendarInput>): Promise<CalendarRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ calendars }) => {
      const [calendar] = await calendars.findByIds(member.organizationId, [id]);
      if (!calendar) throw notFound('Calendar', id);
      assertMayChangeCalendar(calendar, member);
      return calendars.update(id, changes);
    });
  }
}

/** A member changes their own calendar; the organization's, resources' and other members' need ADMIN or higher. */
export function assertMayChangeCalendar(
  calendar: Pick<CalendarRecord, 'id' | 'ownerType' | 'ownerId'>,
  member: { userId: string; role: NonNullable<Viewer['role']> },
): void {
  const ownsIt = calendar.ownerType === 'USER' && calendar.ownerId === member.userId;
  if (ownsIt || roleAtLeast(member.role, 'ADMIN')) return;
  throw new DomainError(
    'FORBIDDEN',
    `Calendar ${calendar.id} belongs to someone else: changing it needs the ADMIN role or higher; you are ${member.role}`,
    { requiredRole: 'ADMIN' },
  );
}
