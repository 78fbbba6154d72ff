import { IcsError } from '../ical/ical-reader.ts';
import { busyTimesOfFeed, type ExternalBusy } from './external-events.ts';

/** Longest a feed may take to answer and arrive. */
const FETCH_TIMEOUT_MS = 15_000;
/** Largest feed read; a bigger one fails the sync rather than filling memory. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

export type CalendarProviderName = 'GOOGLE' | 'OUTLOOK' | 'APPLE' | 'ICS_URL';

/** What a provider needs to fetch a connection's events: its secrets opened, its last validators. */
export interface SyncSource {
  provider: CalendarProviderName;
  feedUrl: string | null;
  accessToken: string | null;
  externalCalendarId: string | null;
  etag: string | null;
  lastModified: string | null;
}

export type FetchOutcome = { changed: false } | { changed: true; busy: ExternalBusy[]; etag: string | null; lastModified: string | null };

/** A sync that could not fetch or read the calendar; its message is kept as the connection's lastError. */
export class SyncError extends Error {}

/** A push notification as the webhook route received it. */
export interface WebhookRequest {
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}

/** What a webhook request says: a subscription handshake to echo, or channels that changed, each with the secret it presents. */
export type WebhookReading =
  | { kind: 'handshake'; reply: string }
  | { kind: 'notifications'; notifications: { channelId: string; secret: string }[] }
  | { kind: 'invalid'; message: string };

/** One kind of external calendar: how its events are fetched and how its push notifications read. */
export interface CalendarProvider {
  fetchChanges(source: SyncSource, window: { from: Date; to: Date }): Promise<FetchOutcome>;
  readWebhook(request: WebhookRequest): WebhookReading;
}

const header = (request: WebhookRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A subscribed iCalendar URL, polled with conditional GETs; it has no push notifications. */
export class IcsUrlProvider implements CalendarProvider {
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async fetchChanges(source: SyncSource, window: { from: Date; to: Date }): Promise<FetchOutcome> {
    if (!source.feedUrl) throw new SyncError('the connection has no feed URL');
    const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
    if (source.etag) headers['if-none-match'] = source.etag;
    if (source.lastModified) headers['if-modified-since'] = source.lastModified;
    let response: Response;
    try {
      response = await this.fetchImpl(source.feedUrl, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : errorText(error);
      throw new SyncError(`fetching the feed failed: ${reason}`);
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { changed: false };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SyncError(`the feed answered HTTP ${response.status}`);
    }
    const text = await readLimited(response);
    let busy: ExternalBusy[];
    try {
      busy = busyTimesOfFeed(text, window);
    } catch (error) {
      if (error instanceof IcsError) throw new SyncError(`the feed is not valid iCalendar: line ${error.line}: ${error.message}`);
      throw error;
    }
    return { changed: true, busy, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
  }

  readWebhook(): WebhookReading {
    return { kind: 'invalid', message: 'ICS feeds have no push notifications; they are polled' };
  }
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_BYTES) {
    await response.body?.cancel();
    throw new SyncError(`the feed is ${declared} bytes, more than the ${MAX_FEED_BYTES} allowed`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader?.cancel().catch(() => undefined);
      throw new SyncError(`the feed is more than the ${MAX_FEED_BYTES} bytes allowed`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const errorText = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
};

/**
 * A provider whose event API is not wired up here: its push notifications are verified (they
 * only schedule a sync), its fetch fails saying so. README, "Google and Outlook calendars",
 * lists what switching one on takes.
 */
abstract class NotEnabledProvider implements CalendarProvider {
  protected abstract readonly label: string;

  fetchChanges(): Promise<FetchOutcome> {
    return Promise.reject(
      new SyncError(
        `provider not enabled: fetching ${this.label} events needs its OAuth client (client id, secret, redirect URI) and API client, which this build does not have; see README "Google and Outlook calendars"`,
      ),
    );
  }

  abstract readWebhook(request: WebhookRequest): WebhookReading;
}

/** Google Calendar: a watch channel's notifications carry the channel id and the token set when the watch was made. */
export class GoogleCalendarProvider extends NotEnabledProvider {
  protected readonly label = 'Google Calendar';

  readWebhook(request: WebhookRequest): WebhookReading {
    const channelId = header(request, 'x-goog-channel-id');
    const token = header(request, 'x-goog-channel-token');
    if (!channelId) return { kind: 'invalid', message: 'X-Goog-Channel-ID header missing' };
    return { kind: 'notifications', notifications: [{ channelId, secret: token ?? '' }] };
  }
}

/**
 * Outlook through Microsoft Graph: a new subscription's validation request is answered by
 * echoing its validationToken; notifications name their subscription and carry its clientState.
 */
export class OutlookCalendarProvider extends NotEnabledProvider {
  protected readonly label = 'Outlook (Microsoft Graph)';

  readWebhook(request: WebhookRequest): WebhookReading {
    const validationToken = request.query.get('validationToken');
    if (validationToken !== null) return { kind: 'handshake', reply: validationToken };
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { kind: 'invalid', message: 'the body is not JSON' };
    }
    const value = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(value) || value.length === 0) return { kind: 'invalid', message: 'the body has no "value" notifications' };
    const notifications = value.map((entry: { subscriptionId?: unknown; clientState?: unknown } | null) => ({
      channelId: typeof entry?.subscriptionId === 'string' ? entry.subscriptionId : '',
      secret: typeof entry?.clientState === 'string' ? entry.clientState : '',
    }));
    if (notifications.some((notification) => notification.channelId === ''))
      return { kind: 'invalid', message: 'a notification has no subscriptionId' };
    return { kind: 'notifications', notifications };
  }
}

/** Apple calendars are CalDAV; a shared iCloud calendar's public link is an ICS_URL connection. */
class AppleCalendarProvider extends NotEnabledProvider {
  protected readonly label = 'Apple iCloud (CalDAV)';

  readWebhook(): WebhookReading {
    return { kind: 'invalid', message: 'Apple calendars have no push notifications here' };
  }
}

export const calendarProviders = (): Record<CalendarProviderName, CalendarProvider> => ({
  ICS_URL: new IcsUrlProvider(),
  GOOGLE: new GoogleCalendarProvider(),
  OUTLOOK: new OutlookCalendarProvider(),
  APPLE: new AppleCalendarProvider(),
});
