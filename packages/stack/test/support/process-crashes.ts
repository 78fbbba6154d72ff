import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectData, startProcessStack, testConfig, type Actor, type GraphQLResponse, type ProcessStack } from '@plaza/testkit';
import { graphql } from '../graphql/index.ts';

// Issue 10's operator scenarios, as separate processes on a real broker: a consumer process
// (notifications; community's member directory) is SIGKILLed in the middle of a burst of 100
// events and again while catching up on a backlog, a producer (community) is SIGKILLed in the
// middle of a burst of writes, a subgraph is killed under load. After each restart every event
// must be applied exactly once. The counts are printed, so CI's log shows what each run proved.

const BURST = 100;
const WAIT = { timeout: 60_000, interval: 100 };
// Every kill and restart is a real process starting (seconds each, more while CI runs other
// files beside it): these tests take their time, and must not be cut short by vitest's 60 s.
const PROCESS_START_TIMEOUT = 300_000;
const CRASH_TEST_TIMEOUT = 240_000;

const CREATE_SPACE = graphql(`
  mutation CrashCreateSpace($input: CreateSpaceInput!) {
    createSpace(input: $input) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation CrashCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
    }
  }
`);
const CREATE_COMMENT = graphql(`
  mutation CrashCreateComment($input: CreateCommentInput!) {
    createComment(input: $input) {
      id
    }
  }
`);
/** Identity's `me`, community's `level` on it, and notifications' count: three processes in one answer. */
const SPANNING = graphql(`
  query CrashSpanning {
    me {
      id
      name
      level {
        name
      }
    }
    unreadNotificationCount
  }
`);

function report(line: string) {
  // CI's log keeps what each crash run proved (the issue asks for the counts).
  console.log(`[crash test] ${line}`);
}

/** Runs `work` for 0…count-1 with at most `concurrency` at a time; resolves with every outcome. */
async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        results[index] = await work(index).then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        );
      }
    }),
  );
  return results;
}

