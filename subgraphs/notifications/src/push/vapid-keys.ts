import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';

/** The server's VAPID identity (RFC 8292): push services check every push request against it. */
export interface VapidDetails {
  /** base64url P-256 public key: browsers subscribe with it (applicationServerKey). */
  publicKey: string;
  privateKey: string;
  /** mailto: or https: contact the push service may use about this sender. */
  subject: string;
}

const vapidKeyFile = z.object({ publicKey: z.string().min(1), privateKey: z.string().min(1) });

/** The embedded default's VAPID key file, next to the signing keys (@plaza/auth's keyFileIn). */
export const vapidKeyFileIn = (dataDir: string) => join(dataDir, 'keys', 'vapid.json');

/**
 * Generated at first start into `file` (mode 0600, in the data folder, never in the repository)
 * and read afterwards: browsers' subscriptions are bound to the public key, so a new key on every
 * start would silently orphan them. Same approach as @plaza/auth's keysFromFile.
 */
function vapidKeysFromFile(file: string): { publicKey: string; privateKey: string } {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${JSON.stringify(webpush.generateVAPIDKeys(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of the same installation created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  try {
    return vapidKeyFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`${file} must hold { "publicKey", "privateKey" } (delete it to generate new keys): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The configured keys; without them, outside production, the key file in the data folder; in
 * production, nowhere — the start stops, naming the variable.
 */
export function resolveVapidDetails(options: {
  publicKey?: string;
  privateKey?: string;
  subject?: string;
  production: boolean;
  file: string;
}): VapidDetails {
  const { publicKey, privateKey, production } = options;
  if (production) {
    const missing = [
      publicKey ? null : 'PLAZA_VAPID_PUBLIC_KEY',
      privateKey ? null : 'PLAZA_VAPID_PRIVATE_KEY',
      options.subject ? null : 'PLAZA_VAPID_SUBJECT',
    ].filter((name) => name !== null);
    if (missing.length > 0) {
      throw new Error(`${missing.join(', ')} must be set when NODE_ENV=production (npx web-push generate-vapid-keys)`);
    }
  }
  if (Boolean(publicKey) !== Boolean(privateKey)) {
    throw new Error('PLAZA_VAPID_PUBLIC_KEY and PLAZA_VAPID_PRIVATE_KEY must be set together (npx web-push generate-vapid-keys)');
  }
  const keys = publicKey && privateKey ? { publicKey, privateKey } : vapidKeysFromFile(options.file);
  return { ...keys, subject: options.subject ?? 'mailto:notifications@plaza.localhost' };
}
