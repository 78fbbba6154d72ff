import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ContentScope } from '../post/content-scope.ts';
import { visiblePostSql } from '../post/post.repository.ts';

/**
 * One hit: exactly the columns the search statement selects (computed by the text search, so no
 * Prisma select describes them).
 */
export interface SearchHitRecord {
  kind: 'POST' | 'COMMENT';
  /** The post's or the comment's id. */
  id: string;
  postId: string;
  rank: number;
  headline: string;
}

/**
 * Text search configuration: English stemming ("running" finds "run"). It must be the one the
 * generated columns "searchDocument" (migration post_search_document) are built with.
 */
const CONFIG = Prisma.sql`'english'::regconfig`;

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /**
   * Posts and comments matching a web-search query (`"exact phrase"`, `or`, `-exclude`) among
   * what the scope may read, best match first (ties: newest first); keyset-paginated on
   * (rank, id). Headlines mark matches with ** (Markdown bold).
   */
  search(scope: ContentScope, query: string, page: { after?: { rank: number; id: string }; take: number }): Promise<SearchHitRecord[]> {
    const after = page.after
      ? Prisma.sql`WHERE rank < ${page.after.rank}::real OR (rank = ${page.after.rank}::real AND id < ${page.after.id})`
      : Prisma.empty;
    return this.db.$queryRaw<SearchHitRecord[]>`
      WITH q AS (SELECT websearch_to_tsquery(${CONFIG}, ${query}) AS query),
      hits AS (
        SELECT 'POST' AS kind, p.id, p.id AS "postId", ts_rank(p."searchDocument", q.query) AS rank, p.title || E'\n' || p.body AS text
        FROM "Post" p, q
        WHERE ${visiblePostSql(scope)} AND p."searchDocument" @@ q.query
        UNION ALL
        SELECT 'COMMENT' AS kind, c.id, c."postId", ts_rank(c."searchDocument", q.query) AS rank, c.body AS text
        FROM "Comment" c JOIN "Post" p ON p.id = c."postId", q
        WHERE ${visiblePostSql(scope)} AND c."organizationId" = ${scope.organizationId}
          AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL AND c."searchDocument" @@ q.query
      ),
      found AS (SELECT * FROM hits ${after} ORDER BY rank DESC, id DESC LIMIT ${page.take})
      SELECT found.kind, found.id, found."postId", found.rank,
             ts_headline(${CONFIG}, found.text, q.query, 'StartSel=**, StopSel=**, MaxWords=30, MinWords=10') AS headline
      FROM found, q
      ORDER BY found.rank DESC, found.id DESC`;
  }
}
