import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import type { PrismaClient as SchedulingClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE = graphql(`
  mutation TicketCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      product {
        id
      }
    }
  }
`);
const RSVP = graphql(`
  mutation TicketRsvp($eventId: ID!, $response: RsvpResponse!) {
    rsvp(eventId: $eventId, response: $response) {
      response
    }
  }
`);

describe('paid events', () => {
  it('refuses an RSVP without a paid ticket, and takes one once commerce.order.paid arrives (a replay changes nothing)', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner);
    const productId = `prod-${randomUUID()}`;
    const event = expectData(
      await owner.request(CREATE, {
        input: { title: 'Gala', startsAt: '2031-06-01T18:00:00Z', endsAt: '2031-06-01T22:00:00Z', productId },
      }),
    ).createEvent;
    expect(event.product).toEqual({ id: productId });

    const refused = await member.request(RSVP, { eventId: event.id, response: 'GOING' });
    expectErrorCode(refused, 'FORBIDDEN');
    expect(refused.errors![0]!.message).toBe(
      `Event ${event.id} is a paid event: answering GOING needs a paid order of product ${productId}`,
    );
    expect(expectData(await member.request(RSVP, { eventId: event.id, response: 'DECLINED' })).rsvp.response).toBe('DECLINED');

    const paid: DomainEvent<'commerce.order.paid'> = {
      id: randomUUID(),
      type: 'commerce.order.paid',
      organizationId: owner.organizationId,
      actorId: member.userId,
      subject: { type: 'Order', id: 'order-1' },
      occurredAt: new Date().toISOString(),
      payload: {
        orderId: 'order-1',
        orderNumber: 1,
        customerId: member.userId,
        total: 5000,
        currency: 'EUR',
        items: [{ orderItemId: `item-${randomUUID()}`, productId, variantId: 'variant-1', quantity: 1 }],
      },
    };
    await stack.running.bus.publish([paid]);
    await stack.running.bus.publish([{ ...paid, id: randomUUID() }]);
    await stack.eventsSettled();
    expect(await stack.prisma<SchedulingClient>('scheduling').eventTicket.count({ where: { organizationId: owner.organizationId } })).toBe(
      1,
    );

    expect(expectData(await member.request(RSVP, { eventId: event.id, response: 'GOING' })).rsvp.response).toBe('GOING');
    // Another member has no ticket.
    const other = await stack.addMember(owner);
    expectErrorCode(await other.request(RSVP, { eventId: event.id, response: 'MAYBE' }), 'FORBIDDEN');
  });
});
