import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { BookingRecord } from '../booking/booking.repository.ts';
import type { BookingService } from '../booking/booking.service.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceView } from '../resource/resource.service.ts';
import type { ExternalRequestRecord, ExternalRequestSourceRecord, NewExternalRequest } from './external-request.repository.ts';
import { ExternalRequestService } from './external-request.service.ts';
import { submitExternalRequestInput } from './external-request.validation.ts';

const ORG = 'org-1';
const NOW = new Date('2031-03-20T12:00:00.000Z');
const SIGNING_KEY = 'a-signing-key-of-at-least-32-characters';
const member = (role: Role, userId = `user-${role}`): Viewer => ({ userId, organizationId: ORG, role });
const integration: Viewer = {
  userId: null,
  organizationId: ORG,
  role: null,
  apiKey: { id: 'key-1', scopes: ['scheduling:write'] },
};

const studio = { id: 'studio', name: 'Studio A', autoApprove: false } as ResourceView;

function harness(options: { resource?: ResourceView; placeFails?: DomainError } = {}) {
  const requests: ExternalRequestRecord[] = [];
  const events: { type: string; payload: unknown }[] = [];
  const attachments: { requestId: string; fileName: string }[] = [];
  const sources: ExternalRequestSourceRecord[] = [];
  const placed: { bookedById: string; actorId: string | null }[] = [];
  const update = (id: string, from: readonly string[], change: Partial<ExternalRequestRecord>) => {
    const row = requests.find((request) => request.id === id);
    if (!row || !from.includes(row.status)) return Promise.resolve(null);
    Object.assign(row, change);
    return Promise.resolve({ ...row });
  };
  const data = fakeDataAccess<SchedulingRepositories>({
    outbox: {
      record: async (event) => {
        events.push({ type: event.type, payload: event.payload });
        return `e-${events.length}`;
      },
    },
    externalRequests: {
      insertIfNew: async (request: NewExternalRequest) => {
        if (requests.some((row) => row.source === request.source && row.externalId === request.externalId)) return false;
        requests.push({
          id: `xr-${requests.length + 1}`,
          status: 'PENDING',
          assigneeId: null,
          processingNotes: null,
          bookingId: null,
          createdAt: NOW,
          updatedAt: NOW,
          ...request,
          payload: JSON.parse(JSON.stringify(request.payload)) as ExternalRequestRecord['payload'],
        });
        return true;
      },
      findByExternalId: async (_organizationId, source, externalId) =>
        requests.find((row) => row.source === source && row.externalId === externalId) ?? null,
      findByIds: async (_organizationId, ids) => requests.filter((row) => ids.includes(row.id)).map((row) => ({ ...row })),
      addAttachments: async (_organizationId, requestId, files) => {
        attachments.push(...files.map((file) => ({ requestId, fileName: file.fileName })));
      },
      update,
      findSource: async (_organizationId, key) => sources.find((source) => source.key === key) ?? null,
      createSource: async (source) => {
        if (sources.some((row) => row.key === source.key)) return null;
        const row = { id: `src-${sources.length + 1}`, createdAt: NOW, ...source };
        sources.push(row);
        return row;
      },
    },
  });
  const bookings: Pick<BookingService, 'place'> = {
    place: async (scope, placement, alongside) => {
      if (options.placeFails) throw options.placeFails;
      placed.push({ bookedById: placement.bookedById, actorId: placement.actorId });
      const booking = { id: `bk-${placed.length}` } as BookingRecord;
      await alongside?.(data.repositories(scope), booking);
      return booking;
    },
  };
  const resource = options.resource ?? studio;
  const service = new ExternalRequestService({
    data,
    members: fakeMemberDirectory(['user-MEMBER', 'user-ADMIN']),
    resources: { findInOrganization: async (_scope, ids) => (ids.includes(resource.id) ? [resource] : []) },
    bookings,
    signingKey: SIGNING_KEY,
  });
  return { service, requests, events, attachments, placed };
}

