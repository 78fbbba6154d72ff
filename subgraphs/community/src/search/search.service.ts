import type { Viewer } from '@plaza/auth';
import { decodeCursor, DomainError, encodeCursor, requireMember, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import type { ContentScope } from '../post/post-scope.ts';
import { SearchRepository, type SearchHitRecord } from './search.repository.ts';

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
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Full-text search over the posts and comments the viewer may read (PostgreSQL text search). */
  async search(viewer: Viewer, query: string, args: ConnectionArgs, scope: () => Promise<ContentScope | null>) {
    requireMember(viewer);
    const current = await scope();
    const rows = current ? await new SearchRepository(this.deps.prisma).search(current, query, { after: afterHit(args), take: args.first + 1 }) : [];
    return toConnection(rows, args.first, hitCursor);
  }
}
