import { createHmac, randomBytes } from 'node:crypto';
import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  httpStatusOf,
  idCursor,
  notFound,
  parseInput,
  requireOrganizationAccess,
  requireRole,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type MemberDirectory,
  type TenantScope,
} from '@plaza/subgraph-kit';
import { Webhook } from 'standardwebhooks';
import type { z } from 'zod';
import type { BookingService } from '../booking/booking.service.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceService, ResourceView } from '../resource/resource.service.ts';
import type {
  ExternalRequestAttachmentRecord,
  ExternalRequestRecord,
  ExternalRequestSourceRecord,
  ExternalRequestStatus,
} from './external-request.repository.ts';
import {
  externalRequestBody,
  sourceKeySchema,
  type createExternalRequestSourceInput,
  type externalRequestFilterArgs,
  type submitExternalRequestInput,
  type updateExternalRequestStatusInput,
} from './external-request.validation.ts';

type RequestBody = z.output<typeof externalRequestBody>;

/** Where each status may go by `updateStatus`; APPROVED and the rest are final. */
const NEXT_STATUSES: Record<ExternalRequestStatus, readonly ExternalRequestStatus[]> = {
  PENDING: ['PROCESSING', 'APPROVED', 'REJECTED', 'CANCELLED'],
  PROCESSING: ['APPROVED', 'REJECTED', 'CANCELLED'],
  APPROVED: [],
  REJECTED: [],
  CANCELLED: [],
};
const OPEN_STATUSES = ['PENDING', 'PROCESSING'] as const satisfies readonly ExternalRequestStatus[];
const statusesLeadingTo = (target: ExternalRequestStatus) =>
  (Object.keys(NEXT_STATUSES) as ExternalRequestStatus[]).filter((from) => NEXT_STATUSES[from].includes(target));

/** What a webhook call is answered with: the route writes it as the HTTP response. */
export interface WebhookAnswer {
  status: number;
  body: unknown;
}

/**
 * Requests from outside Plaza: integrations submit them with an API key or a signed webhook,
 * members through the API; admins assign, process and convert them. A resend of the same
 * (organization, source, external id) returns the request already stored and records nothing.
 * A BOOKING request for a resource that approves automatically is booked on intake.
 */
