import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  decodeCursor,
  encodeCursor,
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
import type { EventKey, EventRecord } from './event.repository.ts';
import type { createEventInput, eventWindowArgs } from './event.validation.ts';

/** Cursor of an event in the (startsAt, id) order. */
const eventCursor = (event: EventRecord) => encodeCursor([event.startsAt.toISOString(), event.id]);

/** The (startsAt, id) a cursor from `eventCursor` points after, or undefined for the first page. */
function afterEvent(args: ConnectionArgs): EventKey | undefined {
  if (!args.after) return undefined;
  const [startsAt, id] = decodeCursor(args.after);
  const instant = typeof startsAt === 'string' ? new Date(startsAt) : null;
  if (!instant || Number.isNaN(instant.getTime()) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not an event cursor`, { field: 'after' });
  }
  return { startsAt: instant, id };
}

/**
 * An event ends after it starts. A rule of the event rather than of one input, so that every
 * write — a new event now, a moved start or end later — is held to it; answered like an input
 * error, naming the field.
 */
function assertEndsAfterStart({ startsAt, endsAt }: Pick<EventRecord, 'startsAt' | 'endsAt'>): void {
  if (endsAt > startsAt) return;
  const message = 'must be after startsAt';
  throw new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: endsAt: ${message} (${endsAt.toISOString()} is not after ${startsAt.toISOString()})`,
    {
      issues: [{ field: 'endsAt', message }],
    },
  );
}

/** Events belong to one organization: every member reads them, moderators and above schedule them. */
export class EventService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories>; members: Pick<MemberDirectory, 'requireActive'> }) {}

  /** Events of the viewer's organization by id; ids of other organizations are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<EventRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).events.findByIds(viewer.organizationId, ids);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<EventRecord | null>): Promise<EventRecord> {
    requireMember(viewer);
    const event = await load(id);
    if (!event) throw notFound('Event', id);
    return event;
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof eventWindowArgs>): Promise<Connection<EventRecord>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).events.list(organizationId, {
      from: args.from,
      to: args.to,
      after: afterEvent(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, eventCursor);
  }

  /** One page of events per host, for the hosts of one batch; every host shares `args`. */
  async listByHosts(viewer: Viewer, hostIds: readonly string[], args: ConnectionArgs): Promise<EventRecord[]> {
    const { organizationId } = requireMember(viewer);
    return this.deps.data.repositories(viewer).events.listByHosts(organizationId, hostIds, {
      after: afterEvent(args),
      take: args.first + 1,
    });
  }

  /** A host's page from the rows `listByHosts` fetched for them. */
  hostedEventsPage(rows: EventRecord[], args: ConnectionArgs): Connection<EventRecord> {
    return toConnection(rows, args.first, eventCursor);
  }

  /** Schedules an event hosted by `hostId` (default: the viewer). */
  async create(viewer: Viewer, input: z.output<typeof createEventInput>): Promise<EventRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MODERATOR');
    assertEndsAfterStart(input);
    // The host must be a member of this organization now: another organization's users, and those who left, do not exist here.
    await this.deps.members.requireActive(viewer, [input.hostId]);
    return this.deps.data.repositories(viewer).events.create({
      organizationId,
      title: input.title,
      description: input.description,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      hostId: input.hostId ?? userId,
      capacity: input.capacity,
      location: input.location,
    });
  }
}
