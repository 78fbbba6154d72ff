import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import type { Viewer } from '@plaza/auth';
import { viewerKeyOf } from './connection-session.ts';
import { MembershipRecheck, type MembershipAnswer, type MembershipRecheckOptions } from './membership-recheck.ts';

const log = pino({ level: 'silent' });
const ada: Viewer = { userId: 'ada', organizationId: 'org-a', role: 'MEMBER' };
const bob: Viewer = { userId: 'bob', organizationId: 'org-a', role: 'ADMIN' };
const newcomer: Viewer = { userId: 'cy', organizationId: null, role: null };

const confirmed = (role: string | null): MembershipAnswer => ({ confirmed: true, role });
const never = () => new Promise<MembershipAnswer>(() => {});

/** A re-check of `viewers` every second with a 3 s grace period, recording the sessions it ends. */
function recheckOf(viewers: Viewer[], lookup: MembershipRecheckOptions['lookup'], options: Partial<MembershipRecheckOptions> = {}) {
  const ended: { userId: string | null; code: string }[] = [];
  const lookups = vi.fn(lookup);
  const recheck = new MembershipRecheck({
    intervalMs: 1_000,
    graceMs: 3_000,
    viewers: () => new Map(viewers.map((viewer) => [viewerKeyOf(viewer), viewer])),
    lookup: lookups,
    endViewer: (viewer, end) => void ended.push({ userId: viewer.userId, code: end.code }),
    log,
    ...options,
  });
  recheck.start();
  return { recheck, ended, lookups };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MembershipRecheck', () => {
  it('asks once per distinct viewer in an organization each round, and keeps confirmed members', async () => {
    const { ended, lookups, recheck } = recheckOf([ada, bob, newcomer], async (viewer) => confirmed(viewer.role));
    await vi.advanceTimersByTimeAsync(999);
    expect(lookups).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(lookups.mock.calls.map(([viewer]) => viewer.userId)).toEqual(['ada', 'bob']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(lookups).toHaveBeenCalledTimes(6);
    expect(ended).toEqual([]);
    recheck.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lookups).toHaveBeenCalledTimes(6);
  });

  it('ends with FORBIDDEN the viewers whose role changed or whose membership ended', async () => {
    const { ended } = recheckOf([ada, bob], async (viewer) => (viewer === ada ? confirmed('ADMIN') : confirmed(null)));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ended).toEqual([
      { userId: 'ada', code: 'FORBIDDEN' },
      { userId: 'bob', code: 'FORBIDDEN' },
    ]);
  });

  it('keeps unconfirmed viewers for the grace period, then ends them with MEMBERSHIP_UNCONFIRMED', async () => {
    const { ended } = recheckOf([ada], async () => ({ confirmed: false }));
    // First failure at 1 s; the grace period has passed at the re-check of 4 s.
    await vi.advanceTimersByTimeAsync(3_999);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toEqual([{ userId: 'ada', code: 'MEMBERSHIP_UNCONFIRMED' }]);
  });

  it('counts a failing lookup as unconfirmed', async () => {
    const { ended } = recheckOf([ada], async () => Promise.reject(new Error('ECONNREFUSED')));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ended).toEqual([{ userId: 'ada', code: 'MEMBERSHIP_UNCONFIRMED' }]);
  });

  it('starts the grace period afresh after a confirmation', async () => {
    const answers: MembershipAnswer[] = [{ confirmed: false }, { confirmed: false }, confirmed('MEMBER')];
    const { ended } = recheckOf([ada], async () => answers.shift() ?? { confirmed: false });
    // Failures at 1 s and 2 s, confirmed at 3 s; failing again from 4 s, so ended at 7 s.
    await vi.advanceTimersByTimeAsync(6_999);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toEqual([{ userId: 'ada', code: 'MEMBERSHIP_UNCONFIRMED' }]);
  });

  it('fails closed when identity never answers: one lookup in flight, unanswered rounds count as failures', async () => {
    const { ended, lookups } = recheckOf([ada], never);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toEqual([{ userId: 'ada', code: 'MEMBERSHIP_UNCONFIRMED' }]);
    expect(lookups).toHaveBeenCalledOnce();
  });

  it('waits on identity for a few viewers at a time', async () => {
    const viewers = ['a', 'b', 'c', 'd'].map((userId): Viewer => ({ userId, organizationId: 'org-a', role: 'MEMBER' }));
    const { lookups } = recheckOf(viewers, never, { concurrency: 2 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lookups).toHaveBeenCalledTimes(2);
  });

  it('defaults to a re-check every 30 s, and refuses a grace period shorter than the interval', async () => {
    const { lookups } = recheckOf([ada], async () => confirmed('MEMBER'), { intervalMs: undefined, graceMs: undefined });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(lookups).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(lookups).toHaveBeenCalledOnce();
    expect(() => recheckOf([], never, { intervalMs: 1_000, graceMs: 999 })).toThrow(
      /membershipGraceMs must be at least revalidateMs \(1000\).*got 999/,
    );
  });
});
