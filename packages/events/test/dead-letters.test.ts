import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDeadLetterStore, runDeadLettersCommand, type DeadLetterStore, type EventBus } from '../src/index.ts';
import { busAt, cliFlags, newLocation, type TestBusLocation } from './support/brokers.ts';
import { followedEvent } from './support/events.ts';

const TUNING = { maxDeliveries: 3, retryDelayMs: 50, redeliverAfterMs: 500 };

function storeAt(location: TestBusLocation): DeadLetterStore {
  return location.kind === 'redis'
    ? openDeadLetterStore({ bus: 'redis', url: location.url, stream: location.stream })
    : openDeadLetterStore({ bus: 'nats', url: location.url, stream: location.stream, subjectPrefix: location.subjectPrefix });
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

describe.each(['redis', 'nats'] as const)('dead letters on %s', (kind) => {
  async function setUp() {
    const location = newLocation(kind);
    const bus = busAt(location, TUNING, { ephemeral: true });
    const store = storeAt(location);
    cleanup.push(
      () => bus.close(),
      () => store.close(),
    );
    return { location, bus, store };
  }

  /** `ledger` fails on the poisoned event until `fixed`; `audit` handles everything. */
  async function subscribeGroups(bus: EventBus, poisonedId: string) {
    const state = { fixed: false, ledgerAttempts: 0, ledger: [] as string[], audit: [] as string[] };
    await bus.subscribe('ledger', async (event) => {
      if (event.id === poisonedId) {
        state.ledgerAttempts++;
        if (!state.fixed) throw new Error(`ledger rejects event ${event.id}: account frozen`);
      }
      state.ledger.push(event.id);
    });
    await bus.subscribe('audit', async (event) => void state.audit.push(event.id));
    return state;
  }

  it('moves an event whose handler always fails to the dead-letter store after maxDeliveries, acknowledged for that group only', async () => {
    const { bus, store } = await setUp();
    const poisoned = followedEvent(1);
    const state = await subscribeGroups(bus, poisoned.id);
    await bus.publish([poisoned, followedEvent(2)]);

    await vi.waitFor(async () => expect(await store.list()).toHaveLength(1), { timeout: 10_000 });
    const [deadLetter] = await store.list();
    expect(deadLetter).toMatchObject({ group: 'ledger', eventId: poisoned.id, type: 'community.user.followed', deliveries: 3 });
    expect(deadLetter!.lastError).toContain('account frozen');
    expect(JSON.parse(deadLetter!.event!)).toEqual(poisoned);
    expect(Date.parse(deadLetter!.deadAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(state.ledgerAttempts).toBe(3);
    expect(state.ledger).toEqual([followedEvent(2).id]);
    await vi.waitFor(async () => expect(await bus.consumerLag('ledger')).toEqual({ pending: 0, undelivered: 0 }));
    expect(state.audit.sort()).toEqual([poisoned.id, followedEvent(2).id].sort());
    expect(await store.list({ group: 'audit' })).toEqual([]);
  });

  it('replays a dead letter from the command line to its group only, and removes it', async () => {
    const { location, bus, store } = await setUp();
    const poisoned = followedEvent(1);
    const state = await subscribeGroups(bus, poisoned.id);
    await bus.publish([poisoned]);
    await vi.waitFor(async () => expect(await store.list()).toHaveLength(1), { timeout: 10_000 });

    const listed = await runDeadLettersCommand(['list', ...cliFlags(location)]);
    expect(listed.exitCode).toBe(0);
    const [deadLetter] = await store.list();
    expect(listed.output).toContain(deadLetter!.key);
    expect(listed.output).toMatch(new RegExp(`${poisoned.id}\\s+community\\.user\\.followed\\s+ledger\\s+3\\s+`));
    expect(listed.output).toContain('account frozen');

    state.fixed = true;
    const replayed = await runDeadLettersCommand(['replay', deadLetter!.key, ...cliFlags(location)]);
    expect(replayed).toEqual({
      output: `Replayed ${deadLetter!.key}: event ${poisoned.id} (community.user.followed) to group ledger\n`,
      exitCode: 0,
    });
    await vi.waitFor(() => expect(state.ledger).toEqual([poisoned.id]));
    expect(await store.list()).toEqual([]);
    await vi.waitFor(async () => expect(await bus.consumerLag('audit')).toEqual({ pending: 0, undelivered: 0 }));
    expect(state.audit).toEqual([poisoned.id]);
  });

  it('replays them all, reporting what it could not', async () => {
    const { location, bus, store } = await setUp();
    const state = await subscribeGroups(bus, followedEvent(1).id);
    let failAll = true;
    await bus.subscribe('search', async () => {
      if (failAll) throw new Error('index missing');
    });
    await bus.publish([followedEvent(1), followedEvent(2)]);
    await vi.waitFor(async () => expect(await store.list()).toHaveLength(3), { timeout: 10_000 });
    expect((await store.list({ group: 'search' })).map((letter) => letter.eventId)).toEqual([followedEvent(1).id, followedEvent(2).id]);

    state.fixed = true;
    failAll = false;
    const result = await runDeadLettersCommand(['replay', '--all', '--group', 'search', '--json', ...cliFlags(location)]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.output)).toMatchObject({ replayed: [{ group: 'search' }, { group: 'search' }], failed: [] });
    expect((await store.list()).map((letter) => letter.group)).toEqual(['ledger']);
    await vi.waitFor(async () => expect(await bus.consumerLag('search')).toEqual({ pending: 0, undelivered: 0 }));
    expect(state.ledger).toEqual([followedEvent(2).id]);

    const missing = await runDeadLettersCommand(['replay', '999999', ...cliFlags(location)]);
    expect(missing.exitCode).toBe(1);
    expect(missing.output).toContain('No dead letter 999999');
  });
});

describe('dead-letter command line', () => {
  it('explains its usage when the arguments are wrong', async () => {
    expect(await runDeadLettersCommand(['list'])).toMatchObject({
      exitCode: 2,
      output: expect.stringContaining('--bus must be redis or nats; got none'),
    });
    expect(await runDeadLettersCommand(['purge', '--bus', 'redis'])).toMatchObject({
      exitCode: 2,
      output: expect.stringContaining('The command must be list or replay; got "purge"'),
    });
    expect(await runDeadLettersCommand(['replay', '--bus', 'nats'])).toMatchObject({
      exitCode: 2,
      output: expect.stringContaining('replay takes either one key or --all'),
    });
    expect(await runDeadLettersCommand(['list', '--bus', 'redis', '--limit', '0'])).toMatchObject({
      exitCode: 2,
      output: expect.stringContaining('--limit must be a positive whole number; got "0"'),
    });
    expect((await runDeadLettersCommand(['--help'])).exitCode).toBe(0);
  });
});
