import type { EventRecorder } from '@plaza/events';
import type { Role } from '../generated/prisma/enums.ts';

type MembershipKey = { organizationId: string; userId: string };

/**
 * Membership lifecycle events, recorded with the transaction that changes the membership. Other
 * subgraphs keep their own directory of members from them (no subgraph reads identity's tables),
 * so every change of who belongs to an organization, in which role and at which address must
 * record one. The subject is the user the membership is about.
 */
export function recordMemberJoined(
  events: EventRecorder,
  membership: MembershipKey & { role: Role },
  user: { email: string; name: string },
  actorId: string | null,
): Promise<string> {
  return events.record({
    type: 'identity.member.joined',
    organizationId: membership.organizationId,
    actorId,
    subject: { type: 'User', id: membership.userId },
    payload: { userId: membership.userId, role: membership.role, email: user.email, name: user.name },
  });
}

export function recordMemberRoleChanged(
  events: EventRecorder,
  membership: MembershipKey & { role: Role },
  previousRole: Role,
  actorId: string,
): Promise<string> {
  return events.record({
    type: 'identity.member.role_changed',
    organizationId: membership.organizationId,
    actorId,
    subject: { type: 'User', id: membership.userId },
    payload: { userId: membership.userId, role: membership.role, previousRole },
  });
}

export function recordMemberLeft(events: EventRecorder, membership: MembershipKey, actorId: string): Promise<string> {
  return events.record({
    type: 'identity.member.left',
    organizationId: membership.organizationId,
    actorId,
    subject: { type: 'User', id: membership.userId },
    payload: { userId: membership.userId, reason: actorId === membership.userId ? 'LEFT' : 'REMOVED' },
  });
}

/** One event per organization of the user: every organization's directory keeps its own copy. */
export async function recordProfileChanged(
  events: EventRecorder,
  user: { id: string; email: string; name: string },
  organizationIds: readonly string[],
): Promise<void> {
  for (const organizationId of organizationIds) {
    await events.record({
      type: 'identity.user.profile_changed',
      organizationId,
      actorId: user.id,
      subject: { type: 'User', id: user.id },
      payload: { userId: user.id, email: user.email, name: user.name },
    });
  }
}
