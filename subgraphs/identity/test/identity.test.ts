import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_HEADER, generateSigningKey, signAccessToken, signViewerAssertion, signingKeysOf } from '@plaza/auth';
import { TEST_PASSWORD, createClient, expectData, expectErrorCode, startTestStack, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';

// Identity's rules need no other subgraph: the single-subgraph harness starts in seconds.
let stack: TestStack;
let identity: PrismaClient;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity'] });
  identity = stack.prisma<PrismaClient>('identity');
});
afterAll(() => stack?.stop());

const ME = graphql(`
  query IdentityMe {
    me {
      id
      email
      name
      organizations {
        id
        name
      }
    }
  }
`);
const SIGN_UP = graphql(`
  mutation IdentitySignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
    }
  }
`);
const SIGN_IN = graphql(`
  mutation IdentitySignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
    }
  }
`);
const INVITE = graphql(`
  mutation IdentityInvite($email: String!, $role: Role) {
    inviteMember(input: { email: $email, role: $role }) {
      token
      invitation {
        email
        role
      }
    }
  }
`);
const ACCEPT = graphql(`
  mutation IdentityAccept($token: String!) {
    acceptInvitation(token: $token) {
      token
      organization {
        id
      }
    }
  }
`);
const MEMBERS = graphql(`
  query IdentityMembers {
    organization {
      members {
        edges {
          node {
            role
            user {
              id
            }
          }
        }
      }
    }
  }
`);
const UPDATE_ROLE = graphql(`
  mutation IdentityUpdateRole($id: ID!, $role: Role!) {
    updateMemberRole(userId: $id, role: $role) {
      role
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation IdentityRemoveMember($id: ID!) {
    removeMember(userId: $id)
  }
`);
const CREATE_ORGANIZATION = graphql(`
  mutation IdentityCreateOrganization($name: String!) {
    createOrganization(input: { name: $name }) {
      token
      organization {
        id
        slug
      }
    }
  }
`);
const SWITCH = graphql(`
  mutation IdentitySwitch($id: ID!) {
    switchOrganization(organizationId: $id) {
      token
      organization {
        id
      }
    }
  }
`);
const USER = graphql(`
  query IdentityUser($id: ID!) {
    user(id: $id) {
      name
      email
    }
  }
`);
const ORGANIZATION = graphql(`
  query IdentityOrganization($id: ID!) {
    organization(id: $id) {
      name
    }
  }
`);
const UPDATE_PROFILE = graphql(`
  mutation IdentityUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      name
    }
  }
`);

describe('sign-up and sign-in', () => {
  it('signs up, then answers me with the user and their organizations', async () => {
    const owner = await stack.createOrganization({ name: 'Acme Yoga' });
    const data = expectData(await owner.request(ME));
    expect(data.me).toMatchObject({ id: owner.userId, email: owner.email, organizations: [{ name: 'Acme Yoga' }] });
  });

  it('refuses an email that is already registered with CONFLICT and writes nothing', async () => {
    const user = await stack.signUp();
    const again = await stack.anonymous.request(SIGN_UP, {
      input: { email: user.email.toUpperCase(), password: 'another-password', name: 'Twin' },
    });
    expectErrorCode(again, 'CONFLICT');
    expect(await identity.user.count({ where: { email: user.email } })).toBe(1);
  });

  it('names the field and limit on bad sign-up input', async () => {
    const response = await stack.anonymous.request(SIGN_UP, { input: { email: 'not-an-email', password: 'short', name: '' } });
    const error = expectErrorCode(response, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/email/);
    expect(error.message).toMatch(/password: must be at least 8 characters/);
    expect(error.message).toMatch(/name: must not be empty/);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown email', async () => {
    const user = await stack.signUp();
    const signIn = (email: string, password: string) => stack.anonymous.request(SIGN_IN, { input: { email, password } });
    const wrongPassword = expectErrorCode(await signIn(user.email, 'wrong-password'), 'UNAUTHENTICATED');
    const unknownEmail = expectErrorCode(await signIn('nobody@example.test', 'wrong-password'), 'UNAUTHENTICATED');
    expect(wrongPassword.message).toBe(unknownEmail.message);
    expectData(await signIn(user.email, TEST_PASSWORD));
  });
});

