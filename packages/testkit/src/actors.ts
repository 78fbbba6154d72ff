import { randomBytes } from 'node:crypto';
import type { Role } from '@plaza/auth';
import { createClient, expectData, type GraphQLClient } from './client.ts';
import { graphql } from './graphql/index.ts';

/** A signed-in user acting in one organization, with a client that sends their token. */
export interface Actor extends GraphQLClient {
  token: string;
  userId: string;
  organizationId: string;
  email: string;
  name: string;
}

/** Creating users, organizations and memberships through the API of a running supergraph. */
export interface ActorHelpers {
  /** Signs up a new user (no organization yet). */
  signUp(overrides?: {
    email?: string;
    name?: string;
    password?: string;
  }): Promise<{ token: string; userId: string; email: string; name: string }>;
  /**
   * A new user who creates a new organization and owns it. Like every helper here that changes a
   * membership, it returns once every consumer of identity's events has applied it (member
   * directories are eventually consistent), so the next request sees the change.
   */
  createOrganization(overrides?: { name?: string }): Promise<Actor>;
  /** A new user invited into the owner's organization with `role`, signed in there. */
  addMember(owner: Actor, role?: Role): Promise<Actor>;
  /** `admin` removes the user from admin's organization (or, when it is their own id, leaves). */
  removeMember(admin: Actor, userId: string): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';
let sequence = 0;
export const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString('hex')}`;

const SIGN_UP = graphql(`
  mutation TestkitSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        id
      }
    }
  }
`);
const CREATE_ORGANIZATION = graphql(`
  mutation TestkitCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      token
      organization {
        id
      }
    }
  }
`);
const INVITE_MEMBER = graphql(`
  mutation TestkitInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      token
    }
  }
`);
const ACCEPT_INVITATION = graphql(`
  mutation TestkitAcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      token
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation TestkitRemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

/** The helpers against the gateway at `url`; `eventsSettled` waits until every consumer has applied what was recorded. */
export function actorHelpers(url: string, eventsSettled: () => Promise<void>): ActorHelpers {
  const anonymous = createClient(url);
  const actor = (user: { token: string; userId: string; email: string; name: string }, organizationId: string): Actor => ({
    ...user,
    organizationId,
    ...createClient(url, user.token),
  });
  const helpers: ActorHelpers = {
    async signUp(overrides = {}) {
      const id = unique();
      const email = overrides.email ?? `user-${id}@example.test`;
      const name = overrides.name ?? `User ${id}`;
      const { signUp } = expectData(
        await anonymous.request(SIGN_UP, { input: { email, name, password: overrides.password ?? TEST_PASSWORD } }),
      );
      return { token: signUp.token, userId: signUp.user.id, email, name };
    },
    async createOrganization(overrides = {}) {
      const user = await helpers.signUp();
      const { createOrganization } = expectData(
        await createClient(url, user.token).request(CREATE_ORGANIZATION, { input: { name: overrides.name ?? `Org ${unique()}` } }),
      );
      const organization = createOrganization.organization;
      if (!organization) throw new Error('createOrganization returned no organization');
      await eventsSettled();
      return actor({ ...user, token: createOrganization.token }, organization.id);
    },
    async addMember(owner, role = 'MEMBER') {
      const user = await helpers.signUp();
      const invited = expectData(await owner.request(INVITE_MEMBER, { input: { email: user.email, role } }));
      const accepted = expectData(await createClient(url, user.token).request(ACCEPT_INVITATION, { token: invited.inviteMember.token }));
      await eventsSettled();
      return actor({ ...user, token: accepted.acceptInvitation.token }, owner.organizationId);
    },
    async removeMember(admin, userId) {
      expectData(await admin.request(REMOVE_MEMBER, { userId }));
      await eventsSettled();
    },
  };
  return helpers;
}
