import { createHash } from 'node:crypto';
import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  notFound,
  requireMember,
  requireRole,
  type ConnectionArgs,
  type DataAccess,
  type TenantScope,
} from '@plaza/subgraph-kit';
import { v7 as uuidv7 } from 'uuid';
import type { OrderRecord } from '../order/order.repository.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { beforeIdOf, isAdmin, newestFirst } from '../viewer.ts';
import type { DownloadLink, DownloadSigner } from './download-signature.ts';
import type { ByteRange, DownloadStorage } from './download-storage.ts';
import type { DownloadFileRecord, DownloadGrantRecord, DownloadRecordRow } from './download.repository.ts';

/** How grants are given and links handed out (README: COMMERCE_DOWNLOAD_*). */
export interface DownloadPolicy {
  /** Downloads each grant allows. */
  downloadLimit: number;
  /** Days a grant lasts from the payment. */
  expiryDays: number;
  /** Seconds a link handed out stays valid (never beyond the grant's expiry). */
  linkTtlSeconds: number;
  /** Where clients reach commerce's download route: the links point there. */
  baseUrl: string;
}

/** A download the route may serve: the bytes to send and the record they count into. */
export interface StartedDownload {
  file: DownloadFileRecord;
  /** Null for a HEAD request, which counts nothing. */
  record: DownloadRecordRow | null;
  /** The range to send; `partial` when it answers a Range request (206). */
  range: ByteRange;
  partial: boolean;
}

/** A file attached to a grant, with the signed link the grant's customer downloads it from. */
export interface GrantedFile {
  file: DownloadFileRecord;
  grant: DownloadGrantRecord;
}