export class ExternalRequestService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      resources: Pick<ResourceService, 'findInOrganization'>;
      bookings: Pick<BookingService, 'place'>;
      /** PLAZA_EXTERNAL_REQUEST_SIGNING_KEY: every source's webhook secret is derived from it. */
      signingKey: string;
    },
  ) {}

  /** By an API key with scheduling:write (the plugin checked the scope) or by a member. */
  submit(viewer: Viewer, input: z.output<typeof submitExternalRequestInput>): Promise<ExternalRequestRecord> {
    const { organizationId } = requireOrganizationAccess(viewer, 'MEMBER');
    const { source, ...body } = input;
    return this.intake({ organizationId, userId: viewer.userId }, source, body);
  }

  /**
   * A signed webhook POST: Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
   * `webhook-signature`), HMAC-SHA256 with the source's secret over `id.timestamp.body`, at most
   * five minutes old. Nothing is read from the body before the signature holds.
   */
  async receiveWebhook(
    organizationId: string,
    sourceKey: string,
    body: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookAnswer> {
    const key = sourceKeySchema.safeParse(sourceKey);
    const scope = { organizationId, userId: null };
    const source = key.success ? await this.deps.data.repositories(scope).externalRequests.findSource(organizationId, key.data) : null;
    if (!source) return { status: 404, body: { error: `No external request source ${sourceKey} in organization ${organizationId}` } };
    try {
      new Webhook(this.secretOf(source)).verify(body, singleValued(headers));
    } catch (error) {
      return {
        status: 401,
        body: { error: `Webhook signature verification failed: ${error instanceof Error ? error.message : String(error)}` },
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'The body is not JSON' } };
    }
    try {
      const request = await this.intake(scope, source.key, parseInput(externalRequestBody, json));
      return { status: 200, body: { id: request.id, status: request.status, bookingId: request.bookingId } };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { status: httpStatusOf(error.code), body: { error: error.message, code: error.code, ...error.details } };
    }
  }

  private async intake(scope: TenantScope & { organizationId: string }, source: string, body: RequestBody): Promise<ExternalRequestRecord> {
    const { organizationId } = scope;
    const { attachments, ...fields } = body;
    const resource = fields.requestedResourceId ? await this.requestedResource(scope, fields.requestedResourceId) : null;
    const { request, received } = await this.deps.data.transaction(scope, async ({ externalRequests, outbox }) => {
      const inserted = await externalRequests.insertIfNew({
        organizationId,
        source,
        ...fields,
        payload: fields.payload as Record<string, never>,
        submittedById: scope.userId,
      });
      const stored = await externalRequests.findByExternalId(organizationId, source, fields.externalId);
      if (!stored) throw new Error(`External request ${source}/${fields.externalId} vanished after its insert`);
      if (!inserted) return { request: stored, received: false };
      await externalRequests.addAttachments(
        organizationId,
        stored.id,
        attachments.map(({ contentBase64, ...file }) => ({ ...file, content: contentBase64 })),
      );
      await outbox.record({
        type: 'scheduling.external_request.received',
        organizationId,
        actorId: scope.userId,
        subject: { type: 'ExternalRequest', id: stored.id },
        payload: {
          requestId: stored.id,
          source: stored.source,
          externalId: stored.externalId,
          requestType: stored.type,
          priority: stored.priority,
          summary: stored.subject,
        },
      });
      return { request: stored, received: true };
    });
    if (!received || !resource?.autoApprove) return request;
    return this.convertOnIntake(scope, request, resource);
  }

  /**
   * The resource approves bookings automatically, so the request is booked at once. When the
   * time is taken or breaks a rule of the resource, the request stays PENDING for an admin with
   * the reason in its processing notes: the integration's request is kept either way.
   */
  private async convertOnIntake(
    scope: TenantScope,
    request: ExternalRequestRecord,
    resource: ResourceView,
  ): Promise<ExternalRequestRecord> {
    try {
      return await this.book(scope, request, resource, { actorId: scope.userId, bookedById: scope.userId ?? request.id });
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'CONFLICT' && error.code !== 'BAD_USER_INPUT')) throw error;
      const noted = await this.deps.data
        .repositories(scope)
        .externalRequests.update(request.id, ['PENDING'], { processingNotes: `Not booked automatically: ${error.message}` });
      return noted ?? request;
    }
  }

  /** Books the request's slot and marks it APPROVED and linked, in one transaction. */
  private async book(
    scope: TenantScope,
    request: ExternalRequestRecord,
    resource: ResourceView,
    by: { actorId: string | null; bookedById: string },
  ): Promise<ExternalRequestRecord> {
    let converted: ExternalRequestRecord | null = null;
    await this.deps.bookings.place(
      scope,
      {
        organizationId: request.organizationId,
        resource,
        startsAt: request.requestedStartsAt!,
        endsAt: request.requestedEndsAt!,
        notes: request.subject,
        source: 'EXTERNAL_REQUEST',
        ...by,
      },
      async ({ externalRequests }, booking) => {
        converted = await externalRequests.update(request.id, OPEN_STATUSES, { status: 'APPROVED', bookingId: booking.id });
        if (!converted) throw stale(request, 'converted to a booking');
      },
    );
    return converted!;
  }

  /**
   * An admin books a BOOKING request's slot through the booking rules; the booking is the
   * submitting member's, or the admin's for an integration's request. CONFLICT (with
   * `conflictingBookingId`) leaves the request as it was.
   */
  async convertToBooking(viewer: Viewer, id: string): Promise<ExternalRequestRecord> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    const request = await this.findOwn(viewer, organizationId, id);
    if (request.type !== 'BOOKING' || !request.requestedResourceId) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `External request ${id} is a ${request.type} request; only BOOKING requests become bookings`,
        {
          type: request.type,
        },
      );
    }
    if (!(OPEN_STATUSES as readonly string[]).includes(request.status)) throw stale(request, 'converted to a booking');
    const resource = await this.requestedResource({ organizationId, userId }, request.requestedResourceId);
    return this.book(viewer, request, resource, { actorId: userId, bookedById: request.submittedById ?? userId });
  }

  async assign(viewer: Viewer, id: string, assigneeId: string | null): Promise<ExternalRequestRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const request = await this.findOwn(viewer, organizationId, id);
    await this.deps.members.requireActive(viewer, [assigneeId]);
    const assigned = await this.deps.data.repositories(viewer).externalRequests.update(id, OPEN_STATUSES, { assigneeId });
    if (!assigned) throw stale(request, 'assigned');
    return assigned;
  }

  async updateStatus(viewer: Viewer, id: string, input: z.output<typeof updateExternalRequestStatusInput>): Promise<ExternalRequestRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const request = await this.findOwn(viewer, organizationId, id);
    if (input.status === 'APPROVED' && request.type === 'BOOKING') {
      throw new DomainError(
        'BAD_USER_INPUT',
        `External request ${id} is a BOOKING request: it is approved by convertExternalRequestToBooking, which books its slot`,
        { field: 'status' },
      );
    }
    const from = statusesLeadingTo(input.status);
    const updated = await this.deps.data.repositories(viewer).externalRequests.update(id, from, {
      status: input.status,
      processingNotes: input.processingNotes ?? request.processingNotes,
    });
    if (!updated) {
      throw new DomainError(
        'CONFLICT',
        `External request ${id} is ${request.status}; only a ${from.join(' or ')} request can become ${input.status}`,
        {
          status: request.status,
        },
      );
    }
    return updated;
  }

  async list(
    viewer: Viewer,
    args: ConnectionArgs & z.output<typeof externalRequestFilterArgs>,
  ): Promise<Connection<ExternalRequestRecord>> {
    const { organizationId } = requireOrganizationAccess(viewer, 'ADMIN');
    const rows = await this.deps.data.repositories(viewer).externalRequests.list(organizationId, {
      status: args.status,
      type: args.type,
      source: args.source,
      beforeId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ExternalRequestRecord[]> {
    if (!viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).externalRequests.findByIds(viewer.organizationId, ids);
  }

  /** Admins, and API keys with scheduling:read (an integration checking on what it sent). */
  async findVisible(viewer: Viewer, id: string): Promise<ExternalRequestRecord> {
    const { organizationId } = requireOrganizationAccess(viewer, 'ADMIN');
    return this.findOwn(viewer, organizationId, id);
  }

  attachmentsOf(viewer: Viewer, requestIds: readonly string[]): Promise<ExternalRequestAttachmentRecord[]> {
    if (!viewer.organizationId) return Promise.resolve([]);
    return this.deps.data.repositories(viewer).externalRequests.attachmentsOf(viewer.organizationId, requestIds);
  }

  /** Sets up a webhook source; its signing secret is in the answer, and nowhere afterwards. */
  async createSource(
    viewer: Viewer,
    input: z.output<typeof createExternalRequestSourceInput>,
  ): Promise<{ source: ExternalRequestSourceRecord; secret: string }> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    const source = await this.deps.data.repositories(viewer).externalRequests.createSource({
      organizationId,
      key: input.key,
      name: input.name,
      secretSalt: randomBytes(32).toString('base64url'),
      createdById: userId,
    });
    if (!source)
      throw new DomainError('CONFLICT', `The organization has an external request source ${input.key} already`, { key: input.key });
    return { source, secret: this.secretOf(source) };
  }

  /** `whsec_` and base64: the Standard Webhooks form, which its libraries in every language take. */
  private secretOf(source: ExternalRequestSourceRecord): string {
    const secret = createHmac('sha256', this.deps.signingKey)
      .update(`${source.organizationId}/${source.key}/${source.secretSalt}`)
      .digest('base64');
    return `whsec_${secret}`;
  }

  private async findOwn(scope: TenantScope, organizationId: string, id: string): Promise<ExternalRequestRecord> {
    const [request] = await this.deps.data.repositories(scope).externalRequests.findByIds(organizationId, [id]);
    if (!request) throw notFound('External request', id);
    return request;
  }

  private async requestedResource(scope: TenantScope & { organizationId: string }, resourceId: string): Promise<ResourceView> {
    const [resource] = await this.deps.resources.findInOrganization(scope, [resourceId]);
    if (!resource) {
      throw new DomainError('BAD_USER_INPUT', `Invalid input: requestedResourceId: resource ${resourceId} was not found`, {
        issues: [{ field: 'requestedResourceId', message: `resource ${resourceId} was not found` }],
      });
    }
    return resource;
  }
}

const stale = (request: ExternalRequestRecord, what: string) =>
  new DomainError('CONFLICT', `External request ${request.id} is ${request.status}; only a PENDING or PROCESSING request can be ${what}`, {
    status: request.status,
  });

function singleValued(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]],
    ),
  );
}
