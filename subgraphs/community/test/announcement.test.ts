import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { allPages, communityDb } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { CreateAnnouncementInput } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE = graphql(`
  mutation AnnouncementsCreate($input: CreateAnnouncementInput!) {
    createAnnouncement(input: $input) {
      id
      title
      body
      pinned
      expiresAt
      author {
        id
        name
      }
      createdAt
    }
  }
`);
const UPDATE = graphql(`
  mutation AnnouncementsUpdate($input: UpdateAnnouncementInput!) {
    updateAnnouncement(input: $input) {
      id
      title
      body
      pinned
      expiresAt
    }
  }
`);
const DELETE = graphql(`
  mutation AnnouncementsDelete($id: ID!) {
    deleteAnnouncement(id: $id)
  }
`);
const LIST = graphql(`
  query AnnouncementsList($first: Int, $after: String, $includeExpired: Boolean) {
    announcements(first: $first, after: $after, includeExpired: $includeExpired) {
      edges {
        node {
          title
          pinned
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const ANNOUNCEMENT = graphql(`
  query AnnouncementsOne($id: ID!) {
    announcement(id: $id) {
      id
      title
    }
  }
`);
const SETTINGS = graphql(`
  query AnnouncementsSettings {
    communitySettings {
      name
      logoUrl
      primaryColor
      customDomain
      updatedAt
    }
  }
`);
const SAVE = graphql(`
  mutation AnnouncementsSaveSettings($input: UpdateCommunitySettingsInput!) {
    updateCommunitySettings(input: $input) {
      name
      logoUrl
      primaryColor
      customDomain
      updatedAt
    }
  }
`);

async function announce(admin: Actor, input: Partial<CreateAnnouncementInput> & { title: string }) {
  return expectData(await admin.request(CREATE, { input: { body: 'Details **here**.', ...input } })).createAnnouncement;
}

/** Every title the actor is shown, two per page. */
async function titles(actor: Actor, options: { includeExpired?: boolean } = {}): Promise<string[]> {
  const announcements = await allPages(
    async (after) => expectData(await actor.request(LIST, { ...options, first: 2, after })).announcements,
  );
  return announcements.map((announcement) => announcement.title);
}

describe('announcements', () => {
  it('lets admins publish, and lists pinned first then newest, page by page', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const viewer = await stack.addMember(owner, 'VIEWER');
    const first = await announce(admin, { title: 'Old news' });
    expect(first).toMatchObject({
      title: 'Old news',
      body: 'Details **here**.',
      pinned: false,
      expiresAt: null,
      author: { id: admin.userId, name: admin.name },
    });
    await announce(owner, { title: 'Pinned early', pinned: true });
    await announce(owner, { title: 'Middle' });
    await announce(owner, { title: 'Pinned late', pinned: true });
    await announce(owner, { title: 'Newest' });
    expect(await titles(viewer)).toEqual(['Pinned late', 'Pinned early', 'Newest', 'Middle', 'Old news']);
    expect(expectData(await viewer.request(ANNOUNCEMENT, { id: first.id })).announcement?.title).toBe('Old news');
  });

  it('hides expired announcements, except from admins who ask', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const soon = await announce(owner, { title: 'Class cancelled today', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await announce(owner, { title: 'Forever' });
    expect(await titles(member)).toEqual(['Forever', 'Class cancelled today']);
    await communityDb(stack).announcement.update({ where: { id: soon.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await titles(member)).toEqual(['Forever']);
    expectErrorCode(await member.request(LIST, { includeExpired: true }), 'FORBIDDEN');
    expect(await titles(owner, { includeExpired: true })).toEqual(['Forever', 'Class cancelled today']);
  });

  it('updates and deletes (admins only), and forbids members from publishing', async () => {
    const owner = await stack.createOrganization();
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const item = await announce(owner, { title: 'Draft', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expectErrorCode(await moderator.request(CREATE, { input: { title: 'Mine', body: 'x' } }), 'FORBIDDEN');
    expectErrorCode(await moderator.request(UPDATE, { input: { id: item.id, title: 'Mine' } }), 'FORBIDDEN');

    const updated = expectData(
      await owner.request(UPDATE, { input: { id: item.id, title: 'Final', pinned: true, expiresAt: null } }),
    ).updateAnnouncement;
    expect(updated).toEqual({ id: item.id, title: 'Final', body: 'Details **here**.', pinned: true, expiresAt: null });

    expectErrorCode(await moderator.request(DELETE, { id: item.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(DELETE, { id: item.id })).deleteAnnouncement).toBe(item.id);
    expect(await titles(owner, { includeExpired: true })).toEqual([]);
    expectErrorCode(await owner.request(ANNOUNCEMENT, { id: item.id }), 'NOT_FOUND');
  });

  it('names the field and limit on bad input', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(
      await owner.request(CREATE, { input: { title: ' ', body: 'x'.repeat(20_001), expiresAt: '2001-01-01T00:00:00.000Z' } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/title: must not be empty/);
    expect(error.message).toMatch(/body: must be at most 20000 characters/);
    expect(error.message).toMatch(/expiresAt: must be in the future/);
    expect(expectErrorCode(await owner.request(CREATE, { input: { title: 'x', body: ' \n ' } }), 'BAD_USER_INPUT').message).toMatch(
      /body: must not be empty/,
    );
  });

  it('shows another organization nothing, by list or by id, and lets it change nothing', async () => {
    const owner = await stack.createOrganization();
    const item = await announce(owner, { title: 'Ours' });
    const stranger = await stack.createOrganization();
    expect(await titles(stranger)).toEqual([]);
    expectErrorCode(await stranger.request(ANNOUNCEMENT, { id: item.id }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(UPDATE, { input: { id: item.id, title: 'Theirs' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(DELETE, { id: item.id }), 'NOT_FOUND');
    expect(await titles(owner)).toEqual(['Ours']);
    expectErrorCode(await stack.anonymous.request(LIST, {}), 'UNAUTHENTICATED');
  });
});

describe('community settings', () => {
  it('starts empty, saves partial changes, and clears with null', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expect(expectData(await member.request(SETTINGS)).communitySettings).toEqual({
      name: null,
      logoUrl: null,
      primaryColor: null,
      customDomain: null,
      updatedAt: null,
    });
    const saved = expectData(
      await owner.request(SAVE, {
        input: {
          name: 'Sunrise Yoga Community',
          logoUrl: 'https://cdn.example/logo.svg',
          primaryColor: '#FF8800',
          customDomain: 'Community.Sunrise.example',
        },
      }),
    ).updateCommunitySettings;
    expect(saved).toMatchObject({ name: 'Sunrise Yoga Community', primaryColor: '#ff8800', customDomain: 'community.sunrise.example' });
    expect(typeof saved.updatedAt).toBe('string');

    const changed = expectData(await owner.request(SAVE, { input: { primaryColor: '#112233', logoUrl: null } })).updateCommunitySettings;
    expect(changed).toMatchObject({
      name: 'Sunrise Yoga Community',
      logoUrl: null,
      primaryColor: '#112233',
      customDomain: 'community.sunrise.example',
    });
    expect(expectData(await member.request(SETTINGS)).communitySettings).toMatchObject({ primaryColor: '#112233' });
    expectErrorCode(await member.request(SAVE, { input: { name: 'Mine' } }), 'FORBIDDEN');
  });

  it('validates each field and refuses a domain another organization uses', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(
      await owner.request(SAVE, {
        input: { name: 'n'.repeat(81), logoUrl: 'ftp://x', primaryColor: 'orange', customDomain: 'not a domain' },
      }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/name: must be at most 80 characters/);
    expect(error.message).toMatch(/logoUrl: must be an http\(s\) URL/);
    expect(error.message).toMatch(/primaryColor: must be a #RRGGBB hex colour/);
    expect(error.message).toMatch(/customDomain: must be a host name/);

    expectData(await owner.request(SAVE, { input: { customDomain: 'club.example.com' } }));
    expectData(await owner.request(SAVE, { input: { customDomain: 'club.example.com' } }));
    const stranger = await stack.createOrganization();
    expect(expectErrorCode(await stranger.request(SAVE, { input: { customDomain: 'CLUB.example.com' } }), 'CONFLICT').message).toMatch(
      /club\.example\.com is already in use/,
    );
    expect(expectData(await stranger.request(SETTINGS)).communitySettings.customDomain).toBeNull();
  });
});
