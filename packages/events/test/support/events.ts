import type { DomainEvent } from '../../src/index.ts';

/** A valid event with an id derived from `n`: ids repeat across tests, so each test uses a stream of its own. */
export function followedEvent(n: number): DomainEvent {
  return {
    id: `0190b000-0000-7000-8000-${n.toString().padStart(12, '0')}`,
    type: 'community.user.followed',
    organizationId: 'org-1',
    actorId: 'user-a',
    subject: { type: 'User', id: 'user-b' },
    payload: { followerId: 'user-a', followeeId: `user-${n}` },
    occurredAt: new Date().toISOString(),
  };
}
