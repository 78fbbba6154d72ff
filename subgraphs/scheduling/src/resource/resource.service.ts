import { isRole, type Role, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  invalidInput,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type TenantScope,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { CalendarSettingsService } from '../settings/settings.service.ts';
import { weeklyHoursSchema, type WeeklyHours } from '../time/time.validation.ts';
import type { BlackoutRecord, StoredResource } from './resource.repository.ts';
import type { addBlackoutInput, createResourceInput, updateResourceInput } from './resource.validation.ts';

export interface BlackoutView {
  id: string;
  resourceId: string;
  /** Local dates of the resource's time zone, YYYY-MM-DD, inclusive. */
  startsOn: string;
  endsOn: string;
  reason: string | null;
}

/** A resource as services and GraphQL see it: open hours parsed, blackout dates as local dates. */
export interface ResourceView extends Omit<StoredResource, 'openHours' | 'blackouts' | 'allowedRoles'> {
  openHours: WeeklyHours;
  allowedRoles: Role[];
  blackouts: BlackoutView[];
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const dateColumn = (localDate: string) => new Date(`${localDate}T00:00:00.000Z`);

const toBlackoutView = (blackout: BlackoutRecord): BlackoutView => ({
  ...blackout,
  startsOn: isoDate(blackout.startsOn),
  endsOn: isoDate(blackout.endsOn),
});

// Open hours are written only through weeklyHoursSchema: a row that fails it is corrupt, not input.
const toView = (resource: StoredResource): ResourceView => ({
  ...resource,
  openHours: weeklyHoursSchema.parse(resource.openHours),
  allowedRoles: resource.allowedRoles.filter(isRole),
  blackouts: resource.blackouts.map(toBlackoutView),
});

/** Resources: every member sees them; admins set them up, with their rules and blackout dates. */
export class ResourceService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      settings: Pick<CalendarSettingsService, 'defaultTimeZone'>;
    },
  ) {}

  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ResourceView[]> {
    // An API key reaches them as fields of what it may read (an external request's resource).
    if (!viewer.organizationId || (!viewer.userId && !viewer.apiKey)) return [];
    return (await this.deps.data.repositories(viewer).resources.findByIds(viewer.organizationId, ids)).map(toView);
  }

  /** For work without a signed-in user (an integration's request): the organization's resources by id. */
  async findInOrganization(scope: TenantScope & { organizationId: string }, ids: readonly string[]): Promise<ResourceView[]> {
    return (await this.deps.data.repositories(scope).resources.findByIds(scope.organizationId, ids)).map(toView);
  }

  /**
   * The named resources of the viewer's organization, or (ids null) all of them, oldest first; at
   * most `max`, else BAD_USER_INPUT asking the caller to name them.
   */
  async findForReport(viewer: Viewer, ids: readonly string[] | null, max: number): Promise<ResourceView[]> {
    const { organizationId } = requireMember(viewer);
    const { resources } = this.deps.data.repositories(viewer);
    const rows = ids ? await resources.findByIds(organizationId, ids) : await resources.list(organizationId, { take: max + 1 });
    if (rows.length > max) throw invalidInput('resourceIds', `the organization has more than ${max} resources; name at most ${max}`);
    return rows.map(toView).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<ResourceView | null>): Promise<ResourceView> {
    requireMember(viewer);
    const resource = await load(id);
    if (!resource) throw notFound('Resource', id);
    return resource;
  }

  async list(viewer: Viewer, args: ConnectionArgs): Promise<Connection<ResourceView>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).resources.list(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows.map(toView), args.first, idCursor);
  }

  /** Creates the resource and its calendar together. */
  async create(viewer: Viewer, input: z.output<typeof createResourceInput>): Promise<ResourceView> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const timeZone = input.timeZone ?? (await this.deps.settings.defaultTimeZone(viewer));
    return this.deps.data.transaction(viewer, async ({ resources, calendars }) => {
      const resource = await resources.create({ ...input, organizationId, timeZone });
      await calendars.create({
        organizationId,
        ownerType: 'RESOURCE',
        ownerId: resource.id,
        name: resource.name,
        timeZone,
        color: '#64748b',
      });
      return toView(resource);
    });
  }

  async update(viewer: Viewer, id: string, changes: z.output<typeof updateResourceInput>): Promise<ResourceView> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ resources }) => {
      const [current] = await resources.findByIds(organizationId, [id]);
      if (!current) throw notFound('Resource', id);
      const minDuration = changes.minDurationMinutes ?? current.minDurationMinutes;
      const maxDuration = changes.maxDurationMinutes ?? current.maxDurationMinutes;
      if (maxDuration < minDuration) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `Invalid input: maxDurationMinutes: must be at least minDurationMinutes (${maxDuration} < ${minDuration})`,
          {
            issues: [{ field: 'maxDurationMinutes', message: 'must be at least minDurationMinutes' }],
          },
        );
      }
      return toView(await resources.update(id, changes));
    });
  }

  async addBlackout(viewer: Viewer, input: z.output<typeof addBlackoutInput>): Promise<ResourceView> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ resources }) => {
      const [resource] = await resources.findByIds(organizationId, [input.resourceId]);
      if (!resource) throw notFound('Resource', input.resourceId);
      await resources.addBlackout({
        organizationId,
        resourceId: resource.id,
        startsOn: dateColumn(input.startsOn),
        endsOn: dateColumn(input.endsOn),
        reason: input.reason,
      });
      const [updated] = await resources.findByIds(organizationId, [resource.id]);
      return toView(updated!);
    });
  }

  async removeBlackout(viewer: Viewer, id: string): Promise<ResourceView> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ resources }) => {
      const blackout = await resources.findBlackout(organizationId, id);
      if (!blackout) throw notFound('Resource blackout', id);
      await resources.removeBlackout(id);
      const [updated] = await resources.findByIds(organizationId, [blackout.resourceId]);
      return toView(updated!);
    });
  }
}
