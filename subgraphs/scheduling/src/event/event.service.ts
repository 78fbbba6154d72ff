import type { Viewer } from '@plaza/auth';
import {
  decodeCursor,
  DomainError,
  encodeCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { EventRepository, type EventKey, type EventRecord } from './event.repository.ts';
import type { createEventInput, eventWindowArgs } from './event.validation.ts';

/** Cursor of an event in the (startsAt, id) order. */
export const eventCursor = (event: EventRecord) => encodeCursor([event.startsAt.toISOString(), event.id]);

/** The (startsAt, id) a cursor from `eventCursor` points after, or undefined for the first page. */
export function afterEvent(args: ConnectionArgs): EventKey | undefined {
  if (!args.after) return undefined;
  const [startsAt, id] = decodeCursor(args.after);
  const instant = typeof startsAt === 'string' ? new Date(startsAt) : null;
  if (!instant || Number.isNaN(instant.getTime()) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not an event cursor`, { field: 'after' });
  }
  return { startsAt: instant, id };
}

export class EventService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Events of the viewer's organization by id; ids of other organizations are simply absent. */
  findInOrganizationByIds(viewer: Viewer, ids: readonly string[]): Promise<EventRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return Promise.resolve([]);
    return new EventRepository(this.deps.prisma).findByIds(viewer.organizationId, ids);
  }

  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<EventRecord | null>): Promise<EventRecord> {
    requireMember(viewer);
    const event = await load(id);
    if (!event) throw notFound('Event', id);
    return event;
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof eventWindowArgs>) {
    const { organizationId } = requireMember(viewer);
    const rows = await new EventRepository(this.deps.prisma).list(organizationId, {
      from: args.from,
      to: args.to,
      after: afterEvent(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, eventCursor);
  }

  /** One page of events per host, for the hosts of one batch; every host shares `args`. */
  listByHosts(viewer: Viewer, hostIds: readonly string[], args: ConnectionArgs): Promise<EventRecord[]> {
    const { organizationId } = requireMember(viewer);
    return new EventRepository(this.deps.prisma).listByHosts(organizationId, hostIds, {
      after: afterEvent(args),
      take: args.first + 1,
    });
  }

  /** A host's page from the rows `listByHosts` fetched for them. */
  hostedEventsPage(rows: EventRecord[], args: ConnectionArgs) {
    return toConnection(rows, args.first, eventCursor);
  }

  async create(viewer: Viewer, input: z.output<typeof createEventInput>): Promise<EventRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MODERATOR');
    return new EventRepository(this.deps.prisma).create({
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
