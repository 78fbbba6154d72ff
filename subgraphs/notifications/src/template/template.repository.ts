import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const templateSelect = {
  id: true,
  organizationId: true,
  type: true,
  title: true,
  body: true,
  updatedAt: true,
} satisfies Prisma.NotificationTemplateSelect;

export type TemplateRecord = Prisma.NotificationTemplateGetPayload<{ select: typeof templateSelect }>;

export class TemplateRepository {
  constructor(private readonly db: Db) {}

  listByOrganization(organizationId: string): Promise<TemplateRecord[]> {
    return this.db.notificationTemplate.findMany({ where: { organizationId }, orderBy: { type: 'asc' }, select: templateSelect });
  }

  findByTypes(organizationId: string, types: readonly string[]): Promise<TemplateRecord[]> {
    return this.db.notificationTemplate.findMany({ where: { organizationId, type: { in: [...types] } }, select: templateSelect });
  }

  upsert(organizationId: string, type: string, content: { title: string; body: string; updatedById: string }): Promise<TemplateRecord> {
    return this.db.notificationTemplate.upsert({
      where: { organizationId_type: { organizationId, type } },
      create: { organizationId, type, ...content },
      update: content,
      select: templateSelect,
    });
  }

  /** Returns how many rows went (0 or 1). */
  async delete(organizationId: string, type: string): Promise<number> {
    const { count } = await this.db.notificationTemplate.deleteMany({ where: { organizationId, type } });
    return count;
  }
}
