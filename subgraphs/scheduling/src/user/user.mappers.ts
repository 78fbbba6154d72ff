/** Scheduling knows a user by id only: identity resolves the rest, scheduling adds their events and bookings. */
export type UserMapper = { id: string };
