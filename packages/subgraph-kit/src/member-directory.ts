import type { Viewer } from '@plaza/auth';
import { memberFactOf, type DomainEvent, type MemberFact } from '@plaza/events';
import type { DataAccess, TenantScope } from './data-access.ts';
import { DomainError, notFound } from './errors.ts';

/** The raw-SQL surface of a generated PrismaClient (structural: any subgraph's client fits). */
export interface RawSqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** A directory entry of an active member. */
export interface ActiveMember {
  userId: string;
  role: string | null;
  email: string | null;
  name: string | null;
}

/**
 * The OrganizationMember table (member-directory.prisma) in raw SQL, so the kit needs no
 * subgraph's generated client. Writes are single statements guarded by the versions: concurrent
 * or replayed deliveries about one member cannot interleave or go backwards.
 */
export class MemberDirectoryRepository {
  constructor(private readonly db: RawSqlClient) {}

  async applyMembership(fact: MemberFact & { membership: NonNullable<MemberFact['membership']> }): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO "OrganizationMember" AS m ("organizationId", "userId", "role", "left", "version", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT ("organizationId", "userId") DO UPDATE SET
         "role" = COALESCE(EXCLUDED."role", m."role"), "left" = EXCLUDED."left", "version" = EXCLUDED."version", "updatedAt" = now()
       WHERE EXCLUDED."version" COLLATE "C" > m."version" COLLATE "C"`,
      fact.organizationId,
      fact.userId,
      fact.membership.role,
      fact.membership.left,
      fact.version,
    );
  }

  async applyProfile(fact: MemberFact & { profile: NonNullable<MemberFact['profile']> }): Promise<void> {
    // A profile may arrive before the membership: the row waits with an empty membership version.
    await this.db.$executeRawUnsafe(
      `INSERT INTO "OrganizationMember" AS m ("organizationId", "userId", "email", "name", "version", "profileVersion", "updatedAt")
       VALUES ($1, $2, $3, $4, '', $5, now())
       ON CONFLICT ("organizationId", "userId") DO UPDATE SET
         "email" = EXCLUDED."email", "name" = EXCLUDED."name", "profileVersion" = EXCLUDED."profileVersion", "updatedAt" = now()
       WHERE EXCLUDED."profileVersion" COLLATE "C" > m."profileVersion" COLLATE "C"`,
      fact.organizationId,
      fact.userId,
      fact.profile.email,
      fact.profile.name,
      fact.version,
    );
  }

  findActive(organizationId: string, userIds: readonly string[]): Promise<ActiveMember[]> {
    return this.db.$queryRawUnsafe<ActiveMember[]>(
      `SELECT "userId", "role", "email", "name" FROM "OrganizationMember"
        WHERE "organizationId" = $1 AND "userId" = ANY($2::text[]) AND NOT "left" AND "version" <> ''`,
      organizationId,
      [...userIds],
    );
  }

  async hasLeft(organizationId: string, userId: string): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<{ left: boolean }[]>(
      `SELECT "left" FROM "OrganizationMember" WHERE "organizationId" = $1 AND "userId" = $2`,
      organizationId,
      userId,
    );
    return rows[0]?.left ?? false;
  }
}

/**
 * Who belongs to which organization, kept from identity's membership events (event-carried
 * state transfer). Every subgraph that stores a user id a client sent — a host, an owner, an
 * assignee, an instructor — checks it here: another organization's users and those who left
 * behave as if they did not exist (NOT_FOUND). A subgraph turns it on with one line,
 * `memberDirectory: true`, and its services get it as `members`.
 */
export class MemberDirectory {
  /** @param data the directory's table; absent when the subgraph did not enable one (every call then fails, saying so). */
  constructor(
    private readonly subgraph: string,
    private readonly table?: DataAccess<{ members: Pick<MemberDirectoryRepository, keyof MemberDirectoryRepository> }>,
  ) {}

  private get data() {
    if (!this.table)
      throw new Error(`Subgraph ${this.subgraph} has no member directory: set memberDirectory: true in its definePrismaSubgraph`);
    return this.table;
  }

  /** Applies identity's joined, role_changed, left and profile_changed events; ignores the rest. Idempotent, order-insensitive. */
  async apply(event: DomainEvent): Promise<void> {
    const fact = memberFactOf(event);
    if (!fact) return;
    const scope: TenantScope = { organizationId: fact.organizationId, userId: null };
    await this.data.transaction(scope, async ({ members }) => {
      if (fact.membership) await members.applyMembership({ ...fact, membership: fact.membership });
      if (fact.profile) await members.applyProfile({ ...fact, profile: fact.profile });
    });
  }

  /** Active members of the viewer's organization among `userIds`, in one query. */
  async activeAmong(viewer: Viewer, userIds: readonly string[]): Promise<ActiveMember[]> {
    if (!viewer.organizationId || userIds.length === 0) return [];
    return this.data.repositories(viewer).members.findActive(viewer.organizationId, [...new Set(userIds)]);
  }

  /**
   * The check of user ids that come in from clients: NOT_FOUND `User <id> was not found` for the
   * first id that is not an active member of the viewer's organization.
   */
  async requireActive(viewer: Viewer, userIds: readonly (string | null | undefined)[]): Promise<void> {
    const wanted = userIds.filter((id): id is string => typeof id === 'string');
    const found = new Set((await this.activeAmong(viewer, wanted)).map((member) => member.userId));
    const missing = wanted.find((id) => !found.has(id));
    if (missing) throw notFound('User', missing);
  }

  /**
   * Refuses (FORBIDDEN) a viewer the directory has seen leave: the gateway already refuses them,
   * and this holds when a request reaches the subgraph on an assertion signed just before. A
   * viewer the directory has not heard of yet passes (a member who has just joined).
   */
  async admit(viewer: Viewer): Promise<void> {
    if (!viewer.userId || !viewer.organizationId) return;
    if (await this.data.repositories(viewer).members.hasLeft(viewer.organizationId, viewer.userId)) {
      throw new DomainError('FORBIDDEN', `Your membership of organization ${viewer.organizationId} has ended`, {
        organizationId: viewer.organizationId,
      });
    }
  }
}

/**
 * A member directory for unit tests: the given users are the active members of every
 * organization; anyone else does not exist (requireActive answers NOT_FOUND, as the real one does).
 */
export function fakeMemberDirectory(activeUserIds: Iterable<string>): Pick<MemberDirectory, 'requireActive' | 'activeAmong' | 'admit'> {
  const active = new Set(activeUserIds);
  const activeAmong = async (_viewer: Viewer, userIds: readonly string[]): Promise<ActiveMember[]> =>
    userIds.filter((userId) => active.has(userId)).map((userId) => ({ userId, role: null, email: null, name: null }));
  return {
    activeAmong,
    async requireActive(_viewer, userIds) {
      const missing = userIds.find((id): id is string => typeof id === 'string' && !active.has(id));
      if (missing) throw notFound('User', missing);
    },
    async admit() {},
  };
}
