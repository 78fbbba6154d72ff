import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
  type MemberViewer,
  type MemberDirectory,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { ContactStage } from '../generated/prisma/enums.ts';
import type { CrmRepositories } from '../repositories.ts';
import type { ContactRecord, ContactScope } from './contact.repository.ts';
import type { createContactInput } from './contact.validation.ts';

/**
 * Contacts are staff data: MODERATOR or higher see the whole organization's, anyone else only
 * the relationships they own. Every read and write goes through this one scope.
 */
function contactScopeOf(member: MemberViewer): ContactScope {
  return roleAtLeast(member.role, 'MODERATOR')
    ? { organizationId: member.organizationId }
    : { organizationId: member.organizationId, ownerId: member.userId };
}

export class ContactService {
  constructor(private readonly deps: { data: DataAccess<CrmRepositories>; members: Pick<MemberDirectory, 'requireActive'> }) {}

  /** Contacts the viewer may see, by id; ids outside that scope are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ContactRecord[]> {
    if (!viewer.userId || !viewer.organizationId || !viewer.role) return [];
    return this.deps.data.repositories(viewer).contacts.findByIds(contactScopeOf(requireMember(viewer)), ids);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<ContactRecord | null>): Promise<ContactRecord> {
    requireMember(viewer);
    const contact = await load(id);
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  async list(viewer: Viewer, args: ConnectionArgs & { stage?: ContactStage | null }) {
    const scope = contactScopeOf(requireMember(viewer));
    const rows = await this.deps.data.repositories(viewer).contacts.list(scope, {
      stage: args.stage ?? undefined,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  /** Adds a contact owned by `ownerId` (default: the viewer). One contact per email and organization. */
  async create(viewer: Viewer, input: z.output<typeof createContactInput>): Promise<ContactRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MODERATOR');
    // Both ids must be members of this organization now: another organization's users, and those who left, do not exist here.
    await this.deps.members.requireActive(viewer, [input.ownerId, input.userId]);
    return this.deps.data.transaction(viewer, async ({ contacts }) => {
      if (await contacts.findByEmail(organizationId, input.email)) {
        throw new DomainError('CONFLICT', `A contact with email ${input.email} already exists in this organization`, { field: 'email' });
      }
      return contacts.create({
        organizationId,
        email: input.email,
        name: input.name,
        phone: input.phone,
        stage: input.stage,
        ownerId: input.ownerId ?? userId,
        userId: input.userId ?? null,
      });
    });
  }

  async updateStage(viewer: Viewer, id: string, stage: ContactStage): Promise<ContactRecord> {
    // VIEWERs only read; the scope then limits members below MODERATOR to their own contacts.
    const scope = contactScopeOf(requireRole(viewer, 'MEMBER'));
    return this.deps.data.transaction(viewer, async ({ contacts }) => {
      const [contact] = await contacts.findByIds(scope, [id]);
      if (!contact) throw notFound('Contact', id);
      return contact.stage === stage ? contact : contacts.updateStage(contact.id, stage);
    });
  }
}
