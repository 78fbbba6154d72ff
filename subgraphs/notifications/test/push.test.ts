import { createDecipheriv, createECDH, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { followed } from './event-fixtures.ts';
import { graphql } from './graphql/index.ts';
import { SET_PREFERENCES, notificationsOf } from './notifications-fixtures.ts';

// A push service of our own on 127.0.0.1 (the stack allows http endpoints there through
// PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS): it records every request and answers 201, or what
// `answers` says for a path. The subgraph's own WebPushTransport and web-push run unmocked.
interface PushRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
const received: PushRequest[] = [];
const answers = new Map<string, number>();
let pushServer: Server;
let pushServiceUrl: string;

const vapid = webpush.generateVAPIDKeys();
let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;

beforeAll(async () => {
  pushServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ method: request.method ?? '', path, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answers.get(path) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => pushServer.listen(0, '127.0.0.1', resolve));
  pushServiceUrl = `http://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  // The delivery job runs once an hour, i.e. never in this test: each test runs the worker itself.
  stack = await startTestStack({
    only: ['identity', 'notifications'],
    env: {
      PLAZA_DELIVERY_INTERVAL_MS: String(60 * 60_000),
      PLAZA_VAPID_PUBLIC_KEY: vapid.publicKey,
      PLAZA_VAPID_PRIVATE_KEY: vapid.privateKey,
      PLAZA_VAPID_SUBJECT: 'mailto:push-test@plaza.localhost',
      PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
    },
  });
  notifications = notificationsOf(stack);
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => pushServer?.close(resolve));
});

const PUSH_PUBLIC_KEY = graphql(`
  query PushPublicKey {
    pushPublicKey
  }
`);

const REGISTER = graphql(`
  mutation RegisterPushSubscription($input: RegisterPushSubscriptionInput!) {
    registerPushSubscription(input: $input) {
      id
      endpoint
      createdAt
    }
  }
`);

const REMOVE = graphql(`
  mutation RemovePushSubscription($endpoint: String!) {
    removePushSubscription(endpoint: $endpoint)
  }
`);

/** A browser's side of a subscription: its P-256 key pair and auth secret, as a real one makes them. */
function browser(path = `/push/${randomUUID()}`) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    path,
    input: {
      endpoint: `${pushServiceUrl}${path}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
  };
}

