/** A Prisma client created with query events (`log: [{ emit: 'event', level: 'query' }]`). */
export interface QueryEventSource {
  $on(event: 'query', listener: (event: { query: string }) => void): void;
}

// The outbox relay polls on the same client in the background (a transaction over
// "OutboxEvent"): its statements are not the measured operation's. Transaction control is the
// relay's too; the PGlite adapter logs it as a comment ('-- Implicit "COMMIT" query via underlying driver').
// Entering the viewer's tenant scope (row-level security's set_config, in the same transaction)
// is not a query of its own either.
const notMeasured = (query: string) =>
  query.includes('"OutboxEvent"') ||
  /^\s*(--[^\n]*)?["\s]*(BEGIN|COMMIT|ROLLBACK)\b/i.test(query) ||
  query.includes("set_config('role', 'plaza_tenant'");

/**
 * Counts the SQL statements a subgraph's client runs while `run` runs, for tests and benchmarks
 * that show a page costs a fixed number of statements whatever its size. Only one measurement
 * at a time per client (a test worker runs one test at a time).
 */
export function statementCounter(db: QueryEventSource) {
  let counting = false;
  let seen: string[] = [];
  db.$on('query', (event) => {
    if (counting && !notMeasured(event.query)) seen.push(event.query.slice(0, 100));
  });
  return async function measure<T>(run: () => Promise<T>): Promise<{ result: T; statements: number; seen: string[] }> {
    seen = [];
    counting = true;
    try {
      const result = await run();
      return { result, statements: seen.length, seen };
    } finally {
      counting = false;
    }
  };
}