/** Downloads of one product, for analytics. */
export interface ProductDownloadStats {
  productId: string;
  downloads: number;
  completedDownloads: number;
  completionRate: number;
  bytesServed: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Range requests one download may be resumed with: enough for a flaky connection, not a way around the limit. */
const MAX_RESUMPTIONS = 20;

/** Adds [start, end) to sorted, disjoint ranges, merging what touches or overlaps. */
export function mergeRange(ranges: readonly [number, number][], added: [number, number]): [number, number][] {
  const merged: [number, number][] = [];
  let [start, end] = added;
  for (const [from, to] of ranges) {
    if (to < start || from > end) merged.push([from, to]);
    else [start, end] = [Math.min(start, from), Math.max(end, to)];
  }
  merged.push([start, end]);
  return merged.sort((a, b) => a[0] - b[0]);
}

/** Whether the ranges cover every byte of a file of `size` bytes. */
export const covers = (ranges: readonly [number, number][], size: number) => ranges.some(([from, to]) => from <= 0 && to >= size);

/**
 * Downloads of digital products: admins attach files to a product (or one variant); paying an
 * order grants each of its digital items a number of downloads until an expiry; the grant's
 * customer gets signed, expiring links; each download is recorded for analytics. A download is
 * counted when it starts from byte 0, in one conditional statement (never beyond the limit);
 * a Range request continuing an unfinished download resumes it without counting again.
 */
export class DownloadService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommerceRepositories>;
      storage: DownloadStorage;
      signer: DownloadSigner;
      policy: DownloadPolicy;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Stores `content` as a file of a DIGITAL product (or of one of its variants). */
  async addFile(
    viewer: Viewer,
    input: { productId: string; variantId: string | null; fileName: string; contentType: string; content: Buffer },
  ): Promise<DownloadFileRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    const repositories = this.deps.data.repositories(viewer);
    const [product] = await repositories.products.findByIds(admin.organizationId, [input.productId]);
    if (!product) throw notFound('Product', input.productId);
    if (product.type !== 'DIGITAL')
      throw new DomainError('BAD_USER_INPUT', `Product ${product.id} is ${product.type}: only DIGITAL products deliver files`, {
        field: 'productId',
        type: product.type,
      });
    if (input.variantId) {
      const [variant] = await repositories.variants.findByIds(admin.organizationId, [input.variantId]);
      if (!variant || variant.productId !== product.id)
        throw new DomainError('BAD_USER_INPUT', `Variant ${input.variantId} is not a variant of product ${product.id}`, {
          field: 'variantId',
        });
    }
    const id = uuidv7();
    const storageKey = `${admin.organizationId}/${id}`;
    // Stored before the row exists: a row never names a file that is not there.
    await this.store(storageKey, input.content, input.contentType);
    return repositories.downloads.createFile({
      id,
      organizationId: admin.organizationId,
      productId: product.id,
      variantId: input.variantId,
      fileName: input.fileName,
      contentType: input.contentType,
      size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      storageKey,
    });
  }

  /** Puts a file's content in the download storage (addFile; the demo seed). */
  store(storageKey: string, content: Buffer, contentType: string): Promise<void> {
    return this.deps.storage.put(storageKey, content, contentType);
  }

  /** Files of products, for admins (others see none). */
  async filesOfProducts(viewer: Viewer, productIds: readonly string[]): Promise<DownloadFileRecord[]> {
    if (!isAdmin(viewer) || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).downloads.filesByProductIds(viewer.organizationId, productIds);
  }

  /**
   * Grants downloads for the digital items of an order that was just paid, in the payment's
   * transaction, and records `commerce.download.ready` for its customer. Safe to call twice:
   * an item keeps its one grant.
   */
  async grantForPaidOrder(repositories: CommerceRepositories, order: OrderRecord): Promise<void> {
    const items = await repositories.orders.itemsByOrderIds(order.organizationId, [order.id]);
    const products = await repositories.products.findByIds(order.organizationId, [...new Set(items.map((item) => item.productId))]);
    const digital = new Set(products.filter((product) => product.type === 'DIGITAL').map((product) => product.id));
    const expiresAt = new Date(this.now().getTime() + this.deps.policy.expiryDays * DAY_MS);
    const created = await repositories.downloads.createGrants(
      items
        .filter((item) => digital.has(item.productId))
        .map((item) => ({
          organizationId: order.organizationId,
          orderId: order.id,
          orderItemId: item.id,
          customerId: order.customerId,
          productId: item.productId,
          variantId: item.variantId,
          productName: item.productName,
          downloadLimit: this.deps.policy.downloadLimit,
          expiresAt,
        })),
    );
    if (created === 0) return;
    const grants = await repositories.downloads.grantsByOrderIds(order.organizationId, [order.id]);
    await repositories.events.record({
      type: 'commerce.download.ready',
      organizationId: order.organizationId,
      // The system grants; the buyer is the one to tell, so they are not named as the actor.
      actorId: null,
      subject: { type: 'Order', id: order.id },
      payload: {
        orderId: order.id,
        orderNumber: order.number,
        customerId: order.customerId,
        grants: grants.map((grant) => ({
          grantId: grant.id,
          productId: grant.productId,
          productName: grant.productName,
          downloadLimit: grant.downloadLimit,
          expiresAt: grant.expiresAt.toISOString(),
        })),
      },
    });
  }

  /** The viewer's own grants, newest first. */
  async myGrants(viewer: Viewer, args: ConnectionArgs) {
    const { organizationId, userId } = requireMember(viewer);
    const rows = await this.deps.data
      .repositories(viewer)
      .downloads.grantsOfCustomer(organizationId, userId, { beforeId: beforeIdOf(args), take: args.first + 1 });
    return newestFirst(rows, args);
  }

  /** Grants among `ids` the viewer may see: their own, or any for admins. */
  async findVisibleGrants(viewer: Viewer, ids: readonly string[]): Promise<DownloadGrantRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    const grants = await this.deps.data.repositories(viewer).downloads.findGrants(viewer.organizationId, ids);
    return isAdmin(viewer) ? grants : grants.filter((grant) => grant.customerId === viewer.userId);
  }

  /** The files a grant delivers: the product's files for every variant, and those of its variant. */
  filesOfGrant(grant: DownloadGrantRecord, productFiles: readonly DownloadFileRecord[]): GrantedFile[] {
    return productFiles.filter((file) => file.variantId === null || file.variantId === grant.variantId).map((file) => ({ file, grant }));
  }

  /**
   * A signed link to a granted file, for the grant's customer only (an admin opening it would
   * use up the customer's downloads); null for anyone else, and once the grant expired.
   */
  linkFor(viewer: Viewer, { grant, file }: GrantedFile): string | null {
    const now = this.now().getTime();
    if (viewer.userId !== grant.customerId || grant.expiresAt.getTime() <= now) return null;
    const expires = Math.floor(Math.min(grant.expiresAt.getTime(), now + this.deps.policy.linkTtlSeconds * 1000) / 1000);
    return this.deps.signer.url(this.deps.policy.baseUrl, {
      organizationId: grant.organizationId,
      grantId: grant.id,
      fileId: file.id,
      expires,
    });
  }

  /** Checks a link's signature and expiry; nothing is read or changed for a refused link. */
  verifyLink(link: DownloadLink, signature: string): void {
    if (!this.deps.signer.verify(link, signature))
      throw new DomainError('FORBIDDEN', 'The download link is not valid: its signature does not match (altered or mistyped)', {
        reason: 'BAD_SIGNATURE',
      });
    if (link.expires * 1000 <= this.now().getTime())
      throw new DomainError('FORBIDDEN', `The download link expired at ${new Date(link.expires * 1000).toISOString()}; ask for a new one`, {
        reason: 'LINK_EXPIRED',
      });
  }

  /**
   * Starts (or resumes) serving a file through a grant, after `verifyLink`. `rangeOf` turns the
   * request's Range header into the bytes to send, given the file's size and ETag (range-parser).
   */
  async start(
    link: DownloadLink,
    request: {
      head: boolean;
      rangeOf: (file: Pick<DownloadFileRecord, 'size' | 'sha256'>) => ByteRange | 'unsatisfiable' | null;
      userAgent: string | null;
      clientAddress: string | null;
    },
  ): Promise<StartedDownload> {
    const scope: TenantScope = { organizationId: link.organizationId, userId: null };
    return this.deps.data.transaction(scope, async ({ downloads }) => {
      const [grant] = await downloads.findGrants(link.organizationId, [link.grantId]);
      const [file] = await downloads.findFiles(link.organizationId, [link.fileId]);
      if (!grant) throw notFound('DownloadGrant', link.grantId);
      if (!file || file.productId !== grant.productId || (file.variantId !== null && file.variantId !== grant.variantId))
        throw notFound('DownloadFile', link.fileId);
      const now = this.now();
      if (grant.expiresAt <= now)
        throw new DomainError('FORBIDDEN', `The download grant expired at ${grant.expiresAt.toISOString()}`, {
          reason: 'GRANT_EXPIRED',
          expiresAt: grant.expiresAt.toISOString(),
        });
      const requested = request.rangeOf(file);
      if (requested === 'unsatisfiable')
        throw new DomainError('BAD_USER_INPUT', `The requested range is outside the file's ${file.size} bytes`, {
          reason: 'RANGE_NOT_SATISFIABLE',
          size: file.size,
        });
      const range = requested ?? { start: 0, end: file.size - 1 };
      const partial = requested !== null;
      if (request.head) return { file, record: null, range, partial };
      if (range.start > 0) {
        const resumed = await downloads.resume(grant.id, file.id, range.start, range.end + 1, MAX_RESUMPTIONS);
        if (!resumed)
          throw new DomainError(
            'BAD_USER_INPUT',
            `No unfinished download of this file reaches byte ${range.start} (or it was resumed ${MAX_RESUMPTIONS} times): start from byte 0 (a new download)`,
            { reason: 'NOTHING_TO_RESUME', start: range.start },
          );
        return { file, record: resumed, range, partial };
      }
      if (!(await downloads.countDownload(grant.id, now)))
        throw new DomainError('FORBIDDEN', `All ${grant.downloadLimit} downloads of this grant were used`, {
          reason: 'LIMIT_REACHED',
          downloadLimit: grant.downloadLimit,
        });
      const record = await downloads.startRecord({
        organizationId: grant.organizationId,
        grantId: grant.id,
        fileId: file.id,
        productId: grant.productId,
        requestedUntil: BigInt(range.end + 1),
        userAgent: request.userAgent?.slice(0, 512) ?? null,
        clientAddress: request.clientAddress,
      });
      return { file, record, range, partial };
    });
  }

  /** The bytes of a started download, from storage. */
  read(download: StartedDownload) {
    return this.deps.storage.read(download.file.storageKey, download.range);
  }

  /** Records what a request sent of a download (all of its range, or less when the client went away). */
  async finish(link: DownloadLink, download: StartedDownload, bytesSent: number): Promise<void> {
    const { record } = download;
    if (!record) return;
    await this.deps.data.transaction({ organizationId: link.organizationId, userId: null }, async ({ downloads }) => {
      const current = await downloads.lockRecord(record.id);
      if (!current) return;
      const servedRanges =
        bytesSent > 0
          ? mergeRange(current.servedRanges as [number, number][], [download.range.start, download.range.start + bytesSent])
          : (current.servedRanges as [number, number][]);
      await downloads.recordServed(record.id, {
        servedRanges,
        bytesServed: current.bytesServed + BigInt(bytesSent),
        completed: covers(servedRanges, download.file.size),
      });
    });
  }

  /** Downloads per product (admins): started, completed, completion rate and bytes sent. */
  async stats(
    viewer: Viewer,
    filter: { productId?: string | null; from?: Date | null; to?: Date | null },
  ): Promise<ProductDownloadStats[]> {
    const admin = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data.repositories(viewer).downloads.statsByProduct(admin.organizationId, {
      productIds: filter.productId ? [filter.productId] : null,
      from: filter.from,
      to: filter.to,
    });
    return rows.map((row) => ({
      productId: row.productId,
      downloads: row.downloads,
      completedDownloads: row.completed,
      completionRate: row.downloads === 0 ? 0 : row.completed / row.downloads,
      bytesServed: Number(row.bytesServed),
    }));
  }
}
