import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { createClient, expectData, expectErrorCode, sharedTestStack, testConfig, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient as SchedulingClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { ApiKeyScope, SubmitExternalRequestInput } from './graphql/graphql.ts';

// External requests end to end: integrations submit them with an API key (through the gateway)
// or a signed webhook (straight to scheduling's HTTP route); admins process and convert them.

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const SUBMIT = graphql(`
  mutation ExternalSubmit($input: SubmitExternalRequestInput!) {
    submitExternalRequest(input: $input) {
      id
      source
      externalId
      type
      priority
      status
      subject
      payload
      processingNotes
      booking {
        id
        status
        source
        autoApproved
      }
      attachments {
        fileName
        contentType
        size
      }
    }
  }
`);
const LIST = graphql(`
  query ExternalList($status: ExternalRequestStatus, $type: ExternalRequestType, $source: String, $first: Int, $after: String) {
    externalRequests(status: $status, type: $type, source: $source, first: $first, after: $after) {
      edges {
        node {
          id
          externalId
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const GET = graphql(`
  query ExternalGet($id: ID!) {
    externalRequest(id: $id) {
      id
      status
      processingNotes
      assignee {
        id
      }
      booking {
        id
      }
    }
  }
`);
const CONVERT = graphql(`
  mutation ExternalConvert($id: ID!) {
    convertExternalRequestToBooking(id: $id) {
      id
      status
      booking {
        id
        status
        source
        bookedBy {
          id
        }
      }
    }
  }
`);
const ASSIGN = graphql(`
  mutation ExternalAssign($id: ID!, $assigneeId: ID) {
    assignExternalRequest(id: $id, assigneeId: $assigneeId) {
      assignee {
        id
      }
    }
  }
`);
const UPDATE_STATUS = graphql(`
  mutation ExternalUpdateStatus($id: ID!, $input: UpdateExternalRequestStatusInput!) {
    updateExternalRequestStatus(id: $id, input: $input) {
      status
      processingNotes
    }
  }
`);
const CREATE_SOURCE = graphql(`
  mutation ExternalCreateSource($input: CreateExternalRequestSourceInput!) {
    createExternalRequestSource(input: $input) {
      secret
      source {
        id
        key
        name
      }
    }
  }
`);
const CREATE_RESOURCE = graphql(`
  mutation ExternalCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
    }
  }
`);
const CREATE_API_KEY = graphql(`
  mutation ExternalCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
    }
  }
`);
const NOTIFICATIONS = graphql(`
  query ExternalNotifications {
    notifications(first: 50) {
      edges {
        node {
          type
          title
          body
        }
      }
    }
  }
