import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { parse } from 'graphql';

/**
 * Types every subgraph declares identically, so composition merges them. `PageInfo` is
 * @shareable because each subgraph resolves its own connections.
 */
export const sharedTypeDefs = parse(`
  """
  An instant in ISO-8601, always in UTC on the wire, e.g. 2026-01-31T09:30:00.000Z.
  """
  scalar DateTime

  """
  Arbitrary JSON, used for free-form settings and metadata.
  """
  scalar JSON

  """
  Apollo's cache hints, read by @apollo/server's cache-control plugin. A subgraph marks what does
  not depend on who asks within an organization as scope PUBLIC with a max-age; the gateway then
  shares such answers between the viewers one subscription event fans out to. Internal only:
  the gateway never sends cacheable headers to clients.
  """
  enum CacheControlScope @inaccessible {
    PUBLIC
    PRIVATE
  }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  """
  Where a page of a cursor connection stands.
  """
  type PageInfo @shareable {
    "True when another page follows this one."
    hasNextPage: Boolean!
    "Cursor of the last edge of this page; pass it as the after argument for the next page."
    endCursor: String
  }
`);

export const sharedResolvers = { DateTime: DateTimeResolver, JSON: JSONResolver };