const submission = (fields: Record<string, unknown> = {}) =>
  submitExternalRequestInput.parse({ source: 'website-form', externalId: 'f-1', type: 'INQUIRY', subject: 'Hello', ...fields });
const bookingSubmission = (externalId = 'b-1') =>
  submission({
    externalId,
    type: 'BOOKING',
    requestedResourceId: 'studio',
    requestedStartsAt: '2031-03-24T09:00:00Z',
    requestedEndsAt: '2031-03-24T10:00:00Z',
  });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('ExternalRequestService.submit', () => {
  it('stores a request once per (source, externalId), with its files and one received event', async () => {
    const { service, requests, events, attachments } = harness();
    const file = { fileName: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('hi').toString('base64') };
    const first = await service.submit(integration, submission({ attachments: [file] }));
    const again = await service.submit(integration, submission({ subject: 'Changed', attachments: [file] }));
    expect(again).toEqual(first);
    expect(requests).toHaveLength(1);
    expect(first).toMatchObject({ submittedById: null, subject: 'Hello', payload: {} });
    expect(attachments).toEqual([{ requestId: first.id, fileName: 'a.txt' }]);
    expect(events).toEqual([
      {
        type: 'scheduling.external_request.received',
        payload: {
          requestId: first.id,
          source: 'website-form',
          externalId: 'f-1',
          requestType: 'INQUIRY',
          priority: 'NORMAL',
          summary: 'Hello',
        },
      },
    ]);
  });

  it('books on intake for a resource that approves automatically, as no user for an integration', async () => {
    const { service, placed } = harness({ resource: { ...studio, autoApprove: true } });
    const booked = await service.submit(integration, bookingSubmission());
    expect(booked).toMatchObject({ status: 'APPROVED', bookingId: 'bk-1' });
    // No user stands behind an API key: the booking is held in the request's name.
    expect(placed).toEqual([{ bookedById: booked.id, actorId: null }]);
  });

  it('keeps the request PENDING with the reason when the slot is taken', async () => {
    const taken = new DomainError('CONFLICT', 'Resource Studio A (studio) is already booked', { conflictingBookingId: 'holder' });
    const { service } = harness({ resource: { ...studio, autoApprove: true }, placeFails: taken });
    const waiting = await service.submit(member('MEMBER'), bookingSubmission());
    expect(waiting).toMatchObject({
      status: 'PENDING',
      bookingId: null,
      submittedById: 'user-MEMBER',
      processingNotes: 'Not booked automatically: Resource Studio A (studio) is already booked',
    });
  });

  it('refuses a resource of no one in the organization before writing anything', async () => {
    const { service, requests } = harness();
    const refused = await rejection(service.submit(member('MEMBER'), submission({ ...bookingSubmission(), requestedResourceId: 'gone' })));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toBe('Invalid input: requestedResourceId: resource gone was not found');
    expect(requests).toEqual([]);
  });
});

