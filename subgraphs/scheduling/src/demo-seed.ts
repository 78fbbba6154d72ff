import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';

const EVENT = 5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed base, not "now": the seed must write the same rows on every start.
const BASE = Date.parse('2030-01-07T09:00:00.000Z');
const at = (days: number, hours = 0) => new Date(BASE + days * DAY + hours * HOUR);

const events = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    title: 'Sunrise Vinyasa',
    description: 'An energising flow to start the week. All levels.',
    startsAt: at(0),
    endsAt: at(0, 1),
    hostId: demoUsers.moderator.id,
    capacity: 20,
    location: 'Studio A',
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    title: 'Beginners Workshop',
    description: 'Foundations of alignment and breath for newcomers.',
    startsAt: at(2, 2),
    endsAt: at(2, 4),
    hostId: demoUsers.admin.id,
    capacity: 12,
    location: 'Studio B',
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    title: 'Yin & Meditation',
    startsAt: at(4, 10),
    endsAt: at(4, 11.5),
    hostId: demoUsers.moderator.id,
    capacity: 15,
    location: 'Studio A',
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    title: 'Community Picnic',
    description: 'Bring a dish to share.',
    startsAt: at(7, 3),
    endsAt: at(7, 7),
    hostId: demoUsers.owner.id,
    location: 'Regent’s Park, by the bandstand',
  },
  {
    n: 5,
    organizationId: demoOrganization.id,
    title: 'Online Breathwork',
    startsAt: at(9, 10),
    endsAt: at(9, 11),
    hostId: demoUsers.admin.id,
    capacity: 100,
    location: 'https://meet.plaza.test/breathwork',
  },
  {
    n: 6,
    organizationId: otherOrganization.id,
    title: 'Bouldering Night',
    description: 'Members-only session on the new problems.',
    startsAt: at(1, 9),
    endsAt: at(1, 12),
    hostId: demoUsers.otherOwner.id,
    capacity: 30,
    location: 'Harbour Wall',
  },
];

/** Upserts the demo events by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const { n, ...event } of events) {
      const data = { description: null, capacity: null, ...event };
      await tx.event.upsert({ where: { id: demoId(EVENT, n) }, create: { id: demoId(EVENT, n), ...data }, update: {} });
    }
  });
}
