import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { communityServices, createPost, createSpace } from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

/**
 * Spaces gated by commerce's membership tiers, through the gateway: commerce's membership events
 * reach community's member directory, and the next request to a gated space sees the new tier.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const SUBSCRIBE = graphql(`
  mutation GatingSubscribe($tier: MembershipTier!) {
    subscribeMembership(input: { tier: $tier }) {
      grantedTier
    }
  }
`);
const SET_TIER = graphql(`
  mutation GatingSetTier($userId: ID!, $tier: MembershipTier!) {
    setMembershipTier(userId: $userId, tier: $tier) {
      grantedTier
    }
  }
`);
const SIMULATE = graphql(`
  mutation GatingSimulate($userId: ID!, $event: SimulatedBillingEvent!) {
    simulateBillingEvent(userId: $userId, event: $event) {
      applied
    }
  }
`);
const SPACE = graphql(`
  query GatingSpace($id: ID!) {
    space(id: $id) {
      id
      requiredTier
      viewerCanPost
    }
  }
`);
const SPACES = graphql(`
  query GatingSpaces {
    spaces(first: 50) {
      edges {
        node {
          id
          requiredTier
          viewerCanPost
        }
      }
    }
  }
`);
const SPACE_FEED = graphql(`
  query GatingSpaceFeed($id: ID!) {
    spaceFeed(spaceId: $id) {
      edges {
        node {
          id
        }
      }
    }
  }
`);
const HOME_FEED = graphql(`
  query GatingHomeFeed {
    homeFeed(first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`);
const POST = graphql(`
  query GatingPost($id: ID!) {
    post(id: $id) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation GatingCreatePost($spaceId: ID!) {
    createPost(input: { spaceId: $spaceId, title: "Members only", body: "For PRO eyes" }) {
      id
    }
  }
`);
const JOIN = graphql(`
  mutation GatingJoin($id: ID!) {
    joinSpace(id: $id) {
      viewerIsMember
    }
  }
`);
const LEAVE = graphql(`
  mutation GatingLeave($id: ID!) {
    leaveSpace(id: $id) {
      viewerIsMember
    }
  }
`);
const ME_TIER = graphql(`
  query GatingMeTier {
    me {
      membershipTier
    }
  }
`);

/** What the member may do in the space: the code of each request's first error, or OK. */
async function access(actor: Actor, spaceId: string) {
  const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => {
    if (!response.errors?.length) return 'OK';
    const code = response.errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : 'NO CODE';
  };
  return {
    space: codeOf(await actor.request(SPACE, { id: spaceId })),
    feed: codeOf(await actor.request(SPACE_FEED, { id: spaceId })),
    post: codeOf(await actor.request(CREATE_POST, { spaceId })),
    join: codeOf(await actor.request(JOIN, { id: spaceId })),
  };
}

const homeFeedIds = async (actor: Actor) => expectData(await actor.request(HOME_FEED)).homeFeed.edges.map((edge) => edge.node.id);

