/** Scheduling knows a user by id only: identity resolves the rest, scheduling adds hostedEvents. */
export type UserMapper = { id: string };
