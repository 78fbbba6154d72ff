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
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { MembershipTier } from '../generated/prisma/enums.ts';
import { assertCanReadSpace, assertCanSeeSpace, assertTierAllows, postingPolicyAllows, spaceScopeOf, tierAllows } from './space-access.ts';
import type { SpaceMemberPage, SpaceMemberRecord, SpaceRecord } from './space.repository.ts';
import type { createSpaceInput, reorderSpacesInput, updateSpaceInput } from './space.validation.ts';

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
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date }) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async list(viewer: Viewer, args: ConnectionArgs) {
    const rows = await this.deps.data.repositories(viewer).spaces.list(spaceScopeOf(viewer), {
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
    await assertTierAllows(this.deps.data.repositories(viewer).spaces, viewer, space);
    return space;
  }

  async create(viewer: Viewer, input: z.output<typeof createSpaceInput>): Promise<SpaceRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const position = input.position ?? (await spaces.nextPosition(organizationId));
      return spaces.create({ organizationId, ...input, position });
    });
  }

  async update(viewer: Viewer, { id, ...changes }: z.output<typeof updateSpaceInput>): Promise<SpaceRecord> {
    requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, viewer, id);
      return spaces.update(space.id, changes);
    });
  }

  /** Soft delete: the space and its posts disappear from every read; rows stay for moderation and undo. */
  async delete(viewer: Viewer, id: string): Promise<string> {
    requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, viewer, id);
      await spaces.softDelete(space.id, this.now());
      return space.id;
    });
  }

  /** Gives the listed spaces positions 0, 1, 2… in list order; unlisted spaces keep theirs. */
  async reorder(viewer: Viewer, { ids }: z.output<typeof reorderSpacesInput>): Promise<SpaceRecord[]> {
    const scope = spaceScopeOf(requireRole(viewer, 'ADMIN'));
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
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
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, member, id);
      await spaces.addMember(member.organizationId, space.id, member.userId);
      return space;
    });
  }

  /** Leaves a space (also one whose tier the viewer lost); leaving one not joined is a no-op. A secret space may become invisible after this. */
  async leave(viewer: Viewer, id: string): Promise<SpaceRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanSeeSpace(spaces, member, id);
      await spaces.removeMember(space.id, member.userId);
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
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, admin, spaceId);
      await spaces.addMember(admin.organizationId, space.id, userId);
      return space;
    });
  }

  async removeMember(viewer: Viewer, spaceId: string, userId: string): Promise<SpaceRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, admin, spaceId);
      await spaces.removeMember(space.id, userId);
      return space;
    });
  }

  /** Records a visit now: posts up to this moment stop counting as unread. Members only (FORBIDDEN). */
  async markVisited(viewer: Viewer, id: string): Promise<SpaceRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ spaces }) => {
      const space = await assertCanReadSpace(spaces, member, id);
      if (!(await spaces.findMembership(space.id, member.userId))) {
        throw new DomainError('FORBIDDEN', `Join space ${space.id} first: visits are tracked for its members`, { spaceId: space.id });
      }
      await spaces.markVisited(space.id, member.userId, this.now());
      return space;
    });
  }

  /**
   * Whether the viewer may post in a space already known to be visible to them: its posting policy
   * and its required tier, the same rules `createPost` enforces. `loadViewerTier` is the request's
   * memoised read of the viewer's tier, so a page of spaces reads it once.
   */
  async viewerCanPost(viewer: Viewer, space: SpaceRecord, loadViewerTier: () => Promise<MembershipTier | null>): Promise<boolean> {
    if (!viewer.userId || !viewer.organizationId || !viewer.role || !roleAtLeast(viewer.role, 'MEMBER')) return false;
    const member = { ...viewer, userId: viewer.userId, organizationId: viewer.organizationId, role: viewer.role };
    return postingPolicyAllows(space, member) && tierAllows(space, member, loadViewerTier);
  }

  /** A connection over one space's page of members; `loadPage` is a batched loader of the request. */
  async members(args: ConnectionArgs, loadPage: (page: SpaceMemberPage) => Promise<SpaceMemberRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }
}
