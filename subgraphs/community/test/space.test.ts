import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { SpaceRepository } from '../src/space/space.repository.ts';
import { assertCanPostInSpace } from '../src/space/space-access.ts';
import { allPages, codeOf, communityDb, nodesOf, viewerOf } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { CreateSpaceInput } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_SPACE = graphql(`
  mutation SpacesCreate($input: CreateSpaceInput!) {
    createSpace(input: $input) {
      id
      name
      description
      icon
      visibility
      postingPolicy
      requiredTier
      position
      memberCount
      viewerIsMember
      unreadCount
      viewerCanPost
    }
  }
`);
const SPACE = graphql(`
  query SpacesOne($id: ID!) {
    space(id: $id) {
      id
      name
      description
      icon
      visibility
      postingPolicy
      requiredTier
      position
      memberCount
      viewerIsMember
      unreadCount
      viewerCanPost
      viewerLastVisitedAt
    }
  }
`);
const SPACES_PAGE = graphql(`
  query SpacesPage($after: String) {
    spaces(first: 2, after: $after) {
      edges {
        node {
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const SPACES = graphql(`
  query SpacesList {
    spaces {
      edges {
        node {
          id
          name
          unreadCount
          viewerLastVisitedAt
        }
      }
    }
  }
`);
const REORDER = graphql(`
  mutation SpacesReorder($ids: [ID!]!) {
    reorderSpaces(ids: $ids) {
      name
      position
    }
  }
`);
const UPDATE = graphql(`
  mutation SpacesUpdate($input: UpdateSpaceInput!) {
    updateSpace(input: $input) {
      name
      description
      icon
      visibility
      postingPolicy
      requiredTier
    }
  }
`);
const DELETE = graphql(`
  mutation SpacesDelete($id: ID!) {
    deleteSpace(id: $id)
  }
`);
const JOIN = graphql(`
  mutation SpacesJoin($id: ID!) {
    joinSpace(id: $id) {
      id
      viewerIsMember
      memberCount
    }
  }
`);
const LEAVE = graphql(`
  mutation SpacesLeave($id: ID!) {
    leaveSpace(id: $id) {
      id
      viewerIsMember
      memberCount
    }
  }
`);
const MARK_VISITED = graphql(`
  mutation SpacesMarkVisited($id: ID!) {
    markSpaceVisited(id: $id) {
      id
      unreadCount
      viewerLastVisitedAt
    }
  }
`);
const MEMBERS = graphql(`
  query SpacesMembers($id: ID!, $after: String) {
    space(id: $id) {
      members(first: 1, after: $after) {
        edges {
          node {
            joinedAt
            user {
              id
              name
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
const ADD_MEMBER = graphql(`
  mutation SpacesAddMember($spaceId: ID!, $userId: ID!) {
    addSpaceMember(spaceId: $spaceId, userId: $userId) {
      memberCount
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation SpacesRemoveMember($spaceId: ID!, $userId: ID!) {
    removeSpaceMember(spaceId: $spaceId, userId: $userId) {
      id
    }
  }
`);

async function createSpace(admin: Actor, input: Partial<CreateSpaceInput> = {}) {
  return expectData(await admin.request(CREATE_SPACE, { input: { name: 'General', ...input } })).createSpace;
}

async function spaceAs(actor: Actor, id: string) {
  const { space } = expectData(await actor.request(SPACE, { id }));
  if (!space) throw new Error(`space ${id} resolved to null`);
  return space;
}

const join = (actor: Actor, id: string) => actor.request(JOIN, { id });
const markVisited = (actor: Actor, id: string) => actor.request(MARK_VISITED, { id });

/** Posts written straight to the database: unread counts are about spaces, not about the post API. */
async function insertPost(space: { id: string }, author: Actor, createdAt = new Date(), extra: { deletedAt?: Date; hiddenAt?: Date } = {}) {
  return communityDb(stack).post.create({
    data: { organizationId: author.organizationId, spaceId: space.id, authorId: author.userId, title: 'T', body: 'B', createdAt, ...extra },
  });
}

describe('space settings', () => {
  it('creates a space with icon, posting policy, tier and position, with defaults', async () => {
    const owner = await stack.createOrganization();
    const full = await createSpace(owner, {
      name: 'Teachers',
      icon: '🧘',
      visibility: 'PRIVATE',
      postingPolicy: 'MODERATORS',
      requiredTier: 'ENTERPRISE',
      position: 7,
    });
    expect(full).toMatchObject({
      name: 'Teachers',
      icon: '🧘',
      visibility: 'PRIVATE',
      postingPolicy: 'MODERATORS',
      requiredTier: 'ENTERPRISE',
      position: 7,
    });
    const plain = await createSpace(owner, { name: 'Plain', icon: '  ', requiredTier: null });
    expect(plain).toMatchObject({ icon: null, visibility: 'PUBLIC', postingPolicy: 'EVERYONE', requiredTier: null, position: 8 });
    expect(plain).toMatchObject({ memberCount: 0, viewerIsMember: false, unreadCount: 0, viewerCanPost: true });
  });

  it('lists spaces by position then creation, and paginates across equal positions', async () => {
    const owner = await stack.createOrganization();
    const c = await createSpace(owner, { name: 'C', position: 2 });
    const a = await createSpace(owner, { name: 'A', position: 0 });
    const b1 = await createSpace(owner, { name: 'B1', position: 1 });
    const b2 = await createSpace(owner, { name: 'B2', position: 1 });
    const names = await allPages(async (after) => expectData(await owner.request(SPACES_PAGE, { after })).spaces);
    expect(names.map((space) => space.name)).toEqual(['A', 'B1', 'B2', 'C']);

    const reordered = expectData(await owner.request(REORDER, { ids: [c.id, b2.id, a.id, b1.id] })).reorderSpaces;
    expect(reordered).toEqual([
      { name: 'C', position: 0 },
      { name: 'B2', position: 1 },
      { name: 'A', position: 2 },
      { name: 'B1', position: 3 },
    ]);
    expect(nodesOf(expectData(await owner.request(SPACES)).spaces).map((space) => space.name)).toEqual(['C', 'B2', 'A', 'B1']);

    const twice = await owner.request(REORDER, { ids: [a.id, a.id] });
    expect(expectErrorCode(twice, 'BAD_USER_INPUT').message).toMatch(/ids: must not list a space twice/);
    expectErrorCode(await owner.request(REORDER, { ids: [a.id, 'no-such-space'] }), 'NOT_FOUND');
  });

  it('updates and soft-deletes spaces (admins only)', async () => {
    const owner = await stack.createOrganization();
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const space = await createSpace(owner, { description: 'Old', icon: '🌱' });

    const updated = expectData(
      await owner.request(UPDATE, {
        input: { id: space.id, name: 'Renamed', description: null, postingPolicy: 'MODERATORS', requiredTier: 'PRO' },
      }),
    ).updateSpace;
    // Omitted fields stay; null clears.
    expect(updated).toEqual({
      name: 'Renamed',
      description: null,
      icon: '🌱',
      visibility: 'PUBLIC',
      postingPolicy: 'MODERATORS',
      requiredTier: 'PRO',
    });

    expectErrorCode(await moderator.request(UPDATE, { input: { id: space.id, name: 'Mine' } }), 'FORBIDDEN');
    const bad = expectErrorCode(
      await owner.request(UPDATE, { input: { id: space.id, name: '', icon: 'x'.repeat(501) } }),
      'BAD_USER_INPUT',
    );
    expect(bad.message).toMatch(/name: must not be empty/);
    expect(bad.message).toMatch(/icon: must be at most 500 characters/);

    expectErrorCode(await moderator.request(DELETE, { id: space.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(DELETE, { id: space.id })).deleteSpace).toBe(space.id);
    expectErrorCode(await owner.request(SPACE, { id: space.id }), 'NOT_FOUND');
    const row = await communityDb(stack).space.findUnique({ where: { id: space.id } });
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expectErrorCode(await join(owner, space.id), 'NOT_FOUND');
  });

  it('names the field and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(
      await owner.request(CREATE_SPACE, { input: { name: 'x', icon: 'x'.repeat(501), position: -1 } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/icon: must be at most 500 characters/);
    expect(error.message).toMatch(/position: must be at least 0/);
  });
});

describe('space membership', () => {
  it('joins, lists members, and leaves; joining twice is a no-op', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const viewer = await stack.addMember(owner, 'VIEWER');
    const space = await createSpace(owner, { visibility: 'PRIVATE' });

    expect(expectData(await join(member, space.id)).joinSpace).toMatchObject({ viewerIsMember: true, memberCount: 1 });
    expect(expectData(await join(member, space.id)).joinSpace).toMatchObject({ viewerIsMember: true, memberCount: 1 });
    expect(expectData(await join(viewer, space.id)).joinSpace).toMatchObject({ memberCount: 2 });

    const first = expectData(await owner.request(MEMBERS, { id: space.id })).space?.members;
    expect(nodesOf(first ?? { edges: [] }).map((node) => node.user)).toEqual([{ id: member.userId, name: member.name }]);
    expect(typeof first?.edges[0]?.node.joinedAt).toBe('string');
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request(MEMBERS, { id: space.id, after: first?.pageInfo.endCursor })).space?.members;
    expect(nodesOf(second ?? { edges: [] }).map((node) => node.user?.id)).toEqual([viewer.userId]);
    expect(second?.pageInfo.hasNextPage).toBe(false);

    expect(expectData(await member.request(LEAVE, { id: space.id })).leaveSpace).toMatchObject({ viewerIsMember: false, memberCount: 1 });
    expect(expectData(await member.request(LEAVE, { id: space.id })).leaveSpace).toMatchObject({ viewerIsMember: false, memberCount: 1 });
  });

  it('keeps SECRET spaces invisible to members until an admin adds them', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const secret = await createSpace(owner, { name: 'Staff', visibility: 'SECRET' });

    expectErrorCode(await member.request(SPACE, { id: secret.id }), 'NOT_FOUND');
    expectErrorCode(await join(member, secret.id), 'NOT_FOUND');
    expectErrorCode(await moderator.request(ADD_MEMBER, { spaceId: secret.id, userId: member.userId }), 'FORBIDDEN');
    expect(expectData(await owner.request(ADD_MEMBER, { spaceId: secret.id, userId: member.userId })).addSpaceMember).toEqual({
      memberCount: 1,
    });

    expect(await spaceAs(member, secret.id)).toMatchObject({ name: 'Staff', viewerIsMember: true });
    expect(nodesOf(expectData(await member.request(SPACES)).spaces).map((space) => space.id)).toEqual([secret.id]);
    const spaces = new SpaceRepository(communityDb(stack));
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(member, 'MEMBER'), secret.id))).toBe('OK');

    expectData(await owner.request(REMOVE_MEMBER, { spaceId: secret.id, userId: member.userId }));
    expectErrorCode(await member.request(SPACE, { id: secret.id }), 'NOT_FOUND');
  });

  it('counts unread posts by others since the last visit', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    const other = await createSpace(owner, { name: 'Other' });
    await insertPost(space, owner, new Date(Date.now() - 60_000)); // before joining: not unread
    expectData(await join(member, space.id));
    expectData(await join(member, other.id));

    expect((await spaceAs(member, space.id)).unreadCount).toBe(0);
    await insertPost(space, owner);
    await insertPost(space, owner);
    await insertPost(space, member); // one's own posts are never unread
    await insertPost(space, owner, new Date(), { deletedAt: new Date() });
    await insertPost(space, owner, new Date(), { hiddenAt: new Date() });
    await insertPost(other, owner);
    // Non-members have nothing unread.
    expect((await spaceAs(owner, space.id)).unreadCount).toBe(0);

    const listed = nodesOf(expectData(await member.request(SPACES)).spaces);
    expect(listed.map(({ name, unreadCount, viewerLastVisitedAt }) => ({ name, unreadCount, viewerLastVisitedAt }))).toEqual([
      { name: 'General', unreadCount: 2, viewerLastVisitedAt: null },
      { name: 'Other', unreadCount: 1, viewerLastVisitedAt: null },
    ]);

    const visited = expectData(await markVisited(member, space.id)).markSpaceVisited;
    expect(visited.unreadCount).toBe(0);
    expect(new Date(visited.viewerLastVisitedAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 10_000);
    await insertPost(space, owner, new Date(Date.now() + 1000));
    expect((await spaceAs(member, space.id)).unreadCount).toBe(1);

    expectErrorCode(await markVisited(owner, space.id), 'FORBIDDEN');
  });
});

describe('posting rules (assertCanPostInSpace)', () => {
  it('applies role, posting policy, visibility and tenancy', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const viewer = await stack.addMember(owner, 'VIEWER');
    const stranger = await stack.createOrganization();
    const open = await createSpace(owner, { name: 'Open' });
    const news = await createSpace(owner, { name: 'News', postingPolicy: 'MODERATORS' });
    const secret = await createSpace(owner, { name: 'Secret', visibility: 'SECRET' });
    // The rule on the real database, through the repository services hand it.
    const spaces = new SpaceRepository(communityDb(stack));

    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(member, 'MEMBER'), open.id))).toBe('OK');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(viewer, 'VIEWER'), open.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(member, 'MEMBER'), news.id))).toBe('FORBIDDEN');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(moderator, 'MODERATOR'), news.id))).toBe('OK');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(member, 'MEMBER'), secret.id))).toBe('NOT_FOUND');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(owner, 'OWNER'), secret.id))).toBe('OK');
    expect(await codeOf(assertCanPostInSpace(spaces, viewerOf(stranger, 'OWNER'), open.id))).toBe('NOT_FOUND');
    expect(await codeOf(assertCanPostInSpace(spaces, { userId: member.userId, organizationId: null, role: null }, open.id))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(assertCanPostInSpace(spaces, { userId: null, organizationId: null, role: null }, open.id))).toBe('UNAUTHENTICATED');

    // The same rule, as the API shows it.
    expect((await spaceAs(member, news.id)).viewerCanPost).toBe(false);
    expect((await spaceAs(moderator, news.id)).viewerCanPost).toBe(true);
    expect((await spaceAs(viewer, open.id)).viewerCanPost).toBe(false);
  });
});

describe('space tenancy', () => {
  it('lets another organization neither see nor change, join or visit a space', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(SPACE, { id: space.id }), 'NOT_FOUND');
    expectErrorCode(await join(stranger, space.id), 'NOT_FOUND');
    expectErrorCode(await markVisited(stranger, space.id), 'NOT_FOUND');
    expectErrorCode(await stranger.request(UPDATE, { input: { id: space.id, name: 'Mine' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(DELETE, { id: space.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(REORDER, { ids: [space.id] }), 'NOT_FOUND');
    const db = communityDb(stack);
    expect(await db.spaceMember.count({ where: { spaceId: space.id } })).toBe(0);
    expect((await db.space.findUnique({ where: { id: space.id } }))?.name).toBe('General');
  });
});
