import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, startTestStack, statementCounter, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import type { ConnectExternalCalendarInput } from './graphql/graphql.ts';
import { graphql } from './graphql/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A day a week ahead, 00:00 UTC: inside the sync window and the resource's lead time. */
const DAY_ONE = new Date(Math.floor(Date.now() / DAY) * DAY + 7 * DAY);
const at = (hours: number) => new Date(DAY_ONE.getTime() + hours * HOUR);
const stamp = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const CREATE_RESOURCE = graphql(`
  mutation SyncCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
    }
  }
`);
const BOOK = graphql(`
  mutation SyncBook($input: BookResourceInput!) {
    bookResource(input: $input) {
      id
    }
  }
`);
const SLOTS = graphql(`
  query SyncSlots($resourceId: ID!, $from: DateTime!, $to: DateTime!) {
    resourceAvailability(resourceId: $resourceId, from: $from, to: $to, durationMinutes: 60, stepMinutes: 60) {
      startsAt
    }
  }
`);
const USER_SLOTS = graphql(`
  query SyncUserSlots($userId: ID!, $from: DateTime!, $to: DateTime!) {
    userAvailability(userId: $userId, from: $from, to: $to, durationMinutes: 60, stepMinutes: 60) {
      startsAt
    }
  }
`);
const CONNECT = graphql(`
  mutation SyncConnect($input: ConnectExternalCalendarInput!) {
    connectExternalCalendar(input: $input) {
      id
      provider
      targetType
      targetId
      feedHost
      hasAccessToken
      hasRefreshToken
      hasWebhookSecret
      webhookChannelId
      syncEnabled
      syncStatus
      lastSyncedAt
      lastError
      nextSyncAt
    }
  }
`);
const UPDATE = graphql(`
  mutation SyncUpdate($id: ID!, $input: UpdateExternalCalendarConnectionInput!) {
    updateExternalCalendarConnection(id: $id, input: $input) {
      hasAccessToken
    }
  }
`);
const SET_ENABLED = graphql(`
  mutation SyncSetEnabled($id: ID!, $enabled: Boolean!) {
    setExternalCalendarSyncEnabled(id: $id, enabled: $enabled) {
      syncEnabled
    }
  }
`);
const DELETE = graphql(`
  mutation SyncDelete($id: ID!) {
    deleteExternalCalendarConnection(id: $id)
  }
`);
const SYNC = graphql(`
  mutation SyncNow($id: ID!) {
    syncExternalCalendarConnection(id: $id) {
      syncStatus
      lastSyncedAt
      lastError
      nextSyncAt
    }
  }
`);
const CONNECTION = graphql(`
  query SyncConnection($id: ID!, $from: DateTime!, $to: DateTime!) {
    externalCalendarConnection(id: $id) {
      nextSyncAt
      events(from: $from, to: $to) {
        externalEventId
        title
        startsAt
        endsAt
      }
    }
  }
`);
const LIST_WITH_EVENTS = graphql(`
  query SyncListWithEvents($from: DateTime!, $to: DateTime!) {
    externalCalendarConnections {
      id
      events(from: $from, to: $to) {
        externalEventId
      }
    }
  }
`);
const LIST = graphql(`
  query SyncList {
    externalCalendarConnections {
      id
    }
  }
`);

