import { z } from 'zod';
import { DomainError } from './errors.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `first`/`after` arguments of every connection field. */
export const connectionArgsSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .nullish()
    .transform((value) => value ?? DEFAULT_PAGE_SIZE),
  after: z.string().max(200).nullish(),
});
export type ConnectionArgs = z.output<typeof connectionArgsSchema>;

/** Cursors are opaque to clients: base64url of the keyset values of the row. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('BAD_USER_INPUT', `Cursor "${cursor}" is not a cursor this API issued`, { field: 'after' });
}

/** Cursor of a row ordered by its (time-ordered) id alone. */
export const idCursor = (row: { id: string }) => encodeCursor([row.id]);

/** The id a cursor from `idCursor` points after, or undefined for the first page. */
export function afterId(args: ConnectionArgs): string | undefined {
  if (!args.after) return undefined;
  const [id] = decodeCursor(args.after);
  if (typeof id !== 'string') throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not valid here`, { field: 'after' });
  return id;
}

/** Cursor of a row in an (instant, id) order: events by start, answers by time, chats by last message. */
export const instantCursor = (at: Date, id: string) => encodeCursor([at.toISOString(), id]);

/**
 * The (instant, id) a cursor from `instantCursor` points after, or undefined for the first page.
 * `kind` names the order in the error, e.g. "an event": `Cursor "…" is not an event cursor`.
 */
export function afterInstant(args: Pick<ConnectionArgs, 'after'>, kind: string): { at: Date; id: string } | undefined {
  if (!args.after) return undefined;
  const [at, id] = decodeCursor(args.after);
  const instant = typeof at === 'string' ? new Date(at) : null;
  if (!instant || Number.isNaN(instant.getTime()) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not ${kind} cursor`, { field: 'after' });
  }
  return { at: instant, id };
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Builds a connection from rows fetched with `take: first + 1`: the extra row only tells
 * whether another page exists.
 */
export function toConnection<Node>(rows: Node[], first: number, cursorOf: (node: Node) => string): Connection<Node> {
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, nodes, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
