import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import type { AppointmentRecord, NewAppointment } from './appointment.repository.ts';
import { AppointmentService } from './appointment.service.ts';
import { createAppointmentInput } from './appointment.validation.ts';

const ORG = 'org-1';
const viewer = (role: Role, userId: string): Viewer => ({ userId, organizationId: ORG, role });

function appointments() {
  const rows: AppointmentRecord[] = [];
  const data = fakeDataAccess<SchedulingRepositories>({
    appointments: {
      findByIds: async (_org, ids) => rows.filter((row) => ids.includes(row.id)).map((row) => ({ ...row })),
      create: async ({ createdById: _by, ...appointment }: NewAppointment) => {
        const row = { id: `a-${rows.length + 1}`, status: 'SCHEDULED' as const, remindersSent: 0, createdAt: new Date(), ...appointment };
        rows.push(row);
        return { ...row };
      },
      setStatus: async (id, status) =>
        Object.assign(
          rows.find((row) => row.id === id)!,
          { status },
        ),
    },
  });
  return { service: new AppointmentService({ data, members: fakeMemberDirectory(['ada', 'alan']) }), rows };
}

const input = (fields: Record<string, unknown> = {}) =>
  createAppointmentInput.parse({
    contactId: 'c-1',
    startsAt: new Date('2031-02-03T09:00:00Z'),
    endsAt: new Date('2031-02-03T10:00:00Z'),
    ...fields,
  });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('AppointmentService', () => {
  it('books for the viewer, or for anyone as a moderator; refuses a backwards or over-long time', async () => {
    const { service, rows } = appointments();
    expect(await service.create(viewer('MEMBER', 'ada'), input())).toMatchObject({ staffUserId: 'ada', contactId: 'c-1' });
    expect((await rejection(service.create(viewer('MEMBER', 'ada'), input({ staffUserId: 'alan' })))).code).toBe('FORBIDDEN');
    expect(await service.create(viewer('MODERATOR', 'ada'), input({ staffUserId: 'alan' }))).toMatchObject({ staffUserId: 'alan' });
    expect((await rejection(service.create(viewer('MODERATOR', 'ada'), input({ staffUserId: 'stranger' })))).code).toBe('NOT_FOUND');
    const backwards = await rejection(service.create(viewer('MEMBER', 'ada'), input({ endsAt: new Date('2031-02-03T08:00:00Z') })));
    expect(backwards.message).toMatch(/^Invalid input: endsAt: must be after startsAt/);
    expect((await rejection(service.create(viewer('MEMBER', 'ada'), input({ endsAt: new Date('2031-02-05T08:00:00Z') })))).message).toMatch(
      /at most 1440 minutes/,
    );
    expect(rows).toHaveLength(2);
  });

  it('lets the staff member or a moderator move it on, and keeps finished appointments finished', async () => {
    const { service } = appointments();
    const appointment = await service.create(viewer('MEMBER', 'ada'), input());
    expect((await rejection(service.setStatus(viewer('MEMBER', 'alan'), appointment.id, 'CONFIRMED'))).code).toBe('FORBIDDEN');
    expect(await service.setStatus(viewer('MEMBER', 'ada'), appointment.id, 'CONFIRMED')).toMatchObject({ status: 'CONFIRMED' });
    expect(await service.setStatus(viewer('MODERATOR', 'alan'), appointment.id, 'COMPLETED')).toMatchObject({ status: 'COMPLETED' });
    expect((await rejection(service.setStatus(viewer('MEMBER', 'ada'), appointment.id, 'SCHEDULED'))).message).toBe(
      `Appointment ${appointment.id} is COMPLETED; it cannot become SCHEDULED`,
    );
  });
});
