import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { CrmRepositories } from '../repositories.ts';
import type { ContactRecord, NewContact } from './contact.repository.ts';
import { ContactService } from './contact.service.ts';
import { createContactInput } from './contact.validation.ts';

const ORG = 'org-1';

/** An organization's contacts in memory; `writes` counts the rows the service created or changed. */
function crmWith(contacts: Partial<ContactRecord>[] = []) {
  const rows = new Map<string, ContactRecord>();
  let sequence = 0;
  const add = (data: NewContact): ContactRecord => {
    const row = { id: `c-${++sequence}`, ...data, createdAt: new Date(2026, 0, sequence) };
    rows.set(row.id, row);
    return { ...row };
  };
  for (const contact of contacts) {
    add({
      organizationId: ORG,
      email: `c${sequence}@example.test`,
      name: 'Someone',
      phone: null,
      stage: 'LEAD',
      ownerId: 'owner',
      userId: null,
      ...contact,
    });
  }
  let writes = 0;
  const data = fakeDataAccess<CrmRepositories>({
    contacts: {
      findByIds: async (scope, ids) =>
        [...rows.values()]
          .filter(
            (row) =>
              row.organizationId === scope.organizationId && (!scope.ownerId || row.ownerId === scope.ownerId) && ids.includes(row.id),
          )
          .map((row) => ({ ...row })),
      findByEmail: async (organizationId, email) => {
        const row = [...rows.values()].find((candidate) => candidate.organizationId === organizationId && candidate.email === email);
        return row ? { ...row } : null;
      },
      create: async (contact) => {
        writes++;
        return add(contact);
      },
      updateStage: async (id, stage) => {
        writes++;
        const row = rows.get(id);
        if (!row) throw new Error(`no contact ${id}`);
        row.stage = stage;
        return { ...row };
      },
    },
  });
  return {
    service: new ContactService({ data, members: fakeMemberDirectory(['owner', 'mod', 'admin', 'ada', 'alan', 'amy', 'someone']) }),
    rows,
    writes: () => writes,
  };
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

const input = (fields: { email: string; name?: string; ownerId?: string; userId?: string }) =>
  createContactInput.parse({ name: 'Maya Patel', ...fields });

describe('ContactService', () => {
  it('refuses an owner or a linked user who is not an active member of the organization, writing nothing', async () => {
    const { service, writes } = crmWith([]);
    const stranger = await rejection(service.create(viewer('mod', 'MODERATOR'), input({ email: 'x@example.test', ownerId: 'stranger' })));
    expect(stranger).toMatchObject({ code: 'NOT_FOUND', message: 'User stranger was not found' });
    expect((await rejection(service.create(viewer('mod', 'MODERATOR'), input({ email: 'y@example.test', userId: 'stranger' })))).code).toBe(
      'NOT_FOUND',
    );
    expect(writes()).toBe(0);
  });

  it('lets a moderator add a contact, owned by the viewer unless an owner is named', async () => {
    const { service } = crmWith();
    expect(await service.create(viewer('mod', 'MODERATOR'), input({ email: 'Maya@Example.test' }))).toMatchObject({
      organizationId: ORG,
      email: 'maya@example.test',
      ownerId: 'mod',
      stage: 'LEAD',
    });
    expect((await service.create(viewer('mod', 'MODERATOR'), input({ email: 'tom@example.test', ownerId: 'ada' }))).ownerId).toBe('ada');
  });

  it.each(['MEMBER', 'VIEWER'] as const)('forbids a %s to add contacts', async (role) => {
    const { service, writes } = crmWith();
    expect((await rejection(service.create(viewer('someone', role), input({ email: 'x@example.test' })))).code).toBe('FORBIDDEN');
    expect(writes()).toBe(0);
  });

  it('refuses a second contact with the same email with CONFLICT, naming it', async () => {
    const { service, writes } = crmWith([{ email: 'maya@example.test' }]);
    const error = await rejection(service.create(viewer('admin', 'ADMIN'), input({ email: 'MAYA@example.test' })));
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'A contact with email maya@example.test already exists in this organization',
    });
    expect(writes()).toBe(0);
  });

  it('shows a member only the contacts they own, and moderators all of them', async () => {
    const { service } = crmWith([{ ownerId: 'ada' }, { ownerId: 'alan' }]);
    expect((await service.findVisibleByIds(viewer('ada', 'MEMBER'), ['c-1', 'c-2'])).map((contact) => contact.id)).toEqual(['c-1']);
    expect((await service.findVisibleByIds(viewer('mod', 'MODERATOR'), ['c-1', 'c-2'])).map((contact) => contact.id)).toEqual([
      'c-1',
      'c-2',
    ]);
    expect(await service.findVisibleByIds({ userId: 'loner', organizationId: null, role: null }, ['c-1'])).toEqual([]);
  });

  it("lets a member move their own contact, and answers NOT_FOUND for someone else's", async () => {
    const { service, rows } = crmWith([{ ownerId: 'ada' }, { ownerId: 'alan' }]);
    expect((await service.updateStage(viewer('ada', 'MEMBER'), 'c-1', 'PROSPECT')).stage).toBe('PROSPECT');
    expect((await rejection(service.updateStage(viewer('ada', 'MEMBER'), 'c-2', 'PROSPECT'))).code).toBe('NOT_FOUND');
    expect(rows.get('c-2')?.stage).toBe('LEAD');
    expect((await service.updateStage(viewer('mod', 'MODERATOR'), 'c-2', 'CUSTOMER')).stage).toBe('CUSTOMER');
  });

  it('forbids a VIEWER to move even their own contact, and writes nothing for an unchanged stage', async () => {
    const { service, writes } = crmWith([{ ownerId: 'ada', stage: 'PROSPECT' }]);
    expect((await rejection(service.updateStage(viewer('ada', 'VIEWER'), 'c-1', 'CUSTOMER'))).code).toBe('FORBIDDEN');
    expect((await service.updateStage(viewer('ada', 'MEMBER'), 'c-1', 'PROSPECT')).stage).toBe('PROSPECT');
    expect(writes()).toBe(0);
  });
});
