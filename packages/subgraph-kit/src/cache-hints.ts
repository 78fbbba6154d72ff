import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';

/**
 * Marks what this field resolved as the viewer's own, whatever its type's `@cacheControl` hint
 * says: the gateway then never shares the answer with another viewer (see the gateway's
 * SharedFetches). For answers that depend on who asks only in some cases.
 */
export function markViewerSpecific(info: GraphQLResolveInfo): void {
  maybeCacheControlFromInfo(info)?.setCacheHint({ scope: 'PRIVATE' });
}
