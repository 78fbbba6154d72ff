import type { Viewer } from '@plaza/auth';
import {
  decodeCursor,
  DomainError,
  encodeCursor,
  requireMember,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { ContentScope } from '../post/content-scope.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { SearchHitRecord } from './search.repository.ts';

const hitCursor = (hit: SearchHitRecord) => encodeCursor([hit.rank, hit.id]);

function afterHit(args: ConnectionArgs): { rank: number; id: string } | undefined {
  if (!args.after) return undefined;
  const [rank, id] = decodeCursor(args.after);
  if (typeof rank !== 'number' || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not a search cursor`, { field: 'after' });
  }
  return { rank, id };
}

export class SearchService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /**
   * Full-text search over the posts and comments the viewer may read (PostgreSQL text search).
   * `scope` is the request's content scope (one lookup per request, shared with the loaders).
   */
  async search(viewer: Viewer, query: string, args: ConnectionArgs, scope: () => Promise<ContentScope | null>) {
    requireMember(viewer);
    const current = await scope();
    const rows = current
      ? await this.deps.data.repositories(viewer).search.search(current, query, { after: afterHit(args), take: args.first + 1 })
      : [];
    return toConnection(rows, args.first, hitCursor);
  }
}
