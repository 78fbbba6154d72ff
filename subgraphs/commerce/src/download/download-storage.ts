import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Bytes `start` to `end` of a file, both included (an HTTP byte range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the files of digital products are kept. Keys are chosen by commerce
 * (`<organizationId>/<fileId>`), never by clients.
 */
export interface DownloadStorage {
  /** What the storage is, for logs and the README: `local:<folder>` or `s3:<bucket>`. */
  readonly description: string;
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  /** A stream of the bytes of `range`; rejects when the file is not there. */
  read(key: string, range: ByteRange): Promise<Readable>;
}

/** Files in a folder of the local disk (default: `<PLAZA_DATA_DIR>/commerce-downloads`). */
export class LocalDownloadStorage implements DownloadStorage {
  readonly description: string;

  constructor(private readonly folder: string) {
    this.description = `local:${folder}`;
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = join(this.folder, key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside, then renamed: a reader never sees half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, content);
    await rename(partial, path);
  }

  read(key: string, range: ByteRange): Promise<Readable> {
    const stream = createReadStream(join(this.folder, key), { start: range.start, end: range.end });
    // Wait for the file to open, so a missing file is an error before any header is sent.
    return new Promise((resolve, reject) => {
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }
}

/** Objects of an S3 bucket (AWS, or any S3-compatible store through its endpoint), with AWS's official client. */
export class S3DownloadStorage implements DownloadStorage {
  readonly description: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.description = `s3:${bucket}/${prefix}`;
  }

  async put(key: string, content: Buffer, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: content, ContentType: contentType }));
  }

  async read(key: string, range: ByteRange): Promise<Readable> {
    const object = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Range: `bytes=${range.start}-${range.end}` }),
    );
    if (!(object.Body instanceof Readable)) throw new Error(`S3 returned no body for ${this.prefix + key}`);
    return object.Body;
  }
}
