import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  decodeCursor,
  encodeCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import { assertCanReadSpace, postingPolicyAllows, spaceScopeOf } from './space-access.ts';
import { SpaceRepository, type SpaceMemberRecord, type SpaceRecord } from './space.repository.ts';
import type { createSpaceInput, reorderSpacesInput, updateSpaceInput } from './space.validation.ts';

// Kept here too: posts and loaders imported it from this module before space-access.ts existed.
export { spaceScopeOf };

/** Spaces are ordered by (position, id), so their cursor carries both. */
const spaceCursor = (space: SpaceRecord) => encodeCursor([space.position, space.id]);

function afterSpace(args: ConnectionArgs): { position: number; id: string } | undefined {
  if (!args.after) return undefined;
  const [position, id] = decodeCursor(args.after);
  if (typeof position !== 'number' || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${args.after}" is not a space cursor`, { field: 'after' });
  }
  return { position, id };
}

export class SpaceService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  async list(viewer: Viewer, args: ConnectionArgs) {
    const rows = await new SpaceRepository(this.deps.prisma).list(spaceScopeOf(viewer), {
      after: afterSpace(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, spaceCursor);
  }

  /** `load` is the request's scoped loader, so a space seen twice in one request is read once. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<SpaceRecord | null>): Promise<SpaceRecord> {
    requireMember(viewer);
    const space = await load(id);
    if (!space) throw notFound('Space', id);
    return space;
  }

  async create(viewer: Viewer, input: z.output<typeof createSpaceInput>): Promise<SpaceRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const spaces = new SpaceRepository(tx);
      const position = input.position ?? (await spaces.nextPosition(organizationId));
      return spaces.create({ organizationId, ...input, position });
    });
  }

  async update(viewer: Viewer, { id, ...changes }: z.output<typeof updateSpaceInput>): Promise<SpaceRecord> {
    requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, viewer, id);
      return new SpaceRepository(tx).update(space.id, changes);
    });
  }

  /** Soft delete: the space and its posts disappear from every read; rows stay for moderation and undo. */
  async delete(viewer: Viewer, id: string): Promise<string> {
    requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, viewer, id);
      await new SpaceRepository(tx).softDelete(space.id, new Date());
      return space.id;
    });
  }

  /** Gives the listed spaces positions 0, 1, 2… in list order; unlisted spaces keep theirs. */
  async reorder(viewer: Viewer, { ids }: z.output<typeof reorderSpacesInput>): Promise<SpaceRecord[]> {
    const scope = spaceScopeOf(requireRole(viewer, 'ADMIN'));
    return this.deps.prisma.$transaction(async (tx) => {
      const spaces = new SpaceRepository(tx);
      const found = new Set((await spaces.findByIds(scope, ids)).map((space) => space.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw notFound('Space', missing);
      const reordered: SpaceRecord[] = [];
      for (const [position, id] of ids.entries()) reordered.push(await spaces.update(id, { position }));
      return reordered;
    });
  }

  /**
   * Joins a space the viewer can see: every member may join PUBLIC and PRIVATE spaces. SECRET
   * spaces are invisible until an admin adds one (NOT_FOUND), except to admins themselves.
   * Joining twice is a no-op.
   */
  async join(viewer: Viewer, id: string): Promise<SpaceRecord> {
    const member = requireMember(viewer);
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, member, id);
      await new SpaceRepository(tx).addMember(member.organizationId, space.id, member.userId);
      return space;
    });
  }

  /** Leaves a space; leaving one not joined is a no-op. A secret space may become invisible after this. */
  async leave(viewer: Viewer, id: string): Promise<SpaceRecord> {
    const member = requireMember(viewer);
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, member, id);
      await new SpaceRepository(tx).removeMember(space.id, member.userId);
      return space;
    });
  }

  /**
   * Admins add a member to a space (the way into SECRET spaces): an active member of the
   * organization (NOT_FOUND otherwise).
   */
  async addMember(viewer: Viewer, spaceId: string, userId: string, members: ActiveMembers): Promise<SpaceRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    await requireActiveMembers(members, [userId]);
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, admin, spaceId);
      await new SpaceRepository(tx).addMember(admin.organizationId, space.id, userId);
      return space;
    });
  }

  async removeMember(viewer: Viewer, spaceId: string, userId: string): Promise<SpaceRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, admin, spaceId);
      await new SpaceRepository(tx).removeMember(space.id, userId);
      return space;
    });
  }

  /** Records a visit now: posts up to this moment stop counting as unread. Members only (FORBIDDEN). */
  async markVisited(viewer: Viewer, id: string): Promise<SpaceRecord> {
    const member = requireMember(viewer);
    return this.deps.prisma.$transaction(async (tx) => {
      const space = await assertCanReadSpace(tx, member, id);
      const spaces = new SpaceRepository(tx);
      if (!(await spaces.findMembership(space.id, member.userId))) {
        throw new DomainError('FORBIDDEN', `Join space ${space.id} first: visits are tracked for its members`, { spaceId: space.id });
      }
      await spaces.markVisited(space.id, member.userId, new Date());
      return space;
    });
  }

  /** Whether the viewer may post in a space already known to be visible to them. */
  viewerCanPost(viewer: Viewer, space: SpaceRecord): boolean {
    if (!viewer.userId || !viewer.organizationId || !viewer.role || !roleAtLeast(viewer.role, 'MEMBER')) return false;
    return postingPolicyAllows(space, { ...viewer, userId: viewer.userId, organizationId: viewer.organizationId, role: viewer.role });
  }

  /** A connection over one space's page of members; `loadPage` is a batched loader of the request. */
  async members(args: ConnectionArgs, loadPage: (page: { afterId?: string; take: number }) => Promise<SpaceMemberRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }
}