`);

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' }));
// London is on UTC in January: local and UTC times agree.
const slot = (day: number, hour: number) => ({
  requestedStartsAt: new Date(Date.UTC(2031, 0, day, hour)).toISOString(),
  requestedEndsAt: new Date(Date.UTC(2031, 0, day, hour + 1)).toISOString(),
});

async function createResource(admin: Actor, autoApprove: boolean) {
  return expectData(
    await admin.request(CREATE_RESOURCE, {
      input: { name: 'Studio', type: 'SPACE', timeZone: 'Europe/London', openHours: EVERY_DAY, autoApprove },
    }),
  ).createResource;
}

async function apiKey(admin: Actor, scopes: ApiKeyScope[]) {
  const { key } = expectData(
    await admin.request(CREATE_API_KEY, {
      input: { name: `Forms ${scopes.join(' ')}`, scopes, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  ).createApiKey;
  return createClient(stack.url, key);
}

const inquiry = (externalId: string): SubmitExternalRequestInput => ({
  source: 'website-form',
  externalId,
  type: 'INQUIRY',
  subject: 'Opening hours at Easter?',
  message: 'Are you open on Easter Monday?',
  payload: { page: '/contact' },
});

async function receivedEvents(organizationId: string, requestId: string) {
  const events = (await stack.recordedEvents('scheduling', {
    type: 'scheduling.external_request.received',
  })) as DomainEvent<'scheduling.external_request.received'>[];
  return events.filter((event) => event.organizationId === organizationId && event.payload.requestId === requestId);
}

async function postWebhook(organizationId: string, source: string, body: string, headers: Record<string, string>) {
  const url = new URL(`/external-requests/${organizationId}/${source}`, stack.running.subgraphs.scheduling!.server.url);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Standard Webhooks headers for `body`, signed with `secret` at `at`. */
function signed(secret: string, body: string, at = new Date(), id = `msg_${randomUUID()}`) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

const prisma = () => stack.prisma<SchedulingClient>('scheduling');

describe('submitExternalRequest', () => {
  it('is idempotent per (source, externalId): a resend and 5 parallel sends make one row and one event', async () => {
    const owner = await stack.createOrganization();
    const integration = await apiKey(owner, ['SCHEDULING_WRITE']);
    const first = expectData(await integration.request(SUBMIT, { input: inquiry('form-1') })).submitExternalRequest;
    expect(first).toMatchObject({
      source: 'website-form',
      externalId: 'form-1',
      type: 'INQUIRY',
      priority: 'NORMAL',
      status: 'PENDING',
      payload: { page: '/contact' },
      booking: null,
    });
    // A resend, even with other content, is the request already stored.
    const again = expectData(
      await integration.request(SUBMIT, { input: { ...inquiry('form-1'), subject: 'Changed' } }),
    ).submitExternalRequest;
    expect(again).toMatchObject({ id: first.id, subject: 'Opening hours at Easter?' });

    const parallel = await Promise.all(Array.from({ length: 5 }, () => integration.request(SUBMIT, { input: inquiry('form-2') })));
    const ids = new Set(parallel.map((response) => expectData(response).submitExternalRequest.id));
    expect(ids.size).toBe(1);
    const [parallelId] = [...ids];
    expect(await prisma().externalRequest.count({ where: { organizationId: owner.organizationId, externalId: 'form-2' } })).toBe(1);
    expect(await receivedEvents(owner.organizationId, first.id)).toHaveLength(1);
    expect(await receivedEvents(owner.organizationId, parallelId!)).toHaveLength(1);
    // The same external id from another source is another request.
    const other = expectData(
      await integration.request(SUBMIT, { input: { ...inquiry('form-1'), source: 'typeform' } }),
    ).submitExternalRequest;
    expect(other.id).not.toBe(first.id);
  });

  it('needs scheduling:write of an API key; members may submit too; keys with scheduling:read list them', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const reader = await apiKey(owner, ['SCHEDULING_READ']);
    const refused = expectErrorCode(await reader.request(SUBMIT, { input: inquiry('k-1') }), 'FORBIDDEN');
    expect(refused.extensions?.requiredScope).toBe('scheduling:write');
    expect(await prisma().externalRequest.count({ where: { organizationId: owner.organizationId } })).toBe(0);

    const mine = expectData(await member.request(SUBMIT, { input: inquiry('k-2') })).submitExternalRequest;
    const listed = expectData(await reader.request(LIST, {})).externalRequests;
    expect(listed?.edges.map((edge) => edge.node.id)).toEqual([mine.id]);
    // Processing is for admins: a member neither lists nor reads them.
    expectErrorCode(await member.request(LIST, {}), 'FORBIDDEN');
    expectErrorCode(await member.request(GET, { id: mine.id }), 'FORBIDDEN');
  });

  it('refuses bad input with BAD_USER_INPUT naming the rule, writing nothing', async () => {
    const owner = await stack.createOrganization();
    const expectRule = async (input: SubmitExternalRequestInput, pattern: RegExp) =>
      expect(expectErrorCode(await owner.request(SUBMIT, { input }), 'BAD_USER_INPUT').message).toMatch(pattern);
    const file = (contentType: string, bytes = 10) => ({
      fileName: 'a.txt',
      contentType,
      contentBase64: Buffer.alloc(bytes, 65).toString('base64'),
    });

    await expectRule({ ...inquiry('b-1'), type: 'BOOKING' }, /requestedResourceId: is required for a BOOKING request/);
    await expectRule({ ...inquiry('b-2'), ...slot(6, 10) }, /requestedStartsAt: is only for BOOKING requests/);
    await expectRule({ ...inquiry('b-3'), source: 'Website Form' }, /source: must be 1–63 lowercase letters/);
    await expectRule({ ...inquiry('b-4'), attachments: [file('application/x-msdownload')] }, /attachments\.0\.contentType: must be one of/);
    await expectRule(
      { ...inquiry('b-5'), attachments: Array.from({ length: 6 }, () => file('text/plain')) },
      /attachments: must be at most 5 files/,
    );
    await expectRule(
      { ...inquiry('b-6'), attachments: [file('text/plain', 1_048_577)] },
      /attachments\.0\.contentBase64: must be at most 1048576 bytes/,
    );
    await expectRule(
      { ...inquiry('b-7'), type: 'BOOKING', requestedResourceId: randomUUID(), ...slot(6, 10) },
      /requestedResourceId: resource .* was not found/,
    );
    expect(await prisma().externalRequest.count({ where: { organizationId: owner.organizationId } })).toBe(0);

    const withFile = expectData(
      await owner.request(SUBMIT, { input: { ...inquiry('b-8'), attachments: [{ ...file('text/plain', 12), fileName: 'notes.txt' }] } }),
    ).submitExternalRequest;
    expect(withFile.attachments).toEqual([{ fileName: 'notes.txt', contentType: 'text/plain', size: 12 }]);
  });
});

describe('signed webhooks', () => {
  it('accept a good signature, refuse a wrong or replayed one with 401 writing nothing, and take a resend once', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(await member.request(CREATE_SOURCE, { input: { key: 'website-form', name: 'Website' } }), 'FORBIDDEN');
    const { secret, source } = expectData(
      await owner.request(CREATE_SOURCE, { input: { key: 'website-form', name: 'Website' } }),
    ).createExternalRequestSource;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expectErrorCode(await owner.request(CREATE_SOURCE, { input: { key: 'website-form', name: 'Again' } }), 'CONFLICT');
    const count = () => prisma().externalRequest.count({ where: { organizationId: owner.organizationId } });

    const body = JSON.stringify({ externalId: 'wh-1', type: 'COMPLAINT', priority: 'HIGH', subject: 'Broken locker' });
    const headers = signed(secret, body);
    const wrong = await postWebhook(owner.organizationId, source.key, body, {
      ...headers,
      'webhook-signature': signed(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, body)['webhook-signature'],
    });
    expect(wrong.status).toBe(401);
    const tampered = await postWebhook(owner.organizationId, source.key, body.replace('HIGH', 'URGENT'), headers);
    expect(tampered.status).toBe(401);
    const stale = new Date(Date.now() - 10 * 60_000);
    const replayed = await postWebhook(owner.organizationId, source.key, body, signed(secret, body, stale));
    expect(replayed).toMatchObject({ status: 401, body: { error: expect.stringMatching(/too old/i) } });
    expect(await count()).toBe(0);

    const accepted = await postWebhook(owner.organizationId, source.key, body, headers);
    expect(accepted).toMatchObject({ status: 200, body: { status: 'PENDING' } });
    const resent = await postWebhook(owner.organizationId, source.key, body, signed(secret, body));
    expect(resent.body.id).toBe(accepted.body.id);
    expect(await count()).toBe(1);
    const stored = await prisma().externalRequest.findUniqueOrThrow({ where: { id: String(accepted.body.id) } });
    expect(stored).toMatchObject({ source: 'website-form', type: 'COMPLAINT', priority: 'HIGH', submittedById: null });
    expect(await receivedEvents(owner.organizationId, stored.id)).toHaveLength(1);

    // The secret is the organization's: another organization's URL for the same key is unknown.
    const elsewhere = await stack.createOrganization();
    expect((await postWebhook(elsewhere.organizationId, source.key, body, signed(secret, body))).status).toBe(404);
    // Input rules hold as over GraphQL, as 400 naming the field.
    const bad = JSON.stringify({ externalId: 'wh-2', type: 'PRAISE' });
    expect(await postWebhook(owner.organizationId, source.key, bad, signed(secret, bad))).toMatchObject({
      status: 400,
      body: { code: 'BAD_USER_INPUT', error: expect.stringMatching(/type: must be BOOKING, INQUIRY, COMPLAINT or SUGGESTION/) },
    });
  });
});

describe('processing', () => {
  it('converts a BOOKING request in one step; a taken slot is CONFLICT and leaves the request pending', async () => {
    const owner = await stack.createOrganization();
    const resource = await createResource(owner, false);
    const integration = await apiKey(owner, ['SCHEDULING_WRITE']);
    const booking = (externalId: string) => ({
      ...inquiry(externalId),
      type: 'BOOKING' as const,
      requestedResourceId: resource.id,
      ...slot(9, 10),
    });
    const first = expectData(await integration.request(SUBMIT, { input: booking('c-1') })).submitExternalRequest;
    const second = expectData(await integration.request(SUBMIT, { input: booking('c-2') })).submitExternalRequest;
    // The resource waits for an admin: nothing is booked on intake.
    expect([first.status, first.booking, second.status]).toEqual(['PENDING', null, 'PENDING']);

    const converted = expectData(await owner.request(CONVERT, { id: first.id })).convertExternalRequestToBooking;
    expect(converted).toMatchObject({
      status: 'APPROVED',
      booking: { status: 'PENDING', source: 'EXTERNAL_REQUEST', bookedBy: { id: owner.userId } },
    });
    expectErrorCode(await owner.request(CONVERT, { id: first.id }), 'CONFLICT');

    const taken = expectErrorCode(await owner.request(CONVERT, { id: second.id }), 'CONFLICT');
    expect(taken.extensions?.conflictingBookingId).toBe(converted.booking?.id);
    expect(expectData(await owner.request(GET, { id: second.id })).externalRequest).toMatchObject({ status: 'PENDING', booking: null });
    expect(await prisma().booking.count({ where: { resourceId: resource.id } })).toBe(1);

    const notBooking = expectData(await owner.request(SUBMIT, { input: inquiry('c-3') })).submitExternalRequest;
    expect(expectErrorCode(await owner.request(CONVERT, { id: notBooking.id }), 'BAD_USER_INPUT').message).toMatch(
      /is a INQUIRY request; only BOOKING requests become bookings/,
    );
  });

  it('books on intake when the resource approves automatically; a taken slot stays PENDING with a note', async () => {
    const owner = await stack.createOrganization();
    const resource = await createResource(owner, true);
    const integration = await apiKey(owner, ['SCHEDULING_WRITE']);
    const booking = (externalId: string) => ({
      ...inquiry(externalId),
      type: 'BOOKING' as const,
      requestedResourceId: resource.id,
      ...slot(10, 10),
    });
    const booked = expectData(await integration.request(SUBMIT, { input: booking('a-1') })).submitExternalRequest;
    expect(booked).toMatchObject({ status: 'APPROVED', booking: { status: 'APPROVED', source: 'EXTERNAL_REQUEST', autoApproved: true } });
    const waiting = expectData(await integration.request(SUBMIT, { input: booking('a-2') })).submitExternalRequest;
    expect(waiting).toMatchObject({ status: 'PENDING', booking: null });
    expect(waiting.processingNotes).toMatch(/^Not booked automatically: Resource Studio .* is already booked/);
    // A resend of the booked request books nothing more.
    expect(expectData(await integration.request(SUBMIT, { input: booking('a-1') })).submitExternalRequest.id).toBe(booked.id);
    expect(await prisma().booking.count({ where: { resourceId: resource.id } })).toBe(1);
  });

  it('assigns to members, moves only along valid transitions, and pages newest first with filters', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.createOrganization();
    const ids: string[] = [];
    for (const externalId of ['p-1', 'p-2', 'p-3'])
      ids.push(expectData(await owner.request(SUBMIT, { input: inquiry(externalId) })).submitExternalRequest.id);
    const [oldest, middle, newest] = ids as [string, string, string];

    expect(expectData(await owner.request(ASSIGN, { id: oldest, assigneeId: member.userId })).assignExternalRequest.assignee).toEqual({
      id: member.userId,
    });
    expectErrorCode(await owner.request(ASSIGN, { id: oldest, assigneeId: outsider.userId }), 'NOT_FOUND');

    expect(
      expectData(await owner.request(UPDATE_STATUS, { id: oldest, input: { status: 'PROCESSING', processingNotes: 'Calling back' } }))
        .updateExternalRequestStatus,
    ).toEqual({ status: 'PROCESSING', processingNotes: 'Calling back' });
    expect(
      expectData(await owner.request(UPDATE_STATUS, { id: oldest, input: { status: 'REJECTED' } })).updateExternalRequestStatus,
    ).toEqual({
      status: 'REJECTED',
      processingNotes: 'Calling back',
    });
    expect(
      expectErrorCode(await owner.request(UPDATE_STATUS, { id: oldest, input: { status: 'PROCESSING' } }), 'CONFLICT').message,
    ).toMatch(/is REJECTED; only a PENDING request can become PROCESSING/);
    expectErrorCode(await owner.request(ASSIGN, { id: oldest, assigneeId: null }), 'CONFLICT');

    const page1 = expectData(await owner.request(LIST, { first: 2 })).externalRequests;
    expect(page1?.edges.map((edge) => edge.node.id)).toEqual([newest, middle]);
    const page2 = expectData(await owner.request(LIST, { first: 2, after: page1?.pageInfo.endCursor })).externalRequests;
    expect(page2?.edges.map((edge) => edge.node.id)).toEqual([oldest]);
    expect(expectData(await owner.request(LIST, { status: 'REJECTED' })).externalRequests?.edges.map((edge) => edge.node.id)).toEqual([
      oldest,
    ]);
    expect(expectData(await owner.request(LIST, { source: 'typeform' })).externalRequests?.edges).toEqual([]);
    expect(expectData(await owner.request(LIST, { type: 'INQUIRY' })).externalRequests?.edges).toHaveLength(3);
  });

  it("keeps organizations apart: another organization's admin can neither read nor convert", async () => {
    const owner = await stack.createOrganization();
    const resource = await createResource(owner, false);
    const request = expectData(
      await owner.request(SUBMIT, { input: { ...inquiry('t-1'), type: 'BOOKING', requestedResourceId: resource.id, ...slot(11, 10) } }),
    ).submitExternalRequest;
    const other = await stack.createOrganization();
    expectErrorCode(await other.request(GET, { id: request.id }), 'NOT_FOUND');
    expectErrorCode(await other.request(CONVERT, { id: request.id }), 'NOT_FOUND');
    expectErrorCode(await other.request(UPDATE_STATUS, { id: request.id, input: { status: 'CANCELLED' } }), 'NOT_FOUND');
    expect(expectData(await other.request(LIST, {})).externalRequests?.edges).toEqual([]);
    // Another organization's resource cannot be requested either.
    expectErrorCode(
      await other.request(SUBMIT, { input: { ...inquiry('t-2'), type: 'BOOKING', requestedResourceId: resource.id, ...slot(11, 12) } }),
      'BAD_USER_INPUT',
    );
  });

  it.runIf(testConfig().sharedSubgraphs?.includes('notifications') ?? true)(
    "notifies the organization's owners and admins of a request that came in",
    async () => {
      const owner = await stack.createOrganization();
      const admin = await stack.addMember(owner, 'ADMIN');
      const member = await stack.addMember(owner, 'MEMBER');
      const integration = await apiKey(owner, ['SCHEDULING_WRITE']);
      await stack.eventsSettled();
      expectData(await integration.request(SUBMIT, { input: { ...inquiry('n-1'), priority: 'URGENT' } }));
      await stack.eventsSettled();
      const received = async (actor: Actor) =>
        (expectData(await actor.request(NOTIFICATIONS)).notifications?.edges ?? [])
          .map((edge) => edge.node)
          .filter((node) => node.type === 'external_request.received');
      for (const recipient of [owner, admin]) {
        expect(await received(recipient)).toEqual([
          {
            type: 'external_request.received',
            title: 'New inquiry request from website-form',
            body: 'A URGENT priority inquiry request (Opening hours at Easter?) came in from website-form. Open the external requests to process it.',
          },
        ]);
      }
      expect(await received(member)).toEqual([]);
    },
  );
});
