import { EVENT_CATALOG, type DomainEvent, type EventPayload } from './catalog.ts';

type MemberRole = EventPayload<'identity.member.joined'>['role'];

/**
 * What one of identity's membership events says about a member of its organization, for the
 * subgraphs that keep their own directory of members (event-carried state transfer).
 *
 * Events come at least once and not always in order, so a directory keeps, per part, the
 * version of the event it last applied and applies a fact's part only when its version is
 * newer: replays change nothing and an older event never overwrites a newer one. The two parts
 * are versioned apart because different events carry them (a role change says nothing of the
 * email, a profile change nothing of the membership).
 */
export interface MemberFact {
  organizationId: string;
  userId: string;
  /**
   * When the event happened, then its id: `occurredAt` as fixed-width ISO-8601 UTC, `|`, the id.
   * Compare with byte order (`COLLATE "C"` in SQL): later is greater; the id breaks ties.
   */
  version: string;
  /** From joined, role_changed and left. `role` is null when the event does not say (left). */
  membership?: { role: MemberRole | null; left: boolean };
  /** From joined and profile_changed. */
  profile?: { email: string; name: string };
}

/** The event's position in time, as MemberFact.version. */
export function eventVersion(event: Pick<DomainEvent, 'id' | 'occurredAt'>): string {
  return `${new Date(event.occurredAt).toISOString()}|${event.id}`;
}

/**
 * The member fact `event` carries, or null for events that are not about memberships. Throws
 * (naming the field) when a membership event's payload does not match the catalog.
 */
export function memberFactOf(event: DomainEvent): MemberFact | null {
  const base = { organizationId: event.organizationId, version: eventVersion(event) };
  switch (event.type) {
    case 'identity.member.joined': {
      const { userId, role, email, name } = EVENT_CATALOG[event.type].parse(event.payload);
      return { ...base, userId, membership: { role, left: false }, profile: { email, name } };
    }
    case 'identity.member.role_changed': {
      const { userId, role } = EVENT_CATALOG[event.type].parse(event.payload);
      return { ...base, userId, membership: { role, left: false } };
    }
    case 'identity.member.left': {
      const { userId } = EVENT_CATALOG[event.type].parse(event.payload);
      return { ...base, userId, membership: { role: null, left: true } };
    }
    case 'identity.user.profile_changed': {
      const { userId, email, name } = EVENT_CATALOG[event.type].parse(event.payload);
      return { ...base, userId, profile: { email, name } };
    }
    default:
      return null;
  }
}

/** Digits of a revision in a tier version: fixed width, so byte order is numeric order. */
const REVISION_DIGITS = 12;

/**
 * The position of a `commerce.membership.changed` event among the changes of its membership,
 * comparable bytewise like MemberFact.version: the membership's revision (incremented under the
 * row's lock, so it orders changes even when their transactions overlap, which `occurredAt`
 * cannot), then the event id. A replay has the same version; an older change a smaller one.
 */
export function membershipTierVersion(event: Pick<DomainEvent<'commerce.membership.changed'>, 'id' | 'payload'>): string {
  return `${String(event.payload.revision).padStart(REVISION_DIGITS, '0')}|${event.id}`;
}

/** What a `commerce.membership.changed` event says a member's tier is, for a member directory; null for other events. */
export function memberTierFactOf(
  event: DomainEvent,
): { organizationId: string; userId: string; tier: EventPayload<'commerce.membership.changed'>['tier']; version: string } | null {
  if (event.type !== 'commerce.membership.changed') return null;
  const payload = EVENT_CATALOG[event.type].parse(event.payload);
  return {
    organizationId: event.organizationId,
    userId: payload.userId,
    tier: payload.tier,
    version: membershipTierVersion({ id: event.id, payload }),
  };
}

/** Whether a fact at `candidate` replaces one applied at `applied` (versions compare bytewise; '' is before everything). */
export function isNewerVersion(candidate: string, applied: string): boolean {
  return Buffer.compare(Buffer.from(candidate), Buffer.from(applied)) > 0;
}
