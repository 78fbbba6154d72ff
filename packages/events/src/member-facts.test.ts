import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './catalog.ts';
import { eventVersion, isNewerVersion, memberFactOf, memberTierFactOf, membershipTierVersion } from './member-facts.ts';

const envelope = { organizationId: 'org-1', actorId: 'u1', subject: { type: 'User', id: 'u1' } };

describe('memberFactOf', () => {
  it('splits membership events into the membership and profile parts they carry', () => {
    const at = '2026-01-01T00:00:01.000Z';
    const joined = {
      ...envelope,
      id: 'e1',
      occurredAt: at,
      type: 'identity.member.joined',
      payload: { userId: 'u1', role: 'ADMIN', email: 'a@x.test', name: 'A' },
    } as DomainEvent;
    expect(memberFactOf(joined)).toEqual({
      organizationId: 'org-1',
      userId: 'u1',
      version: `${at}|e1`,
      membership: { role: 'ADMIN', left: false },
      profile: { email: 'a@x.test', name: 'A' },
    });
    const left = { ...joined, type: 'identity.member.left', payload: { userId: 'u1', reason: 'REMOVED' } } as DomainEvent;
    expect(memberFactOf(left)).toMatchObject({ membership: { role: null, left: true } });
    expect(memberFactOf(left)).not.toHaveProperty('profile');
    const renamed = {
      ...joined,
      type: 'identity.user.profile_changed',
      payload: { userId: 'u1', email: 'b@x.test', name: 'B' },
    } as DomainEvent;
    expect(memberFactOf(renamed)).toMatchObject({ profile: { email: 'b@x.test', name: 'B' } });
    expect(memberFactOf(renamed)).not.toHaveProperty('membership');
    const followed = { ...joined, type: 'community.user.followed', payload: { followerId: 'u2', followeeId: 'u1' } } as DomainEvent;
    expect(memberFactOf(followed)).toBeNull();
  });

  it('refuses a membership payload that does not match the catalog, naming the field', () => {
    const broken = {
      ...envelope,
      id: 'e1',
      occurredAt: new Date().toISOString(),
      type: 'identity.member.role_changed',
      payload: { userId: 'u1', role: 'KING' },
    } as DomainEvent;
    expect(() => memberFactOf(broken)).toThrow(/role/);
  });

  it('orders versions by time first, then by event id, as strings', () => {
    const earlier = eventVersion({ id: 'ffff', occurredAt: '2026-01-01T00:00:01.000Z' });
    const later = eventVersion({ id: '0000', occurredAt: '2026-01-01T00:00:02.000Z' });
    const tie = eventVersion({ id: '0001', occurredAt: '2026-01-01T00:00:02Z' });
    expect([tie, earlier, later].sort()).toEqual([earlier, later, tie]);
  });
});

describe('membership tier versions', () => {
  const changed = (id: string, revision: number, tier: 'FREE' | 'PRO' = 'PRO') =>
    ({
      ...envelope,
      id,
      occurredAt: '2026-01-01T00:00:00.000Z',
      type: 'commerce.membership.changed',
      payload: {
        membershipId: 'm1',
        userId: 'u1',
        tier,
        plan: tier,
        previousTier: null,
        status: 'ACTIVE',
        revision,
        reason: 'UPDATED',
        currentPeriodEnd: null,
      },
    }) as DomainEvent<'commerce.membership.changed'>;

  it('orders changes by revision numerically, whatever their ids, bytewise as SQL compares them', () => {
    const versions = [changed('z', 2), changed('a', 10), changed('m', 9)].map(membershipTierVersion);
    expect(isNewerVersion(versions[1]!, versions[0]!)).toBe(true);
    expect(isNewerVersion(versions[1]!, versions[2]!)).toBe(true);
    expect(isNewerVersion(versions[0]!, versions[2]!)).toBe(false);
    expect([...versions].sort()).toEqual([versions[0], versions[2], versions[1]]);
  });

  it('treats a replay as not newer, and everything as newer than nothing applied', () => {
    const version = membershipTierVersion(changed('e1', 3));
    expect(isNewerVersion(version, version)).toBe(false);
    expect(isNewerVersion(version, '')).toBe(true);
    expect(isNewerVersion('', version)).toBe(false);
  });

  it("reads the member's tier out of commerce's event, and nothing out of others", () => {
    expect(memberTierFactOf(changed('e1', 4, 'FREE'))).toEqual({
      organizationId: 'org-1',
      userId: 'u1',
      tier: 'FREE',
      version: `000000000004|e1`,
    });
    expect(memberTierFactOf({ ...changed('e2', 1), type: 'identity.member.left', payload: { userId: 'u1', reason: 'LEFT' } })).toBeNull();
  });
});
