import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const userSelect = {
  id: true,
  email: true,
  name: true,
  avatarUrl: true,
  bio: true,
  visibility: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type UserRecord = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export class UserRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly string[]): Promise<UserRecord[]> {
    return this.db.user.findMany({ where: { id: { in: [...ids] } }, select: userSelect });
  }

  /** Users among `ids` who are members of the organization. */
  findByIdsInOrganization(ids: readonly string[], organizationId: string): Promise<UserRecord[]> {
    return this.db.user.findMany({
      where: { id: { in: [...ids] }, memberships: { some: { organizationId } } },
      select: userSelect,
    });
  }

  findByEmailWithPasswordHash(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    return this.db.user.findUnique({ where: { email }, select: { ...userSelect, passwordHash: true } });
  }

  create(data: { email: string; name: string; passwordHash: string }): Promise<UserRecord> {
    return this.db.user.create({ data, select: userSelect });
  }

  update(id: string, data: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'bio' | 'visibility'>>): Promise<UserRecord> {
    return this.db.user.update({ where: { id }, data, select: userSelect });
  }
}
