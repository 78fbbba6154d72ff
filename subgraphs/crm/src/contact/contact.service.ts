import { roleAtLeast, type Viewer } from '@plaza/auth';
import { afterId, DomainError, notFound, requireMember, requireRole, toConnection, idCursor, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import type { ContactStage } from '../generated/prisma/enums.ts';
import { ContactRepository, type ContactRecord, type ContactScope } from './contact.repository.ts';
import type { createContactInput } from './contact.validation.ts';

/**
 * Contacts are staff data: MODERATOR or higher see the whole organization's, anyone else only
 * the relationships they own. Every read and write goes through this one scope.
 */
export function contactScopeOf(viewer: Viewer): ContactScope {
  const member = requireMember(viewer);
  return roleAtLeast(member.role, 'MODERATOR')
    ? { organizationId: member.organizationId }
    : { organizationId: member.organizationId, ownerId: member.userId };
}

export class ContactService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Contacts the viewer may see, by id; ids outside that scope are simply absent. */
  findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ContactRecord[]> {
    if (!viewer.userId || !viewer.organizationId || !viewer.role) return Promise.resolve([]);
    return new ContactRepository(this.deps.prisma).findByIds(contactScopeOf(viewer), ids);
  }

  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<ContactRecord | null>): Promise<ContactRecord> {
    requireMember(viewer);
    const contact = await load(id);
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  async list(viewer: Viewer, args: ConnectionArgs & { stage?: ContactStage | null }) {
    const rows = await new ContactRepository(this.deps.prisma).list(contactScopeOf(viewer), {
      stage: args.stage ?? undefined,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  async create(viewer: Viewer, input: z.output<typeof createContactInput>): Promise<ContactRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MODERATOR');
    return this.deps.prisma.$transaction(async (tx) => {
      const contacts = new ContactRepository(tx);
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
    requireRole(viewer, 'MEMBER');
    const scope = contactScopeOf(viewer);
    return this.deps.prisma.$transaction(async (tx) => {
      const contacts = new ContactRepository(tx);
      const [contact] = await contacts.findByIds(scope, [id]);
      if (!contact) throw notFound('Contact', id);
      return contact.stage === stage ? contact : contacts.updateStage(contact.id, stage);
    });
  }
}
