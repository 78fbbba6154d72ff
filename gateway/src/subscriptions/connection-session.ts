/**
 * Connection sessions: what one client connection (a WebSocket, or one event stream) holds —
 * its viewer, its open subscriptions and the timer that ends it when its access token expires —
 * and the registry of open sessions through which the gateway ends them.
 */
import { Repeater } from '@repeaterjs/repeater';
import type { FormattedExecutionResult } from 'graphql';
import type { Viewer } from '@plaza/auth';

/** Who a transport's client is, as its access token says. */
export interface ViewerCredentials {
  viewer: Viewer;
  tokenExpiresAt: Date | null;
}

/** Why the gateway ended a session; `code` is the `extensions.code` clients see. */
export interface SessionEnd {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'MEMBERSHIP_UNCONFIRMED';
  message: string;
}

/**
 * Where one subscription's results come from: called with where to deliver them, it starts
 * delivery and returns what stops it. A result of undefined delivers nothing (an empty last one).
 */
export type ResultFeed = (deliver: (result: FormattedExecutionResult | undefined, last: boolean) => void) => () => void;

/** Ends one open subscription, after `last` when given. */
type Finisher = (last?: FormattedExecutionResult) => void;

/** Longest delay setTimeout honours (about 24.8 days); longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Identifies a viewer by user, organization and role: sessions of one key share re-checks. */
export const viewerKeyOf = (viewer: Viewer) => `${viewer.userId}|${viewer.organizationId}|${viewer.role}`;

export class ConnectionSession {
  readonly viewer: Viewer;
  private readonly finishers = new Set<Finisher>();
  private readonly expiryTimer: NodeJS.Timeout | undefined;
  private open = true;

  constructor(
    { viewer, tokenExpiresAt }: ViewerCredentials,
    private readonly hooks: {
      /** How the transport tells its client; without it, each subscription ends with a last result carrying the error. */
      onEnd?: (end: SessionEnd) => void;
      /** The session ended or closed: it no longer counts as open. */
      onStop(session: ConnectionSession): void;
      /** A subscription of the session started (+1) or stopped (-1). */
      onSubscriptionCount(change: 1 | -1): void;
    },
  ) {
    this.viewer = viewer;
    if (tokenExpiresAt) {
      const ms = Math.max(0, Math.min(tokenExpiresAt.getTime() - Date.now(), MAX_TIMER_MS));
      this.expiryTimer = setTimeout(() => this.end({ code: 'UNAUTHENTICATED', message: 'Access token expired' }), ms);
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Results of one subscription until the feed ends it, the client returns it, or the session ends. */
  subscribe(feed: ResultFeed): AsyncIterableIterator<FormattedExecutionResult> {
    return new Repeater<FormattedExecutionResult>(async (push, stop) => {
      // The session may have ended before its client started reading.
      if (!this.open) {
        stop();
        return;
      }
      const finish: Finisher = (last) => {
        if (last) void push(last);
        stop();
      };
      const stopFeed = feed((result, last) => {
        if (result) void push(result);
        if (last) stop();
      });
      this.finishers.add(finish);
      this.hooks.onSubscriptionCount(1);
      await stop;
      this.hooks.onSubscriptionCount(-1);
      this.finishers.delete(finish);
      stopFeed();
    });
  }

  /**
   * Ends the session for `end`'s reason: the transport's `onEnd` tells the client (and closes
   * the session in turn), or else each subscription's last result carries the error.
   */
  end(end: SessionEnd): void {
    if (!this.stop()) return;
    if (this.hooks.onEnd) return this.hooks.onEnd(end);
    const last: FormattedExecutionResult = { errors: [{ message: end.message, extensions: { code: end.code } }] };
    for (const finish of this.finishers) finish(last);
  }

  /** The client went away (or its transport closed after `end`): stops every subscription. */
  close(): void {
    this.stop();
    for (const finish of this.finishers) finish();
  }

  private stop(): boolean {
    if (!this.open) return false;
    this.open = false;
    clearTimeout(this.expiryTimer);
    this.hooks.onStop(this);
    return true;
  }
}

/** The open sessions of one gateway. */
export class SessionRegistry {
  private readonly sessions = new Set<ConnectionSession>();
  private subscriptions = 0;

  /** Opens a session; `onEnd` is how its transport tells the client that the gateway ended it. */
  open(credentials: ViewerCredentials, onEnd?: (end: SessionEnd) => void): ConnectionSession {
    const session = new ConnectionSession(credentials, {
      onEnd,
      onStop: (stopped) => this.sessions.delete(stopped),
      onSubscriptionCount: (change) => (this.subscriptions += change),
    });
    this.sessions.add(session);
    return session;
  }

  /** Ends every open session whose viewer `matches`. */
  endWhere(matches: (viewer: Viewer) => boolean, end: SessionEnd): void {
    for (const session of [...this.sessions]) if (matches(session.viewer)) session.end(end);
  }

  /** The distinct viewers of open sessions, by viewerKeyOf. */
  viewers(): Map<string, Viewer> {
    const byKey = new Map<string, Viewer>();
    for (const session of this.sessions) byKey.set(viewerKeyOf(session.viewer), session.viewer);
    return byKey;
  }

  /** Subscriptions open now, across sessions (including sessions ended but not yet closed by their transport). */
  subscriptionCount(): number {
    return this.subscriptions;
  }

  closeAll(): void {
    for (const session of [...this.sessions]) session.close();
  }
}
