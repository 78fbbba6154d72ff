/**
 * A two-subgraph supergraph for unit tests: `posts` owns the `postAdded` subscription and each
 * post's author id, `people` owns the author's name, so completing an event takes a second fetch.
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

const posts = `${FEDERATION}
type Post @key(fields: "id") { id: ID! title: String! author: User! }
type User @key(fields: "id", resolvable: false) { id: ID! }
type Query { post(id: ID!): Post }
type Subscription { postAdded(spaceId: ID!): Post! }`;

const people = `${FEDERATION}
type User @key(fields: "id") { id: ID! name: String! }
type Query { user(id: ID!): User }`;

export function composeTestSupergraph(): string {
  const result = composeServices([
    { name: 'posts', url: 'http://posts.invalid/graphql', typeDefs: parse(posts) },
    { name: 'people', url: 'http://people.invalid/graphql', typeDefs: parse(people) },
  ]);
  if (result.errors) throw new Error(`The test supergraph does not compose: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.supergraphSdl;
}

export const POST_ADDED = 'subscription PostAdded($spaceId: ID!) { postAdded(spaceId: $spaceId) { id title author { id name } } }';
