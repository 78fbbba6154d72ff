import DataLoader from 'dataloader';

/**
 * A per-request loader of rows by a unique key. The batch function may return rows in any order
 * and omit missing keys; DataLoader gets results in key order with null for the missing ones.
 */
export function createKeyedLoader<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row | null> {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const byKey = new Map<Key, Row>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A per-request loader of the rows that share a foreign key (one-to-many), in fetch order. */
export function createGroupedLoader<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row[]> {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const groups = new Map<Key, Row[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A stable key for a page description, whatever order its fields were written in. */
const canonicalKey = (page: object) =>
  JSON.stringify(
    Object.entries(page)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * A per-request loader of one page of children per parent (`{ parentId, ...page }` keys). Keys
 * asking for the same page — same size and cursor, the usual case when a list of parents each
 * shows its first children — share one query; `fetch` returns the rows of all those parents.
 */
export function createPagedLoader<Row, Page extends object>(
  fetch: (parentIds: readonly string[], page: Page) => Promise<Row[]>,
  parentOf: (row: Row) => string | null,
): DataLoader<Page & { parentId: string }, Row[], string> {
  const cacheKey = ({ parentId, ...page }: Page & { parentId: string }) => `${parentId}\u0000${canonicalKey(page)}`;
  return new DataLoader<Page & { parentId: string }, Row[], string>(
    async (keys) => {
      const pages = new Map<string, { page: Page; parentIds: string[] }>();
      for (const { parentId, ...page } of keys) {
        const pageKey = canonicalKey(page);
        const entry = pages.get(pageKey) ?? { page: page as unknown as Page, parentIds: [] };
        entry.parentIds.push(parentId);
        pages.set(pageKey, entry);
      }
      const rowsByKey = new Map<string, Row[]>();
      await Promise.all(
        [...pages.entries()].map(async ([pageKey, { page, parentIds }]) => {
          for (const parentId of parentIds) rowsByKey.set(`${parentId}\u0000${pageKey}`, []);
          for (const row of await fetch(parentIds, page)) rowsByKey.get(`${parentOf(row)}\u0000${pageKey}`)?.push(row);
        }),
      );
      return keys.map((key) => rowsByKey.get(cacheKey(key)) ?? []);
    },
    { cacheKeyFn: cacheKey },
  );
}
