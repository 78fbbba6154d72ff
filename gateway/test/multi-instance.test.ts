import { describe, expect, it } from 'vitest';
import { createWsClient, expectData, startTestStack, subscribe, testDatabaseKind } from '@plaza/testkit';

// Two gateways and two notifications instances, sharing PostgreSQL and a broker. (On PGlite two
// instances cannot share one database folder, so this runs in the PostgreSQL pass of the suite.)
describe.skipIf(testDatabaseKind() !== 'postgres').each(['redis', 'nats'] as const)('several instances over %s', (broker) => {
  it('an event raised through one gateway reaches a subscriber connected to the other gateway and notifications instance', async () => {
    const stack = await startTestStack({ bus: broker, live: broker });
    const replica = await stack.running.startReplica('notifications');
    const secondGateway = await stack.running.startGatewayReplica({ notifications: replica.url });
    try {
      const owner = await stack.createOrganization();
      const author = await stack.addMember(owner, 'MEMBER');
      const authorClient = createWsClient(secondGateway.url, author.token);
      const spaceId = expectData(await owner.request(`mutation { createSpace(input: { name: "Replicas", visibility: PUBLIC }) { id } }`)).createSpace.id;
      const postId = expectData(
        await author.request(`mutation ($spaceId: ID!) { createPost(input: { spaceId: $spaceId, title: "Scale", body: "Out" }) { id } }`, { spaceId }),
      ).createPost.id;
      const notifications = subscribe(authorClient, 'subscription { notificationAdded { type actor { name } } }');
      // Listening on the replica: from now on a published event reaches the subscriber.
      const deadline = Date.now() + 10_000;
      while (replica.listeningSubscriptions() < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));

      // Raised through the first gateway; ingested by whichever notifications instance the broker
      // hands each event to; delivered through the replica's subscription on the second gateway.
      for (let i = 0; i < 6; i++) {
        expectData(await owner.request(`mutation ($postId: ID!, $i: String!) { createComment(input: { postId: $postId, body: $i }) { id } }`, { postId, i: `#${i}` }));
      }
      // (The author's invitation notification may still be on its way: only comments count here.)
      const comments: unknown[] = [];
      while (comments.length < 6) {
        const { data } = await notifications.next(15_000);
        if ((data as { notificationAdded: { type: string } }).notificationAdded.type === 'post.commented') comments.push(data);
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
