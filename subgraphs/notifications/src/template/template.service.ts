import type { Viewer } from '@plaza/auth';
import { requireRole } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import {
  COMMON_VARIABLES,
  NOTIFICATION_TYPES,
  notificationTypeNames,
  type NotificationType,
} from '../notification/notification-types.ts';
import type { TemplateSource } from './template-renderer.ts';
import { TemplateRepository } from './template.repository.ts';
import type { setTemplateInput } from './template.validation.ts';

/** The template in force for one type: the organization's own, or the built-in one. */
export interface EffectiveTemplate extends TemplateSource {
  type: NotificationType;
  custom: boolean;
  variables: string[];
  updatedAt: Date | null;
}

export class TemplateService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Every type's template in force for the viewer's organization. Admins only. */
  async list(viewer: Viewer): Promise<EffectiveTemplate[]> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const custom = new Map(
      (await new TemplateRepository(this.deps.prisma).listByOrganization(organizationId)).map((row) => [row.type, row]),
    );
    return notificationTypeNames.map((type) => effective(type, custom.get(type)));
  }

  async set(viewer: Viewer, input: z.output<typeof setTemplateInput>): Promise<EffectiveTemplate> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    const row = await new TemplateRepository(this.deps.prisma).upsert(organizationId, input.type, {
      title: input.title,
      body: input.body,
      updatedById: userId,
    });
    return effective(input.type, row);
  }

  /** Drops the organization's template of `type`: the built-in one is in force again and returned. */
  async clear(viewer: Viewer, type: NotificationType): Promise<EffectiveTemplate> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    await new TemplateRepository(this.deps.prisma).delete(organizationId, type);
    return effective(type, undefined);
  }

  /** The templates in force for `types` in one organization, for ingestion (no viewer). */
  async inForce(organizationId: string, types: readonly NotificationType[]): Promise<Map<NotificationType, TemplateSource>> {
    const custom = new Map(
      (await new TemplateRepository(this.deps.prisma).findByTypes(organizationId, types)).map((row) => [row.type, row]),
    );
    return new Map(types.map((type) => [type, custom.get(type) ?? NOTIFICATION_TYPES[type].template]));
  }
}

function effective(type: NotificationType, row: { title: string; body: string; updatedAt: Date } | undefined): EffectiveTemplate {
  const definition = NOTIFICATION_TYPES[type];
  return {
    type,
    title: row?.title ?? definition.template.title,
    body: row?.body ?? definition.template.body,
    custom: row !== undefined,
    variables: [...COMMON_VARIABLES, ...definition.variables],
    updatedAt: row?.updatedAt ?? null,
  };
}
