import { fakeDataAccess } from '@plaza/subgraph-kit';
import { describe, expect, it } from 'vitest';
import type { NotificationsRepositories } from '../repositories.ts';
import type { ClaimedDelivery, DeliveryRecord } from './delivery.repository.ts';
import { DeliveryWorker, backoffDelay } from './delivery.worker.ts';
import type { EmailMessage } from './email-transport.ts';
import type { PushTarget } from '../push/push.repository.ts';
import type { PushEndpoint, PushMessage, PushOutcome } from './push-transport.ts';

describe('backoffDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffDelay(attempts, 1_000, 10_000))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
  });
});

const content = {
  type: 'user.followed',
  recipientId: 'alice',
  title: 'You have a new follower',
  body: 'Someone started following you.',
  html: '<p>…</p>',
};

/** The delivery log in memory: `claimDue` hands out due PENDING rows and counts the attempt, as the SQL does. */
function deliveryLog(
  rows: (Omit<ClaimedDelivery, 'attempts' | 'organizationId' | 'notificationId'> & { attempts?: number })[],
  subscriptions: (PushTarget & { organizationId: string; userId: string })[] = [browser('alice')],
) {
  const log = rows.map((row): ClaimedDelivery & Pick<DeliveryRecord, 'status' | 'nextAttemptAt' | 'lastError'> => ({
    organizationId: 'org-1',
    notificationId: `n-${row.id}`,
    attempts: 0,
    status: 'PENDING',
    nextAttemptAt: new Date(0),
    lastError: null,
    ...row,
  }));
  const data = fakeDataAccess<NotificationsRepositories>({
    pushSubscriptions: {
      findTargets: async (organizationId, userId) =>
        subscriptions
          .filter((row) => row.organizationId === organizationId && row.userId === userId)
          .map(({ id, endpoint, p256dh, auth }) => ({ id, endpoint, p256dh, auth })),
      removeById: async (id) => {
        subscriptions.splice(
          subscriptions.findIndex((row) => row.id === id),
          1,
        );
      },
    },
    deliveries: {
      organizationsWithDueDeliveries: async (now) => [
        ...new Set(log.filter((row) => row.status === 'PENDING' && row.nextAttemptAt <= now).map((row) => row.organizationId)),
      ],
      claimDue: async (organizationId, now, leaseUntil, limit) =>
        log
          .filter((row) => row.organizationId === organizationId && row.status === 'PENDING' && row.nextAttemptAt <= now)
          .slice(0, limit)
          .map((row) => {
            row.attempts += 1;
            row.nextAttemptAt = leaseUntil;
            const { id, organizationId, notificationId, channel, address, content: stored, attempts } = row;
            return { id, organizationId, notificationId, channel, address, content: stored, attempts };
          }),
      markSent: async (id) => {
        Object.assign(
          log.find((row) => row.id === id)!,
          { status: 'SENT', lastError: null },
        );
      },
      scheduleRetry: async (id, nextAttemptAt, lastError) => {
        Object.assign(
          log.find((row) => row.id === id)!,
          { status: 'PENDING', nextAttemptAt, lastError },
        );
      },
      markFailed: async (id, lastError) => {
        Object.assign(
          log.find((row) => row.id === id)!,
          { status: 'FAILED', lastError },
        );
      },
    },
  });
  return { data, log, subscriptions };
}

/** A browser of `userId` in org-1, with push service https://push.example/<name>. */
function browser(userId: string, name = userId) {
  return { id: `s-${name}`, organizationId: 'org-1', userId, endpoint: `https://push.example/${name}`, p256dh: 'key', auth: 'secret' };
}

/**
 * A push transport answering per endpoint, as push services do: accepted (2xx), gone (404/410),
 * or refused (rejects: another attempt may succeed). Unlisted endpoints accept.
 */
function pushTransport(answers: Record<string, PushOutcome | 'refused'> = {}) {
  const sent: { to: string; message: PushMessage }[] = [];
  return {
    sent,
    async send(to: PushEndpoint, message: PushMessage): Promise<PushOutcome> {
      const answer = answers[to.endpoint] ?? 'accepted';
      if (answer === 'refused') throw new Error(`${to.endpoint} answered 503`);
      if (answer === 'accepted') sent.push({ to: to.endpoint, message });
      return answer;
    },
  };
}

/** A transport that refuses the first `failures` messages, then keeps what it accepts. */
function transport<Message>(failures = 0) {
  const sent: Message[] = [];
  let tries = 0;
  return {
    sent,
    async send(message: Message) {
      tries += 1;
      if (tries <= failures) throw new Error(`try ${tries} refused`);
      sent.push(message);
    },
  };
}

