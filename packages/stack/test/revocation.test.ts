import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

// Access is judged on every request with the viewer's current membership (the gateway resolves
// it, cached and invalidated by identity's access changes): a demotion or a removal holds on the
// very next request in every subgraph, whatever the access token still says.

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const DEMOTE = graphql(`
  mutation RevocationUpdateMemberRole($userId: ID!, $role: Role!) {
    updateMemberRole(userId: $userId, role: $role) {
      role
    }
  }
`);
const CREATE_PRODUCT = graphql(`
  mutation RevocationCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
    }
  }
`);
const CREATE_CONTACT = graphql(`
  mutation RevocationCreateContact($input: CreateContactInput!) {
    createContact(input: $input) {
      id
    }
  }
`);
const CREATE_EVENT = graphql(`
  mutation RevocationCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const CREATE_COURSE = graphql(`
  mutation RevocationCreateCourse($input: CreateCourseInput!) {
    createCourse(input: $input) {
      id
    }
  }
`);
const MODERATION_QUEUE = graphql(`
  query RevocationModerationQueue {
    moderationQueue {
      pageInfo {
        hasNextPage
      }
    }
  }
`);
const UPDATE_DEFAULTS = graphql(`
  mutation RevocationUpdateNotificationDefaults($input: [NotificationPreferenceInput!]!) {
    updateNotificationDefaults(input: $input) {
      type
    }
  }
`);
const READS = graphql(`
  query RevocationReads {
    products {
      pageInfo {
        hasNextPage
      }
    }
    contacts {
      pageInfo {
        hasNextPage
      }
    }
    events {
      pageInfo {
        hasNextPage
      }
    }
    courses {
      pageInfo {
        hasNextPage
      }
    }
    spaces {
      pageInfo {
        hasNextPage
      }
    }
    notifications {
      pageInfo {
        hasNextPage
      }
    }
  }
`);

let sequence = 0;
const unique = () => `${Date.now().toString(36)}-${sequence++}`;

/** One operation per subgraph that needs at least MODERATOR (community, CRM, scheduling) or ADMIN (commerce, learning, notifications). */
const privileged = (actor: Actor) => {
  const startsAt = new Date(Date.now() + 86_400_000);
  return {
    commerce: () => actor.request(CREATE_PRODUCT, { input: { name: `Pass ${unique()}`, price: { amount: 1000, currency: 'EUR' } } }),
    crm: () => actor.request(CREATE_CONTACT, { input: { name: 'Maya Patel', email: `maya-${unique()}@example.test` } }),
    scheduling: () =>
      actor.request(CREATE_EVENT, {
        input: { title: 'Meetup', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString() },
      }),
    learning: () => actor.request(CREATE_COURSE, { input: { title: `Course ${unique()}` } }),
    community: () => actor.request(MODERATION_QUEUE),
    notifications: () => actor.request(UPDATE_DEFAULTS, { input: [{ type: 'post.commented', channel: 'EMAIL', enabled: false }] }),
  };
};

describe('revocation on the next request', () => {
  it('judges a demoted admin by the new role in every subgraph, with the same token', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    for (const [subgraph, operation] of Object.entries(privileged(admin))) {
      expect({ subgraph, errors: (await operation()).errors }).toEqual({ subgraph, errors: undefined });
    }

    expect(expectData(await owner.request(DEMOTE, { userId: admin.userId, role: 'MEMBER' })).updateMemberRole.role).toBe('MEMBER');
    for (const [subgraph, operation] of Object.entries(privileged(admin))) {
      expect({ subgraph, code: (await operation()).errors?.[0]?.extensions?.code }).toEqual({ subgraph, code: 'FORBIDDEN' });
    }
  });

  it('refuses a removed member on the next request, reads included, in every subgraph', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'ADMIN');
    expect(expectData(await member.request(READS)).products.pageInfo.hasNextPage).toBe(false);

    await stack.removeMember(owner, member.userId);
    expectErrorCode(await member.request(READS), 'FORBIDDEN');
    for (const [subgraph, operation] of Object.entries(privileged(member))) {
      expect({ subgraph, code: (await operation()).errors?.[0]?.extensions?.code }).toEqual({ subgraph, code: 'FORBIDDEN' });
    }
  });
});
