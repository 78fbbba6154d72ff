import { beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  expectData,
  expectErrorCode,
  sharedTestStack,
  type Actor,
  type GraphQLResponse,
  type TestStack,
} from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { AddLessonInput, CoursesPageQuery, CreateCourseInput } from './graphql/graphql.ts';

let stack: TestStack;
let learning: PrismaClient;
let owner: Actor;
let admin: Actor;
let moderator: Actor;
let member: Actor;
let stranger: Actor;

beforeAll(async () => {
  stack = await sharedTestStack();
  learning = stack.prisma<PrismaClient>('learning');
  owner = await stack.createOrganization();
  admin = await stack.addMember(owner, 'ADMIN');
  moderator = await stack.addMember(owner, 'MODERATOR');
  member = await stack.addMember(owner, 'MEMBER');
  stranger = await stack.createOrganization();
});

const CREATE_COURSE = graphql(`
  mutation CoursesCreateCourse($input: CreateCourseInput!) {
    createCourse(input: $input) {
      id
      title
      description
      status
      publishedAt
      instructor {
        id
      }
      lessons {
        title
        position
        durationMinutes
      }
    }
  }
`);
const ADD_LESSON = graphql(`
  mutation LessonsAddLesson($courseId: ID!, $input: AddLessonInput!) {
    addLesson(courseId: $courseId, input: $input) {
      id
      title
      position
      durationMinutes
      course {
        id
      }
    }
  }
`);
const PUBLISH = graphql(`
  mutation CoursesPublishCourse($id: ID!) {
    publishCourse(id: $id) {
      id
      status
      publishedAt
    }
  }
`);
const COURSE = graphql(`
  query CoursesCourse($id: ID!) {
    course(id: $id) {
      id
      title
      description
      status
      publishedAt
      instructor {
        id
      }
      lessons {
        title
        position
        durationMinutes
      }
    }
  }
`);
const COURSE_INSTRUCTOR = graphql(`
  query CoursesInstructor($id: ID!) {
    course(id: $id) {
      instructor {
        id
        name
      }
    }
  }
`);
const COURSES = graphql(`
  query CoursesPage($first: Int, $after: String, $status: CourseStatus) {
    courses(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          id
          title
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

async function createCourse(actor: Actor, input: Partial<CreateCourseInput> = {}) {
  return expectData(await actor.request(CREATE_COURSE, { input: { title: 'Yoga basics', ...input } })).createCourse;
}

async function addLesson(actor: Actor, courseId: string, input: Partial<AddLessonInput> = {}) {
  return expectData(await actor.request(ADD_LESSON, { courseId, input: { title: 'A lesson', durationMinutes: 20, ...input } })).addLesson;
}

async function publishedCourse(actor: Actor, title = 'Published course') {
  const course = await createCourse(actor, { title });
  await addLesson(actor, course.id);
  expectData(await actor.request(PUBLISH, { id: course.id }));
  return course;
}

const courseIds = (response: GraphQLResponse<CoursesPageQuery>) => expectData(response).courses.edges.map((edge) => edge.node.id);

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
    expect(expectData(await admin.request(COURSE, { id: course.id })).course?.lessons).toEqual([
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
    expect(await learning.lesson.count({ where: { courseId: course.id } })).toBe(1);
  });

  it('names each field and limit on bad input', async () => {
    const badCourse = await admin.request(CREATE_COURSE, { input: { title: ' ', description: 'x'.repeat(5001) } });
    const courseError = expectErrorCode(badCourse, 'BAD_USER_INPUT');
    expect(courseError.message).toMatch(/title: must not be empty/);
    expect(courseError.message).toMatch(/description: must be at most 5000 characters/);
    expect(expectErrorCode(await admin.request(CREATE_COURSE, { input: { title: 'x'.repeat(201) } }), 'BAD_USER_INPUT').message).toMatch(
      /title: must be at most 200 characters/,
    );

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
    const published = expectData(await admin.request(PUBLISH, { id: course.id })).publishCourse;
    expect(published.status).toBe('PUBLISHED');
    expect(published.publishedAt).toEqual(expect.any(String));
    const again = expectData(await owner.request(PUBLISH, { id: course.id })).publishCourse;
    expect(again.publishedAt).toBe(published.publishedAt);
  });

  it('refuses to publish a course without lessons, or an archived one, with CONFLICT', async () => {
    const empty = await createCourse(admin);
    expect(expectErrorCode(await admin.request(PUBLISH, { id: empty.id }), 'CONFLICT').message).toContain(
      `Course ${empty.id} has no lessons`,
    );
    const archived = await createCourse(admin);
    // No mutation archives a course yet: the row is changed directly.
    await learning.course.update({ where: { id: archived.id }, data: { status: 'ARCHIVED' } });
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
    expect(expectData(await member.request(COURSE, { id: published.id })).course?.lessons).toHaveLength(1);

    expect(courseIds(await moderator.request(COURSES, { first: 100 }))).toEqual(expect.arrayContaining([published.id, draft.id]));
    const drafts = courseIds(await moderator.request(COURSES, { first: 100, status: 'DRAFT' }));
    expect(drafts).toContain(draft.id);
    expect(drafts).not.toContain(published.id);
    expect(expectData(await moderator.request(COURSE, { id: draft.id })).course?.status).toBe('DRAFT');
  });

  it('pages through courses newest first', async () => {
    const other = await stack.createOrganization();
    const created: string[] = [];
    for (const title of ['One', 'Two', 'Three']) created.push((await createCourse(other, { title })).id);

    const first = expectData(await other.request(COURSES, { first: 2 })).courses;
    expect(first.edges.map((edge) => edge.node.title)).toEqual(['Three', 'Two']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await other.request(COURSES, { first: 2, after: first.pageInfo.endCursor })).courses;
    expect(second.edges.map((edge) => edge.node.id)).toEqual([created[0]]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0]?.cursor });
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
    expect(await learning.course.findUnique({ where: { id: draft.id }, select: { status: true } })).toEqual({ status: 'DRAFT' });
    expect(await learning.lesson.count({ where: { courseId: { in: [published.id, draft.id] }, title: 'Intruder' } })).toBe(0);
  });

  it('resolves Course entities only for viewers who may see them', async () => {
    const published = await publishedCourse(owner, 'Entity');
    const draft = await createCourse(owner, { title: 'Entity draft' });
    const url = stack.running.subgraphs.learning!.server.url;
    const entities = async (viewer: Actor, role: 'OWNER' | 'MEMBER') => {
      const headers = await stack.subgraphHeadersFor({ userId: viewer.userId, organizationId: viewer.organizationId, role });
      // _entities exists on the subgraph only, not in the API schema the typed documents are checked against.
      const response = await createClient(url, undefined, headers).requestUntyped(
        `query CoursesEntities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Course { id } } }`,
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
    const data = expectData(await member.request(COURSE_INSTRUCTOR, { id: course.id }));
    expect(data.course?.instructor).toEqual({ id: admin.userId, name: admin.name });
  });
});

describe('user ids from clients (member directory)', () => {
  it("answers NOT_FOUND for another organization's user or a former member as instructor, and writes nothing", async () => {
    const former = await stack.addMember(owner, 'MODERATOR');
    await stack.removeMember(owner, former.userId);
    const title = `Taught by a stranger ${Date.now()}`;
    for (const instructorId of [stranger.userId, former.userId]) {
      const response = await owner.request(CREATE_COURSE, { input: { title, instructorId } });
      expectErrorCode(response, 'NOT_FOUND');
      expect(response.errors?.[0]?.message).toBe(`User ${instructorId} was not found`);
    }
    expect(await learning.course.count({ where: { title } })).toBe(0);
  });
});
