import { describe, expect, it } from 'vitest';
import { MemoryEventBus } from './bus.ts';
import { startOutboxRelay, type OutboxClient } from './relay.ts';

/**
 * An outbox client that records the options of each transaction and serves one pending row, so the
 * relay opens exactly one batch transaction per drain.
 */
function recordingClient() {
  const transactions: ({ maxWait?: number; timeout?: number } | undefined)[] = [];
  let pending = [
    {
      id: 'evt-1',
      organizationId: 'org-1',
      type: 'identity.member.joined',
      actorId: null,
      subjectType: 'User',
      subjectId: 'user-1',
      payload: {},
      occurredAt: new Date(0).toISOString(),
      publishedAt: null,
    },
  ];
  const client: OutboxClient = {
    async $transaction(work, options) {
      transactions.push(options);
      return work(client);
    },
    $queryRawUnsafe: async <T>(query: string) => (query.includes('FOR UPDATE') ? pending.splice(0) : []) as T,
    $executeRawUnsafe: async () => {
      pending = [];
      return 1;
    },
  };
  return { client, transactions };
}

describe('outbox relay transactions', () => {
  it("outlast Prisma's 5 s default: the in-process bus publishes inside them, as slowly as its slowest consumer group", async () => {
    const { client, transactions } = recordingClient();
    const bus = new MemoryEventBus([]);
    const relay = startOutboxRelay({ prisma: client, bus, intervalMs: 60_000 });
    await relay.drain();
    await relay.stop();
    expect(transactions.length).toBeGreaterThan(0);
    for (const options of transactions) expect(options).toEqual({ maxWait: 10_000, timeout: 120_000 });
  });

  it('take the configured timeout', async () => {
    const { client, transactions } = recordingClient();
    const relay = startOutboxRelay({ prisma: client, bus: new MemoryEventBus([]), intervalMs: 60_000, transactionTimeoutMs: 30_000 });
    await relay.drain();
    await relay.stop();
    for (const options of transactions) expect(options?.timeout).toBe(30_000);
  });
});