describe('access tokens', () => {
  it('treats a request without a token as anonymous', async () => {
    expect(expectData(await stack.anonymous.request(ME)).me).toBeNull();
  });

  it.each([
    ['malformed', async () => 'not-a-jwt'],
    [
      'wrongly signed',
      async () =>
        (await signAccessToken({ userId: 'u1', organizationId: null, role: null, sessionId: null }, signingKeysOf([generateSigningKey()])))
          .token,
    ],
    [
      'expired',
      async () => {
        const { kid, key } = await stack.keys.identity.current();
        return new SignJWT({})
          .setProtectedHeader({ alg: 'EdDSA', kid })
          .setSubject('u1')
          .setIssuer('plaza-identity')
          .setAudience('plaza-api')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(key);
      },
    ],
    [
      'HS256 (a shared-secret token, whatever its secret)',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('u1')
          .setIssuer('plaza-identity')
          .setAudience('plaza-api')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('x'.repeat(40))),
    ],
  ])('refuses a %s token with UNAUTHENTICATED', async (_kind, makeToken) => {
    const response = await stack.client(await makeToken()).request(ME);
    expectErrorCode(response, 'UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it('refuses subgraph requests that bypass the gateway or forge the viewer', async () => {
    const identityUrl = stack.running.subgraphs.identity!.server.url;
    expectErrorCode(await createClient(identityUrl).request(ME), 'UNAUTHENTICATED');
    const forged = await signViewerAssertion(
      { userId: 'someone', organizationId: 'org', role: 'OWNER' },
      signingKeysOf([generateSigningKey()]),
    );
    expectErrorCode(await createClient(identityUrl, undefined, { [VIEWER_HEADER]: forged }).request(ME), 'UNAUTHENTICATED');
    // The gateway's own key passes: the refusal above is about the key, not the shape.
    const real = await stack.subgraphHeadersFor({ userId: null, organizationId: null, role: null });
    expect(expectData(await createClient(identityUrl, undefined, real).request(ME)).me).toBeNull();
  });
});

