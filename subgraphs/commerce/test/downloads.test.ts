import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { DownloadSigner } from '../src/download/download-signature.ts';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

const SECRET = 'plaza-test-download-secret-0123456789abcdef';
const BASE_URL = 'https://downloads.plaza.test/shop/';
const LIMIT = 3;

let stack: TestStack;
let owner: Actor;
let buyer: Actor;
let downloadsDir: string;
/** Where the commerce subgraph of this stack listens: links name BASE_URL, which stands for it. */
let commerceOrigin: string;
beforeAll(async () => {
  downloadsDir = mkdtempSync(join(tmpdir(), 'plaza-downloads-'));
  stack = await startTestStack({
    only: ['identity', 'commerce', 'notifications'],
    env: {
      COMMERCE_DOWNLOADS_DIR: downloadsDir,
      COMMERCE_DOWNLOAD_SECRET: SECRET,
      COMMERCE_DOWNLOAD_BASE_URL: BASE_URL,
      COMMERCE_DOWNLOAD_LIMIT: String(LIMIT),
    },
  });
  commerceOrigin = new URL(stack.running.subgraphs.commerce!.server.url).origin;
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
});
afterAll(async () => {
  await stack?.stop();
  rmSync(downloadsDir, { recursive: true, force: true });
});

const ADD_FILE = graphql(`
  mutation DownloadsAddFile($input: AddDownloadFileInput!) {
    addDownloadFile(input: $input) {
      id
      fileName
      contentType
      size
      sha256
      variantId
    }
  }
`);
const ADD = graphql(`
  mutation DownloadsAdd($variantId: ID!) {
    addToCart(input: { variantId: $variantId, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation DownloadsCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      number
    }
  }
`);
const PAY = graphql(`
  mutation DownloadsPay($orderId: ID!, $input: PayOrderInput) {
    payOrder(orderId: $orderId, input: $input) {
      order {
        status
      }
    }
  }
`);
const MARK_PAID = graphql(`
  mutation DownloadsMarkPaid($id: ID!) {
    markOrderPaid(id: $id) {
      status
    }
  }
`);
const ORDER_GRANTS = graphql(`
  query DownloadsOrderGrants($id: ID!) {
    order(id: $id) {
      downloadGrants {
        id
        productName
        downloadLimit
        downloadsUsed
        downloadsLeft
        expiresAt
        product {
          id
        }
        files {
          file {
            id
            fileName
            size
          }
          url
        }
      }
    }
  }
`);
const MY_DOWNLOADS = graphql(`
  query DownloadsMine {
    myDownloads(first: 50) {
      edges {
        node {
          id
          order {
            id
          }
          files {
            url
          }
        }
      }
    }
  }
`);
const STATS = graphql(`
  query DownloadsStats($productId: ID) {
    downloadStats(productId: $productId) {
      productId
      product {
        name
      }
      downloads
      completedDownloads
      completionRate
      bytesServed
    }
  }
`);
const PRODUCT_FILES = graphql(`
  query DownloadsProductFiles($id: ID!) {
    product(id: $id) {
      downloadFiles {
        id
      }
    }
  }
`);
const NOTIFICATIONS = graphql(`
  query DownloadsNotifications {
    notifications(first: 20) {
      edges {
        node {
          type
          title
          body
        }
      }
    }
  }
`);

/** A DIGITAL product with one file of `size` random bytes. */
async function digitalProduct(admin: Actor, size = 5000) {
  const product = await createProduct(admin, { type: 'DIGITAL' });
  const content = randomBytes(size);
  const file = expectData(
    await admin.request(ADD_FILE, {
      input: {
        productId: product.id,
        fileName: 'Yoga guide ü.pdf',
        contentType: 'application/pdf',
        contentBase64: content.toString('base64'),
      },
    }),
  ).addDownloadFile;
  return { product, file, content };
}

