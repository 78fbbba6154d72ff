import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

/**
 * Types every subgraph declares identically (sdl/shared-types.graphql), so composition merges
 * them. `PageInfo` is @shareable because each subgraph resolves its own connections.
 */
export const sharedTypeDefs = parse(readFileSync(fileURLToPath(new URL('./sdl/shared-types.graphql', import.meta.url)), 'utf8'));

export const sharedResolvers = { DateTime: DateTimeResolver, JSON: JSONResolver };
