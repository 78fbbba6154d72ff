import { DomainError, decodeCursor, encodeCursor, type ConnectionArgs } from '@plaza/subgraph-kit';

/** Cursor of a row in an (instant, id) order: events by start, bookings by start, RSVPs by answer time. */
export const instantCursor = (at: Date, id: string) => encodeCursor([at.toISOString(), id]);

/** The (instant, id) a cursor from `instantCursor` points after, or undefined for the first page. */
export function afterInstant(args: ConnectionArgs, kind: string): { at: Date; id: string } | undefined {
  if (!args.after) return undefined;
  const [at, id] = decodeCursor(args.after);
  const instant = typeof at === 'string' ? new Date(at) : null;
  if (!instant || Number.isNaN(instant.getTime()) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not ${kind} cursor`, { field: 'after' });
  }
  return { at: instant, id };
}

/** BAD_USER_INPUT for a rule of the data rather than a limit of one input field, worded like `parseInput`'s. */
export const invalidInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: ${field}: ${message}`, { issues: [{ field, message }] });