describe('ExternalRequestService processing', () => {
  it('moves along valid transitions only; BOOKING requests are approved by conversion', async () => {
    const { service } = harness();
    const request = await service.submit(member('MEMBER'), submission());
    const admin = member('ADMIN');
    expect(await service.updateStatus(admin, request.id, { status: 'PROCESSING', processingNotes: 'On it' })).toMatchObject({
      status: 'PROCESSING',
      processingNotes: 'On it',
    });
    expect(await service.updateStatus(admin, request.id, { status: 'APPROVED', processingNotes: null })).toMatchObject({
      status: 'APPROVED',
      processingNotes: 'On it',
    });
    const final = await rejection(service.updateStatus(admin, request.id, { status: 'CANCELLED', processingNotes: null }));
    expect([final.code, final.message]).toEqual([
      'CONFLICT',
      `External request ${request.id} is APPROVED; only a PENDING or PROCESSING request can become CANCELLED`,
    ]);

    const booking = await service.submit(member('MEMBER'), bookingSubmission());
    expect((await rejection(service.updateStatus(admin, booking.id, { status: 'APPROVED', processingNotes: null }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await rejection(service.updateStatus(member('MEMBER'), booking.id, { status: 'REJECTED', processingNotes: null }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it("converts a booking request for the submitting member, or the admin's for an integration; keys may not convert", async () => {
    const { service, placed } = harness();
    const fromMember = await service.submit(member('MEMBER'), bookingSubmission('b-1'));
    const fromKey = await service.submit(integration, bookingSubmission('b-2'));
    expect(await service.convertToBooking(member('ADMIN'), fromMember.id)).toMatchObject({ status: 'APPROVED', bookingId: 'bk-1' });
    expect((await rejection(service.convertToBooking(integration, fromKey.id))).code).toBe('FORBIDDEN');
    await service.convertToBooking(member('ADMIN'), fromKey.id);
    expect(placed).toEqual([
      { bookedById: 'user-MEMBER', actorId: 'user-ADMIN' },
      { bookedById: 'user-ADMIN', actorId: 'user-ADMIN' },
    ]);
    expect((await rejection(service.convertToBooking(member('ADMIN'), fromKey.id))).code).toBe('CONFLICT');
  });

  it('assigns only to active members', async () => {
    const { service } = harness();
    const request = await service.submit(member('MEMBER'), submission());
    expect(await service.assign(member('ADMIN'), request.id, 'user-MEMBER')).toMatchObject({ assigneeId: 'user-MEMBER' });
    expect((await rejection(service.assign(member('ADMIN'), request.id, 'stranger'))).code).toBe('NOT_FOUND');
  });
});

describe('ExternalRequestService.receiveWebhook', () => {
  async function withSource() {
    const setup = harness();
    const { secret } = await setup.service.createSource(member('ADMIN'), { key: 'website-form', name: 'Website' });
    return { ...setup, secret };
  }
  const body = JSON.stringify({ externalId: 'w-1', type: 'SUGGESTION', message: 'Longer opening hours' });
  const headersFor = (secret: string, at = new Date(), payload = body) => {
    const id = 'msg_1';
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, payload),
    };
  };

  it('takes a request signed with the source secret', async () => {
    const { service, secret, requests } = await withSource();
    const answer = await service.receiveWebhook(ORG, 'website-form', Buffer.from(body), headersFor(secret));
    expect(answer).toEqual({ status: 200, body: { id: 'xr-1', status: 'PENDING', bookingId: null } });
    expect(requests[0]).toMatchObject({ source: 'website-form', type: 'SUGGESTION', submittedById: null });
  });

  it('answers 401 for a wrong secret, a changed body or an old timestamp, writing nothing', async () => {
    const { service, secret, requests } = await withSource();
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect((await service.receiveWebhook(ORG, 'website-form', Buffer.from(body), headersFor(other))).status).toBe(401);
    const changed = body.replace('SUGGESTION', 'COMPLAINT');
    expect((await service.receiveWebhook(ORG, 'website-form', Buffer.from(changed), headersFor(secret))).status).toBe(401);
    const old = new Date(Date.now() - 6 * 60_000);
    expect((await service.receiveWebhook(ORG, 'website-form', Buffer.from(body), headersFor(secret, old))).status).toBe(401);
    expect((await service.receiveWebhook(ORG, 'other-form', Buffer.from(body), headersFor(secret))).status).toBe(404);
    expect(requests).toEqual([]);
  });

  it('derives a different secret per source and organization, and refuses a taken key', async () => {
    const first = await withSource();
    const second = await withSource();
    expect(second.secret).not.toBe(first.secret);
    expect((await rejection(first.service.createSource(member('ADMIN'), { key: 'website-form', name: 'Again' }))).code).toBe('CONFLICT');
  });
});
