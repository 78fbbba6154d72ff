import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const requestSelect = {
  id: true,
  organizationId: true,
  source: true,
  externalId: true,
  type: true,
  priority: true,
  status: true,
  contactName: true,
  contactEmail: true,
  subject: true,
  message: true,
  payload: true,
  requestedResourceId: true,
  requestedStartsAt: true,
  requestedEndsAt: true,
  assigneeId: true,
  processingNotes: true,
  bookingId: true,
  submittedById: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ExternalRequestSelect;

const attachmentSelect = {
  id: true,
  requestId: true,
  fileName: true,
  contentType: true,
  size: true,
  createdAt: true,
} satisfies Prisma.ExternalRequestAttachmentSelect;

const sourceSelect = {
  id: true,
  organizationId: true,
  key: true,
  name: true,
  secretSalt: true,
  createdById: true,
  createdAt: true,
} satisfies Prisma.ExternalRequestSourceSelect;

export type ExternalRequestRecord = Prisma.ExternalRequestGetPayload<{ select: typeof requestSelect }>;
export type ExternalRequestStatus = ExternalRequestRecord['status'];
export type ExternalRequestAttachmentRecord = Prisma.ExternalRequestAttachmentGetPayload<{ select: typeof attachmentSelect }>;
export type ExternalRequestSourceRecord = Prisma.ExternalRequestSourceGetPayload<{ select: typeof sourceSelect }>;
export type NewExternalRequest = Pick<ExternalRequestRecord, 'organizationId' | 'source' | 'externalId' | 'type' | 'priority'> &
  Pick<
    ExternalRequestRecord,
    | 'contactName'
    | 'contactEmail'
    | 'subject'
    | 'message'
    | 'requestedResourceId'
    | 'requestedStartsAt'
    | 'requestedEndsAt'
    | 'submittedById'
  > & { payload: Prisma.InputJsonValue };
export interface NewAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array<ArrayBuffer>;
}
export type ExternalRequestChange = Partial<Pick<ExternalRequestRecord, 'status' | 'assigneeId' | 'processingNotes' | 'bookingId'>>;

export class ExternalRequestRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ExternalRequestRecord[]> {
    return this.db.externalRequest.findMany({ where: { organizationId, id: { in: [...ids] } }, select: requestSelect });
  }

  findByExternalId(organizationId: string, source: string, externalId: string): Promise<ExternalRequestRecord | null> {
    return this.db.externalRequest.findUnique({
      where: { organizationId_source_externalId: { organizationId, source, externalId } },
      select: requestSelect,
    });
  }

  /**
   * Inserts the request unless one with its (organization, source, external id) exists; true when
   * this call inserted it. A concurrent insert of the same key waits for the other to commit and
   * then inserts nothing, so a resend never fails and never duplicates.
   */
  async insertIfNew(request: NewExternalRequest): Promise<boolean> {
    const { count } = await this.db.externalRequest.createMany({ data: [request], skipDuplicates: true });
    return count === 1;
  }

  /** Newest first, keyset-paginated on id (uuid v7: creation order). */
  list(
    organizationId: string,
    options: {
      status?: ExternalRequestStatus | null;
      type?: ExternalRequestRecord['type'] | null;
      source?: string | null;
      beforeId?: string;
      take: number;
    },
  ): Promise<ExternalRequestRecord[]> {
    return this.db.externalRequest.findMany({
      where: {
        organizationId,
        ...(options.status ? { status: options.status } : {}),
        ...(options.type ? { type: options.type } : {}),
        ...(options.source ? { source: options.source } : {}),
        ...(options.beforeId ? { id: { lt: options.beforeId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.take,
      select: requestSelect,
    });
  }

  /**
   * Changes a request only if it still has one of the `from` statuses (compare-and-set): two
   * admins acting at once cannot both move it. Null when it had moved on already.
   */
  async update(id: string, from: readonly ExternalRequestStatus[], change: ExternalRequestChange): Promise<ExternalRequestRecord | null> {
    const { count } = await this.db.externalRequest.updateMany({ where: { id, status: { in: [...from] } }, data: change });
    return count === 0 ? null : this.db.externalRequest.findUnique({ where: { id }, select: requestSelect });
  }

  async addAttachments(organizationId: string, requestId: string, files: readonly NewAttachment[]): Promise<void> {
    if (files.length === 0) return;
    await this.db.externalRequestAttachment.createMany({
      data: files.map((file) => ({ organizationId, requestId, ...file, size: file.content.byteLength })),
    });
  }

  attachmentsOf(organizationId: string, requestIds: readonly string[]): Promise<ExternalRequestAttachmentRecord[]> {
    return this.db.externalRequestAttachment.findMany({
      where: { organizationId, requestId: { in: [...requestIds] } },
      orderBy: { id: 'asc' },
      select: attachmentSelect,
    });
  }

  findSource(organizationId: string, key: string): Promise<ExternalRequestSourceRecord | null> {
    return this.db.externalRequestSource.findUnique({ where: { organizationId_key: { organizationId, key } }, select: sourceSelect });
  }

  /** Null when the organization has a source of that key already. */
  async createSource(source: Omit<ExternalRequestSourceRecord, 'id' | 'createdAt'>): Promise<ExternalRequestSourceRecord | null> {
    const { count } = await this.db.externalRequestSource.createMany({ data: [source], skipDuplicates: true });
    return count === 0 ? null : this.findSource(source.organizationId, source.key);
  }
}
