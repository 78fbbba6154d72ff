import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Where file bytes live. Keys are opaque, slash-separated ASCII paths chosen by the caller
 * (`<organizationId>/<uuid>`); metadata stays in the database. Implementations for object stores
 * (S3, GCS) only need these three calls.
 */
export interface FileStorage {
  /** Stores the bytes under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when nothing is stored there. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the bytes; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Stores each key as a file under `root`: the default, good for one machine and for tests. */
export class LocalDiskFileStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    // The pattern rules out `..` and absolute paths; the prefix check is the belt to its braces.
    const path = resolve(this.root, ...key.split('/'));
    if (!KEY_PATTERN.test(key) || !path.startsWith(this.root + sep)) {
      throw new Error(`Storage key "${key}" is not a relative path of letters, digits, _ and -`);
    }
    return path;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write aside, then rename: a reader never sees half a file.
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
