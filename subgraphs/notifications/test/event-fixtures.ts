import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventPayload, EventType } from '@plaza/events';

/** A domain event as the relay would hand it over: fresh id, now, in `organizationId`. */
export function domainEvent<Type extends EventType>(
  type: Type,
  organizationId: string,
  payload: EventPayload<Type>,
  overrides: { actorId?: string | null; subject?: { type: string; id: string }; occurredAt?: Date; id?: string } = {},
): DomainEvent<Type> {
  return {
    id: overrides.id ?? randomUUID(),
    type,
    organizationId,
    actorId: overrides.actorId ?? null,
    subject: overrides.subject ?? { type: 'Unknown', id: randomUUID() },
    payload,
    occurredAt: (overrides.occurredAt ?? new Date()).toISOString(),
  };
}

/**
 * `event` with a type or payload outside the catalog, as a broken or newer producer might send
 * it: the consumer must refuse it, naming what is wrong. The types cannot express such an event.
 */
export function malformedEvent(event: DomainEvent, changes: { type?: string; payload?: Record<string, unknown> }): DomainEvent {
  return { ...event, ...changes } as DomainEvent;
}

/** `followerId` follows `followeeId`: the simplest event that notifies one user. */
export function followed(organizationId: string, followeeId: string, followerId: string = randomUUID()) {
  return domainEvent(
    'community.user.followed',
    organizationId,
    { followerId, followeeId },
    { actorId: followerId, subject: { type: 'User', id: followeeId } },
  );
}

/** `inviterId` invites the existing user `invitedUserId` (address `email`) with `role`. */
export function invited(
  organizationId: string,
  invitedUserId: string,
  email: string,
  options: { role?: string; inviterId?: string; occurredAt?: Date } = {},
) {
  const invitationId = randomUUID();
  return domainEvent(
    'identity.invitation.created',
    organizationId,
    { invitationId, email, invitedUserId, role: options.role ?? 'MEMBER' },
    { actorId: options.inviterId ?? null, subject: { type: 'Invitation', id: invitationId }, occurredAt: options.occurredAt },
  );
}
