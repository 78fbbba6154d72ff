import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

const fileSelect = {
  id: true,
  organizationId: true,
  productId: true,
  variantId: true,
  fileName: true,
  contentType: true,
  size: true,
  sha256: true,
  storageKey: true,
  createdAt: true,
} satisfies Prisma.DownloadFileSelect;

export type DownloadFileRecord = Prisma.DownloadFileGetPayload<{ select: typeof fileSelect }>;

const grantSelect = {
  id: true,
  organizationId: true,
  orderId: true,
  orderItemId: true,
  customerId: true,
  productId: true,
  variantId: true,
  productName: true,
  downloadLimit: true,
  downloadCount: true,
  expiresAt: true,
  createdAt: true,
} satisfies Prisma.DownloadGrantSelect;

export type DownloadGrantRecord = Prisma.DownloadGrantGetPayload<{ select: typeof grantSelect }>;

export type NewDownloadGrant = Omit<DownloadGrantRecord, 'id' | 'downloadCount' | 'createdAt'>;

const recordSelect = {
  id: true,
  grantId: true,
  fileId: true,
  bytesServed: true,
  servedRanges: true,
  requestedUntil: true,
  resumptions: true,
  completed: true,
} satisfies Prisma.DownloadRecordSelect;

export type DownloadRecordRow = Prisma.DownloadRecordGetPayload<{ select: typeof recordSelect }>;

/** Downloads per product: how many, how many completed, bytes sent. */
export interface ProductDownloadStatsRow {
  productId: string;
  downloads: number;
  completed: number;
  bytesServed: bigint;
}

export class DownloadRepository {
  constructor(private readonly db: Db) {}

  createFile(data: Omit<DownloadFileRecord, 'createdAt'>): Promise<DownloadFileRecord> {
    return this.db.downloadFile.create({ data, select: fileSelect });
  }

  findFiles(organizationId: string, ids: readonly string[]): Promise<DownloadFileRecord[]> {
    return this.db.downloadFile.findMany({ where: { organizationId, id: { in: [...ids] } }, select: fileSelect });
  }

  /** Oldest first. */
  filesByProductIds(organizationId: string, productIds: readonly string[]): Promise<DownloadFileRecord[]> {
    return this.db.downloadFile.findMany({
      where: { organizationId, productId: { in: [...productIds] } },
      orderBy: { id: 'asc' },
      select: fileSelect,
    });
  }

  /** Creates the grants of order items that have none yet; returns how many were new. */
  async createGrants(grants: NewDownloadGrant[]): Promise<number> {
    const { count } = await this.db.downloadGrant.createMany({ data: grants, skipDuplicates: true });
    return count;
  }

  findGrants(organizationId: string, ids: readonly string[]): Promise<DownloadGrantRecord[]> {
    return this.db.downloadGrant.findMany({ where: { organizationId, id: { in: [...ids] } }, select: grantSelect });
  }

  grantsByOrderIds(organizationId: string, orderIds: readonly string[]): Promise<DownloadGrantRecord[]> {
    return this.db.downloadGrant.findMany({
      where: { organizationId, orderId: { in: [...orderIds] } },
      orderBy: { id: 'asc' },
      select: grantSelect,
    });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  grantsOfCustomer(organizationId: string, customerId: string, page: { beforeId?: string; take: number }) {
    return this.db.downloadGrant.findMany({
      where: { organizationId, customerId, ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: grantSelect,
    });
  }

  /**
   * Counts one download against the grant if it still has one left and has not expired, in one
   * conditional statement: concurrent requests cannot together exceed the limit.
   */
  async countDownload(grantId: string, now: Date): Promise<boolean> {
    const count = await this.db.$executeRaw`
      UPDATE "DownloadGrant" SET "downloadCount" = "downloadCount" + 1
       WHERE "id" = ${grantId} AND "downloadCount" < "downloadLimit" AND "expiresAt" > ${now}`;
    return count === 1;
  }

  startRecord(data: {
    organizationId: string;
    grantId: string;
    fileId: string;
    productId: string;
    requestedUntil: bigint;
    userAgent: string | null;
    clientAddress: string | null;
  }): Promise<DownloadRecordRow> {
    return this.db.downloadRecord.create({ data, select: recordSelect });
  }

  /**
   * Resumes the latest unfinished download of the file whose asked-for bytes reach `start`, with
   * resumptions left: extends what it asked for to `end` (exclusive). Null when there is none.
   */
  async resume(grantId: string, fileId: string, start: number, end: number, maxResumptions: number): Promise<DownloadRecordRow | null> {
    const [candidate] = await this.db.$queryRaw<{ id: string }[]>`
      UPDATE "DownloadRecord" SET "requestedUntil" = GREATEST("requestedUntil", ${BigInt(end)}), "resumptions" = "resumptions" + 1
       WHERE "id" = (SELECT "id" FROM "DownloadRecord"
                      WHERE "grantId" = ${grantId} AND "fileId" = ${fileId} AND NOT "completed"
                        AND "requestedUntil" >= ${BigInt(start)} AND "resumptions" < ${maxResumptions}
                      ORDER BY "id" DESC LIMIT 1 FOR UPDATE)
      RETURNING "id"`;
    return candidate ? this.db.downloadRecord.findUnique({ where: { id: candidate.id }, select: recordSelect }) : null;
  }

  /** The download's row, locked until the transaction ends: requests of one download record their bytes one at a time. */
  async lockRecord(id: string): Promise<DownloadRecordRow | null> {
    await this.db.$executeRaw`SELECT 1 FROM "DownloadRecord" WHERE "id" = ${id} FOR UPDATE`;
    return this.db.downloadRecord.findUnique({ where: { id }, select: recordSelect });
  }

  async recordServed(id: string, data: { servedRanges: [number, number][]; bytesServed: bigint; completed: boolean }): Promise<void> {
    await this.db.downloadRecord.update({ where: { id }, data: { ...data, lastRequestAt: new Date() }, select: { id: true } });
  }

  /** Per product of the organization (or of `productIds`), downloads started in [from, to). */
  statsByProduct(
    organizationId: string,
    filter: { productIds?: readonly string[] | null; from?: Date | null; to?: Date | null },
  ): Promise<ProductDownloadStatsRow[]> {
    const conditions = [
      Prisma.sql`"organizationId" = ${organizationId}`,
      ...(filter.productIds ? [Prisma.sql`"productId" = ANY(${[...filter.productIds]})`] : []),
      ...(filter.from ? [Prisma.sql`"startedAt" >= ${filter.from}`] : []),
      ...(filter.to ? [Prisma.sql`"startedAt" < ${filter.to}`] : []),
    ];
    return this.db.$queryRaw<ProductDownloadStatsRow[]>`
      SELECT "productId", count(*)::int AS downloads, count(*) FILTER (WHERE "completed")::int AS completed,
             coalesce(sum("bytesServed"), 0)::bigint AS "bytesServed"
        FROM "DownloadRecord"
       WHERE ${Prisma.join(conditions, ' AND ')}
       GROUP BY "productId"
       ORDER BY downloads DESC, "productId"`;
  }
}
