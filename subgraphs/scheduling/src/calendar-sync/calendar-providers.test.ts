import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCalendarProvider, IcsUrlProvider, MAX_FEED_BYTES, OutlookCalendarProvider, SyncError } from './calendar-providers.ts';
import { ConnectionSecrets } from './connection-secrets.ts';

const request = (fields: { body?: string; headers?: Record<string, string>; query?: string }) => ({
  body: Buffer.from(fields.body ?? ''),
  headers: fields.headers ?? {},
  query: new URLSearchParams(fields.query ?? ''),
});

describe('ConnectionSecrets', () => {
  it('opens what it sealed for the same connection only, and never with another key', () => {
    const secrets = new ConnectionSecrets(Buffer.alloc(32, 7));
    const sealed = secrets.seal('https://calendar.example/private-abc/basic.ics', 'conn-1');
    expect(sealed).not.toContain('private-abc');
    expect(secrets.seal('same', 'conn-1')).not.toBe(secrets.seal('same', 'conn-1'));
    expect(secrets.open(sealed, 'conn-1')).toBe('https://calendar.example/private-abc/basic.ics');
    expect(secrets.open(sealed, 'conn-2')).toBeNull();
    expect(new ConnectionSecrets(Buffer.alloc(32, 8)).open(sealed, 'conn-1')).toBeNull();
    expect(() => new ConnectionSecrets(Buffer.alloc(16))).toThrow('must be 32 bytes, got 16');
  });
});

describe('webhook reading', () => {
  it('reads Google channel headers, and Microsoft Graph notifications and its validation handshake', () => {
    expect(
      new GoogleCalendarProvider().readWebhook(request({ headers: { 'x-goog-channel-id': 'ch-1', 'x-goog-channel-token': 's' } })),
    ).toEqual({
      kind: 'notifications',
      notifications: [{ channelId: 'ch-1', secret: 's' }],
    });
    expect(new GoogleCalendarProvider().readWebhook(request({})).kind).toBe('invalid');
    const outlook = new OutlookCalendarProvider();
    expect(outlook.readWebhook(request({ query: 'validationToken=abc%20def' }))).toEqual({ kind: 'handshake', reply: 'abc def' });
    expect(outlook.readWebhook(request({ body: JSON.stringify({ value: [{ subscriptionId: 'sub-1', clientState: 'cs' }] }) }))).toEqual({
      kind: 'notifications',
      notifications: [{ channelId: 'sub-1', secret: 'cs' }],
    });
    expect(outlook.readWebhook(request({ body: 'not json' }))).toEqual({ kind: 'invalid', message: 'the body is not JSON' });
  });

  it('says what switching a provider on needs instead of fetching', async () => {
    await expect(new GoogleCalendarProvider().fetchChanges()).rejects.toThrow(
      /^provider not enabled: fetching Google Calendar events needs its OAuth client/,
    );
  });
});

describe('IcsUrlProvider limits', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        // No content-length: the limit must hold while streaming.
        const chunk = 'X'.repeat(64 * 1024);
        for (let sent = 0; sent <= MAX_FEED_BYTES; sent += chunk.length) res.write(chunk);
        res.end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const source = (feedUrl: string) => ({
    provider: 'ICS_URL' as const,
    feedUrl,
    accessToken: null,
    externalCalendarId: null,
    etag: null,
    lastModified: null,
  });
  const window = { from: new Date('2031-03-01T00:00:00Z'), to: new Date('2031-04-01T00:00:00Z') };

  it('refuses a feed larger than the limit and names an HTTP error status', async () => {
    const provider = new IcsUrlProvider();
    await expect(provider.fetchChanges(source(`${base}/huge`), window)).rejects.toThrow(
      new SyncError(`the feed is more than the ${MAX_FEED_BYTES} bytes allowed`),
    );
    await expect(provider.fetchChanges(source(`${base}/missing`), window)).rejects.toThrow('the feed answered HTTP 404');
  });
});
