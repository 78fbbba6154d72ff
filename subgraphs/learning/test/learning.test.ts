import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_HEADER, secretsFromEnv, signViewerAssertion } from '@plaza/auth';
import { createClient, expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';

let stack: TestStack;
let owner: Actor;
let admin: Actor;
let moderator: Actor;
let member: Actor;
let stranger: Actor;

beforeAll(async () => {
  stack = await startTestStack();
  owner = await stack.createOrganization();
  admin = await stack.addMember(owner, 'ADMIN');
  moderator = await stack.addMember(owner, 'MODERATOR');
  member = await stack.addMember(owner, 'MEMBER');
  stranger = await stack.createOrganization();
}, 120_000);
afterAll(() => stack?.stop());

const COURSE_FIELDS = `id title description status publishedAt instructor { id } lessons { title position durationMinutes }`;
const CREATE_COURSE = `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { ${COURSE_FIELDS} } }`;
const ADD_LESSON = `mutation ($courseId: ID!, $input: AddLessonInput!) {
  addLesson(courseId: $courseId, input: $input) { id title position durationMinutes course { id } }
}`;
const PUBLISH = `mutation ($id: ID!) { publishCourse(id: $id) { id status publishedAt } }`;
const COURSE = `query ($id: ID!) { course(id: $id) { ${COURSE_FIELDS} } }`;
const COURSES = `query ($first: Int, $after: String, $status: CourseStatus) {
  courses(first: $first, after: $after, status: $status) {
    edges { cursor node { id title status } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CourseView {
  id: string;
  title: string;
  description: string | null;
  status: string;
  publishedAt: string | null;
  instructor: { id: string } | null;
  lessons: { title: string; position: number; durationMinutes: number }[];
}

async function createCourse(actor: Actor, input: Record<string, unknown> = {}): Promise<CourseView> {
  const data = expectData(
    await actor.request<{ createCourse: CourseView }>(CREATE_COURSE, { input: { title: 'Yoga basics', ...input } }),
  );
  return data.createCourse;
}

async function addLesson(actor: Actor, courseId: string, input: Record<string, unknown> = {}) {
  const response = await actor.request<{ addLesson: { id: string; position: number } }>(ADD_LESSON, {
    courseId,
    input: { title: 'A lesson', durationMinutes: 20, ...input },
  });
  return expectData(response).addLesson;
}

async function publishedCourse(actor: Actor, title = 'Published course'): Promise<CourseView> {
  const course = await createCourse(actor, { title });
  await addLesson(actor, course.id);
  expectData(await actor.request(PUBLISH, { id: course.id }));
  return course;
}

const courseIds = (response: { data?: { courses: { edges: { node: { id: string } }[] } } | null }) =>
  response.data!.courses.edges.map((edge) => edge.node.id);

describe('creating courses and lessons', () => {
  it('creates a draft course taught by the viewer unless an instructor is given', async () => {
    const course = await createCourse(admin, { title: '  Morning flow ', description: 'Gentle start' });
    expect(course).toMatchObject({
      title: 'Morning flow',
      description: 'Gentle start',
      status: 'DRAFT',
      publishedAt: null,
      instructor: { id: admin.userId },
      lessons: [],
    });
    const taught = await createCourse(owner, { instructorId: moderator.userId });
    expect(taught.instructor).toEqual({ id: moderator.userId });
  });

  it('orders lessons by position and appends when no position is given', async () => {
    const course = await createCourse(admin);
    await addLesson(admin, course.id, { title: 'Second', position: 2 });
    const first = await addLesson(admin, course.id, { title: 'First', position: 1, durationMinutes: 15 });
    const appended = await addLesson(owner, course.id, { title: 'Third' });
    expect(appended.position).toBe(3);
    const data = expectData(await admin.request<{ course: CourseView }>(COURSE, { id: course.id }));
    expect(data.course.lessons).toEqual([
      { title: 'First', position: 1, durationMinutes: 15 },
      { title: 'Second', position: 2, durationMinutes: 20 },
      { title: 'Third', position: 3, durationMinutes: 20 },
    ]);
    expect(first).toMatchObject({ course: { id: course.id } });
  });

  it('refuses a second lesson at the same position with CONFLICT naming the position', async () => {
    const course = await createCourse(admin);
    await addLesson(admin, course.id, { position: 1 });
    const response = await admin.request(ADD_LESSON, { courseId: course.id, input: { title: 'Dup', position: 1, durationMinutes: 10 } });
    const error = expectErrorCode(response, 'CONFLICT');
    expect(error.message).toContain(`Course ${course.id} already has a lesson at position 1`);
    expect(await stack.prisma('learning').lesson.count({ where: { courseId: course.id } })).toBe(1);
  });

  it('names each field and limit on bad input', async () => {
    const badCourse = await admin.request(CREATE_COURSE, { input: { title: ' ', description: 'x'.repeat(5001) } });
    const courseError = expectErrorCode(badCourse, 'BAD_USER_INPUT');
    expect(courseError.message).toMatch(/title: must not be empty/);
    expect(courseError.message).toMatch(/description: must be at most 5000 characters/);
    expect(expectErrorCode(await admin.request(CREATE_COURSE, { input: { title: 'x'.repeat(201) } }), 'BAD_USER_INPUT').message)
      .toMatch(/title: must be at most 200 characters/);

    const course = await createCourse(admin);
    const badLesson = await admin.request(ADD_LESSON, { courseId: course.id, input: { title: 'L', position: 0, durationMinutes: 0 } });
    const lessonError = expectErrorCode(badLesson, 'BAD_USER_INPUT');
    expect(lessonError.message).toMatch(/position: must be at least 1/);
    expect(lessonError.message).toMatch(/durationMinutes: must be at least 1/);

    expect(expectErrorCode(await admin.request(COURSES, { first: 101 }), 'BAD_USER_INPUT').message).toMatch(/first: must be at most 100/);
    expect(expectErrorCode(await admin.request(COURSES, { after: 'garbage' }), 'BAD_USER_INPUT').message).toMatch(/garbage/);
  });

  it('lets only admins and owners create courses, add lessons and publish', async () => {
    const course = await createCourse(admin);
    for (const actor of [moderator, member]) {
      expectErrorCode(await actor.request(CREATE_COURSE, { input: { title: 'Nope' } }), 'FORBIDDEN');
      expectErrorCode(await actor.request(ADD_LESSON, { courseId: course.id, input: { title: 'Nope', durationMinutes: 5 } }), 'FORBIDDEN');
      expectErrorCode(await actor.request(PUBLISH, { id: course.id }), 'FORBIDDEN');
    }
    expectErrorCode(await stack.anonymous.request(COURSES), 'UNAUTHENTICATED');
    const withoutOrganization = await stack.signUp();
    expectErrorCode(await stack.client(withoutOrganization.token).request(COURSES), 'FORBIDDEN');
  });
});

describe('publishing', () => {
  it('publishes a course with lessons, once', async () => {
    const course = await createCourse(admin);
    await addLesson(admin, course.id);
    const published = expectData(await admin.request<{ publishCourse: CourseView }>(PUBLISH, { id: course.id })).publishCourse;
    expect(published.status).toBe('PUBLISHED');
    expect(published.publishedAt).toEqual(expect.any(String));
    const again = expectData(await owner.request<{ publishCourse: CourseView }>(PUBLISH, { id: course.id })).publishCourse;
    expect(again.publishedAt).toBe(published.publishedAt);
  });

  it('refuses to publish a course without lessons, or an archived one, with CONFLICT', async () => {
    const empty = await createCourse(admin);
    expect(expectErrorCode(await admin.request(PUBLISH, { id: empty.id }), 'CONFLICT').message).toContain(`Course ${empty.id} has no lessons`);
    const archived = await createCourse(admin);
    await stack.prisma('learning').course.update({ where: { id: archived.id }, data: { status: 'ARCHIVED' } });
    expectErrorCode(await admin.request(PUBLISH, { id: archived.id }), 'CONFLICT');
    expectErrorCode(await admin.request(ADD_LESSON, { courseId: archived.id, input: { title: 'Late', durationMinutes: 5 } }), 'CONFLICT');
  });
});

describe('who sees which courses', () => {
  it('shows members published courses only, and moderators every status', async () => {
    const published = await publishedCourse(admin);
    const draft = await createCourse(admin, { title: 'Draft' });

    const memberList = courseIds(await member.request(COURSES, { first: 100 }));
    expect(memberList).toContain(published.id);
    expect(memberList).not.toContain(draft.id);
    expect(courseIds(await member.request(COURSES, { status: 'DRAFT' }))).toEqual([]);
    expectErrorCode(await member.request(COURSE, { id: draft.id }), 'NOT_FOUND');
    expect(expectData(await member.request<{ course: CourseView }>(COURSE, { id: published.id })).course.lessons).toHaveLength(1);

    expect(courseIds(await moderator.request(COURSES, { first: 100 }))).toEqual(expect.arrayContaining([published.id, draft.id]));
    const drafts = courseIds(await moderator.request(COURSES, { first: 100, status: 'DRAFT' }));
    expect(drafts).toContain(draft.id);
    expect(drafts).not.toContain(published.id);
    expect(expectData(await moderator.request<{ course: CourseView }>(COURSE, { id: draft.id })).course.status).toBe('DRAFT');
  });

  it('pages through courses newest first', async () => {
    const other = await stack.createOrganization();
    const created: string[] = [];
    for (const title of ['One', 'Two', 'Three']) created.push((await createCourse(other, { title })).id);

    const first = expectData(await other.request(COURSES, { first: 2 })).courses;
    expect(first.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(['Three', 'Two']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await other.request(COURSES, { first: 2, after: first.pageInfo.endCursor })).courses;
    expect(second.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([created[0]]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0].cursor });
  });

  it('keeps another organization out of every course, by list and by id', async () => {
    const published = await publishedCourse(owner, 'Owner only');
    const draft = await createCourse(owner, { title: 'Owner draft' });

    expect(courseIds(await stranger.request(COURSES, { first: 100 }))).not.toContain(published.id);
    for (const id of [published.id, draft.id]) {
      expectErrorCode(await stranger.request(COURSE, { id }), 'NOT_FOUND');
      expectErrorCode(await stranger.request(ADD_LESSON, { courseId: id, input: { title: 'Intruder', durationMinutes: 5 } }), 'NOT_FOUND');
      expectErrorCode(await stranger.request(PUBLISH, { id }), 'NOT_FOUND');
    }
    expect(await stack.prisma('learning').course.findUnique({ where: { id: draft.id }, select: { status: true } })).toEqual({ status: 'DRAFT' });
    expect(await stack.prisma('learning').lesson.count({ where: { title: 'Intruder' } })).toBe(0);
  });

  it('resolves Course entities only for viewers who may see them', async () => {
    const published = await publishedCourse(owner, 'Entity');
    const draft = await createCourse(owner, { title: 'Entity draft' });
    const url = stack.running.subgraphs.learning!.server.url;
    const entities = async (viewer: Actor, role: 'OWNER' | 'MEMBER') => {
      const assertion = await signViewerAssertion(
        { userId: viewer.userId, organizationId: viewer.organizationId, role },
        secretsFromEnv().internalSecret,
      );
      const response = await createClient(url, undefined, { [VIEWER_HEADER]: assertion }).request<{ _entities: ({ id: string } | null)[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Course { id } } }`,
        { representations: [published.id, draft.id].map((id) => ({ __typename: 'Course', id })) },
      );
      return expectData(response)._entities;
    };
    expect(await entities(owner, 'OWNER')).toEqual([{ id: published.id }, { id: draft.id }]);
    expect(await entities(member, 'MEMBER')).toEqual([{ id: published.id }, null]);
    expect(await entities(stranger, 'OWNER')).toEqual([null, null]);
  });
});

describe('across subgraphs', () => {
  it("resolves the instructor's name from identity through the gateway", async () => {
    const course = await publishedCourse(admin, 'Taught by admin');
    const data = expectData(
      await member.request<{ course: { instructor: { id: string; name: string } } }>(
        `query ($id: ID!) { course(id: $id) { instructor { id name } } }`,
        { id: course.id },
      ),
    );
    expect(data.course.instructor).toEqual({ id: admin.userId, name: admin.name });
  });
});
