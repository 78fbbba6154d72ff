import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ContactStage } from '../generated/prisma/enums.ts';

const contactSelect = {
  id: true,
  organizationId: true,
  email: true,
  name: true,
  phone: true,
  stage: true,
  ownerId: true,
  userId: true,
  createdAt: true,
} satisfies Prisma.ContactSelect;

export type ContactRecord = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

/** The columns a new contact is written with; the database fills in id and timestamps. */
export type NewContact = Omit<ContactRecord, 'id' | 'createdAt'>;

/** Which contacts of an organization a query may touch: all of them, or one owner's. */
export interface ContactScope {
  organizationId: string;
  ownerId?: string;
}

export class ContactRepository {
  constructor(private readonly db: Db) {}

  findByIds(scope: ContactScope, ids: readonly string[]): Promise<ContactRecord[]> {
    return this.db.contact.findMany({ where: { ...scope, id: { in: [...ids] } }, select: contactSelect });
  }

  findByEmail(organizationId: string, email: string): Promise<ContactRecord | null> {
    return this.db.contact.findUnique({
      where: { organizationId_email: { organizationId, email } },
      select: contactSelect,
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
      select: contactSelect,
    });
  }

  create(data: NewContact): Promise<ContactRecord> {
    return this.db.contact.create({ data, select: contactSelect });
  }

  updateStage(id: string, stage: ContactStage): Promise<ContactRecord> {
    return this.db.contact.update({ where: { id }, data: { stage }, select: contactSelect });
  }
}
