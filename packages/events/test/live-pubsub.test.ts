import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLivePubSub } from '../src/index.ts';

describe.each(['redis', 'nats'] as const)('live pub/sub over %s', (kind) => {
  it('delivers an update published by one instance to a subscriber of another, by routing key only', async () => {
    const namespace = `plaza-test-${randomUUID().slice(0, 8)}`;
    const publisher = await createLivePubSub({ kind, namespace });
    const subscriber = await createLivePubSub({ kind, namespace });
    const stranger = await createLivePubSub({ kind, namespace: `${namespace}-other` });
    try {
      const mine = subscriber.pubsub.subscribe('notification.changed', 'org-1:user-1');
      const others = stranger.pubsub.subscribe('notification.changed', 'org-1:user-1');
      const received = (async () => {
        for await (const payload of mine) return payload;
      })();
      let leaked = false;
      void (async () => {
        for await (const _ of others) leaked = true;
      })();
      // Subscriptions attach asynchronously on the broker: publish until the first one lands.
      let answer: unknown;
      for (let attempt = 0; attempt < 50 && answer === undefined; attempt++) {
        publisher.pubsub.publish('notification.changed', 'org-1:user-2', { notificationId: 'not-for-you' });
        publisher.pubsub.publish('notification.changed', 'org-1:user-1', { notificationId: 'n-1' });
        answer = await Promise.race([received, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
      expect(answer).toEqual({ notificationId: 'n-1' });
      expect(leaked).toBe(false);
      await mine.return();
      await others.return();
    } finally {
      await Promise.all([publisher.close(), subscriber.close(), stranger.close()]);
    }
  });
});
