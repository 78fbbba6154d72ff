import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import {
  communityDb,
  createComment,
  createPost,
  createSpace,
  directMessage,
  errorCodeOf,
  nodesOf,
  recordedEvents,
} from './community-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const REPORT = graphql(`
  mutation ModerationReport($input: ReportInput!) {
    report(input: $input) {
      id
      subjectType
      subjectId
      reason
      status
      reporter {
        id
      }
      resolver {
        id
      }
      resolvedAt
    }
  }
`);
const QUEUE = graphql(`
  query ModerationQueue($status: ReportStatus, $after: String, $first: Int) {
    moderationQueue(status: $status, first: $first, after: $after) {
      edges {
        node {
          id
          subjectType
          status
          reason
          post {
            id
            title
          }
          comment {
            id
          }
          message {
            id
            body
          }
          reportedUser {
            id
          }
          reporter {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const RESOLVE = graphql(`
  mutation ModerationResolve($input: ResolveReportInput!) {
    resolveReport(input: $input) {
      id
      status
      resolutionNote
      resolvedAt
      resolver {
        id
      }
    }
  }
`);
const HIDE = graphql(`
  mutation ModerationHide($input: HideContentInput!) {
    hideContent(input: $input) {
      subjectType
      subjectId
      hidden
      deleted
    }
  }
`);
const DELETE = graphql(`
  mutation ModerationDelete($input: DeleteContentInput!) {
    deleteContent(input: $input) {
      subjectType
      subjectId
      hidden
      deleted
    }
  }
`);
const POST = graphql(`
  query ModerationPost($id: ID!) {
    post(id: $id) {
      id
    }
  }
`);
const CONVERSATION = graphql(`
  query ModerationConversation($id: ID!) {
    conversation(id: $id) {
      unreadCount
      messages {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

/** A space of the owner's organization to post in, and helpers writing posts and comments there. */
async function community(owner: Actor) {
  const space = await createSpace(owner);
  return {
    post: (author: Actor, title = 'A post') => createPost(author, { spaceId: space.id, title, body: 'Body' }),
    comment: (author: Actor, postId: string, body = 'A comment') => createComment(author, postId, body),
  };
}

describe('reports', () => {
  it('queues reports for moderators, who resolve or dismiss them once; report.resolved is recorded', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const author = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const { post, comment } = await community(owner);
    const reported = await post(author, 'Buy cheap watches');
    const reportedComment = await comment(author, reported.id);

    const first = expectData(
      await member.request(REPORT, { input: { subjectType: 'POST', subjectId: reported.id, reason: ' Spam ' } }),
    ).report;
    expect(first).toMatchObject({
      subjectType: 'POST',
      subjectId: reported.id,
      reason: 'Spam',
      status: 'OPEN',
      reporter: { id: member.userId },
      resolver: null,
    });
    // Reporting again while open returns the same report.
    expect(
      expectData(await member.request(REPORT, { input: { subjectType: 'POST', subjectId: reported.id, reason: 'Again' } })).report.id,
    ).toBe(first.id);
    const onComment = expectData(
      await member.request(REPORT, { input: { subjectType: 'COMMENT', subjectId: reportedComment.id, reason: 'Rude' } }),
    ).report;
    const onUser = expectData(
      await member.request(REPORT, { input: { subjectType: 'USER', subjectId: author.userId, reason: 'Spammer' } }),
    ).report;

    expectErrorCode(await member.request(QUEUE), 'FORBIDDEN');
    const queue = nodesOf(expectData(await moderator.request(QUEUE)).moderationQueue);
    expect(queue.map((report) => report.id)).toEqual([first.id, onComment.id, onUser.id]);
    expect(queue[0]).toMatchObject({
      post: { id: reported.id, title: 'Buy cheap watches' },
      reporter: { id: member.userId, name: member.name },
    });
    expect(queue[1]?.comment).toEqual({ id: reportedComment.id });
    expect(queue[2]?.reportedUser).toEqual({ id: author.userId });

    const page = expectData(await moderator.request(QUEUE, { first: 2 })).moderationQueue;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = expectData(await moderator.request(QUEUE, { first: 2, after: page.pageInfo.endCursor })).moderationQueue;
    expect(nodesOf(rest).map((report) => report.id)).toEqual([onUser.id]);

    expectErrorCode(await member.request(RESOLVE, { input: { reportId: first.id, status: 'RESOLVED' } }), 'FORBIDDEN');
    const resolved = expectData(
      await moderator.request(RESOLVE, { input: { reportId: first.id, status: 'RESOLVED', note: 'Removed' } }),
    ).resolveReport;
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolutionNote: 'Removed', resolver: { id: moderator.userId } });
    expect(resolved.resolvedAt).toBeTruthy();
    expectErrorCode(await moderator.request(RESOLVE, { input: { reportId: first.id, status: 'DISMISSED' } }), 'CONFLICT');
    expectData(await moderator.request(RESOLVE, { input: { reportId: onUser.id, status: 'DISMISSED' } }));
    expectErrorCode(await moderator.request(RESOLVE, { input: { reportId: onComment.id, status: 'OPEN' } }), 'BAD_USER_INPUT');

    expect(nodesOf(expectData(await moderator.request(QUEUE)).moderationQueue).map((report) => report.id)).toEqual([onComment.id]);
    expect(nodesOf(expectData(await moderator.request(QUEUE, { status: 'DISMISSED' })).moderationQueue).map((report) => report.id)).toEqual(
      [onUser.id],
    );

    const events = await recordedEvents(stack, 'community.report.resolved', { organizationId: owner.organizationId });
    expect(events.map((event) => event.payload)).toEqual([
      { reportId: first.id, reporterId: member.userId, status: 'RESOLVED', resolverId: moderator.userId },
      { reportId: onUser.id, reporterId: member.userId, status: 'DISMISSED', resolverId: moderator.userId },
    ]);
    expect(events[0]).toMatchObject({ actorId: moderator.userId, subject: { type: 'Report', id: first.id } });
  });

  it('lets members report messages only in their conversations; moderators see them in the queue', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const outsider = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const { messageId } = await directMessage(owner, member, 'rude words');
    expectErrorCode(await outsider.request(REPORT, { input: { subjectType: 'MESSAGE', subjectId: messageId, reason: 'x' } }), 'FORBIDDEN');
    expectData(await member.request(REPORT, { input: { subjectType: 'MESSAGE', subjectId: messageId, reason: 'Abuse' } }));
    const [entry] = nodesOf(expectData(await moderator.request(QUEUE)).moderationQueue);
    expect(entry?.message).toEqual({ id: messageId, body: 'rude words' });
  });

  it('names the field on bad reports and refuses invisible subjects', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const bad = expectErrorCode(
      await member.request(REPORT, { input: { subjectType: 'USER', subjectId: owner.userId, reason: '  ' } }),
      'BAD_USER_INPUT',
    );
    expect(bad.message).toMatch(/reason: must not be empty/);
    const long = expectErrorCode(
      await member.request(REPORT, { input: { subjectType: 'USER', subjectId: owner.userId, reason: 'x'.repeat(1001) } }),
      'BAD_USER_INPUT',
    );
    expect(long.message).toMatch(/reason: must be at most 1000 characters/);
    expect(
      expectErrorCode(
        await member.request(REPORT, { input: { subjectType: 'USER', subjectId: member.userId, reason: 'me' } }),
        'BAD_USER_INPUT',
      ).message,
    ).toMatch(/subjectId/);
    expectErrorCode(await member.request(REPORT, { input: { subjectType: 'POST', subjectId: 'no-such-post', reason: 'x' } }), 'NOT_FOUND');
  });

  it("keeps organizations apart: another organization's reports and content do not exist", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const { post } = await community(owner);
    const reported = await post(owner);
    const report = expectData(
      await member.request(REPORT, { input: { subjectType: 'POST', subjectId: reported.id, reason: 'Spam' } }),
    ).report;

    const stranger = await stack.createOrganization();
    expect(expectData(await stranger.request(QUEUE)).moderationQueue.edges).toEqual([]);
    expectErrorCode(await stranger.request(RESOLVE, { input: { reportId: report.id, status: 'RESOLVED' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(REPORT, { input: { subjectType: 'POST', subjectId: reported.id, reason: 'x' } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(HIDE, { input: { subjectType: 'POST', subjectId: reported.id } }), 'NOT_FOUND');
    expectErrorCode(await stranger.request(DELETE, { input: { subjectType: 'POST', subjectId: reported.id } }), 'NOT_FOUND');
    expect(await communityDb(stack).report.findUnique({ where: { id: report.id } })).toMatchObject({ status: 'OPEN' });
  });
});

describe('hiding and deleting content', () => {
  it('lets authors hide their own posts, moderators anyone’s, and only moderators unhide', async () => {
    const owner = await stack.createOrganization();
    const author = await stack.addMember(owner, 'MEMBER');
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const { post } = await community(owner);
    const mine = await post(author, 'Mine');
    const theirs = await post(author, 'Theirs');

    expectErrorCode(await member.request(HIDE, { input: { subjectType: 'POST', subjectId: theirs.id } }), 'FORBIDDEN');
    expect(expectData(await author.request(HIDE, { input: { subjectType: 'POST', subjectId: mine.id } })).hideContent).toEqual({
      subjectType: 'POST',
      subjectId: mine.id,
      hidden: true,
      deleted: false,
    });
    expectData(await moderator.request(HIDE, { input: { subjectType: 'POST', subjectId: theirs.id } }));
    const rows = await communityDb(stack).post.findMany({ where: { id: { in: [mine.id, theirs.id] } }, select: { hiddenAt: true } });
    expect(rows.every((row) => row.hiddenAt !== null)).toBe(true);
    expectErrorCode(await member.request(POST, { id: theirs.id }), 'NOT_FOUND');

    // The author cannot lift a hide; a moderator can.
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(
      errorCodeOf(await author.request(HIDE, { input: { subjectType: 'POST', subjectId: theirs.id, hidden: false } })),
    );
    expect(
      expectData(await moderator.request(HIDE, { input: { subjectType: 'POST', subjectId: theirs.id, hidden: false } })).hideContent.hidden,
    ).toBe(false);
    expect(expectData(await member.request(POST, { id: theirs.id })).post).toEqual({ id: theirs.id });
  });

  it('deletes comments and posts for their authors and moderators only', async () => {
    const owner = await stack.createOrganization();
    const author = await stack.addMember(owner, 'MEMBER');
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const { post, comment } = await community(owner);
    const target = await post(author);
    const remark = await comment(author, target.id);
    const own = await comment(member, target.id);

    expectErrorCode(await member.request(DELETE, { input: { subjectType: 'COMMENT', subjectId: remark.id } }), 'FORBIDDEN');
    expect(expectData(await member.request(DELETE, { input: { subjectType: 'COMMENT', subjectId: own.id } })).deleteContent.deleted).toBe(
      true,
    );
    expectData(await moderator.request(DELETE, { input: { subjectType: 'COMMENT', subjectId: remark.id } }));
    const db = communityDb(stack);
    const comments = await db.comment.findMany({ where: { postId: target.id }, select: { deletedAt: true } });
    expect(comments.every((row) => row.deletedAt !== null)).toBe(true);
    expect((await db.post.findUnique({ where: { id: target.id } }))?.commentCount).toBe(0);

    expectErrorCode(await member.request(DELETE, { input: { subjectType: 'POST', subjectId: target.id } }), 'FORBIDDEN');
    expectData(await moderator.request(DELETE, { input: { subjectType: 'POST', subjectId: target.id } }));
    expectErrorCode(await member.request(POST, { id: target.id }), 'NOT_FOUND');
  });

  it('hides and deletes messages: senders their own, moderators any, others FORBIDDEN', async () => {
    const organization = await stack.createOrganization();
    const owner = await stack.addMember(organization, 'MEMBER'); // the other party: a plain member
    const member = await stack.addMember(organization, 'MEMBER');
    const moderator = await stack.addMember(organization, 'MODERATOR');
    const { conversationId, messageId } = await directMessage(member, owner, 'hmm');
    const fromOwner = await directMessage(owner, member, 'second');

    // The other member of the conversation may not hide the sender's message.
    expectErrorCode(await owner.request(HIDE, { input: { subjectType: 'MESSAGE', subjectId: messageId } }), 'FORBIDDEN');
    expect(expectData(await moderator.request(HIDE, { input: { subjectType: 'MESSAGE', subjectId: messageId } })).hideContent).toEqual({
      subjectType: 'MESSAGE',
      subjectId: messageId,
      hidden: true,
      deleted: false,
    });
    const seen = expectData(await owner.request(CONVERSATION, { id: conversationId })).conversation;
    expect(nodesOf(seen?.messages ?? { edges: [] }).map((message) => message.id)).toEqual([fromOwner.messageId]);
    expect(seen?.unreadCount).toBe(0);
    expectErrorCode(await member.request(HIDE, { input: { subjectType: 'MESSAGE', subjectId: messageId, hidden: false } }), 'FORBIDDEN');
    expectData(await moderator.request(HIDE, { input: { subjectType: 'MESSAGE', subjectId: messageId, hidden: false } }));
    const restored = expectData(await owner.request(CONVERSATION, { id: conversationId })).conversation;
    expect(nodesOf(restored?.messages ?? { edges: [] }).map((message) => message.id)).toEqual([fromOwner.messageId, messageId]);

    expect(expectData(await member.request(HIDE, { input: { subjectType: 'MESSAGE', subjectId: messageId } })).hideContent.hidden).toBe(
      true,
    );
    expect(
      expectData(await member.request(DELETE, { input: { subjectType: 'MESSAGE', subjectId: messageId } })).deleteContent.deleted,
    ).toBe(true);
    expectErrorCode(await member.request(DELETE, { input: { subjectType: 'MESSAGE', subjectId: fromOwner.messageId } }), 'FORBIDDEN');
    const outsider = await stack.addMember(organization, 'MEMBER');
    expectErrorCode(await outsider.request(DELETE, { input: { subjectType: 'MESSAGE', subjectId: fromOwner.messageId } }), 'FORBIDDEN');
  });
});
