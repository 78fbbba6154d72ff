import { randomBytes } from 'node:crypto';
import slugify from '@sindresorhus/slugify';
import { v7 as uuidv7 } from 'uuid';
import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireOrganizationAccess, requireUser, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { AuthResult, AuthService } from '../auth/auth.service.ts';
import { recordMemberJoined } from '../membership/membership-events.ts';
import type { IdentityRepositories } from '../repositories.ts';
import type { OrganizationRecord, OrganizationRepository } from './organization.repository.ts';
import type { createOrganizationInput } from './organization.validation.ts';

export class OrganizationService {
  constructor(private readonly deps: { data: DataAccess<IdentityRepositories>; auth: Pick<AuthService, 'continueSession'> }) {}

  /** Creates the organization, the viewer's owner membership and its joined event together, then a token for it. */
  async create(viewer: Viewer, input: z.output<typeof createOrganizationInput>): Promise<AuthResult> {
    const { userId } = requireUser(viewer);
    // The organization's id is chosen here so the whole transaction acts inside it: row-level
    // security lets the new organization, its owner's membership and its event be written.
    const organizationId = uuidv7();
    const scope = { organizationId, userId };
    const membership = await this.deps.data.transaction(scope, async ({ organizations, users, memberships, events }) => {
      const slug = input.slug ?? (await this.freeSlugFor(organizations, input.name));
      if (input.slug && (await organizations.slugTaken(slug))) {
        throw new DomainError('CONFLICT', `Organization slug "${slug}" is taken`, { field: 'slug' });
      }
      const organization = await organizations.create({ id: organizationId, name: input.name, slug, plan: input.plan });
      const [user] = await users.findByIds([userId]);
      if (!user) throw notFound('User', userId);
      const owner = await memberships.create({ organizationId: organization.id, userId, role: 'OWNER' });
      await recordMemberJoined(events, owner, user, userId);
      return owner;
    });
    return this.deps.auth.continueSession(viewer, membership);
  }

  /** An organization the viewer belongs to (default: the current one); NOT_FOUND otherwise. */
  async findForViewer(viewer: Viewer, loadById: (id: string) => Promise<OrganizationRecord | null>, id?: string | null) {
    if (viewer.apiKey) {
      // A key sees its own organization only; any other is as absent as for a non-member.
      const { organizationId } = requireOrganizationAccess(viewer);
      const organization = !id || id === organizationId ? await loadById(organizationId) : null;
      if (!organization) throw notFound('Organization', id ?? organizationId);
      return organization;
    }
    const { userId } = requireUser(viewer);
    const organizationId = id ?? viewer.organizationId;
    if (!organizationId) return null;
    const membership = await this.deps.data.repositories(viewer).memberships.find(organizationId, userId);
    const organization = membership ? await loadById(organizationId) : null;
    if (!organization) throw notFound('Organization', organizationId);
    return organization;
  }

  private async freeSlugFor(organizations: Pick<OrganizationRepository, 'slugTaken'>, name: string): Promise<string> {
    const base = slugify(name).slice(0, 40).replace(/-+$/, '') || 'organization';
    const padded = base.length >= 3 ? base : `${base}-org`;
    if (!(await organizations.slugTaken(padded))) return padded;
    return `${padded}-${randomBytes(3).toString('hex')}`;
  }
}
