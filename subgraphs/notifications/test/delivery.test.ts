import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prismaDataAccess } from '@plaza/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { expectData, startTestStack, type TestStack } from '@plaza/testkit';
import { DeliveryWorker } from '../src/delivery/delivery.worker.ts';
import { MailboxEmailTransport, type EmailMessage, type EmailTransport } from '../src/delivery/email-transport.ts';
import { WebPushTransport } from '../src/delivery/push-transport.ts';
import { createRepositories } from '../src/repositories.ts';
import { invited } from './event-fixtures.ts';
import { graphql } from './graphql/index.ts';
import { notificationsOf } from './notifications-fixtures.ts';

// Each test drives its own DeliveryWorker, with its own transport and clock. The subgraph's own
// delivery job would claim the same rows, so this stack runs it once an hour: never, in a test.
let stack: TestStack;
let notifications: ReturnType<typeof notificationsOf>;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'notifications'], env: { PLAZA_DELIVERY_INTERVAL_MS: String(60 * 60_000) } });
  notifications = notificationsOf(stack);
});
afterAll(() => stack?.stop());

// These tests deliver email only (invitations do not go out by push; push.test.ts covers push).
const worker = (options: Omit<ConstructorParameters<typeof DeliveryWorker>[0], 'data' | 'push'>) =>
  new DeliveryWorker({
    data: prismaDataAccess(notifications.prisma, createRepositories),
    push: new WebPushTransport({ vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:tests@plaza.localhost' } }),
    ...options,
  });

const DELIVERY_LOG = graphql(`
  query DeliveryLog {
    notifications(first: 1) {
      edges {
        node {
          deliveries {
            channel
            status
            attempts
            lastError
          }
        }
      }
    }
  }
`);

/** An email transport that fails the first `failures` sends to each address, then accepts. */
class FlakyTransport implements EmailTransport {
  readonly sent: EmailMessage[] = [];
  private readonly tries = new Map<string, number>();
  constructor(private readonly failures: number) {}
  async send(message: EmailMessage) {
    const tries = (this.tries.get(message.to) ?? 0) + 1;
    this.tries.set(message.to, tries);
    if (tries <= this.failures) throw new Error(`SMTP 451 try ${tries}: mailbox busy`);
    this.sent.push(message);
  }
}

/** Ingests an invitation of `userId` (email on by default) and returns its notification's id. */
async function invitation(organizationId: string, userId: string, address: string, options: { role?: string; inviterId?: string } = {}) {
  const [notification] = await notifications.services.ingest.ingest(invited(organizationId, userId, address, options));
  if (!notification) throw new Error('the invitation should have made a notification');
  return notification.id;
}

describe('delivery', () => {
  it('writes invitation emails to the mailbox folder, HTML-escaped, and shows the delivery log', async () => {
    const owner = await stack.createOrganization();
    const invitee = await stack.createOrganization();
    const notificationId = await invitation(owner.organizationId, invitee.userId, invitee.email, {
      role: '<script>alert(1)</script>',
      inviterId: owner.userId,
    });
    const { prisma } = notifications;
    const delivery = await prisma.notificationDelivery.findFirstOrThrow({
      where: { notificationId },
      select: { id: true, channel: true, status: true, address: true },
    });
    expect(delivery).toMatchObject({ channel: 'EMAIL', status: 'PENDING', address: invitee.email });

    const dir = await mkdtemp(join(tmpdir(), 'plaza-mailbox-'));
    const result = await worker({ email: new MailboxEmailTransport({ dir, from: 'Plaza <notifications@plaza.localhost>' }) }).runOnce();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect((await readdir(dir)).filter((file) => file.startsWith(delivery.id)).sort()).toEqual([
      `${delivery.id}.eml`,
      `${delivery.id}.json`,
    ]);
    const mail: unknown = JSON.parse(await readFile(join(dir, `${delivery.id}.json`), 'utf8'));
    expect(mail).toMatchObject({
      from: 'Plaza <notifications@plaza.localhost>',
      to: invitee.email,
      subject: 'You are invited to join an organization on Plaza',
      text: expect.stringContaining('as <script>alert(1)</script>.'),
      html: expect.stringContaining('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;'),
    });
    expect(mail).not.toMatchObject({ html: expect.stringContaining('<script>') });
    const eml = await readFile(join(dir, `${delivery.id}.eml`), 'utf8');
    expect(eml).toMatch(new RegExp(`^To: ${invitee.email.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(eml).toMatch(/^Subject: You are invited to join an organization on Plaza$/m);

    const row = await prisma.notification.findUniqueOrThrow({
      where: { id: notificationId },
      select: { deliveries: { select: { status: true, attempts: true } } },
    });
    expect(row.deliveries).toEqual([{ status: 'SENT', attempts: 1 }]);
  });

  it('retries a failing delivery with growing waits until it is sent', async () => {
    const owner = await stack.createOrganization();
    const address = `flaky-${randomUUID()}@example.test`;
    const notificationId = await invitation(owner.organizationId, owner.userId, address);
    const transport = new FlakyTransport(2);
    const flaky = worker({ email: transport, baseDelayMs: 10_000, maxDelayMs: 600_000 });
    const state = () =>
      notifications.prisma.notificationDelivery.findFirstOrThrow({
        where: { notificationId },
        select: { status: true, attempts: true, lastError: true, nextAttemptAt: true },
      });

    const t0 = new Date();
    await flaky.runOnce(t0);
    const first = await state();
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'SMTP 451 try 1: mailbox busy' });
    expect(first.nextAttemptAt.getTime() - t0.getTime()).toBe(10_000);

    await flaky.runOnce(new Date(t0.getTime() + 5_000)); // not due yet
    expect((await state()).attempts).toBe(1);

    const t1 = first.nextAttemptAt;
    await flaky.runOnce(t1);
    const second = await state();
    expect(second).toMatchObject({ status: 'PENDING', attempts: 2, lastError: 'SMTP 451 try 2: mailbox busy' });
    expect(second.nextAttemptAt.getTime() - t1.getTime()).toBe(20_000);

    await flaky.runOnce(second.nextAttemptAt);
    expect(await state()).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
    expect(transport.sent.filter((mail) => mail.to === address)).toHaveLength(1);

    const log = expectData(await owner.request(DELIVERY_LOG)).notifications.edges[0]?.node.deliveries;
    expect(log).toEqual([{ channel: 'EMAIL', status: 'SENT', attempts: 3, lastError: null }]);
  });

  it('gives up after the last attempt, saying why', async () => {
    const owner = await stack.createOrganization();
    const address = `down-${randomUUID()}@example.test`;
    const notificationId = await invitation(owner.organizationId, owner.userId, address);
    const down = worker({ email: new FlakyTransport(Number.POSITIVE_INFINITY), maxAttempts: 2, baseDelayMs: 1_000 });
    const now = new Date();
    await down.runOnce(now);
    await down.runOnce(new Date(now.getTime() + 1_000));
    expect(
      await notifications.prisma.notificationDelivery.findFirstOrThrow({
        where: { notificationId },
        select: { status: true, attempts: true, lastError: true },
      }),
    ).toEqual({
      status: 'FAILED',
      attempts: 2,
      lastError: 'Gave up after 2 attempts: SMTP 451 try 2: mailbox busy',
    });
  });
});