export function describeProcessCrashes(bus: 'redis' | 'nats', subgraphs?: readonly string[]) {
  // Processes on PGlite would each own a data folder nobody else can open: the operator's setup is PostgreSQL.
  describe.skipIf(testConfig().databases.kind !== 'postgres')(`separate processes on ${bus}`, () => {
    let stack: ProcessStack;
    let owner: Actor;
    let commenter: Actor;
    let postId: string;

    beforeAll(async () => {
      const started = Date.now();
      stack = await startProcessStack({ bus, subgraphs });
      report(`${bus}: ${subgraphs?.length ?? 'all'} subgraphs and the gateway up as processes in ${Date.now() - started} ms`);
      owner = await stack.createOrganization();
      commenter = await stack.addMember(owner);
      const { createSpace } = expectData(await owner.request(CREATE_SPACE, { input: { name: `Crash ${randomUUID()}` } }));
      const { createPost } = expectData(
        await owner.request(CREATE_POST, { input: { spaceId: createSpace.id, title: 'Crash tests', body: 'Comment away.' } }),
      );
      postId = createPost.id;
    }, PROCESS_START_TIMEOUT);
    afterAll(async () => {
      await stack?.stop();
    });

    /** Owner's notifications of comments on the post: all of them, and how many distinct events they came from. */
    async function commentNotifications() {
      const [row] = await stack.sql<{ total: string; events: string }>(
        'notifications',
        `SELECT count(*) AS total, count(DISTINCT "eventId") AS events FROM "Notification" WHERE "recipientId" = $1 AND type = 'post.commented'`,
        [owner.userId],
      );
      return { total: Number(row!.total), events: Number(row!.events) };
    }

    const comment = async (index: number) =>
      expectData(await commenter.request(CREATE_COMMENT, { input: { postId, body: `Comment ${index}` } })).createComment.id;

    it('answers a query spanning three subgraph processes through the gateway', async () => {
      const answer = expectData(await owner.request(SPANNING));
      expect(answer.me).toMatchObject({ id: owner.userId, name: owner.name });
      expect(answer.me?.level).toBeTruthy();
      expect(answer.unreadNotificationCount).toBeGreaterThanOrEqual(0);
      // The gateway's /ready asks every subgraph of supergraph.yaml: ready when all of them run.
      const readiness = await fetch(new URL('/ready', stack.url));
      expect(readiness.status).toBe(subgraphs ? 503 : 200);
      const { subgraphs: each } = (await readiness.json()) as { subgraphs: Record<string, { status: string }> };
      for (const name of Object.keys(stack.subgraphUrls)) expect(each[name]).toEqual({ status: 'ready' });
    });

    /**
     * 100 members join the owner's organization, as identity records it: `identity.member.joined`
     * events in identity's outbox, which its relay publishes. Written there directly because 100
     * real sign-ups would spend the test's time hashing passwords, not delivering events.
     */
    async function hundredJoin(): Promise<string[]> {
      const userIds = Array.from({ length: BURST }, () => randomUUID());
      const rows = userIds.map((userId, index) => [
        randomUUID(),
        owner.organizationId,
        'identity.member.joined',
        owner.userId,
        'User',
        userId,
        JSON.stringify({ userId, role: 'MEMBER', email: `joined-${index}-${userId}@example.test`, name: `Joined ${index}` }),
      ]);
      await stack.sql(
        'identity',
        `INSERT INTO "OutboxEvent" (id, "organizationId", type, "actorId", "subjectType", "subjectId", payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
        [0, 1, 2, 3, 4, 5, 6].map((column) => rows.map((row) => row[column])),
      );
      return userIds;
    }

    /** How many of `userIds` community's member directory holds for the owner's organization. */
    async function directoryHolds(userIds: string[]): Promise<number> {
      const [row] = await stack.sql<{ count: string }>(
        'community',
        `SELECT count(*) FROM "OrganizationMember" WHERE "organizationId" = $1 AND "userId" = ANY($2)`,
        [owner.organizationId, userIds],
      );
      return Number(row!.count);
    }

    // Both consumers are killed in one test and started again together: each restart of a process
    // costs seconds of CI, the scenarios are independent, and each count is checked on its own.
    it(
      'consumers killed in the middle of a burst of 100 events apply each once after restart',
      async () => {
        const before = (await commentNotifications()).total;
        const burst = inParallel(BURST, 8, comment);
        await vi.waitFor(async () => expect((await commentNotifications()).total).toBeGreaterThanOrEqual(before + 10), WAIT);
        await stack.kill('notifications');
        const notifiedAtKill = (await commentNotifications()).total - before;
        expect((await burst).every((result) => result.status === 'fulfilled')).toBe(true);

        const joined = await hundredJoin();
        await vi.waitFor(async () => expect(await directoryHolds(joined)).toBeGreaterThanOrEqual(1), { ...WAIT, interval: 5 });
        await stack.kill('community');
        const directoryAtKill = await directoryHolds(joined);

        await Promise.all([stack.start('notifications'), stack.start('community')]);
        await vi.waitFor(async () => expect((await commentNotifications()).total).toBe(before + BURST), WAIT);
        await vi.waitFor(async () => expect(await directoryHolds(joined)).toBe(BURST), WAIT);
        const after = await commentNotifications();
        expect(after.events).toBe(after.total);
        report(
          `${bus}: notifications SIGKILLed with ${notifiedAtKill}/${BURST} applied; after restart ${after.total - before}/${BURST}, none twice`,
        );
        report(`${bus}: community SIGKILLed with ${directoryAtKill}/${BURST} members in its directory; after restart ${BURST}/${BURST}`);
      },
      CRASH_TEST_TIMEOUT,
    );

    it(
      'consumers killed while catching up on a backlog of 100 events apply each once after restart',
      async () => {
        const before = (await commentNotifications()).total;
        await stack.kill('notifications');
        const burst = await inParallel(BURST, 8, comment);
        expect(burst.every((result) => result.status === 'fulfilled')).toBe(true);
        await stack.kill('community');
        const joined = await hundredJoin();
        await stack.eventsSettled(); // the backlog waits on the broker: identity's outbox is relayed

        await Promise.all([stack.start('notifications'), stack.start('community')]);
        await Promise.all([
          vi.waitFor(async () => expect((await commentNotifications()).total).toBeGreaterThanOrEqual(before + 1), { ...WAIT, interval: 5 }),
          vi.waitFor(async () => expect(await directoryHolds(joined)).toBeGreaterThanOrEqual(1), { ...WAIT, interval: 5 }),
        ]);
        await Promise.all([stack.kill('notifications'), stack.kill('community')]);
        const notifiedAtKill = (await commentNotifications()).total - before;
        const directoryAtKill = await directoryHolds(joined);

        await Promise.all([stack.start('notifications'), stack.start('community')]);
        await vi.waitFor(async () => expect((await commentNotifications()).total).toBe(before + BURST), WAIT);
        await vi.waitFor(async () => expect(await directoryHolds(joined)).toBe(BURST), WAIT);
        const after = await commentNotifications();
        expect(after.events).toBe(after.total);
        report(
          `${bus}: notifications SIGKILLed catching up with ${notifiedAtKill}/${BURST} applied; after restart ${after.total - before}/${BURST}, none twice`,
        );
        report(
          `${bus}: community SIGKILLed catching up with ${directoryAtKill}/${BURST} members in its directory; after restart ${BURST}/${BURST}`,
        );
      },
      CRASH_TEST_TIMEOUT,
    );

    it(
      'community killed under reads and writes: named partial answers, every acknowledged write delivered once, whole answers after restart',
      async () => {
        const notifiedBefore = (await commentNotifications()).total;
        const commentsBefore = (await stack.sql('community', 'SELECT id FROM "Comment" WHERE "postId" = $1', [postId])).length;
        const answers: GraphQLResponse<{ me: { name: string; level: unknown } | null; unreadNotificationCount: number | null }>[] = [];
        let reading = true;
        const reads = Promise.all(
          Array.from({ length: 4 }, async () => {
            while (reading)
              answers.push(await owner.request(SPANNING).catch((error: unknown) => ({ errors: [{ message: String(error) }] })));
          }),
        );
        let acknowledged = 0;
        const writes = inParallel(BURST, 4, async (index) => {
          const id = await comment(index);
          acknowledged += 1;
          return id;
        });
        try {
          await vi.waitFor(() => expect(acknowledged).toBeGreaterThanOrEqual(30), { ...WAIT, interval: 5 });
          const killedAt = Date.now();
          await stack.kill('community');
          const outageStart = answers.length;
          const results = await writes;
          await vi.waitFor(() => expect(answers.length).toBeGreaterThan(outageStart + 20), WAIT);
          const outage = answers.slice(outageStart);
          const spawnedAt = Date.now();
          await stack.start('community');
          const healthyAt = Date.now();
          const afterRestart = answers.length;
          await vi.waitFor(() => expect(answers.slice(afterRestart).some((answer) => !answer.errors)).toBe(true), WAIT);
          const wholeAt = Date.now();

          for (const answer of outage) {
            // Identity's and notifications' data arrive; community's field is null and named.
            expect(answer.data?.me?.name).toBe(owner.name);
            expect(answer.data?.unreadNotificationCount).toBeTypeOf('number');
            expect(answer.errors?.map((error) => [error.extensions?.code, error.extensions?.subgraph, error.path])).toEqual([
              ['SUBGRAPH_UNAVAILABLE', 'community', ['me', 'level']],
            ]);
          }

          // Every comment community committed (acknowledged or not: the kill may fall between
          // commit and answer) has exactly one event in its outbox and one notification.
          await stack.eventsSettled();
          const acknowledgedIds = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
          const committed = (await stack.sql<{ id: string }>('community', 'SELECT id FROM "Comment" WHERE "postId" = $1', [postId])).map(
            (row) => row.id,
          );
          expect(committed).toEqual(expect.arrayContaining(acknowledgedIds));
          const events = await stack.sql<{ id: string; commentId: string }>(
            'community',
            `SELECT id, payload->>'commentId' AS "commentId" FROM "OutboxEvent" WHERE type = 'community.comment.created' AND payload->>'postId' = $1`,
            [postId],
          );
          expect(events.map((event) => event.commentId).sort()).toEqual([...committed].sort());
          await vi.waitFor(async () => expect((await commentNotifications()).total).toBe(committed.length), WAIT);
          const notified = await stack.sql<{ eventId: string }>(
            'notifications',
            `SELECT "eventId" FROM "Notification" WHERE "recipientId" = $1 AND type = 'post.commented'`,
            [owner.userId],
          );
          expect(notified.map((row) => row.eventId).sort()).toEqual(events.map((event) => event.id).sort());

          report(
            `${bus}: community SIGKILLed after ${acknowledgedIds.length}/${BURST} acknowledged writes (${committed.length - commentsBefore} committed): ` +
              `${notified.length - notifiedBefore} notifications, one per committed write`,
          );
          report(
            `${bus}: community SIGKILLed under load (4 readers): ${outage.length} answers during the outage, all partial and named; ` +
              `process up in ${healthyAt - spawnedAt} ms, whole answers ${wholeAt - healthyAt} ms after it answered /health ` +
              `(${wholeAt - killedAt} ms from kill to whole answers, ${spawnedAt - killedAt} ms of it down on purpose)`,
          );
        } finally {
          reading = false;
          await reads;
        }
        const codes = answers.flatMap((answer) => answer.errors?.map((error) => error.extensions?.code) ?? []);
        expect(codes.every((code) => code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
      },
      CRASH_TEST_TIMEOUT,
    );
  });
}
