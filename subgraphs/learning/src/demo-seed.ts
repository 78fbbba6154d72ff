import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';
import type { CourseStatus } from './generated/prisma/enums.ts';

const KIND = 6;

const courses: {
  n: number;
  organizationId: string;
  title: string;
  description: string;
  instructorId: string;
  status: CourseStatus;
  lessons: [title: string, durationMinutes: number][];
}[] = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    title: 'Foundations of Vinyasa',
    description: 'Breath-led flow for newcomers: sun salutations, standing poses and a calm finish.',
    instructorId: demoUsers.admin.id,
    status: 'PUBLISHED',
    lessons: [
      ['Breathing with movement', 20],
      ['Sun salutation A', 30],
      ['Standing poses', 35],
      ['Savasana and rest', 15],
    ],
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    title: 'Mobility for Desk Workers',
    description: 'Short daily sessions that undo a day of sitting.',
    instructorId: demoUsers.moderator.id,
    status: 'PUBLISHED',
    lessons: [
      ['Neck and shoulders', 10],
      ['Hips and lower back', 15],
      ['Wrists and hands', 10],
    ],
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    title: 'Teacher Training: Sequencing',
    description: 'How to build a balanced class. Still being written.',
    instructorId: demoUsers.owner.id,
    status: 'DRAFT',
    lessons: [['Principles of a sequence', 45]],
  },
  {
    n: 4,
    organizationId: otherOrganization.id,
    title: 'Rope Work Basics',
    description: 'Knots, belaying and checks before the first climb.',
    instructorId: demoUsers.otherOwner.id,
    status: 'PUBLISHED',
    lessons: [
      ['Figure-eight knot', 15],
      ['Belaying', 30],
      ['Partner checks', 10],
    ],
  },
];

/** Upserts the demo courses and lessons by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  if (await prisma.course.findUnique({ where: { id: demoId(KIND, 1) }, select: { id: true } })) return;
  await prisma.$transaction(async (tx) => {
    for (const { n, lessons, ...course } of courses) {
      const id = demoId(KIND, n);
      await tx.course.upsert({
        where: { id },
        create: { id, ...course, publishedAt: course.status === 'PUBLISHED' ? new Date() : null },
        update: {},
      });
      for (const [index, [title, durationMinutes]] of lessons.entries()) {
        const lessonId = demoId(KIND, n * 100 + index + 1);
        await tx.lesson.upsert({
          where: { id: lessonId },
          create: { id: lessonId, organizationId: course.organizationId, courseId: id, title, position: index + 1, durationMinutes },
          update: {},
        });
      }
    }
  });
}
