import { memberFactOf, type DomainEvent } from '@plaza/events';
import type { PrismaClient } from '../db.ts';
import { OrganizationMemberRepository } from './member.repository.ts';

/**
 * Keeps the member directory (OrganizationMember) from identity's membership events: the
 * `community` consumer group. Services check user ids against it through member-access.ts.
 */
export class MemberDirectoryService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /**
   * Applies joined, role_changed and left events; ignores every other (profile changes carry
   * nothing community keeps). Idempotent and order-insensitive: only a newer event changes a row.
   */
  async apply(event: DomainEvent): Promise<void> {
    const fact = memberFactOf(event);
    if (!fact?.membership) return;
    await new OrganizationMemberRepository(this.deps.prisma).apply({ ...fact, membership: fact.membership });
  }
}
