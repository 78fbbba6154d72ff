import type { TypedDocument } from '@plaza/testkit';

// The operations the benchmarks send, typed by hand with what they select: GraphQL code
// generation covers the test folders, not the bench. Names start with Bench (operation names are
// unique across the repository).

type NoVariables = Record<string, never>;

export const CREATE_SPACE: TypedDocument<{ createSpace: { id: string } }, { name: string }> =
  'mutation BenchCreateSpace($name: String!) { createSpace(input: { name: $name, visibility: PUBLIC }) { id } }';

export const JOIN_SPACE: TypedDocument<{ joinSpace: { id: string } }, { id: string }> =
  'mutation BenchJoinSpace($id: ID!) { joinSpace(id: $id) { id } }';

export const CREATE_POST: TypedDocument<{ createPost: { id: string } }, { input: { spaceId: string; title: string; body: string } }> =
  'mutation BenchCreatePost($input: CreatePostInput!) { createPost(input: $input) { id } }';

export const CREATE_COMMENT: TypedDocument<{ createComment: { id: string } }, { input: { postId: string; body: string } }> =
  'mutation BenchCreateComment($input: CreateCommentInput!) { createComment(input: $input) { id } }';

export const ADD_REACTION: TypedDocument<{ addReaction: { emoji: string }[] }, { id: string }> =
  'mutation BenchAddReaction($id: ID!) { addReaction(input: { subjectType: POST, subjectId: $id, emoji: "👍" }) { emoji } }';

/** Crosses community (feed, spaces, comments, reactions) and identity (authors' names) per page. */
export const HOME_FEED: TypedDocument<
  {
    homeFeed: {
      edges: {
        node: {
          title: string;
          likeCount: number;
          commentCount: number;
          author: { name: string } | null;
          space: { name: string };
          latestComments: { body: string; author: { name: string } | null }[];
          reactions: { emoji: string; count: number; viewerHasReacted: boolean }[];
        };
      }[];
    };
  },
  NoVariables
> = `query BenchHomeFeed {
  homeFeed(first: 20) {
    edges { node {
      title likeCount commentCount
      author { name }
      space { name }
      latestComments(first: 3) { body author { name } }
      reactions { emoji count viewerHasReacted }
    } }
  }
}`;

/** Crosses identity's organizations, memberships and users. */
export const MY_ORGANIZATIONS: TypedDocument<
  {
    me: {
      name: string;
      email: string | null;
      organizations: { name: string; members: { edges: { node: { role: string; user: { name: string } } }[] } }[];
    } | null;
  },
  NoVariables
> = 'query BenchMyOrganizations { me { name email organizations { name members { edges { node { role user { name } } } } } } }';

export const SEARCH: TypedDocument<{ search: { edges: { node: { kind: string; headline: string } }[] } }, { q: string }> =
  'query BenchSearch($q: String!) { search(query: $q, first: 20) { edges { node { kind headline } } } }';

/** The smallest query: answered by the gateway alone. */
export const TYPENAME: TypedDocument<{ __typename: string }, NoVariables> = 'query BenchTypename { __typename }';
