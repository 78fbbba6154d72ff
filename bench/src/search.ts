import { expectData, startTestStack } from '@plaza/testkit';
import { CREATE_SPACE, SEARCH, TYPENAME } from './operations.ts';

/** The raw-SQL surface of community's Prisma client: the bench writes its rows in bulk. */
interface RawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Posts in the searched organization (BENCH_SEARCH_POSTS); twice as many comments. */
const POSTS = Number(process.env.BENCH_SEARCH_POSTS ?? 100_000);
const COMMENTS = 2 * POSTS;
const CHUNK = 5_000;
const RUNS = 20;
/** A rare word (one post or comment in 1,000) and a common one (a fifth of everything). */
const QUERIES = ['kayak', 'running'];
const TOPICS = ['running', 'cooking', 'gardening', 'chess', 'painting'];

export interface SearchFigures {
  posts: number;
  comments: number;
  rows: { query: string; matches: number; p50: number; unindexedP50: number }[];
}

/**
 * Full-text search through the gateway on an organization with POSTS posts and COMMENTS comments
 * (PGlite in memory), for a rare and a common word; beside it, the same predicate computed per
 * row with to_tsvector (what search did before the indexed search documents), on the same data.
 */
export async function measureSearch(): Promise<SearchFigures> {
  const stack = await startTestStack();
  try {
    const owner = await stack.createOrganization({ name: 'Search bench' });
    const space = expectData(await owner.request(CREATE_SPACE, { name: 'Everything' })).createSpace;
    const community = stack.prisma<RawClient>('community');
    // Generated rows: one post in 1,000 mentions kayaks (rare); a fifth are about running (common).
    // In chunks, so the servers sharing the event loop with in-process PGlite still get turns.
    for (let from = 1; from <= POSTS; from += CHUNK) {
      await community.$executeRawUnsafe(
        `INSERT INTO "Post" ("id", "organizationId", "spaceId", "authorId", "title", "body", "updatedAt")
         SELECT 'bench-post-' || i, $1, $2, $3,
                'Notes on ' || ($4::text[])[1 + i % 5] || ' ' || i,
                'Week ' || i || ' of ' || ($4::text[])[1 + (i / 7) % 5] || CASE WHEN i % 1000 = 0 THEN ', and a kayak trip' ELSE '' END || '. ' || md5(i::text),
                now()
         FROM generate_series(${from}, ${Math.min(POSTS, from + CHUNK - 1)}) AS i`,
        owner.organizationId,
        space.id,
        owner.userId,
        TOPICS,
      );
    }
    for (let from = 1; from <= COMMENTS; from += CHUNK) {
      await community.$executeRawUnsafe(
        `INSERT INTO "Comment" ("id", "organizationId", "postId", "authorId", "body", "updatedAt")
         SELECT 'bench-comment-' || i, $1, 'bench-post-' || (1 + i % ${POSTS}), $2,
                'Reply ' || i || ' about ' || ($3::text[])[1 + (i / 3) % 5] || CASE WHEN i % 1000 = 7 THEN ' by kayak' ELSE '' END,
                now()
         FROM generate_series(${from}, ${Math.min(COMMENTS, from + CHUNK - 1)}) AS i`,
        owner.organizationId,
        owner.userId,
        TOPICS,
      );
    }
    await community.$executeRawUnsafe('ANALYZE "Post"');
    await community.$executeRawUnsafe('ANALYZE "Comment"');

    // Kept-alive sockets of fetch's pool went stale while PGlite held the event loop; the first
    // request on each fails with ECONNRESET. Use them up before timing anything.
    for (let attempt = 0, healthy = 0; attempt < 20 && healthy < 4; attempt++) {
      healthy = (await owner.request(TYPENAME).then(
        () => true,
        () => false,
      ))
        ? healthy + 1
        : 0;
    }
    // Every search through the gateway first: the unindexed scans below hold the event loop
    // for seconds, which would leave stale sockets again.
    const indexed = new Map<string, number>();
    for (const query of QUERIES) {
      const durations: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const started = performance.now();
        const hits = expectData(await owner.request(SEARCH, { q: query })).search.edges;
        if (hits.length === 0) throw new Error(`search for "${query}" found nothing`);
        if (i >= 2) durations.push(performance.now() - started);
      }
      indexed.set(query, median(durations));
    }
    const rows: SearchFigures['rows'] = [];
    for (const query of QUERIES) {
      const unindexed: number[] = [];
      let matches = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const [row] = await community.$queryRawUnsafe<{ n: number }[]>(
          `SELECT (SELECT count(*) FROM "Post" p WHERE p."organizationId" = $1 AND (setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.body), 'B')) @@ websearch_to_tsquery('english', $2))
                + (SELECT count(*) FROM "Comment" c WHERE c."organizationId" = $1 AND to_tsvector('english', c.body) @@ websearch_to_tsquery('english', $2)) AS n`,
          owner.organizationId,
          query,
        );
        unindexed.push(performance.now() - started);
        matches = Number(row!.n);
      }
      rows.push({ query, matches, p50: indexed.get(query)!, unindexedP50: median(unindexed) });
    }
    return { posts: POSTS, comments: COMMENTS, rows };
  } finally {
    await stack.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
