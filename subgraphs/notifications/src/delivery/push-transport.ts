import webpush from 'web-push';
import type { VapidDetails } from '../push/vapid-keys.ts';

/** What a push notification says; the payload every browser's service worker receives, as JSON. */
export interface PushMessage {
  title: string;
  body: string;
  /** Where a click leads, relative to the app's origin. */
  url: string;
}

/** One browser to push to: its push service URL and the keys to encrypt for (RFC 8291). */
export interface PushEndpoint {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * `accepted`: the push service took the message (2xx). `gone`: the subscription no longer exists
 * (404/410): delete it, retrying will never succeed. Anything else rejects, so it is retried.
 */
export type PushOutcome = 'accepted' | 'gone';

export interface PushTransport {
  send(to: PushEndpoint, message: PushMessage): Promise<PushOutcome>;
}

/**
 * Web Push (RFC 8030) with the `web-push` library: it encrypts the payload for the browser
 * (aes128gcm, RFC 8291) and signs a VAPID JWT for the push service (RFC 8292). The request is
 * built by `generateRequestDetails` and sent with fetch rather than `sendNotification`, because
 * the latter can only speak https (it calls https.request), which would leave the local push
 * server of the tests (allowed by PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS) unreachable — the path
 * tested is then exactly the one production takes.
 */
export class WebPushTransport implements PushTransport {
  private readonly ttlSeconds: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: {
      vapid: VapidDetails;
      /** How long a push service keeps the message for an offline browser. Default one day. */
      ttlSeconds?: number;
      /** A push service slower than this counts as failed (and the delivery is retried). Default 10 s. */
      timeoutMs?: number;
    },
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(to: PushEndpoint, message: PushMessage): Promise<PushOutcome> {
    const request = webpush.generateRequestDetails(
      { endpoint: to.endpoint, keys: { p256dh: to.p256dh, auth: to.auth } },
      JSON.stringify({ title: message.title, body: message.body, url: message.url }),
      { vapidDetails: this.options.vapid, TTL: this.ttlSeconds, contentEncoding: 'aes128gcm' },
    );
    // fetch computes Content-Length itself from the body.
    const headers = Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== 'content-length')
      .map(([name, value]): [string, string] => [name, String(value)]);
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: request.method,
        headers,
        body: request.body && new Uint8Array(request.body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : '';
      throw new Error(`Push service ${new URL(to.endpoint).origin} unreachable: ${(error as Error).message}${cause}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return 'accepted';
    if (response.status === 404 || response.status === 410) return 'gone';
    throw new Error(`Push service ${new URL(to.endpoint).origin} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
}
