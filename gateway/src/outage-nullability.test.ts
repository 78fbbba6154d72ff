import { describe, expect, it } from 'vitest';
import { outageNullabilityViolations } from './outage-nullability.ts';

const identity = {
  name: 'identity',
  sdl: `
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String! }
    type Membership { user: User! }`,
};

const coordinates = (subgraphs: { name: string; sdl: string }[]) =>
  outageNullabilityViolations(subgraphs).map((violation) => violation.coordinate);

describe('outage nullability', () => {
  it('refuses a non-null root query field, naming its subgraph', () => {
    const [violation] = outageNullabilityViolations([identity, { name: 'community', sdl: 'type Query { homeFeed: [String!]! }' }]);
    expect(violation).toEqual({
      coordinate: 'Query.homeFeed',
      subgraph: 'community',
      message: expect.stringContaining("while community is unreachable, the whole answer's data is null"),
    });
  });

  it("refuses a non-null reference to another subgraph's entity whose non-null fields only that subgraph resolves", () => {
    const community = (memberUser: string) => ({
      name: 'community',
      sdl: `
        type User @key(fields: "id", resolvable: false) { id: ID! }
        type Group { members: [GroupMember!]! }
        type GroupMember { user: ${memberUser} }`,
    });
    const [violation] = outageNullabilityViolations([identity, community('User!')]);
    expect(violation?.coordinate).toBe('GroupMember.user');
    expect(violation?.message).toContain('name (identity)');
    expect(coordinates([identity, community('User')])).toEqual([]);
  });

  it("refuses a non-null field added to another subgraph's entity that the owner returns through a non-null field", () => {
    const community = (posts: string) => ({ name: 'community', sdl: `type User @key(fields: "id") { id: ID! posts: ${posts} }` });
    // identity's Membership.user: User! would carry community's null into identity's data.
    expect(coordinates([identity, community('[String!]!')])).toEqual(['Membership.user']);
    expect(coordinates([identity, community('[String!]')])).toEqual([]);
  });

  it('lets a null stop at a nullable list item, and leaves key, external and inaccessible fields and mutations alone', () => {
    const community = {
      name: 'community',
      sdl: `
        type User @key(fields: "id") { id: ID! name: String! @external nickname: String @requires(fields: "name") }
        type Query { members: [User]! @inaccessible }
        type Mutation { follow: User! }
        type Space { members: [User]! }`,
    };
    expect(coordinates([identity, community])).toEqual([]);
  });
});