describe('spaces gated by membership tier', () => {
  it('lets a PRO member read and post in a PRO space; after a downgrade the next request is FORBIDDEN naming PRO', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner, { name: 'Pro lounge', requiredTier: 'PRO' });
    expect(expectData(await owner.request(SPACE, { id: space.id })).space).toEqual({
      id: space.id,
      requiredTier: 'PRO',
      viewerCanPost: true,
    });
    const ownerPost = await createPost(owner, { spaceId: space.id });

    // Without a membership the member is FREE.
    // The space is listed (members see what they could unlock) but says they may not post yet.
    const listed = async (actor: Actor) =>
      expectData(await actor.request(SPACES)).spaces.edges.find((edge) => edge.node.id === space.id)?.node;
    expect(await listed(member)).toEqual({ id: space.id, requiredTier: 'PRO', viewerCanPost: false });
    const refused = expectErrorCode(await member.request(SPACE, { id: space.id }), 'FORBIDDEN');
    expect(refused.message).toBe(`Space ${space.id} requires the PRO membership tier or higher; your tier is FREE`);
    expect(refused.extensions).toMatchObject({ requiredTier: 'PRO', tier: 'FREE' });

    expect(expectData(await member.request(SUBSCRIBE, { tier: 'PRO' })).subscribeMembership.grantedTier).toBe('PRO');
    await stack.eventsSettled();
    expect(expectData(await member.request(ME_TIER)).me?.membershipTier).toBe('PRO');
    expect(await access(member, space.id)).toEqual({ space: 'OK', feed: 'OK', post: 'OK', join: 'OK' });
    expect(await listed(member)).toEqual({ id: space.id, requiredTier: 'PRO', viewerCanPost: true });
    expect(expectData(await member.request(SPACE_FEED, { id: space.id })).spaceFeed?.edges.map((edge) => edge.node.id)).toContain(
      ownerPost.id,
    );
    expect(expectData(await member.request(POST, { id: ownerPost.id })).post?.id).toBe(ownerPost.id);
    expect(await homeFeedIds(member)).toContain(ownerPost.id);

    // Downgraded by an admin: once commerce's event is applied, every way into the space is closed.
    expectData(await owner.request(SET_TIER, { userId: member.userId, tier: 'BASIC' }));
    await stack.eventsSettled();
    expect(await access(member, space.id)).toEqual({ space: 'FORBIDDEN', feed: 'FORBIDDEN', post: 'FORBIDDEN', join: 'FORBIDDEN' });
    expect(await listed(member)).toEqual({ id: space.id, requiredTier: 'PRO', viewerCanPost: false });
    const downgraded = expectErrorCode(await member.request(CREATE_POST, { spaceId: space.id }), 'FORBIDDEN');
    expect(downgraded.message).toBe(`Space ${space.id} requires the PRO membership tier or higher; your tier is BASIC`);
    expect(await homeFeedIds(member)).not.toContain(ownerPost.id);
    expect(expectErrorCode(await member.request(POST, { id: ownerPost.id }), 'NOT_FOUND').message).toBe(
      `Post ${ownerPost.id} was not found`,
    );
    // Leaving stays possible; admins and owners manage the space whatever their tier.
    expect(expectData(await member.request(LEAVE, { id: space.id })).leaveSpace.viewerIsMember).toBe(false);
    expect(await access(owner, space.id)).toEqual({ space: 'OK', feed: 'OK', post: 'OK', join: 'OK' });
  });

  it('follows a downgrade by the provider (payments exhausted), and ignores an older tier event delivered late', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const space = await createSpace(owner, { name: 'Basic corner', requiredTier: 'BASIC' });
    expectData(await member.request(SUBSCRIBE, { tier: 'ENTERPRISE' }));
    await stack.eventsSettled();
    expect((await access(member, space.id)).space).toBe('OK');

    expect(expectData(await owner.request(SIMULATE, { userId: member.userId, event: 'PAYMENTS_EXHAUSTED' })).simulateBillingEvent).toEqual({
      applied: true,
    });
    await stack.eventsSettled();
    expect(expectErrorCode(await member.request(SPACE, { id: space.id }), 'FORBIDDEN').message).toBe(
      `Space ${space.id} requires the BASIC membership tier or higher; your tier is FREE`,
    );

    // The subscription's first event (ENTERPRISE), delivered again after the downgrade, changes nothing.
    const [first] = (await stack.recordedEvents('commerce', {
      organizationId: owner.organizationId,
      type: 'commerce.membership.changed',
    })) as DomainEvent<'commerce.membership.changed'>[];
    expect(first?.payload).toMatchObject({ userId: member.userId, tier: 'ENTERPRISE', revision: 1 });
    await communityServices(stack).memberTiers.apply(first!);
    expectErrorCode(await member.request(SPACE, { id: space.id }), 'FORBIDDEN');
  });

  it("keeps an organization's tiers to itself", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SUBSCRIBE, { tier: 'ENTERPRISE' }));
    const other = await stack.createOrganization();
    const otherSpace = await createSpace(other, { name: 'Gated elsewhere', requiredTier: 'BASIC' });
    await stack.eventsSettled();
    // The member's ENTERPRISE tier belongs to their organization: another organization's space stays out of reach.
    expectErrorCode(await member.request(SPACE, { id: otherSpace.id }), 'NOT_FOUND');
  });
});
