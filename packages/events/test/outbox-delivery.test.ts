import { describe, expect, it, vi } from 'vitest';
import { expectData, startTestStack, testConfig, type TypedDocument } from '@plaza/testkit';

// Community's operations, typed by hand: no GraphQL code generation covers this package's tests.
const CREATE_SPACE: TypedDocument<
  { createSpace: { id: string } },
  Record<string, never>
> = 'mutation EventsOutboxCreateSpace { createSpace(input: { name: "Outbox", visibility: PUBLIC }) { id } }';
const CREATE_POST: TypedDocument<{ createPost: { id: string } }, { spaceId: string }> =
  'mutation EventsOutboxCreatePost($spaceId: ID!) { createPost(input: { spaceId: $spaceId, title: "Comment me", body: "Please" }) { id } }';
const CREATE_COMMENT: TypedDocument<{ createComment: { id: string } }, { postId: string; body: string }> =
  'mutation EventsOutboxCreateComment($postId: ID!, $body: String!) { createComment(input: { postId: $postId, body: $body }) { id } }';

/** What this test reads of notifications' database. */
interface NotificationsDb {
  notification: {
    count(args: { where: { recipientId: string; type: string } }): Promise<number>;
    findMany(args: { where: { recipientId: string; type: string }; select: { eventId: true } }): Promise<{ eventId: string }[]>;
  };
}
/** What this test reads of community's database: its outbox. */
interface CommunityDb {
  outboxEvent: { count(args: { where: { organizationId: string; type?: string; publishedAt?: null } }): Promise<number> };
}

// The transactional outbox end to end: community commits events with its changes, its relay
// publishes them, notifications ingests them idempotently. Nothing is lost while the consumer
// is down, on the in-process bus (events wait in the outbox) and on the brokers (in the stream).
// The brokers' side is the same code on either engine: on PGlite the in-process bus checks the
// outbox (each of these runs costs ~30 s of PGlite there); on PostgreSQL every bus runs.
const buses = testConfig().databases.kind === 'pglite' ? (['memory'] as const) : (['memory', 'redis', 'nats'] as const);
describe.each(buses)('outbox delivery over the %s bus', (bus) => {
  it('with notifications stopped, 100 events are committed; after it starts, exactly 100 notifications exist', async () => {
    const stack = await startTestStack({ only: ['identity', 'community', 'notifications'], bus });
    try {
      const owner = await stack.createOrganization();
      const author = await stack.addMember(owner, 'MEMBER');
      const spaceId = expectData(await owner.request(CREATE_SPACE)).createSpace.id;
      const postId = expectData(await author.request(CREATE_POST, { spaceId })).createPost.id;
      // Read after each restart: a restarted subgraph has a new Prisma client.
      const notifications = () => stack.prisma<NotificationsDb>('notifications').notification;
      const commented = () => notifications().count({ where: { recipientId: author.userId, type: 'post.commented' } });

      await stack.running.stopSubgraph('notifications');
      for (let i = 0; i < 100; i++) {
        expectData(await owner.request(CREATE_COMMENT, { postId, body: `Comment ${i}` }));
      }
      const outbox = stack.prisma<CommunityDb>('community').outboxEvent;
      expect(await outbox.count({ where: { organizationId: owner.organizationId, type: 'community.comment.created' } })).toBe(100);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the relay keeps running meanwhile

      await stack.running.startSubgraph('notifications');
      await vi.waitFor(async () => expect(await commented()).toBeGreaterThanOrEqual(100), { timeout: 30_000, interval: 100 });
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // and no late duplicates
      expect(await commented()).toBe(100);
      const events = await notifications().findMany({
        where: { recipientId: author.userId, type: 'post.commented' },
        select: { eventId: true },
      });
      expect(new Set(events.map((row) => row.eventId)).size).toBe(100);
      expect(await outbox.count({ where: { organizationId: owner.organizationId, publishedAt: null } })).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
