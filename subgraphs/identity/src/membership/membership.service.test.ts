import { describe, expect, it } from 'vitest';
import type { Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { Role } from '../generated/prisma/enums.ts';
import type { IdentityRepositories } from '../repositories.ts';
import type { MembershipRecord } from './membership.repository.ts';
import { MembershipService } from './membership.service.ts';

const ORG = 'org-1';

/** An organization's memberships in memory, and the events the service recorded. */
function organizationWith(members: Record<string, Role>) {
  const rows = new Map<string, MembershipRecord>(
    Object.entries(members).map(([userId, role], index) => [
      userId,
      { id: `m-${index}`, organizationId: ORG, userId, role, createdAt: new Date(2026, 0, index + 1) },
    ]),
  );
  const events: { type: string; payload: unknown }[] = [];
  const data = fakeDataAccess<IdentityRepositories>({
    memberships: {
      find: async (organizationId, userId) => {
        const row = organizationId === ORG ? rows.get(userId) : undefined;
        return row ? { ...row } : null;
      },
      countOwnersForUpdate: async () => [...rows.values()].filter((row) => row.role === 'OWNER').length,
      updateRole: async (id, role) => {
        const row = [...rows.values()].find((candidate) => candidate.id === id)!;
        row.role = role;
        return { ...row };
      },
      delete: async (id) => {
        for (const [userId, row] of rows) if (row.id === id) rows.delete(userId);
      },
    },
    events: {
      record: async (event) => {
        events.push({ type: event.type, payload: event.payload });
        return `event-${events.length}`;
      },
    },
  });
  return { service: new MembershipService({ data }), rows, events };
}

const viewer = (userId: string, role: Role): Viewer => ({ userId, organizationId: ORG, role });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('MembershipService', () => {
  it('lets an admin change a member role and records role_changed once', async () => {
    const { service, rows, events } = organizationWith({ owner: 'OWNER', admin: 'ADMIN', ada: 'MEMBER' });
    await service.updateMemberRole(viewer('admin', 'ADMIN'), 'ada', 'MODERATOR');
    await service.updateMemberRole(viewer('admin', 'ADMIN'), 'ada', 'MODERATOR');
    expect(rows.get('ada')?.role).toBe('MODERATOR');
    expect(events).toEqual([
      { type: 'identity.member.role_changed', payload: { userId: 'ada', role: 'MODERATOR', previousRole: 'MEMBER' } },
    ]);
  });

  it('judges the acting role as the database has it, not as the token says', async () => {
    const { service } = organizationWith({ owner: 'OWNER', demoted: 'MEMBER', ada: 'MEMBER' });
    const error = await rejection(service.updateMemberRole(viewer('demoted', 'ADMIN'), 'ada', 'MODERATOR'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/needs the ADMIN role or higher; you are MEMBER/);
  });

  it('keeps OWNER for owners to grant or take', async () => {
    const { service } = organizationWith({ owner: 'OWNER', admin: 'ADMIN', ada: 'MEMBER' });
    expect((await rejection(service.updateMemberRole(viewer('admin', 'ADMIN'), 'ada', 'OWNER'))).code).toBe('FORBIDDEN');
    expect((await rejection(service.updateMemberRole(viewer('admin', 'ADMIN'), 'owner', 'MEMBER'))).code).toBe('FORBIDDEN');
  });

  it('never leaves an organization without an owner', async () => {
    const { service, events } = organizationWith({ owner: 'OWNER', admin: 'ADMIN' });
    expect((await rejection(service.updateMemberRole(viewer('owner', 'OWNER'), 'owner', 'ADMIN'))).code).toBe('CONFLICT');
    expect((await rejection(service.removeMember(viewer('owner', 'OWNER'), 'owner'))).code).toBe('CONFLICT');
    expect(events).toEqual([]);
  });

  it('removes a member (REMOVED) or lets one leave (LEFT)', async () => {
    const { service, rows, events } = organizationWith({ owner: 'OWNER', ada: 'MEMBER', alan: 'MEMBER' });
    await service.removeMember(viewer('owner', 'OWNER'), 'ada');
    await service.removeMember(viewer('alan', 'MEMBER'), 'alan');
    expect([...rows.keys()]).toEqual(['owner']);
    expect(events.map((event) => event.payload)).toEqual([
      { userId: 'ada', reason: 'REMOVED' },
      { userId: 'alan', reason: 'LEFT' },
    ]);
  });

  it('answers NOT_FOUND for someone who is not a member', async () => {
    const { service } = organizationWith({ owner: 'OWNER' });
    const error = await rejection(service.removeMember(viewer('owner', 'OWNER'), 'stranger'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Member stranger was not found' });
  });
});
