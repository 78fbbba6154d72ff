import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { BookingConflictResolvers, BookingResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { bookResourceInput, bookingFilterArgs, conflictFilterArgs, reasonSchema, resolveConflictInput } from './booking.validation.ts';

export const bookingQueries: QueryResolvers = {
  bookings: (_, { resourceId, status, from, to, ...page }, { viewer, services }) =>
    services.bookings.list(viewer, {
      ...parseInput(connectionArgsSchema, page),
      ...parseInput(bookingFilterArgs, { resourceId, status, from, to }),
    }),
  booking: (_, { id }, { viewer, services, loaders }) =>
    services.bookings.findVisible(viewer, parseInput(idSchema, id), (bookingId) => loaders.bookingById.load(bookingId)),
  bookingConflicts: (_, { status, ...page }, { viewer, services }) =>
    services.bookings.listConflicts(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(conflictFilterArgs, { status }) }),
};

export const bookingMutations: MutationResolvers = {
  bookResource: (_, { input }, { viewer, services }) => services.bookings.book(viewer, parseInput(bookResourceInput, input)),
  approveBooking: (_, { id }, { viewer, services }) => services.bookings.approve(viewer, parseInput(idSchema, id)),
  rejectBooking: (_, { id, reason }, { viewer, services }) =>
    services.bookings.reject(viewer, parseInput(idSchema, id), parseInput(reasonSchema, reason)),
  cancelBooking: (_, { id, reason }, { viewer, services }) =>
    services.bookings.cancel(viewer, parseInput(idSchema, id), parseInput(reasonSchema, reason)),
  resolveBookingConflict: (_, { id, input }, { viewer, services }) =>
    services.bookings.resolveConflict(viewer, parseInput(idSchema, id), parseInput(resolveConflictInput, input)),
};

// Identity resolves users and decides whether the viewer may see them.
const user = (id: string | null) => (id ? { id } : null);

export const Booking: BookingResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.bookingById.load(reference.id),
  resource: (booking, _, { loaders }) => loaders.resourceById.load(booking.resourceId),
  bookedBy: (booking) => user(booking.bookedById),
  decidedBy: (booking) => user(booking.decidedById),
};

export const BookingConflict: BookingConflictResolvers = {
  resource: (conflict, _, { loaders }) => loaders.resourceById.load(conflict.resourceId),
  attemptedBy: (conflict) => user(conflict.attemptedById),
  conflictingBooking: (conflict, _, { loaders }) =>
    conflict.conflictingBookingId ? loaders.bookingById.load(conflict.conflictingBookingId) : null,
  resolvedBy: (conflict) => user(conflict.resolvedById),
};
