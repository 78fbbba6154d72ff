import type { Viewer } from '@plaza/auth';
import {
  afterId,
  DomainError,
  idCursor,
  isUniqueViolation,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { freeSlugFor } from '../product/slug.ts';
import type { CommerceRepositories } from '../repositories.ts';
import type { CategoryRecord } from './category.repository.ts';
import type { createCategoryInput } from './category.validation.ts';

const slugConflict = (slug: string) => new DomainError('CONFLICT', `Category slug "${slug}" is already taken`, { field: 'slug' });

/** Categories group an organization's products: every member reads them, admins and owners add them. */
export class CategoryService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async list(viewer: Viewer, args: ConnectionArgs) {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data
      .repositories(viewer)
      .categories.list(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async create(viewer: Viewer, input: z.output<typeof createCategoryInput>): Promise<CategoryRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    try {
      return await this.deps.data.transaction(viewer, async ({ categories }) => {
        if (input.slug && (await categories.slugTaken(organizationId, input.slug))) throw slugConflict(input.slug);
        const slug =
          input.slug ?? (await freeSlugFor(input.name, 'category', (candidate) => categories.slugTaken(organizationId, candidate)));
        return categories.create({ organizationId, name: input.name, slug });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'slug')) throw slugConflict(input.slug ?? input.name);
      throw error;
    }
  }
}
