import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { allPages, communityDb, nodesOf } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { CreateSpaceInput } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_SPACE = graphql(`
  mutation CommunityCreateSpace($input: CreateSpaceInput!) {
    createSpace(input: $input) {
      id
      name
      description
      visibility
      createdAt
    }
  }
`);
const CREATE_POST = graphql(`
  mutation CommunityCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      title
      body
      createdAt
      space {
        id
      }
    }
  }
`);
const SPACES = graphql(`
  query CommunitySpaces {
    spaces {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);
const SPACE = graphql(`
  query CommunitySpace($id: ID!) {
    space(id: $id) {
      id
      visibility
    }
  }
`);
const SPACES_PAGE = graphql(`
  query CommunitySpacesPage($first: Int, $after: String) {
    spaces(first: $first, after: $after) {
      edges {
        cursor
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
const POST = graphql(`
  query CommunityPost($id: ID!) {
    post(id: $id) {
      id
    }
  }
`);
const POST_DETAILS = graphql(`
  query CommunityPostDetails($id: ID!) {
    post(id: $id) {
      title
      author {
        id
        name
      }
      space {
        name
      }
      createdAt
      updatedAt
    }
  }
`);
const USER_POSTS = graphql(`
  query CommunityUserPosts($id: ID!) {
    user(id: $id) {
      postCount
      posts {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
const SPACES_AND_MY_POSTS = graphql(`
  query CommunitySpacesAndMyPostCount {
    spaces {
      edges {
        node {
          id
        }
      }
    }
    me {
      postCount
    }
  }
`);
const MY_POSTS = graphql(`
  query CommunityMyPosts {
    me {
      name
      postCount
      posts {
        edges {
          node {
            title
            author {
              name
            }
          }
        }
      }
    }
  }
`);
const MEMBERS_POSTS = graphql(`
  query CommunityMembersPosts {
    organization {
      members {
        edges {
          node {
            user {
              id
              postCount
              posts(first: 1) {
                edges {
                  node {
                    title
                  }
                }
                pageInfo {
                  hasNextPage
                }
              }
            }
          }
        }
      }
    }
  }
`);
const SPACES_WITH_POSTS = graphql(`
  query CommunitySpacesWithPosts {
    spaces {
      edges {
        node {
          name
          posts(first: 2) {
            edges {
              node {
                title
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      }
    }
  }
`);
const SPACE_POSTS_PAGE = graphql(`
  query CommunitySpacePostsPage($id: ID!, $after: String) {
    space(id: $id) {
      posts(first: 2, after: $after) {
        edges {
          node {
            title
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

async function createSpace(admin: Actor, input: Partial<CreateSpaceInput> = {}) {
  return expectData(await admin.request(CREATE_SPACE, { input: { name: 'General', ...input } })).createSpace;
}

async function createPost(author: Actor, spaceId: string, title = 'Hello') {
  return expectData(await author.request(CREATE_POST, { input: { spaceId, title, body: `# ${title}\n\nSome *Markdown*.` } })).createPost;
}

describe('spaces', () => {
  it('lets an admin create a space, then lists and finds it', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const space = await createSpace(admin, { name: '  Beginners  ', description: 'Start here', visibility: 'PRIVATE' });
    expect(space).toMatchObject({ name: 'Beginners', description: 'Start here', visibility: 'PRIVATE' });

    const member = await stack.addMember(owner, 'MEMBER');
    const listed = expectData(await member.request(SPACES));
    expect(listed.spaces).toEqual({ edges: [{ node: { id: space.id, name: 'Beginners' } }], pageInfo: { hasNextPage: false } });
    const found = expectData(await member.request(SPACE, { id: space.id }));
    expect(found.space).toEqual({ id: space.id, visibility: 'PRIVATE' });
  });

  it('defaults visibility to PUBLIC and stores a blank description as null', async () => {
    const owner = await stack.createOrganization();
    expect(await createSpace(owner, { description: '   ' })).toMatchObject({ visibility: 'PUBLIC', description: null });
  });

  it('forbids roles below ADMIN from creating spaces', async () => {
    const owner = await stack.createOrganization();
    for (const role of ['MODERATOR', 'MEMBER', 'VIEWER'] as const) {
      const actor = await stack.addMember(owner, role);
      expectErrorCode(await actor.request(CREATE_SPACE, { input: { name: 'Nope' } }), 'FORBIDDEN');
    }
    expect(await communityDb(stack).space.count({ where: { organizationId: owner.organizationId } })).toBe(0);
  });

  it('names the field and limit on bad space input', async () => {
    const owner = await stack.createOrganization();
    const response = await owner.request(CREATE_SPACE, { input: { name: ' ', description: 'x'.repeat(501) } });
    const error = expectErrorCode(response, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/name: must not be empty/);
    expect(error.message).toMatch(/description: must be at most 500 characters/);
    expectErrorCode(await owner.request(CREATE_SPACE, { input: { name: 'y'.repeat(81) } }), 'BAD_USER_INPUT');
  });

  it('paginates spaces oldest first', async () => {
    const owner = await stack.createOrganization();
    for (const name of ['One', 'Two', 'Three']) await createSpace(owner, { name });
    const first = expectData(await owner.request(SPACES_PAGE, { first: 2 })).spaces;
    expect(nodesOf(first).map((node) => node.name)).toEqual(['One', 'Two']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await owner.request(SPACES_PAGE, { first: 2, after: first.pageInfo.endCursor })).spaces;
    expect(nodesOf(second).map((node) => node.name)).toEqual(['Three']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expectErrorCode(await owner.request(SPACES_PAGE, { first: 101 }), 'BAD_USER_INPUT');
    expectErrorCode(await owner.request(SPACES_PAGE, { after: 'garbage!' }), 'BAD_USER_INPUT');
  });

  it('shows SECRET spaces and their posts to admins only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const secret = await createSpace(owner, { name: 'Staff', visibility: 'SECRET' });
    const post = await createPost(owner, secret.id);

    expect(expectData(await member.request(SPACES)).spaces.edges).toEqual([]);
    expectErrorCode(await member.request(SPACE, { id: secret.id }), 'NOT_FOUND');
    expectErrorCode(await member.request(POST, { id: post.id }), 'NOT_FOUND');
    expectErrorCode(await member.request(CREATE_POST, { input: { spaceId: secret.id, title: 'x', body: 'y' } }), 'NOT_FOUND');
    const authorView = expectData(await member.request(USER_POSTS, { id: owner.userId }));
    expect(authorView.user).toEqual({ postCount: 0, posts: { edges: [] } });
    expect(expectData(await owner.request(POST, { id: post.id })).post?.id).toBe(post.id);
  });

  it('hides soft-deleted spaces and their posts', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const post = await createPost(owner, space.id);
    await communityDb(stack).space.update({ where: { id: space.id }, data: { deletedAt: new Date() } });
    expectErrorCode(await owner.request(SPACE, { id: space.id }), 'NOT_FOUND');
    expectErrorCode(await owner.request(POST, { id: post.id }), 'NOT_FOUND');
    expect(expectData(await owner.request(SPACES_AND_MY_POSTS))).toEqual({ spaces: { edges: [] }, me: { postCount: 0 } });
  });
});

describe('posts', () => {
  it('lets a member post, and resolves author (identity) and space in one query', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner, { name: 'Practice' });
    const created = await createPost(member, space.id, '  Day one  ');
    // The title is trimmed; the Markdown body is kept exactly as written.
    expect(created).toMatchObject({ title: 'Day one', body: '#   Day one  \n\nSome *Markdown*.', space: { id: space.id } });

    const data = expectData(await owner.request(POST_DETAILS, { id: created.id }));
    expect(data.post).toMatchObject({ title: 'Day one', author: { id: member.userId, name: member.name }, space: { name: 'Practice' } });
    expect(new Date(data.post?.createdAt ?? '').toISOString()).toBe(data.post?.createdAt);
  });

  it('extends identity users with their posts and post count', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner);
    await createPost(member, space.id, 'First');
    await createPost(member, space.id, 'Second');
    await createPost(owner, space.id, 'By the owner');

    const mine = expectData(await member.request(MY_POSTS));
    expect(mine.me).toEqual({
      name: member.name,
      postCount: 2,
      posts: {
        edges: [{ node: { title: 'Second', author: { name: member.name } } }, { node: { title: 'First', author: { name: member.name } } }],
      },
    });
    const members = expectData(await owner.request(MEMBERS_POSTS));
    const byUser = new Map(nodesOf(members.organization?.members ?? { edges: [] }).map((node) => [node.user.id, node.user]));
    expect(byUser.get(owner.userId)).toMatchObject({
      postCount: 1,
      posts: { edges: [{ node: { title: 'By the owner' } }], pageInfo: { hasNextPage: false } },
    });
    expect(byUser.get(member.userId)).toMatchObject({
      postCount: 2,
      posts: { edges: [{ node: { title: 'Second' } }], pageInfo: { hasNextPage: true } },
    });
  });

  it('pages posts newest first, per space, in one batched query', async () => {
    const owner = await stack.createOrganization();
    const a = await createSpace(owner, { name: 'A' });
    const b = await createSpace(owner, { name: 'B' });
    for (const n of [1, 2, 3, 4, 5]) await createPost(owner, a.id, `A${n}`);
    await createPost(owner, b.id, 'B1');

    const spaces = nodesOf(expectData(await owner.request(SPACES_WITH_POSTS)).spaces);
    expect(spaces).toEqual([
      { name: 'A', posts: { edges: [{ node: { title: 'A5' } }, { node: { title: 'A4' } }], pageInfo: { hasNextPage: true } } },
      { name: 'B', posts: { edges: [{ node: { title: 'B1' } }], pageInfo: { hasNextPage: false } } },
    ]);

    const titles = await allPages(async (after) => {
      const space = expectData(await owner.request(SPACE_POSTS_PAGE, { id: a.id, after })).space;
      if (!space) throw new Error(`space ${a.id} is gone`);
      return space.posts;
    });
    expect(titles.map((post) => post.title)).toEqual(['A5', 'A4', 'A3', 'A2', 'A1']);
  });

  it('forbids viewers from posting', async () => {
    const owner = await stack.createOrganization();
    const viewer = await stack.addMember(owner, 'VIEWER');
    const space = await createSpace(owner);
    expectErrorCode(await viewer.request(CREATE_POST, { input: { spaceId: space.id, title: 'x', body: 'y' } }), 'FORBIDDEN');
    expect(await communityDb(stack).post.count({ where: { spaceId: space.id } })).toBe(0);
  });

  it('names the field and limit on bad post input', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const response = await owner.request(CREATE_POST, { input: { spaceId: space.id, title: '', body: 'x'.repeat(20_001) } });
    const error = expectErrorCode(response, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/title: must not be empty/);
    expect(error.message).toMatch(/body: must be at most 20000 characters/);
    const blank = expectErrorCode(
      await owner.request(CREATE_POST, { input: { spaceId: space.id, title: 'Hi', body: ' \n ' } }),
      'BAD_USER_INPUT',
    );
    expect(blank.message).toMatch(/body: must not be empty/);
    expectErrorCode(await owner.request(CREATE_POST, { input: { spaceId: 'no-such-space', title: 'Hi', body: 'there' } }), 'NOT_FOUND');
  });
});

describe('access', () => {
  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    expectErrorCode(await stack.anonymous.request(SPACES), 'UNAUTHENTICATED');
    expectErrorCode(await stack.anonymous.request(POST, { id: 'x' }), 'UNAUTHENTICATED');
  });

  it('shows another organization nothing of the first, by list or by id, and lets it change nothing', async () => {
    const owner = await stack.createOrganization();
    const space = await createSpace(owner);
    const post = await createPost(owner, space.id);
    const stranger = await stack.createOrganization();

    expect(expectData(await stranger.request(SPACES)).spaces.edges).toEqual([]);
    expectErrorCode(await stranger.request(SPACE, { id: space.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(POST, { id: post.id }), 'NOT_FOUND');
    const write = expectErrorCode(
      await stranger.request(CREATE_POST, { input: { spaceId: space.id, title: 'Hi', body: 'there' } }),
      'NOT_FOUND',
    );
    expect(write.message).toContain(space.id);
    expect(await communityDb(stack).post.count({ where: { spaceId: space.id } })).toBe(1);
    expect(await communityDb(stack).post.count({ where: { organizationId: stranger.organizationId } })).toBe(0);
  });
});