/** `customer` buys the product and pays with the test provider; returns the order. */
async function buyAndPay(customer: Actor, variantId: string) {
  expectData(await customer.request(ADD, { variantId }));
  const order = expectData(await customer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
  expect(expectData(await customer.request(PAY, { orderId: order.id })).payOrder.order.status).toBe('PAID');
  return order;
}

async function grantsOf(viewer: Actor, orderId: string) {
  return expectData(await viewer.request(ORDER_GRANTS, { id: orderId })).order.downloadGrants;
}

/** A signed link's address on the commerce server of this stack (the link's origin is BASE_URL, which stands for it). */
function onCommerce(url: string) {
  expect(url.startsWith(`${BASE_URL}downloads/`)).toBe(true);
  const link = new URL(url);
  return `${commerceOrigin}${link.pathname.slice(new URL(BASE_URL).pathname.length - 1)}${link.search}`;
}

function download(url: string, headers: Record<string, string> = {}) {
  return fetch(onCommerce(url), { headers: { 'user-agent': 'plaza-downloads-test/1.0', ...headers } });
}

async function refusal(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; reason: string; message: string } }).error };
}

describe('download grants', () => {
  it('are given per digital item when the order is paid, with the configured limit and expiry, and announced to the buyer', async () => {
    const { product, file } = await digitalProduct(owner);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const [grant, ...others] = await grantsOf(buyer, order.id);
    expect(others).toEqual([]);
    expect(grant).toMatchObject({
      productName: expect.any(String),
      downloadLimit: LIMIT,
      downloadsUsed: 0,
      downloadsLeft: LIMIT,
    });
    expect(grant!.product?.id).toBe(product.id);
    const days = (Date.parse(grant!.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(grant!.files).toHaveLength(1);
    expect(grant!.files[0]!.file).toMatchObject({ id: file.id, fileName: 'Yoga guide ü.pdf', size: 5000 });
    expect(grant!.files[0]!.url).toMatch(/^https:\/\/downloads\.plaza\.test\/shop\/downloads\/.+\?expires=\d+&signature=[\w-]+$/);
    // The buyer's own list; the admin sees the grant on the order but gets no link (it would use up the buyer's downloads).
    expect(expectData(await buyer.request(MY_DOWNLOADS)).myDownloads.edges.map((edge) => edge.node.id)).toContain(grant!.id);
    expect((await grantsOf(owner, order.id))[0]!.files[0]!.url).toBeNull();
    // A physical item gets none; an admin marking an order paid grants as a payment does.
    const physical = await createProduct(owner);
    expect(await grantsOf(buyer, (await buyAndPay(buyer, physical.variants[0]!.id)).id)).toEqual([]);
    expectData(await buyer.request(ADD, { variantId: product.variants[0]!.id }));
    const cashOrder = expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
    expect(await grantsOf(buyer, cashOrder.id)).toEqual([]);
    expectData(await owner.request(MARK_PAID, { id: cashOrder.id }));
    expect(await grantsOf(buyer, cashOrder.id)).toHaveLength(1);

    await stack.eventsSettled();
    const notifications = expectData(await buyer.request(NOTIFICATIONS)).notifications.edges.map((edge) => edge.node);
    expect(notifications).toContainEqual({
      type: 'download.ready',
      title: 'Your downloads are ready',
      body: expect.stringContaining(`Order #${order.number} is paid: ${grant!.productName} can be downloaded`),
    });
  });

  it('refuses to attach a file to a product that is not DIGITAL, and lists files to admins only', async () => {
    const physical = await createProduct(owner);
    const refused = expectErrorCode(
      await owner.request(ADD_FILE, {
        input: { productId: physical.id, fileName: 'x.pdf', contentType: 'application/pdf', contentBase64: 'AAAA' },
      }),
      'BAD_USER_INPUT',
    );
    expect(refused.message).toBe(`Product ${physical.id} is PHYSICAL: only DIGITAL products deliver files`);
    expectErrorCode(
      await buyer.request(ADD_FILE, {
        input: { productId: physical.id, fileName: 'x.pdf', contentType: 'application/pdf', contentBase64: 'AAAA' },
      }),
      'FORBIDDEN',
    );
    const { product, file } = await digitalProduct(owner, 10);
    expect(expectData(await owner.request(PRODUCT_FILES, { id: product.id })).product.downloadFiles).toEqual([{ id: file.id }]);
    expect(expectData(await buyer.request(PRODUCT_FILES, { id: product.id })).product.downloadFiles).toEqual([]);
  });
});

describe('signed download links', () => {
  it('serve the file, resume with Range (206, Content-Range, the right bytes) without counting again, and record analytics', async () => {
    const { product, content, file } = await digitalProduct(owner, 5000);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const url = (await grantsOf(buyer, order.id))[0]!.files[0]!.url!;

    const whole = await download(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(whole.headers.get('content-disposition')).toBe(
      `attachment; filename="Yoga guide ?.pdf"; filename*=UTF-8''Yoga%20guide%20%C3%BC.pdf`,
    );
    expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);

    // An interrupted download: the first 1,000 bytes, then the rest from byte 1,000.
    const first = await download(url, { range: 'bytes=0-999' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe('bytes 0-999/5000');
    expect(first.headers.get('content-length')).toBe('1000');
    const head = Buffer.from(await first.arrayBuffer());
    const rest = await download(url, { range: 'bytes=1000-', 'if-range': `"${file.sha256}"` });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe('bytes 1000-4999/5000');
    expect(Buffer.concat([head, Buffer.from(await rest.arrayBuffer())]).equals(content)).toBe(true);
    expect((await grantsOf(buyer, order.id))[0]).toMatchObject({ downloadsUsed: 2, downloadsLeft: 1 });

    // A third download that stops after 100 bytes and never resumes.
    expect((await download(url, { range: 'bytes=0-99' })).status).toBe(206);
    const stats = expectData(await owner.request(STATS, { productId: product.id })).downloadStats;
    expect(stats).toEqual([
      {
        productId: product.id,
        product: { name: expect.any(String) },
        downloads: 3,
        completedDownloads: 2,
        completionRate: 2 / 3,
        bytesServed: 10_100,
      },
    ]);
  });

  it('resume a download the client broke off, from the bytes it received', async () => {
    const { product, content } = await digitalProduct(owner, 1024 * 1024);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const url = (await grantsOf(buyer, order.id))[0]!.files[0]!.url!;
    const abort = new AbortController();
    const response = await fetch(onCommerce(url), { signal: abort.signal });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    abort.abort();
    const received = Buffer.from(value!);
    expect(received.length).toBeLessThan(content.length);
    // Resumed at once: the server may not have noticed the client left yet.
    const rest = await download(url, { range: `bytes=${received.length}-` });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([received, Buffer.from(await rest.arrayBuffer())]).equals(content)).toBe(true);
    expect((await grantsOf(buyer, order.id))[0]!.downloadsUsed).toBe(1);
  });

  it('refuse tampered, expired and exhausted links with the reason, counting nothing; parallel downloads never pass the limit', async () => {
    const { product } = await digitalProduct(owner, 100);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const [grant] = await grantsOf(buyer, order.id);
    const url = new URL(grant!.files[0]!.url!);

    const forged = new URL(url);
    forged.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400));
    expect(await refusal(await download(forged.toString()))).toMatchObject({ status: 403, code: 'FORBIDDEN', reason: 'BAD_SIGNATURE' });
    const otherSignature = new URL(url);
    otherSignature.searchParams.set('signature', `x${url.searchParams.get('signature')!.slice(1)}`);
    expect(await refusal(await download(otherSignature.toString()))).toMatchObject({ status: 403, reason: 'BAD_SIGNATURE' });
    const malformed = new URL(url);
    malformed.searchParams.delete('signature');
    expect(await refusal(await download(malformed.toString()))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      reason: 'MALFORMED_LINK',
    });

    // Correctly signed, but expired a second ago.
    const [, , organizationId, grantId, fileId] = url.pathname.slice(new URL(BASE_URL).pathname.length - 1).split('/');
    const expired = new DownloadSigner(SECRET).url(BASE_URL, {
      organizationId: organizationId!,
      grantId: grantId!,
      fileId: fileId!,
      expires: Math.floor(Date.now() / 1000) - 1,
    });
    const expiredRefusal = await refusal(await download(expired));
    expect(expiredRefusal).toMatchObject({ status: 403, reason: 'LINK_EXPIRED' });
    expect(expiredRefusal.message).toMatch(/^The download link expired at /);
    // Resuming a download that never started, and a range past the end.
    expect(await refusal(await download(url.toString(), { range: 'bytes=50-' }))).toMatchObject({
      status: 400,
      reason: 'NOTHING_TO_RESUME',
    });
    const beyond = await download(url.toString(), { range: 'bytes=500-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */100');
    expect((await grantsOf(buyer, order.id))[0]!.downloadsUsed).toBe(0);

    // Twice the limit at once: exactly LIMIT are served.
    const statuses = await Promise.all(
      Array.from({ length: 2 * LIMIT }, async () => {
        const response = await download(url.toString());
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 403)).toHaveLength(LIMIT);
    const exhausted = await refusal(await download(url.toString()));
    expect(exhausted).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      reason: 'LIMIT_REACHED',
      message: `All ${LIMIT} downloads of this grant were used`,
    });
    expect((await grantsOf(buyer, order.id))[0]).toMatchObject({ downloadsUsed: LIMIT, downloadsLeft: 0 });
    expect(expectData(await owner.request(STATS, { productId: product.id })).downloadStats[0]).toMatchObject({ downloads: LIMIT });
  });

  it('refuse a grant past its expiry, and the buyer gets no more links for it', async () => {
    const { product } = await digitalProduct(owner, 100);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const [grant] = await grantsOf(buyer, order.id);
    const url = grant!.files[0]!.url!;
    await stack
      .prisma<{ downloadGrant: { update(args: unknown): Promise<unknown> } }>('commerce')
      .downloadGrant.update({ where: { id: grant!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await refusal(await download(url))).toMatchObject({ status: 403, reason: 'GRANT_EXPIRED' });
    expect((await grantsOf(buyer, order.id))[0]).toMatchObject({ downloadsUsed: 0, files: [{ url: null }] });
  });

  it('keep organizations apart: links, grants and analytics of one are invisible to another', async () => {
    const { product } = await digitalProduct(owner, 100);
    const order = await buyAndPay(buyer, product.variants[0]!.id);
    const url = new URL((await grantsOf(buyer, order.id))[0]!.files[0]!.url!);
    expect((await download(url.toString())).status).toBe(200);

    const otherOwner = await stack.createOrganization();
    const otherBuyer = await stack.addMember(otherOwner, 'MEMBER');
    expect(expectData(await otherOwner.request(STATS, { productId: null })).downloadStats).toEqual([]);
    expect(expectData(await otherBuyer.request(MY_DOWNLOADS)).myDownloads.edges).toEqual([]);
    expectErrorCode(await otherOwner.request(ORDER_GRANTS, { id: order.id }), 'NOT_FOUND');
    // The link names its organization under the signature: pointing it at another one breaks it.
    const moved = new URL(url.toString().replace(`/downloads/${owner.organizationId}/`, `/downloads/${otherOwner.organizationId}/`));
    expect(await refusal(await download(moved.toString()))).toMatchObject({ status: 403, reason: 'BAD_SIGNATURE' });
    expectErrorCode(await buyer.request(STATS, { productId: null }), 'FORBIDDEN');
  });
});