describe('DeliveryWorker', () => {
  const T0 = new Date('2026-03-01T12:00:00.000Z');
  const at = (ms: number) => new Date(T0.getTime() + ms);

  it('sends email to the stored address and push to the recipient, with the stored content', async () => {
    const { data, log } = deliveryLog([
      { id: 'd1', channel: 'EMAIL', address: 'alice@example.test', content },
      { id: 'd2', channel: 'PUSH', address: null, content },
    ]);
    const email = transport<EmailMessage>();
    const push = pushTransport();
    const result = await new DeliveryWorker({ data, email, push }).runOnce(T0);
    expect(result).toEqual({ claimed: 2, sent: 2, retrying: 0, failed: 0 });
    expect(email.sent).toEqual([{ id: 'd1', to: 'alice@example.test', subject: content.title, text: content.body, html: content.html }]);
    expect(push.sent).toEqual([
      { to: 'https://push.example/alice', message: { title: content.title, body: content.body, url: '/notifications/n-d2' } },
    ]);
    expect(log.map((row) => row.status)).toEqual(['SENT', 'SENT']);
  });

  it('retries a failed attempt after a growing wait, then records it sent', async () => {
    const { data, log } = deliveryLog([{ id: 'd1', channel: 'EMAIL', address: 'alice@example.test', content }]);
    const email = transport<EmailMessage>(2);
    const worker = new DeliveryWorker({ data, email, push: pushTransport(), baseDelayMs: 10_000, maxDelayMs: 600_000 });

    expect(await worker.runOnce(T0)).toMatchObject({ retrying: 1 });
    expect(log[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'try 1 refused', nextAttemptAt: at(10_000) });
    expect(await worker.runOnce(at(5_000))).toMatchObject({ claimed: 0 });
    await worker.runOnce(at(10_000));
    expect(log[0]).toMatchObject({ status: 'PENDING', attempts: 2, lastError: 'try 2 refused', nextAttemptAt: at(30_000) });
    await worker.runOnce(at(30_000));
    expect(log[0]).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
    expect(email.sent).toHaveLength(1);
  });

  it('gives up after the last attempt, saying why', async () => {
    const { data, log } = deliveryLog([{ id: 'd1', channel: 'EMAIL', address: 'alice@example.test', content }]);
    const worker = new DeliveryWorker({
      data,
      email: transport<EmailMessage>(Number.POSITIVE_INFINITY),
      push: pushTransport(),
      maxAttempts: 2,
      baseDelayMs: 1_000,
    });
    await worker.runOnce(T0);
    expect(await worker.runOnce(at(1_000))).toMatchObject({ failed: 1 });
    expect(log[0]).toMatchObject({ status: 'FAILED', attempts: 2, lastError: 'Gave up after 2 attempts: try 2 refused' });
  });

  it('fails a delivery it cannot send without stopping the others', async () => {
    const { data, log } = deliveryLog([
      { id: 'no-address', channel: 'EMAIL', address: null, content },
      { id: 'damaged', channel: 'PUSH', address: null, content: { title: 42 } },
      { id: 'fine', channel: 'PUSH', address: null, content },
    ]);
    const result = await new DeliveryWorker({ data, email: transport<EmailMessage>(), push: pushTransport(), maxAttempts: 1 }).runOnce(T0);
    expect(result).toEqual({ claimed: 3, sent: 1, retrying: 0, failed: 2 });
    expect(log.map((row) => [row.id, row.status, row.lastError])).toEqual([
      ['no-address', 'FAILED', 'Gave up after 1 attempts: Delivery no-address has no email address'],
      ['damaged', 'FAILED', expect.stringMatching(/^Gave up after 1 attempts: Delivery damaged has no valid content \(type: .*title: /)],
      ['fine', 'SENT', null],
    ]);
  });

  it('claims at most a batch per run', async () => {
    const { data } = deliveryLog(['a', 'b', 'c'].map((id) => ({ id, channel: 'PUSH' as const, address: null, content })));
    const worker = new DeliveryWorker({ data, email: transport<EmailMessage>(), push: pushTransport(), batchSize: 2 });
    expect(await worker.runOnce(T0)).toMatchObject({ claimed: 2, sent: 2 });
    expect(await worker.runOnce(T0)).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('pushes to every browser of the recipient and counts it sent when one push service accepted', async () => {
    const { data, log, subscriptions } = deliveryLog(
      [{ id: 'd1', channel: 'PUSH', address: null, content }],
      [browser('alice', 'phone'), browser('alice', 'laptop'), browser('alice', 'old'), browser('bob')],
    );
    const push = pushTransport({ 'https://push.example/laptop': 'refused', 'https://push.example/old': 'gone' });
    expect(await new DeliveryWorker({ data, email: transport<EmailMessage>(), push }).runOnce(T0)).toMatchObject({ sent: 1 });
    expect(push.sent.map((sent) => sent.to)).toEqual(['https://push.example/phone']);
    expect(log[0]).toMatchObject({ status: 'SENT', lastError: null });
    // The push service said the old browser's subscription is gone: it is deleted, the others stay.
    expect(subscriptions.map((row) => row.id)).toEqual(['s-phone', 's-laptop', 's-bob']);
  });

  it('retries push when no push service accepted and one failed otherwise', async () => {
    const { data, log } = deliveryLog([{ id: 'd1', channel: 'PUSH', address: null, content }]);
    const push = pushTransport({ 'https://push.example/alice': 'refused' });
    const worker = new DeliveryWorker({ data, email: transport<EmailMessage>(), push, baseDelayMs: 1_000 });
    expect(await worker.runOnce(T0)).toMatchObject({ retrying: 1 });
    expect(log[0]).toMatchObject({ status: 'PENDING', lastError: 'https://push.example/alice answered 503', nextAttemptAt: at(1_000) });
  });

  it('fails push for good, without retrying, when every subscription is gone or there is none', async () => {
    const { data, log, subscriptions } = deliveryLog([
      { id: 'expired', channel: 'PUSH', address: null, content },
      { id: 'nowhere', channel: 'PUSH', address: null, content: { ...content, recipientId: 'carol' } },
    ]);
    const push = pushTransport({ 'https://push.example/alice': 'gone' });
    const result = await new DeliveryWorker({ data, email: transport<EmailMessage>(), push }).runOnce(T0);
    expect(result).toEqual({ claimed: 2, sent: 0, retrying: 0, failed: 2 });
    expect(subscriptions).toEqual([]);
    expect(log.map((row) => [row.id, row.status, row.attempts, row.lastError])).toEqual([
      ['expired', 'FAILED', 1, 'no push subscription (expired: https://push.example)'],
      ['nowhere', 'FAILED', 1, 'no push subscription'],
    ]);
  });
});
