/**
 * Membership re-checks: a member removed, demoted or moved keeps a valid token until it expires,
 * so each viewer with open sessions is re-checked with identity periodically. Fail-closed: while
 * identity cannot confirm a viewer (unreachable, failing or not answering), its sessions stay
 * open for a grace period only, so an outage of identity cannot keep removed members subscribed.
 */
import pLimit from 'p-limit';
import type { Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import type { SessionEnd } from './connection-session.ts';

/** What identity says of a viewer's membership now; `role` is null when there is none. */
export type MembershipAnswer = { confirmed: true; role: string | null } | { confirmed: false };

export interface MembershipRecheckOptions {
  /** How often each viewer's membership is re-checked, ms. Default 30,000. */
  intervalMs?: number;
  /**
   * How long a viewer's membership may stay unconfirmed before its sessions end with
   * MEMBERSHIP_UNCONFIRMED, ms. Default 3 × intervalMs. A single failed re-check changes
   * nothing; the viewer is disconnected by the first re-check that fails once the period has
   * passed since the first failure, so between graceMs and graceMs + intervalMs into an outage.
   * A confirmed re-check starts the period afresh. Must be at least intervalMs.
   */
  graceMs?: number;
  /** Re-checks waiting for identity at once, at most. Default 8. */
  concurrency?: number;
  /** The distinct viewers of open sessions, by viewerKeyOf. */
  viewers(): Map<string, Viewer>;
  /** Asks identity about the viewer's membership; a rejection counts as unconfirmed. */
  lookup(viewer: Viewer): Promise<MembershipAnswer>;
  /** Ends every session of the viewer (the same user, organization and role). */
  endViewer(viewer: Viewer, end: SessionEnd): void;
  log: Logger;
}

/** Re-check bookkeeping of one viewer, shared by its sessions. */
interface ViewerCheck {
  /** Start of the first re-check that failed since the last confirmation. */
  failingSince?: number;
  /** Start of the re-check still waiting for identity's answer. */
  inFlightSince?: number;
}

/**
 * One check per distinct viewer per round (not per connection), a few at a time: 10,000
 * connections of 20 viewers cost 20 fetches.
 */
export class MembershipRecheck {
  private readonly intervalMs: number;
  private readonly graceMs: number;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly checks = new Map<string, ViewerCheck>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MembershipRecheckOptions) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.graceMs = options.graceMs ?? 3 * this.intervalMs;
    if (this.graceMs < this.intervalMs) {
      throw new RangeError(
        `membershipGraceMs must be at least revalidateMs (${this.intervalMs}) so one failed re-check cannot end sessions; got ${this.graceMs}`,
      );
    }
    this.limit = pLimit(options.concurrency ?? 8);
  }

  /** Re-checks every intervalMs from now on; the timer does not keep the process alive. */
  start(): void {
    this.stop();
    this.timer = setInterval(() => this.round(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: starts a re-check of each viewer in an organization, or counts the one still unanswered as failed. */
  round(): void {
    const viewers = new Map<string, Viewer>();
    for (const [key, viewer] of this.options.viewers()) if (viewer.organizationId) viewers.set(key, viewer);
    for (const [key, check] of this.checks) if (!viewers.has(key) && check.inFlightSince === undefined) this.checks.delete(key);

    for (const [key, viewer] of viewers) {
      const check = this.checks.get(key) ?? {};
      this.checks.set(key, check);
      // A check unanswered for a whole round counts as failed, so a hanging identity cannot fail open.
      if (check.inFlightSince !== undefined) {
        this.unconfirmed(viewer, check, check.inFlightSince);
        continue;
      }
      const startedAt = performance.now();
      check.inFlightSince = startedAt;
      void this.limit(() => this.options.lookup(viewer))
        .then((answer) => {
          check.inFlightSince = undefined;
          if (!answer.confirmed) return this.unconfirmed(viewer, check, startedAt);
          check.failingSince = undefined;
          if (answer.role === null || answer.role !== viewer.role)
            this.options.endViewer(viewer, { code: 'FORBIDDEN', message: 'Membership ended or changed' });
        })
        .catch((error: unknown) => {
          check.inFlightSince = undefined;
          this.options.log.warn({ err: error }, 'membership revalidation failed');
          this.unconfirmed(viewer, check, startedAt);
        });
    }
  }

  private unconfirmed(viewer: Viewer, check: ViewerCheck, since: number): void {
    check.failingSince ??= since;
    const failingMs = performance.now() - check.failingSince;
    if (failingMs < this.graceMs) return;
    this.options.endViewer(viewer, {
      code: 'MEMBERSHIP_UNCONFIRMED',
      message: `Membership could not be confirmed for ${Math.round(failingMs / 1000)} s; subscribe again`,
    });
  }
}
