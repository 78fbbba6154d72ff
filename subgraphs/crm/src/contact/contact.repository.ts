import type { Db } from '../db.ts';
import type { ContactStage } from '../generated/prisma/enums.ts';

const contactColumns = {
  id: true,
  organizationId: true,
  email: true,
  name: true,
  phone: true,
  stage: true,
  ownerId: true,
  userId: true,
  createdAt: true,
} as const;

export interface ContactRecord {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone: string | null;
  stage: ContactStage;
  ownerId: string;
  userId: string | null;
  createdAt: Date;
}

/** Which contacts of an organization a query may touch: all of them, or one owner's. */
export interface ContactScope {
  organizationId: string;
  ownerId?: string;
}

export class ContactRepository {
  constructor(private readonly db: Db) {}

  findByIds(scope: ContactScope, ids: readonly string[]): Promise<ContactRecord[]> {
    return this.db.contact.findMany({ where: { ...scope, id: { in: [...ids] } }, select: contactColumns });
  }

  findByEmail(organizationId: string, email: string): Promise<ContactRecord | null> {
    return this.db.contact.findUnique({
      where: { organizationId_email: { organizationId, email } },
      select: contactColumns,
    });
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  list(scope: ContactScope, options: { stage?: ContactStage; afterId?: string; take: number }): Promise<ContactRecord[]> {
    return this.db.contact.findMany({
      where: {
        ...scope,
        ...(options.stage ? { stage: options.stage } : {}),
        ...(options.afterId ? { id: { gt: options.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: options.take,
      select: contactColumns,
    });
  }

  create(data: Omit<ContactRecord, 'id' | 'createdAt'>): Promise<ContactRecord> {
    return this.db.contact.create({ data, select: contactColumns });
  }

  updateStage(id: string, stage: ContactStage): Promise<ContactRecord> {
    return this.db.contact.update({ where: { id }, data: { stage }, select: contactColumns });
  }
}
