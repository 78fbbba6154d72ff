import { expect } from 'vitest';
import type { Viewer } from '@plaza/auth';
import type { DomainEvent, EventType } from '@plaza/events';
import { DomainError } from '@plaza/subgraph-kit';
import { expectData, type Actor, type GraphQLResponse, type TestStack } from '@plaza/testkit';
import type { CommunityServices } from '../src/context.ts';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { CreateGroupInput, CreateSpaceInput, ReactionSubjectType } from './graphql/graphql.ts';

/**
 * What several community test files build their cases from: spaces, groups, posts, comments,
 * reactions and conversations through the API, plus typed access to community's database, events
 * and services for assertions.
 */

/** Community's own Prisma client; with query events on, as the subgraph creates it (the feed counts statements). */
export type CommunityDb = PrismaClient<'query'>;

export const communityDb = (stack: TestStack) => stack.prisma<CommunityDb>('community');

/**
 * The running community subgraph's services: for tests of rules that need the real database but
 * no request (directory replays, access rules). The stack types subgraphs by what every subgraph
 * has, so the services are found by shape.
 */
export function communityServices(stack: TestStack): CommunityServices {
  const subgraph: object | undefined = stack.running.subgraphs.community?.subgraph;
  if (!subgraph || !('services' in subgraph)) throw new Error('The community subgraph is not running in this stack');
  return subgraph.services as CommunityServices;
}

/** Events of one type in community's outbox, oldest first, with that type's payload. */
export async function recordedEvents<Type extends EventType>(
  stack: TestStack,
  type: Type,
  filter: { organizationId?: string; subjectId?: string } = {},
) {
  const events = await stack.recordedEvents('community', { ...filter, type });
  return events.filter((event): event is DomainEvent<Type> => event.type === type);
}

/** The viewer a signed-in actor is, as services see them. */
export const viewerOf = (actor: Actor, role: NonNullable<Viewer['role']>): Viewer => ({
  userId: actor.userId,
  organizationId: actor.organizationId,
  role,
});

/** 'OK', or the code of the DomainError the call failed with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** Every node of a paginated list, following endCursor until the last page. */
export async function allPages<Node>(
  page: (after: string | null) => Promise<{ edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const connection = await page(after);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor ?? null;
    expect(after).not.toBeNull();
  }
}

/** The nodes of one page. */
export const nodesOf = <Node>(connection: { edges: { node: Node }[] }): Node[] => connection.edges.map((edge) => edge.node);

/** The `extensions.code` of a response's first error, if any. */
export const errorCodeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

const CREATE_SPACE = graphql(`
  mutation FixturesCreateSpace($input: CreateSpaceInput!) {
    createSpace(input: $input) {
      id
      name
    }
  }
`);
const JOIN_SPACE = graphql(`
  mutation FixturesJoinSpace($id: ID!) {
    joinSpace(id: $id) {
      id
    }
  }
`);
const CREATE_GROUP = graphql(`
  mutation FixturesCreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      id
    }
  }
`);
const JOIN_GROUP = graphql(`
  mutation FixturesJoinGroup($id: ID!) {
    joinGroup(id: $id) {
      id
    }
  }
`);

export const CREATE_POST = graphql(`
  mutation FixturesCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
      title
      body
      pinned
      likeCount
      commentCount
      createdAt
      editedAt
      space {
        id
      }
      group {
        id
      }
      author {
        id
      }
    }
  }
`);
export const CREATE_COMMENT = graphql(`
  mutation FixturesCreateComment($input: CreateCommentInput!) {
    createComment(input: $input) {
      id
      body
      parent {
        id
      }
      inReplyTo {
        id
      }
      author {
        id
      }
    }
  }
`);
export const ADD_REACTION = graphql(`
  mutation FixturesAddReaction($input: ReactionInput!) {
    addReaction(input: $input) {
      emoji
      count
      viewerHasReacted
    }
  }
`);
export const REMOVE_REACTION = graphql(`
  mutation FixturesRemoveReaction($input: ReactionInput!) {
    removeReaction(input: $input) {
      emoji
      count
      viewerHasReacted
    }
  }
`);
const START_DIRECT = graphql(`
  mutation FixturesStartDirect($userId: ID!) {
    startDirectConversation(userId: $userId) {
      id
    }
  }
`);
const SEND_MESSAGE = graphql(`
  mutation FixturesSendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);
const FOLLOW = graphql(`
  mutation FixturesFollow($userId: ID!) {
    followUser(userId: $userId) {
      id
    }
  }
`);

/** A space created by an admin; name "General" unless given. */
export async function createSpace(admin: Actor, input: Partial<CreateSpaceInput> = {}) {
  return expectData(await admin.request(CREATE_SPACE, { input: { name: 'General', ...input } })).createSpace;
}

export async function joinSpace(actor: Actor, spaceId: string): Promise<void> {
  expectData(await actor.request(JOIN_SPACE, { id: spaceId }));
}

/** A group owned by its creator; "Runners", OPEN, unless given. */
export async function createGroup(owner: Actor, input: Partial<CreateGroupInput> = {}) {
  return expectData(await owner.request(CREATE_GROUP, { input: { name: 'Runners', joinPolicy: 'OPEN', ...input } })).createGroup;
}

export async function joinGroup(actor: Actor, groupId: string): Promise<void> {
  expectData(await actor.request(JOIN_GROUP, { id: groupId }));
}

/** A post in a space or group; title "Hello" and a short Markdown body unless given. */
export async function createPost(author: Actor, input: { spaceId?: string; groupId?: string; title?: string; body?: string }) {
  return expectData(await author.request(CREATE_POST, { input: { title: 'Hello', body: 'Some *Markdown*.', ...input } })).createPost;
}

export async function createComment(author: Actor, postId: string, body = 'Nice!', replyToId?: string) {
  return expectData(await author.request(CREATE_COMMENT, { input: { postId, body, replyToId } })).createComment;
}

/** Adds the actor's emoji; returns the subject's reactions. */
export async function react(actor: Actor, subjectType: ReactionSubjectType, subjectId: string, emoji = '👍') {
  return expectData(await actor.request(ADD_REACTION, { input: { subjectType, subjectId, emoji } })).addReaction;
}

export async function follow(actor: Actor, userId: string): Promise<void> {
  expectData(await actor.request(FOLLOW, { userId }));
}

/** A direct conversation of `from` and `to` (created on first use) with `from`'s message in it. */
export async function directMessage(from: Actor, to: Actor, body: string) {
  const conversation = expectData(await from.request(START_DIRECT, { userId: to.userId })).startDirectConversation;
  const message = expectData(await from.request(SEND_MESSAGE, { input: { conversationId: conversation.id, body } })).sendMessage;
  return { conversationId: conversation.id, messageId: message.id };
}
