import { describe, expect, it, vi } from 'vitest';
import { createWsClient, expectData, startTestStack, subscribe, testConfig } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

const CREATE_SPACE = graphql(`
  mutation GatewayReplicasCreateSpace {
    createSpace(input: { name: "Replicas", visibility: PUBLIC }) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation GatewayReplicasCreatePost($spaceId: ID!) {
    createPost(input: { spaceId: $spaceId, title: "Scale", body: "Out" }) {
      id
    }
  }
`);
const CREATE_COMMENT = graphql(`
  mutation GatewayReplicasCreateComment($postId: ID!, $i: String!) {
    createComment(input: { postId: $postId, body: $i }) {
      id
    }
  }
`);
const NOTIFICATION_ADDED = graphql(`
  subscription GatewayReplicasNotificationAdded {
    notificationAdded {
      type
      actor {
        name
      }
    }
  }
`);

// Two gateways and two notifications instances, sharing PostgreSQL and a broker. (On PGlite two
// instances cannot share one database folder, so this runs in the PostgreSQL pass of the suite.)
describe.skipIf(testConfig().databases.kind !== 'postgres').each(['redis', 'nats'] as const)('several instances over %s', (broker) => {
  it('an event raised through one gateway reaches a subscriber connected to the other gateway and notifications instance', async () => {
    const stack = await startTestStack({ only: ['identity', 'community', 'notifications'], bus: broker, live: broker });
    const replica = await stack.running.startReplica('notifications');
    const secondGateway = await stack.running.startGatewayReplica({ notifications: replica.url });
    try {
      const owner = await stack.createOrganization();
      const author = await stack.addMember(owner, 'MEMBER');
      const authorClient = createWsClient(secondGateway.url, author.token);
      const spaceId = expectData(await owner.request(CREATE_SPACE)).createSpace.id;
      const postId = expectData(await author.request(CREATE_POST, { spaceId })).createPost.id;
      const notifications = subscribe(authorClient, NOTIFICATION_ADDED);
      // Listening on the replica: from now on a published event reaches the subscriber.
      await vi.waitFor(() => expect(replica.listeningSubscriptions()).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 25 });

      // Raised through the first gateway; ingested by whichever notifications instance the broker
      // hands each event to; delivered through the replica's subscription on the second gateway.
      for (let i = 0; i < 6; i++) {
        expectData(await owner.request(CREATE_COMMENT, { postId, i: `#${i}` }));
      }
      // (The author's invitation notification may still be on its way: only comments count here.)
      const comments: unknown[] = [];
      while (comments.length < 6) {
        const { data } = await notifications.next(15_000);
        if (data?.notificationAdded.type === 'post.commented') comments.push(data);
      }
      expect(comments).toEqual(Array(6).fill({ notificationAdded: { type: 'post.commented', actor: { name: owner.name } } }));
      await authorClient.dispose();
    } finally {
      await secondGateway.stop();
      await replica.stop();
      await stack.stop();
    }
  }, 120_000);
});
