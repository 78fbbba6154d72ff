import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import { userBookingArgs } from '../booking/booking.validation.ts';
import { eventWindowArgs } from '../event/event.validation.ts';
import type { UserResolvers } from '../generated/graphql.ts';

export const User: UserResolvers = {
  // Identity decides who may see a user; scheduling only adds fields to the reference.
  __resolveReference: (reference) => ({ id: reference.id }),
  hostedEvents: async (user, args, { services, loaders }) => {
    const page = parseInput(connectionArgsSchema, args);
    return services.events.eventsPage(await loaders.hostedEventsByHostId.load({ parentId: user.id, ...page }), page);
  },
  events: async (user, { from, to, ...args }, { services, loaders }) => {
    const page = { ...parseInput(connectionArgsSchema, args), ...parseInput(eventWindowArgs, { from, to }) };
    return services.events.eventsPage(await loaders.eventsByUserId.load({ parentId: user.id, ...page }), page);
  },
  bookings: async (user, { status, ...args }, { viewer, services, loaders }) => {
    services.bookings.assertMaySeeBookingsOf(viewer, user.id);
    const page = { ...parseInput(connectionArgsSchema, args), ...parseInput(userBookingArgs, { status }) };
    return services.bookings.bookingsPage(await loaders.bookingsByBookerId.load({ parentId: user.id, ...page }), page);
  },
};