/** A calendar server on this machine whose feed the test changes; it answers conditional GETs with 304. */
class FeedServer {
  private server!: Server;
  body = '';
  etag = '"v1"';
  requests: { path: string; headers: IncomingHttpHeaders; status: number }[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const status = req.headers['if-none-match'] === this.etag ? 304 : 200;
      this.requests.push({ path: req.url ?? '', headers: req.headers, status });
      if (status === 304) res.writeHead(304, { etag: this.etag }).end();
      else res.writeHead(200, { 'content-type': 'text/calendar', etag: this.etag }).end(this.body);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** A secret-looking path, as real private feed URLs have. */
  url(secret: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/private-${secret}/basic.ics`;
  }

  publish(body: string, etag: string): void {
    this.body = body;
    this.etag = etag;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const calendar = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const vevent = (uid: string, startHour: number, endHour: number, title: string, ...extra: string[]) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp(new Date())}`,
    `DTSTART:${stamp(at(startHour))}`,
    `DTEND:${stamp(at(endHour))}`,
    `SUMMARY:${title}`,
    ...extra,
    'END:VEVENT',
  ].join('\r\n');

const window = { from: at(0).toISOString(), to: at(48).toISOString() };
const slotHours = (slots: { startsAt: string }[]) => slots.map((slot) => (new Date(slot.startsAt).getTime() - DAY_ONE.getTime()) / HOUR);

async function resourceOf(owner: Actor): Promise<string> {
  return expectData(
    await owner.request(CREATE_RESOURCE, {
      input: {
        name: 'Meeting room',
        type: 'SPACE',
        timeZone: 'UTC',
        openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
      },
    }),
  ).createResource.id;
}

/** Syncs now; the poller may hold a new connection for a moment (it is due at once), so a CONFLICT for that is retried. */
async function syncNow(actor: Actor, id: string) {
  return vi.waitFor(
    async () => {
      const response = await actor.request(SYNC, { id });
      if (response.errors?.some((error) => /being synced already/.test(error.message))) throw new Error('held by the poller');
      return expectData(response).syncExternalCalendarConnection;
    },
    { timeout: 20_000, interval: 200 },
  );
}

async function postWebhook(stack: TestStack, path: string, init: { headers?: Record<string, string>; body?: string; query?: string }) {
  const origin = new URL(stack.running.subgraphs.scheduling!.server.url).origin;
  const response = await fetch(`${origin}${path}${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body ?? '',
  });
  return { status: response.status, text: await response.text() };
}

/** Every column of the connection's row, as the database holds it. */
async function storedRow(stack: TestStack, id: string): Promise<string> {
  const rows = await stack.prisma<PrismaClient>('scheduling').$queryRaw<
    { row: string }[]
  >`SELECT row_to_json(c)::text AS row FROM "CalendarConnection" c WHERE c.id = ${id}`;
  return rows[0]!.row;
}

describe('calendar sync', { timeout: 120_000 }, () => {
  let stack: TestStack;
  const feed = new FeedServer();
  beforeAll(async () => {
    stack = await sharedTestStack();
    await feed.start();
  });
  afterAll(() => feed.stop());

  it('lists connections with their synced events in as many SQL statements for 2 connections as for 6', async () => {
    const owner = await stack.createOrganization();
    const resourceId = await resourceOf(owner);
    const db = stack.prisma<PrismaClient>('scheduling');
    const connect = async (n: number) => {
      const { id } = expectData(
        await owner.request(CONNECT, {
          input: { provider: 'ICS_URL', targetType: 'RESOURCE', targetId: resourceId, feedUrl: feed.url(`listed${n}`) },
        }),
      ).connectExternalCalendar;
      await db.externalCalendarEvent.createMany({
        data: [10, 13].map((hour) => ({
          organizationId: owner.organizationId,
          connectionId: id,
          externalEventId: `listed-${n}-${hour}@remote`,
          title: `Listed ${n}`,
          startsAt: at(hour),
          endsAt: at(hour + 1),
        })),
      });
    };
    const count = statementCounter(db);
    const measure = () => count(async () => expectData(await owner.request(LIST_WITH_EVENTS, window)).externalCalendarConnections);
    for (const n of [1, 2]) await connect(n);
    const two = await measure();
    for (const n of [3, 4, 5, 6]) await connect(n);
    const six = await measure();
    expect(two.result.map((connection) => connection.events.length)).toEqual([2, 2]);
    expect(six.result.map((connection) => connection.events.length)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(six.statements, JSON.stringify({ two: two.seen, six: six.seen }, null, 1)).toBe(two.statements);
  });

  it('subscribes a resource to an ICS feed: events are stored and block its slots and bookings; 304, moves, removals and a broken feed are followed', async () => {
    const owner = await stack.createOrganization();
    const resourceId = await resourceOf(owner);
    const secret = `token${randomUUID().replaceAll('-', '')}`;
    feed.publish(
      calendar(
        vevent('review@remote', 10, 11, 'Design review'),
        vevent('audit@remote', 13, 14, 'Audit'),
        // Daily at 15:00 twice: one row per occurrence.
        vevent('daily@remote', 15, 16, 'Cleaning', 'RRULE:FREQ=DAILY;COUNT=2'),
        vevent('off@remote', 9, 10, 'Called off', 'STATUS:CANCELLED'),
      ),
      '"v1"',
    );
    const connected = expectData(
      await owner.request(CONNECT, {
        input: {
          provider: 'ICS_URL',
          targetType: 'RESOURCE',
          targetId: resourceId,
          feedUrl: feed.url(secret),
          externalCalendarName: 'Facilities',
        },
      }),
    ).connectExternalCalendar;
    expect(connected).toMatchObject({
      provider: 'ICS_URL',
      syncStatus: 'PENDING',
      feedHost: new URL(feed.url(secret)).host,
      hasAccessToken: false,
    });

    const synced = await syncNow(owner, connected.id);
    expect(synced).toMatchObject({ syncStatus: 'SUCCESS', lastError: null });
    const events = async () =>
      expectData(await owner.request(CONNECTION, { id: connected.id, ...window })).externalCalendarConnection.events;
    expect(await events()).toEqual([
      { externalEventId: 'review@remote', title: 'Design review', startsAt: at(10).toISOString(), endsAt: at(11).toISOString() },
      { externalEventId: 'audit@remote', title: 'Audit', startsAt: at(13).toISOString(), endsAt: at(14).toISOString() },
      {
        externalEventId: `daily@remote/${at(15).toISOString()}`,
        title: 'Cleaning',
        startsAt: at(15).toISOString(),
        endsAt: at(16).toISOString(),
      },
      {
        externalEventId: `daily@remote/${at(39).toISOString()}`,
        title: 'Cleaning',
        startsAt: at(39).toISOString(),
        endsAt: at(40).toISOString(),
      },
    ]);
    const slots = async () =>
      slotHours(
        expectData(await owner.request(SLOTS, { resourceId, from: at(0).toISOString(), to: at(24).toISOString() })).resourceAvailability,
      );
    expect(await slots()).toEqual([9, 11, 12, 14, 16]);
    const refused = expectErrorCode(
      await owner.request(BOOK, { input: { resourceId, startsAt: at(10.5).toISOString(), endsAt: at(11.5).toISOString() } }),
      'CONFLICT',
    );
    expect(refused.message).toMatch(/is busy in its synced external calendar from .* \("Design review", connection /);

    // Unchanged: the validator goes back and the server answers 304.
    const again = await syncNow(owner, connected.id);
    expect(again.syncStatus).toBe('SUCCESS');
    expect(feed.requests.at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': '"v1"' } });
    expect(await events()).toHaveLength(4);

    // The review moves to 12:00, the audit is deleted.
    feed.publish(
      calendar(vevent('review@remote', 12, 13, 'Design review'), vevent('daily@remote', 15, 16, 'Cleaning', 'RRULE:FREQ=DAILY;COUNT=2')),
      '"v2"',
    );
    expect((await syncNow(owner, connected.id)).syncStatus).toBe('SUCCESS');
    expect((await events()).map((event) => [event.externalEventId, event.startsAt])).toEqual([
      ['review@remote', at(12).toISOString()],
      [`daily@remote/${at(15).toISOString()}`, at(15).toISOString()],
      [`daily@remote/${at(39).toISOString()}`, at(39).toISOString()],
    ]);
    expect(await slots()).toEqual([9, 10, 11, 13, 14, 16]);
    expectData(await owner.request(BOOK, { input: { resourceId, startsAt: at(10).toISOString(), endsAt: at(11).toISOString() } }));

    // A broken feed is an ERROR with the reason; the last good events stay.
    feed.publish('<html>Maintenance</html>', '"v3"');
    const broken = await syncNow(owner, connected.id);
    expect(broken.syncStatus).toBe('ERROR');
    expect(broken.lastError).toMatch(/^the feed is not valid iCalendar: line 1: /);
    expect(await events()).toHaveLength(3);
    feed.publish(calendar(vevent('review@remote', 12, 13, 'Design review')), '"v4"');
    expect(await syncNow(owner, connected.id)).toMatchObject({ syncStatus: 'SUCCESS', lastError: null });

    // Disabled, its events block nothing; deleted, they are gone.
    expect(
      expectData(await owner.request(SET_ENABLED, { id: connected.id, enabled: false })).setExternalCalendarSyncEnabled.syncEnabled,
    ).toBe(false);
    expect(await slots()).toEqual([9, 11, 12, 13, 14, 15, 16]);
    expectErrorCode(await owner.request(SYNC, { id: connected.id }), 'CONFLICT');
    expectData(await owner.request(SET_ENABLED, { id: connected.id, enabled: true }));
    expect(await slots()).toEqual([9, 11, 13, 14, 15, 16]);
    expect(expectData(await owner.request(DELETE, { id: connected.id })).deleteExternalCalendarConnection).toBe(connected.id);
    expect(await slots()).toEqual([9, 11, 12, 13, 14, 15, 16]);
    expect(expectData(await owner.request(LIST, {})).externalCalendarConnections).toEqual([]);
  });

  it('stores the feed URL, tokens and webhook secret encrypted, and returns none of them', async () => {
    const owner = await stack.createOrganization();
    const feedSecret = `feed${randomUUID().replaceAll('-', '')}`;
    const ics = expectData(
      await owner.request(CONNECT, {
        input: { provider: 'ICS_URL', targetType: 'USER', targetId: owner.userId, feedUrl: feed.url(feedSecret) },
      }),
    ).connectExternalCalendar;
    const [access, refresh, webhook] = ['access', 'refresh', 'webhook'].map((kind) => `${kind}-${randomUUID()}`);
    const google = expectData(
      await owner.request(CONNECT, {
        input: {
          provider: 'GOOGLE',
          targetType: 'USER',
          targetId: owner.userId,
          accessToken: access,
          refreshToken: refresh,
          webhookChannelId: `channel-${randomUUID()}`,
          webhookSecret: webhook,
        },
      }),
    ).connectExternalCalendar;
    expect(google).toMatchObject({ hasAccessToken: true, hasRefreshToken: true, hasWebhookSecret: true });
    const row = await storedRow(stack, google.id);
    for (const plaintext of [access, refresh, webhook]) expect(row).not.toContain(plaintext);
    expect(JSON.parse(row)).toMatchObject({ accessTokenEncrypted: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(await storedRow(stack, ics.id)).not.toContain(feedSecret);
    // A new secret replaces the old one and is sealed as well.
    const rotated = `rotated-${randomUUID()}`;
    expect(
      expectData(await owner.request(UPDATE, { id: google.id, input: { accessToken: rotated } })).updateExternalCalendarConnection,
    ).toEqual({
      hasAccessToken: true,
    });
    expect(await storedRow(stack, google.id)).not.toContain(rotated);
  });

  it("blocks a member's free slots with the events of feeds synced to them", async () => {
    const owner = await stack.createOrganization();
    const secret = `member${randomUUID().replaceAll('-', '')}`;
    feed.publish(calendar(vevent('dentist@remote', 10, 11, 'Dentist')), `"m-${secret}"`);
    const { id } = expectData(
      await owner.request(CONNECT, {
        input: { provider: 'ICS_URL', targetType: 'USER', targetId: owner.userId, feedUrl: feed.url(secret) },
      }),
    ).connectExternalCalendar;
    const before = slotHours(
      expectData(await owner.request(USER_SLOTS, { userId: owner.userId, from: at(0).toISOString(), to: at(24).toISOString() }))
        .userAvailability,
    );
    expect(await syncNow(owner, id)).toMatchObject({ syncStatus: 'SUCCESS' });
    const after = slotHours(
      expectData(await owner.request(USER_SLOTS, { userId: owner.userId, from: at(0).toISOString(), to: at(24).toISOString() }))
        .userAvailability,
    );
    expect(before).toContain(10);
    expect(after).toEqual(before.filter((hour) => hour !== 10));
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const owner = await stack.createOrganization();
    const resourceId = await resourceOf(owner);
    const connect = (input: Partial<ConnectExternalCalendarInput>) =>
      owner.request(CONNECT, { input: { provider: 'ICS_URL', targetType: 'RESOURCE', targetId: resourceId, ...input } });
    const cases: [Partial<ConnectExternalCalendarInput>, string][] = [
      [{ feedUrl: 'ftp://files.example/cal.ics' }, 'Invalid input: feedUrl: must be an http or https URL (got scheme ftp:)'],
      [{ feedUrl: 'not a url' }, 'Invalid input: feedUrl: must be an absolute http or https URL, not "not a url"'],
      [{}, 'Invalid input: feedUrl: is required for an ICS_URL connection'],
      [
        { feedUrl: 'https://calendar.example/a.ics', accessToken: 'x' },
        'Invalid input: accessToken: is not a setting of ICS_URL connections (a feed URL is polled; it has no OAuth or webhooks)',
      ],
      [
        { provider: 'GOOGLE', feedUrl: 'https://calendar.example/a.ics' },
        'Invalid input: feedUrl: is only for ICS_URL connections, not GOOGLE',
      ],
      [
        { provider: 'GOOGLE', webhookChannelId: 'c-1', webhookSecret: 'short' },
        'Invalid input: webhookSecret: must be at least 16 characters',
      ],
    ];
    for (const [input, message] of cases) expect(expectErrorCode(await connect(input), 'BAD_USER_INPUT').message).toBe(message);
    expectErrorCode(await connect({ feedUrl: 'https://calendar.example/a.ics', targetId: 'no-such-resource' }), 'NOT_FOUND');
    expect(expectData(await owner.request(LIST, {})).externalCalendarConnections).toEqual([]);
  });

  it('keeps connections to their organization and to admins; a held lease refuses a second sync', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner);
    const stranger = await stack.createOrganization();
    const resourceId = await resourceOf(owner);
    const { id } = expectData(
      await owner.request(CONNECT, {
        input: { provider: 'ICS_URL', targetType: 'RESOURCE', targetId: resourceId, feedUrl: feed.url('tenancy') },
      }),
    ).connectExternalCalendar;
    expectErrorCode(await stranger.request(CONNECTION, { id, ...window }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(SYNC, { id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(DELETE, { id }), 'NOT_FOUND');
    expect(expectData(await stranger.request(LIST, {})).externalCalendarConnections).toEqual([]);
    expectErrorCode(
      await stranger.request(CONNECT, {
        input: { provider: 'ICS_URL', targetType: 'RESOURCE', targetId: resourceId, feedUrl: feed.url('x') },
      }),
      'NOT_FOUND',
    );
    expect(expectErrorCode(await member.request(LIST, {}), 'FORBIDDEN').message).toMatch(/needs the ADMIN role/);
    expectErrorCode(await member.request(SYNC, { id }), 'FORBIDDEN');

    // Another instance's sync holds the lease: this one is refused and changes nothing.
    await stack
      .prisma<PrismaClient>('scheduling')
      .calendarConnection.update({ where: { id }, data: { leaseUntil: new Date(Date.now() + HOUR) } });
    expect(expectErrorCode(await owner.request(SYNC, { id }), 'CONFLICT').message).toBe(
      `Connection ${id} is being synced already; try again in a moment`,
    );
  });

  it('verifies Google and Microsoft Graph notifications by their secret: the right one schedules a sync, a wrong one is refused and changes nothing', async () => {
    const owner = await stack.createOrganization();
    const [googleChannel, graphSubscription] = [`g-${randomUUID()}`, `m-${randomUUID()}`];
    const [googleSecret, graphSecret] = [`gs-${randomUUID()}`, `ms-${randomUUID()}`];
    const connect = async (provider: 'GOOGLE' | 'OUTLOOK', webhookChannelId: string, webhookSecret: string) => {
      const { id } = expectData(
        await owner.request(CONNECT, {
          input: { provider, targetType: 'USER', targetId: owner.userId, accessToken: 'token', webhookChannelId, webhookSecret },
        }),
      ).connectExternalCalendar;
      // Their fetch is not switched on: the sync fails saying so and is not tried again for an interval.
      const synced = await syncNow(owner, id);
      expect(synced.syncStatus).toBe('ERROR');
      expect(synced.lastError).toMatch(/^provider not enabled: /);
      expect(new Date(synced.nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 60_000);
      return { id, nextSyncAt: synced.nextSyncAt };
    };
    const nextSyncOf = async (id: string) =>
      new Date(expectData(await owner.request(CONNECTION, { id, ...window })).externalCalendarConnection.nextSyncAt).getTime();

    const google = await connect('GOOGLE', googleChannel, googleSecret);
    const googleHeaders = (token: string) => ({
      'x-goog-channel-id': googleChannel,
      'x-goog-channel-token': token,
      'x-goog-resource-state': 'exists',
    });
    expect((await postWebhook(stack, '/webhooks/calendar/google', { headers: googleHeaders('wrong-secret') })).status).toBe(403);
    expect(
      (
        await postWebhook(stack, '/webhooks/calendar/google', {
          headers: { 'x-goog-channel-id': 'no-such-channel', 'x-goog-channel-token': googleSecret },
        })
      ).status,
    ).toBe(403);
    expect(await nextSyncOf(google.id)).toBe(new Date(google.nextSyncAt).getTime());
    expect((await postWebhook(stack, '/webhooks/calendar/google', { headers: googleHeaders(googleSecret) })).status).toBe(202);
    expect(await nextSyncOf(google.id)).toBeLessThanOrEqual(Date.now());

    const outlook = await connect('OUTLOOK', graphSubscription, graphSecret);
    const handshake = await postWebhook(stack, '/webhooks/calendar/outlook', {
      query: '?validationToken=Validation%3A%20Testing%20client%20application',
    });
    expect(handshake).toEqual({ status: 200, text: 'Validation: Testing client application' });
    const notify = (clientState: string) =>
      postWebhook(stack, '/webhooks/calendar/outlook', {
        body: JSON.stringify({
          value: [{ subscriptionId: graphSubscription, clientState, changeType: 'updated', resource: 'me/events/1' }],
        }),
      });
    expect((await notify('wrong-secret')).status).toBe(403);
    // A Google channel's secret does not open an Outlook notification.
    expect(
      (
        await postWebhook(stack, '/webhooks/calendar/outlook', {
          body: JSON.stringify({ value: [{ subscriptionId: googleChannel, clientState: googleSecret }] }),
        })
      ).status,
    ).toBe(403);
    expect(await nextSyncOf(outlook.id)).toBe(new Date(outlook.nextSyncAt).getTime());
    expect((await notify(graphSecret)).status).toBe(202);
    expect(await nextSyncOf(outlook.id)).toBeLessThanOrEqual(Date.now());
  });
});

describe('calendar sync poller', { timeout: 180_000 }, () => {
  let stack: TestStack;
  const feed = new FeedServer();
  beforeAll(async () => {
    await feed.start();
    // Each connection is synced every second (production: every 5 minutes).
    stack = await startTestStack({ only: ['identity', 'scheduling'], env: { PLAZA_CALENDAR_SYNC_INTERVAL_MS: '1000' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await feed.stop();
  });

  it('syncs connections on its schedule without being asked, and follows the feed as it changes', async () => {
    const owner = await stack.createOrganization();
    const resourceId = await resourceOf(owner);
    feed.publish(calendar(vevent('first@remote', 10, 11, 'First')), '"p1"');
    const { id } = expectData(
      await owner.request(CONNECT, {
        input: { provider: 'ICS_URL', targetType: 'RESOURCE', targetId: resourceId, feedUrl: feed.url('poller') },
      }),
    ).connectExternalCalendar;
    const ids = async () =>
      expectData(await owner.request(CONNECTION, { id, ...window })).externalCalendarConnection.events.map(
        (event) => event.externalEventId,
      );
    await vi.waitFor(async () => expect(await ids()).toEqual(['first@remote']), { timeout: 30_000, interval: 250 });
    feed.publish(calendar(vevent('second@remote', 12, 13, 'Second')), '"p2"');
    await vi.waitFor(async () => expect(await ids()).toEqual(['second@remote']), { timeout: 30_000, interval: 250 });
    // Unchanged since, the feed is polled on with its validator and answers 304.
    await vi.waitFor(() => expect(feed.requests.at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': '"p2"' } }), {
      timeout: 30_000,
      interval: 250,
    });
  });
});
