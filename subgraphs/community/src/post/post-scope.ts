import { roleAtLeast, type Viewer } from '@plaza/auth';
import { requireMember } from '@plaza/subgraph-kit';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { spaceScopeOf } from '../space/space-access.ts';
import { visibleSpaces } from '../space/space.repository.ts';

/**
 * What one viewer may read of posts and comments: the spaces and groups whose content they see.
 * Spaces and groups own their visibility rules (space-access.ts, group-access.ts); resolving them
 * to id lists once per request lets every post query (feeds, search, loaders) filter with the same
 * rule in one statement, raw SQL included.
 */
export interface ContentScope {
  organizationId: string;
  userId: string;
  spaceIds: readonly string[];
  groupIds: readonly string[];
  /** Moderators and up may open hidden posts and comments by id (to review them); lists skip them for everyone. */
  seesHidden: boolean;
}

export async function loadContentScope(db: Db, viewer: Viewer): Promise<ContentScope> {
  const member = requireMember(viewer);
  const admin = roleAtLeast(member.role, 'ADMIN');
  const [spaces, groups] = await Promise.all([
    db.space.findMany({ where: visibleSpaces(spaceScopeOf(member)), select: { id: true } }),
    // Group content is for its members (admins and owners read every group), never for the banned.
    db.group.findMany({
      where: {
        organizationId: member.organizationId,
        deletedAt: null,
        bans: { none: { userId: member.userId } },
        ...(admin ? {} : { members: { some: { userId: member.userId } } }),
      },
      select: { id: true },
    }),
  ]);
  return {
    organizationId: member.organizationId,
    userId: member.userId,
    spaceIds: spaces.map((space) => space.id),
    groupIds: groups.map((group) => group.id),
    seesHidden: roleAtLeast(member.role, 'MODERATOR'),
  };
}

/** Prisma filter: live posts in the scope's spaces and groups; hidden ones only where allowed. */
export function visiblePostWhere(scope: ContentScope, options: { includeHidden?: boolean } = {}) {
  return {
    organizationId: scope.organizationId,
    deletedAt: null,
    ...(options.includeHidden && scope.seesHidden ? {} : { hiddenAt: null }),
    OR: [{ spaceId: { in: [...scope.spaceIds] } }, { groupId: { in: [...scope.groupIds] } }],
  };
}

/** `column IN (ids)`, or FALSE for no ids (SQL has no empty IN list). */
export function sqlIn(column: Prisma.Sql, ids: readonly string[]): Prisma.Sql {
  return ids.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join([...ids])})`;
}

/** Raw-SQL twin of visiblePostWhere for lists (hidden posts never listed), on alias `p`. */
export function visiblePostSql(scope: ContentScope): Prisma.Sql {
  return Prisma.sql`p."organizationId" = ${scope.organizationId}
    AND p."deletedAt" IS NULL AND p."hiddenAt" IS NULL
    AND (${sqlIn(Prisma.raw('p."spaceId"'), scope.spaceIds)} OR ${sqlIn(Prisma.raw('p."groupId"'), scope.groupIds)})`;
}
