import type { Db } from '../db.ts';

const templateColumns = { id: true, organizationId: true, type: true, title: true, body: true, updatedAt: true } as const;

export interface TemplateRecord {
  id: string;
  organizationId: string;
  type: string;
  title: string;
  body: string;
  updatedAt: Date;
}

export class TemplateRepository {
  constructor(private readonly db: Db) {}

  listByOrganization(organizationId: string): Promise<TemplateRecord[]> {
    return this.db.notificationTemplate.findMany({ where: { organizationId }, orderBy: { type: 'asc' }, select: templateColumns });
  }

  findByTypes(organizationId: string, types: readonly string[]): Promise<TemplateRecord[]> {
    return this.db.notificationTemplate.findMany({ where: { organizationId, type: { in: [...types] } }, select: templateColumns });
  }

  upsert(organizationId: string, type: string, content: { title: string; body: string; updatedById: string }): Promise<TemplateRecord> {
    return this.db.notificationTemplate.upsert({
      where: { organizationId_type: { organizationId, type } },
      create: { organizationId, type, ...content },
      update: content,
      select: templateColumns,
    });
  }

  /** Returns how many rows went (0 or 1). */
  async delete(organizationId: string, type: string): Promise<number> {
    const { count } = await this.db.notificationTemplate.deleteMany({ where: { organizationId, type } });
    return count;
  }
}
