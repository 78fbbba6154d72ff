import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDownloadStorage, S3DownloadStorage, type DownloadStorage } from './download-storage.ts';

describe('LocalDownloadStorage', () => {
  const folder = mkdtempSync(join(tmpdir(), 'plaza-storage-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads back a byte range of what it stored, and rejects a missing file before streaming', async () => {
    const storage: DownloadStorage = new LocalDownloadStorage(folder);
    await storage.put('org/file', Buffer.from('0123456789'), 'text/plain');
    expect(await text(await storage.read('org/file', { start: 2, end: 5 }))).toBe('2345');
    await expect(storage.read('org/missing', { start: 0, end: 1 })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/**
 * An S3 endpoint as far as the storage uses it (path-style PUT and ranged GET of objects), to
 * check the requests AWS's client sends for it. Not a real S3: none is reachable here.
 */
describe('S3DownloadStorage against an S3-style endpoint', () => {
  const objects = new Map<string, Buffer>();
  const ranges: (string | undefined)[] = [];
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = new URL(request.url!, 'http://s3.invalid').pathname;
        if (request.method === 'PUT') {
          objects.set(path, Buffer.concat(chunks));
          return response.writeHead(200, { etag: '"x"' }).end();
        }
        const object = objects.get(path);
        if (!object) return response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        ranges.push(request.headers.range);
        const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '') ?? [];
        const body = object.subarray(Number(start), Number(end) + 1);
        response
          .writeHead(206, { 'content-length': String(body.length), 'content-range': `bytes ${start}-${end}/${object.length}` })
          .end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => server?.close());

  it('puts objects under the prefix and reads byte ranges with a Range header', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const storage = new S3DownloadStorage(s3, 'plaza-files', 'downloads/');
    await storage.put('org/file', Buffer.from('0123456789'), 'text/plain');
    expect([...objects.keys()]).toEqual(['/plaza-files/downloads/org/file']);
    expect(await text(await storage.read('org/file', { start: 3, end: 6 }))).toBe('3456');
    expect(ranges).toEqual(['bytes=3-6']);
    await expect(storage.read('org/missing', { start: 0, end: 1 })).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
