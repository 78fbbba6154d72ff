import { describe, expect, it } from 'vitest';
import { expectData, startTestStack, until } from '@plaza/testkit';

// The transactional outbox end to end: community commits events with its changes, its relay
// publishes them, notifications ingests them idempotently. Nothing is lost while the consumer
// is down, on the in-process bus (events wait in the outbox) and on the brokers (in the stream).
describe.each(['memory', 'redis', 'nats'] as const)('outbox delivery over the %s bus', (bus) => {
  it('with notifications stopped, 100 events are committed; after it starts, exactly 100 notifications exist', async () => {
    const stack = await startTestStack({ bus });
    try {
      const owner = await stack.createOrganization();
      const author = await stack.addMember(owner, 'MEMBER');
      const spaceId = expectData(await owner.request(`mutation { createSpace(input: { name: "Outbox", visibility: PUBLIC }) { id } }`)).createSpace.id;
      const postId = expectData(
        await author.request(`mutation ($spaceId: ID!) { createPost(input: { spaceId: $spaceId, title: "Comment me", body: "Please" }) { id } }`, { spaceId }),
      ).createPost.id;
      const commented = () =>
        stack.prisma('notifications').notification.count({ where: { recipientId: author.userId, type: 'post.commented' } }) as Promise<number>;

      await stack.running.stopSubgraph('notifications');
      for (let i = 0; i < 100; i++) {
        expectData(await owner.request(`mutation ($postId: ID!, $body: String!) { createComment(input: { postId: $postId, body: $body }) { id } }`, { postId, body: `Comment ${i}` }));
      }
      const outbox = stack.prisma('community').outboxEvent;
      expect(await outbox.count({ where: { organizationId: owner.organizationId, type: 'community.comment.created' } })).toBe(100);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the relay keeps running meanwhile

      await stack.running.startSubgraph('notifications');
      await until(async () => (await commented()) >= 100, 30_000, 100);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // and no late duplicates
      expect(await commented()).toBe(100);
      const events = await stack.prisma('notifications').notification.findMany({
        where: { recipientId: author.userId, type: 'post.commented' },
        select: { eventId: true },
      });
      expect(new Set(events.map((row: { eventId: string }) => row.eventId)).size).toBe(100);
      expect(await outbox.count({ where: { organizationId: owner.organizationId, publishedAt: null } })).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
