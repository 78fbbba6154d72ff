import type { Db } from '../db.ts';
import type { ProfileVisibility } from '../generated/prisma/enums.ts';

const userColumns = {
  id: true,
  email: true,
  name: true,
  avatarUrl: true,
  bio: true,
  visibility: true,
  createdAt: true,
} as const;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  bio: string | null;
  visibility: ProfileVisibility;
  createdAt: Date;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly string[]): Promise<UserRecord[]> {
    return this.db.user.findMany({ where: { id: { in: [...ids] } }, select: userColumns });
  }

  /** Users among `ids` who are members of the organization. */
  findByIdsInOrganization(ids: readonly string[], organizationId: string): Promise<UserRecord[]> {
    return this.db.user.findMany({
      where: { id: { in: [...ids] }, memberships: { some: { organizationId } } },
      select: userColumns,
    });
  }

  findByEmailWithPasswordHash(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    return this.db.user.findUnique({ where: { email }, select: { ...userColumns, passwordHash: true } });
  }

  create(data: { email: string; name: string; passwordHash: string }): Promise<UserRecord> {
    return this.db.user.create({ data, select: userColumns });
  }

  update(
    id: string,
    data: Partial<Pick<UserRecord, 'name' | 'avatarUrl' | 'bio' | 'visibility'>>,
  ): Promise<UserRecord> {
    return this.db.user.update({ where: { id }, data, select: userColumns });
  }
}
