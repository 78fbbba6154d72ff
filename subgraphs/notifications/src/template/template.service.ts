import type { Viewer } from '@plaza/auth';
import { requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { COMMON_VARIABLES, NOTIFICATION_TYPES, notificationTypeNames, type NotificationType } from '../notification/notification-types.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import { organizationScope } from '../tenant-scopes.ts';
import type { TemplateSource } from './template-renderer.ts';
import type { TemplateRecord } from './template.repository.ts';
import type { setTemplateInput } from './template.validation.ts';

/** The template in force for one type: the organization's own, or the built-in one. */
export interface EffectiveTemplate extends TemplateSource {
  type: NotificationType;
  custom: boolean;
  variables: string[];
  updatedAt: Date | null;
}

/** The wording of each notification type per organization. Reading and changing it is for admins. */
export class TemplateService {
  constructor(private readonly deps: { data: DataAccess<NotificationsRepositories> }) {}

  /** Every type's template in force for the viewer's organization. Admins only. */
  async list(viewer: Viewer): Promise<EffectiveTemplate[]> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data.repositories(viewer).templates.listByOrganization(organizationId);
    const custom = new Map(rows.map((row) => [row.type, row]));
    return notificationTypeNames.map((type) => effective(type, custom.get(type)));
  }

  /** Sets the organization's own template of a type (input parsed by setTemplateInput: it parses as Mustache). Admins only. */
  async set(viewer: Viewer, input: z.output<typeof setTemplateInput>): Promise<EffectiveTemplate> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    const row = await this.deps.data.repositories(viewer).templates.upsert(organizationId, input.type, {
      title: input.title,
      body: input.body,
      updatedById: userId,
    });
    return effective(input.type, row);
  }

  /** Drops the organization's template of `type`: the built-in one is in force again and returned. Admins only. */
  async clear(viewer: Viewer, type: NotificationType): Promise<EffectiveTemplate> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    await this.deps.data.repositories(viewer).templates.delete(organizationId, type);
    return effective(type, undefined);
  }

  /** The templates in force for `types` in one organization, for ingestion (no viewer). */
  async inForce(organizationId: string, types: readonly NotificationType[]): Promise<Map<NotificationType, TemplateSource>> {
    const rows = await this.deps.data.repositories(organizationScope(organizationId)).templates.findByTypes(organizationId, types);
    const custom = new Map(rows.map((row) => [row.type, row]));
    return new Map(types.map((type) => [type, custom.get(type) ?? NOTIFICATION_TYPES[type].template]));
  }
}

function effective(type: NotificationType, row: Pick<TemplateRecord, 'title' | 'body' | 'updatedAt'> | undefined): EffectiveTemplate {
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
