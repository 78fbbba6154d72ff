import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { resolveVapidDetails, vapidKeyFileIn } from './vapid-keys.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'plaza-vapid-'));

describe('resolveVapidDetails', () => {
  it('generates the keys once into <data dir>/keys/vapid.json (0600) and reuses them', () => {
    const file = vapidKeyFileIn(dataDir());
    const first = resolveVapidDetails({ production: false, file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(resolveVapidDetails({ production: false, file })).toEqual(first);
    expect(first.subject).toBe('mailto:notifications@plaza.localhost');
  });

  it('uses the configured keys and subject', () => {
    const keys = webpush.generateVAPIDKeys();
    const file = vapidKeyFileIn(dataDir());
    expect(resolveVapidDetails({ ...keys, subject: 'https://plaza.example', production: true, file })).toEqual({
      ...keys,
      subject: 'https://plaza.example',
    });
    expect(() => statSync(file)).toThrow();
  });

  it('refuses to start in production without them, naming the variables', () => {
    const { publicKey } = webpush.generateVAPIDKeys();
    expect(() => resolveVapidDetails({ production: true, file: vapidKeyFileIn(dataDir()) })).toThrow(
      'PLAZA_VAPID_PUBLIC_KEY, PLAZA_VAPID_PRIVATE_KEY, PLAZA_VAPID_SUBJECT must be set when NODE_ENV=production',
    );
    expect(() => resolveVapidDetails({ publicKey, subject: 'mailto:a@b.example', production: true, file: '' })).toThrow(
      /^PLAZA_VAPID_PRIVATE_KEY must be set/,
    );
    expect(() => resolveVapidDetails({ publicKey, production: false, file: '' })).toThrow(/must be set together/);
  });
});