/** What the browser does with a push message (RFC 8291 + RFC 8188, one record): the plaintext. */
function decrypt(body: Buffer, receiver: ReturnType<typeof browser>): unknown {
  const salt = body.subarray(0, 16);
  const keyIdLength = body.readUInt8(20);
  const senderPublicKey = body.subarray(21, 21 + keyIdLength);
  const ciphertext = body.subarray(21 + keyIdLength);
  const sharedSecret = receiver.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.ecdh.getPublicKey(), senderPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, receiver.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(-16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  return JSON.parse(padded.subarray(0, padded.lastIndexOf(2)).toString('utf8'));
}

/** `user.followed` for `owner`, pushed (its PUSH channel is off by default, so the owner turns it on). */
async function followNotification(owner: Actor) {
  const [notification] = await notifications.services.ingest.ingest(followed(owner.organizationId, owner.userId));
  if (!notification) throw new Error('the follow should have made a notification');
  return notification.id;
}

const pushDelivery = (notificationId: string) =>
  notifications.prisma.notificationDelivery.findFirstOrThrow({
    where: { notificationId, channel: 'PUSH' },
    select: { status: true, attempts: true, lastError: true },
  });

describe('push', () => {
  it('hands browsers the configured VAPID public key', async () => {
    expect(expectData(await stack.anonymous.request(PUSH_PUBLIC_KEY)).pushPublicKey).toBe(vapid.publicKey);
  });

  it('accepts https endpoints only (and loopback http when allowed), naming the field', async () => {
    const owner = await stack.createOrganization();
    const { input } = browser();
    const error = expectErrorCode(
      await owner.request(REGISTER, { input: { ...input, endpoint: 'http://push.example/abc' } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/input\.endpoint: must be an https:\/\/ URL/);
    const badKey = expectErrorCode(
      await owner.request(REGISTER, { input: { ...input, keys: { ...input.keys, p256dh: 'c2hvcnQ' } } }),
      'BAD_USER_INPUT',
    );
    expect(badKey.message).toMatch(/input\.keys\.p256dh: must be an uncompressed P-256 public key/);
    expect(expectData(await owner.request(REGISTER, { input: { ...input, endpoint: 'https://push.example/abc' } }))).toBeTruthy();
  });

  it('registers idempotently per endpoint and removes', async () => {
    const owner = await stack.createOrganization();
    const first = browser();
    const registered = expectData(await owner.request(REGISTER, { input: first.input })).registerPushSubscription;
    expect(registered.endpoint).toBe(first.input.endpoint);
    const newKeys = browser(first.path).input;
    const again = expectData(await owner.request(REGISTER, { input: newKeys })).registerPushSubscription;
    expect(again.id).toBe(registered.id);
    const rows = await notifications.prisma.pushSubscription.findMany({ where: { userId: owner.userId } });
    expect(rows.map((row) => [row.organizationId, row.endpoint, row.p256dh])).toEqual([
      [owner.organizationId, first.input.endpoint, newKeys.keys.p256dh],
    ]);
    expect(expectData(await owner.request(REMOVE, { endpoint: first.input.endpoint })).removePushSubscription).toBe(true);
    expect(expectData(await owner.request(REMOVE, { endpoint: first.input.endpoint })).removePushSubscription).toBe(false);
    expect(await notifications.prisma.pushSubscription.count({ where: { userId: owner.userId } })).toBe(0);
  });

  it('sends an encrypted, VAPID-signed push to the browser; a 410 deletes the subscription and fails the delivery', async () => {
    const owner = await stack.createOrganization();
    expectData(await owner.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'PUSH', enabled: true }] }));
    const device = browser();
    expectData(await owner.request(REGISTER, { input: device.input }));

    const notificationId = await followNotification(owner);
    expect(await pushDelivery(notificationId)).toMatchObject({ status: 'PENDING', attempts: 0 });
    await notifications.services.deliveryWorker.runOnce();

    const requests = received.filter((request) => request.path === device.path);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: 'POST', headers: { 'content-encoding': 'aes128gcm', ttl: '86400' } });
    expect(request?.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
    expect(decrypt(request!.body, device)).toEqual({
      title: 'You have a new follower',
      body: 'Someone started following you.',
      url: `/notifications/${notificationId}`,
    });
    expect(await pushDelivery(notificationId)).toEqual({ status: 'SENT', attempts: 1, lastError: null });

    // The browser unsubscribed: its push service now answers 410 Gone.
    answers.set(device.path, 410);
    const laterId = await followNotification(owner);
    await notifications.services.deliveryWorker.runOnce();
    expect(received.filter((request) => request.path === device.path)).toHaveLength(2);
    expect(await notifications.prisma.pushSubscription.count({ where: { userId: owner.userId } })).toBe(0);
    expect(await pushDelivery(laterId)).toEqual({
      status: 'FAILED',
      attempts: 1,
      lastError: `no push subscription (expired: ${pushServiceUrl})`,
    });
  });

  it('retries when the push service fails otherwise', async () => {
    const owner = await stack.createOrganization();
    expectData(await owner.request(SET_PREFERENCES, { input: [{ type: 'user.followed', channel: 'PUSH', enabled: true }] }));
    const device = browser();
    expectData(await owner.request(REGISTER, { input: device.input }));
    answers.set(device.path, 503);
    const notificationId = await followNotification(owner);
    await notifications.services.deliveryWorker.runOnce();
    expect(await pushDelivery(notificationId)).toEqual({
      status: 'PENDING',
      attempts: 1,
      lastError: `Push service ${pushServiceUrl} answered 503`,
    });
    expect(await notifications.prisma.pushSubscription.count({ where: { userId: owner.userId } })).toBe(1);
  });
});