describe('organizations and members', () => {
  it('lets an admin invite, and the invitee accept once', async () => {
    const owner = await stack.createOrganization();
    const invitee = await stack.signUp();
    const invite = expectData(await owner.request(INVITE, { email: invitee.email, role: 'MODERATOR' })).inviteMember;
    expect(invite.invitation).toEqual({ email: invitee.email, role: 'MODERATOR' });

    const accepted = expectData(await stack.client(invitee.token).request(ACCEPT, { token: invite.token }));
    expect(accepted.acceptInvitation.organization?.id).toBe(owner.organizationId);

    const twice = expectErrorCode(await stack.client(invitee.token).request(ACCEPT, { token: invite.token }), 'BAD_USER_INPUT');
    expect(twice.message).toMatch(/already accepted/);

    const members = expectData(await owner.request(MEMBERS));
    expect(members.organization?.members.edges.map((edge) => edge.node.role).sort()).toEqual(['MODERATOR', 'OWNER']);
  });

  it('refuses an expired invitation with BAD_USER_INPUT and adds no membership', async () => {
    const owner = await stack.createOrganization();
    const invitee = await stack.signUp();
    const { token } = expectData(await owner.request(INVITE, { email: invitee.email })).inviteMember;
    await identity.invitation.updateMany({ where: { email: invitee.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await stack.client(invitee.token).request(ACCEPT, { token });
    expect(expectErrorCode(response, 'BAD_USER_INPUT').message).toMatch(/expired/);
    expect(await identity.membership.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it('forbids members from admin-only mutations', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(await member.request(INVITE, { email: 'x@example.test' }), 'FORBIDDEN');
    expectErrorCode(await member.request(UPDATE_ROLE, { id: member.userId, role: 'ADMIN' }), 'FORBIDDEN');
  });

  it('never removes or demotes the last owner', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    expectErrorCode(await owner.request(UPDATE_ROLE, { id: owner.userId, role: 'MEMBER' }), 'CONFLICT');
    expectErrorCode(await owner.request(REMOVE_MEMBER, { id: owner.userId }), 'CONFLICT');
    expectErrorCode(await admin.request(REMOVE_MEMBER, { id: owner.userId }), 'FORBIDDEN');

    // With a second owner, the first may step down.
    expectData(await owner.request(UPDATE_ROLE, { id: admin.userId, role: 'OWNER' }));
    const demoted = expectData(await owner.request(UPDATE_ROLE, { id: owner.userId, role: 'MEMBER' }));
    expect(demoted.updateMemberRole.role).toBe('MEMBER');
  });

  it('switches organization only into organizations the user belongs to', async () => {
    const first = await stack.createOrganization();
    const second = expectData(await first.request(CREATE_ORGANIZATION, { name: 'Second' })).createOrganization;
    expect(second.organization?.slug).toMatch(/^second/);
    const switched = expectData(await stack.client(second.token).request(SWITCH, { id: first.organizationId }));
    expect(switched.switchOrganization.organization?.id).toBe(first.organizationId);
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(SWITCH, { id: first.organizationId }), 'NOT_FOUND');
  });
});

describe('tenancy', () => {
  it('shows nothing of another organization: users, organization, members', async () => {
    const a = await stack.createOrganization();
    const aMember = await stack.addMember(a, 'MEMBER');
    const b = await stack.createOrganization();

    expectErrorCode(await b.request(USER, { id: aMember.userId }), 'NOT_FOUND');
    expectErrorCode(await b.request(ORGANIZATION, { id: a.organizationId }), 'NOT_FOUND');
    expectErrorCode(await b.request(REMOVE_MEMBER, { id: aMember.userId }), 'NOT_FOUND');
    expect(await identity.membership.count({ where: { userId: aMember.userId } })).toBe(1);

    // Inside the same organization the member is visible, email only to admins.
    const seenByOwner = expectData(await a.request(USER, { id: aMember.userId }));
    expect(seenByOwner.user?.email).toBe(aMember.email);
    const other = await stack.addMember(a, 'MEMBER');
    const seenByMember = expectData(await other.request(USER, { id: aMember.userId }));
    expect(seenByMember.user).toEqual({ name: aMember.name, email: null });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const owner = await stack.createOrganization();
    expectErrorCode(await owner.request(USER, { id: 'does-not-exist' }), 'NOT_FOUND');
  });
});

describe('domain events', () => {
  it('records invitation and join events in the same transaction as the change, and relays them', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const events = await identity.outboxEvent.findMany({ where: { organizationId: owner.organizationId }, orderBy: { id: 'asc' } });
    expect(events.map((event) => event.type)).toEqual(['identity.member.joined', 'identity.invitation.created', 'identity.member.joined']);
    expect(events[0]).toMatchObject({
      subjectType: 'User',
      subjectId: owner.userId,
      payload: { userId: owner.userId, role: 'OWNER', email: owner.email, name: owner.name },
    });
    expect(events[2]).toMatchObject({
      actorId: member.userId,
      payload: { userId: member.userId, role: 'MEMBER', email: member.email, name: member.name },
    });

    // A refused invitation writes no event.
    expectErrorCode(await member.request(INVITE, { email: 'x@example.test' }), 'FORBIDDEN');
    expect(await identity.outboxEvent.count({ where: { organizationId: owner.organizationId } })).toBe(3);

    // The relay hands them to the bus: publishedAt is set.
    await stack.eventsSettled();
    expect(await identity.outboxEvent.count({ where: { organizationId: owner.organizationId, publishedAt: null } })).toBe(0);
  });

  it('records role changes, departures and name changes (once per organization) with the change', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const leaver = await stack.addMember(owner, 'MEMBER');
    // The member also owns an organization of their own: a profile change concerns both.
    const own = expectData(await member.request(CREATE_ORGANIZATION, { name: 'Own' })).createOrganization.organization?.id;
    const eventsAfter = async (since: string) =>
      (
        await identity.outboxEvent.findMany({
          where: { id: { gt: since }, subjectId: { in: [member.userId, leaver.userId] } },
          orderBy: { id: 'asc' },
        })
      ).map((event) => [event.type, event.organizationId, event.actorId, event.payload]);
    const start = (await identity.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' }, select: { id: true } })).id;

    expectData(await owner.request(UPDATE_ROLE, { id: member.userId, role: 'ADMIN' }));
    expectData(await owner.request(UPDATE_ROLE, { id: member.userId, role: 'ADMIN' })); // unchanged: no event
    expectData(await member.request(UPDATE_PROFILE, { input: { name: 'Renamed Member' } }));
    expectData(await member.request(UPDATE_PROFILE, { input: { bio: 'Only the bio' } })); // no fact others keep
    expectData(await owner.request(REMOVE_MEMBER, { id: member.userId }));
    expectData(await leaver.request(REMOVE_MEMBER, { id: leaver.userId }));

    const org = owner.organizationId;
    const renamed = { userId: member.userId, email: member.email, name: 'Renamed Member' };
    const events = await eventsAfter(start);
    expect(events.filter(([type]) => type !== 'identity.user.profile_changed')).toEqual([
      ['identity.member.role_changed', org, owner.userId, { userId: member.userId, role: 'ADMIN', previousRole: 'MEMBER' }],
      ['identity.member.left', org, owner.userId, { userId: member.userId, reason: 'REMOVED' }],
      ['identity.member.left', org, leaver.userId, { userId: leaver.userId, reason: 'LEFT' }],
    ]);
    // One per organization the member belonged to (recorded in one transaction, in no set order).
    expect(events.filter(([type]) => type === 'identity.user.profile_changed')).toEqual(
      expect.arrayContaining([
        ['identity.user.profile_changed', org, member.userId, renamed],
        ['identity.user.profile_changed', own, member.userId, renamed],
      ]),
    );
    expect(events).toHaveLength(5);
  });
});

const SIGN_IN_TOKENS = graphql(`
  mutation IdentitySignInTokens($input: SignInInput!) {
    signIn(input: $input) {
      token
      expiresAt
      refreshToken
      refreshTokenExpiresAt
      organization {
        id
      }
    }
  }
`);
const REFRESH = graphql(`
  mutation IdentityRefresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      token
      refreshToken
      organization {
        id
      }
    }
  }
`);
const SIGN_OUT = graphql(`
  mutation IdentitySignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);
const SIGN_OUT_EVERYWHERE = graphql(`
  mutation IdentitySignOutEverywhere {
    signOutEverywhere
  }
`);

describe('sessions: short access tokens, rotating refresh tokens', () => {
  const signIn = async (email: string) =>
    expectData(await stack.anonymous.request(SIGN_IN_TOKENS, { input: { email, password: TEST_PASSWORD } })).signIn;

  it('issues an access token of at most 15 minutes and a one-use refresh token', async () => {
    const owner = await stack.createOrganization();
    const session = await signIn(owner.email);
    const lifetime = new Date(session.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    expect(session.refreshToken).toMatch(/^plzr_/);
    expect(session.organization?.id).toBe(owner.organizationId);
    // Stored as a hash only: the token itself is nowhere in the database.
    expect(await identity.refreshToken.count({ where: { tokenHash: session.refreshToken! } })).toBe(0);

    const rotated = expectData(await stack.anonymous.request(REFRESH, { refreshToken: session.refreshToken! })).refreshToken;
    expect(rotated.refreshToken).toMatch(/^plzr_/);
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    expect(rotated.organization?.id).toBe(owner.organizationId);
    expect(expectData(await stack.client(rotated.token).request(ME)).me?.id).toBe(owner.userId);
  });

  it('ends the whole session when a used refresh token comes back (a copy was taken)', async () => {
    const user = await stack.signUp();
    const first = await signIn(user.email);
    const second = expectData(await stack.anonymous.request(REFRESH, { refreshToken: first.refreshToken! })).refreshToken;
    const replay = expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: first.refreshToken! }), 'UNAUTHENTICATED');
    expect(replay.message).toMatch(/already used; the session has ended/);
    // The legitimate holder's newer token is dead too, and so is the session's access token.
    expect(
      expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: second.refreshToken! }), 'UNAUTHENTICATED').message,
    ).toMatch(/session .* has ended/);
    expectErrorCode(await stack.client(second.token).request(ME), 'UNAUTHENTICATED');
  });

  it('refuses unknown, expired and foreign refresh tokens with UNAUTHENTICATED', async () => {
    const user = await stack.signUp();
    const other = await stack.signUp();
    expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: 'plzr_not-a-token' }), 'UNAUTHENTICATED');
    const expiring = await signIn(user.email);
    await identity.refreshToken.updateMany({
      where: { session: { userId: user.userId } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: expiring.refreshToken! }), 'UNAUTHENTICATED').message,
    ).toMatch(/expired/);
    const mine = await signIn(user.email);
    expectErrorCode(await stack.client(other.token).request(REFRESH, { refreshToken: mine.refreshToken! }), 'UNAUTHENTICATED');
  });

  it('signs out one session, or every session, and their access tokens stop working at once', async () => {
    const owner = await stack.createOrganization();
    const phone = await signIn(owner.email);
    const laptop = await signIn(owner.email);
    expect(expectData(await stack.anonymous.request(SIGN_OUT, { refreshToken: phone.refreshToken! })).signOut).toBe(true);
    expectErrorCode(await stack.client(phone.token).request(ME), 'UNAUTHENTICATED');
    expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: phone.refreshToken! }), 'UNAUTHENTICATED');
    expect(expectData(await stack.client(laptop.token).request(ME)).me?.id).toBe(owner.userId);

    const ended = expectData(await stack.client(laptop.token).request(SIGN_OUT_EVERYWHERE)).signOutEverywhere;
    expect(ended).toBeGreaterThanOrEqual(2);
    expectErrorCode(await stack.client(laptop.token).request(ME), 'UNAUTHENTICATED');
    expectErrorCode(await stack.anonymous.request(REFRESH, { refreshToken: laptop.refreshToken! }), 'UNAUTHENTICATED');
  });
});

describe('keys', () => {
  it('publishes the public keys as a JWKS, without their private parts', async () => {
    const identityUrl = new URL(stack.running.subgraphs.identity!.server.url);
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', identityUrl))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.any(String) as string });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
