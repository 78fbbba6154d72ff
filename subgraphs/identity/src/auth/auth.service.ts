import { createHash, randomBytes } from 'node:crypto';
import { ANONYMOUS, signAccessToken, type SigningKeys, type Viewer } from '@plaza/auth';
import type { ViewerAccessChange } from '@plaza/events';
import { DomainError, notFound, requireUser, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { Role } from '../generated/prisma/enums.ts';
import type { OrganizationRecord } from '../organization/organization.repository.ts';
import type { SessionRecord } from '../session/session.repository.ts';
import type { IdentityRepositories } from '../repositories.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { addressKeyOf } from '@plaza/subgraph-kit';
import type { SignInLimits } from './sign-in-limits.ts';
import type { signInInput, signUpInput } from './auth.validation.ts';

/** Tokens just issued and whom they speak for. */
export interface AuthResult {
  token: string;
  expiresAt: Date;
  /** A new refresh token when a session starts or rotates; null when an existing session only changed organization. */
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
  userId: string;
  sessionId: string;
  organization: OrganizationRecord | null;
}

export interface AuthServiceDeps {
  data: DataAccess<IdentityRepositories>;
  /** Identity's signing keys (current first). */
  keys: SigningKeys;
  /** Access-token lifetime, at most 15 minutes. */
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Told after commit when what a user may do changed, so gateways drop their cached view at once. */
  onAccessChanged(change: ViewerAccessChange): void;
  /** Counters for the sign-in limits (sign-in-limits.ts): in memory, or in Redis shared by identity processes. */
  signInLimits: SignInLimits;
  /** scrypt's cost as a power of two for new password hashes (password.ts); the default outside tests. */
  passwordCost?: number;
  now?: () => Date;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const REFRESH_TOKEN_PREFIX = 'plzr_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

type Membership = { organizationId: string; role: Role } | null;

/** Where an attempt is counted: its email, and the client address the gateway signed (when it gave one). */
interface AttemptKeys {
  account: string;
  address: string | null;
}

/**
 * Sign-in sessions: short access tokens (EdDSA, ≤ 15 min) and rotating refresh tokens. A
 * refresh token is opaque, stored hashed, and good for one exchange; presenting a used one
 * means it was copied, so the whole session ends.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {
    // Hashed now, so the first sign-in with an unknown email takes no longer than later ones.
    void decoyPasswordHash(deps.passwordCost);
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** Identity's public keys, as the JWKS the gateway verifies access tokens with. */
  get publicKeySet() {
    return this.deps.keys.publicKeySet;
  }

  async signUp(input: z.output<typeof signUpInput>, clientAddress: string | null = null): Promise<AuthResult> {
    const { users } = this.deps.data.repositories(ANONYMOUS);
    const address = clientAddress ? addressKeyOf(clientAddress) : null;
    await this.refuseWhileWaiting({ account: null, address });
    // Sign-up opens a session at once, so it cannot hide that an address is taken. Each such
    // answer costs the client address as a failed sign-in does, which bounds how fast anyone can
    // probe for accounts either way (README, Security).
    if (await users.findByEmailWithPasswordHash(input.email)) {
      if (address) await this.countFailure(this.deps.signInLimits.addressFailures, address, 'address');
      throw new DomainError('CONFLICT', `Email ${input.email} is already registered`, { field: 'email' });
    }
    const user = await users.create({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password, this.deps.passwordCost),
    });
    return this.startSession(user.id, null);
  }

  /**
   * Wrong passwords in a row for one email, and failures from one client address in a day, are
   * free up to the policy's numbers; past them each attempt waits, twice as long after each
   * further failure (RATE_LIMITED with retryAfterSeconds). An email is counted whether or not
   * it has an account, so the answers never tell which. A success clears its email's count, not
   * its address's: a valid account must not buy an address more guesses at others.
   */
  async signIn(input: z.output<typeof signInInput>, clientAddress: string | null = null): Promise<AuthResult> {
    const keys: AttemptKeys = { account: input.email, address: clientAddress ? addressKeyOf(clientAddress) : null };
    await this.refuseWhileWaiting(keys);
    // Counted (and the next wait set) before the slow password check rather than after it, so a
    // burst of parallel guesses cannot all pass the check above while the hashes are computed.
    await this.countFailure(this.deps.signInLimits.accountFailures, keys.account, 'account');
    const user = await this.deps.data.repositories(ANONYMOUS).users.findByEmailWithPasswordHash(input.email);
    // Same work and same message whether or not the email exists.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash(this.deps.passwordCost)));
    if (!user || !valid) {
      if (keys.address) await this.countFailure(this.deps.signInLimits.addressFailures, keys.address, 'address');
      throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }
    await Promise.all([
      this.deps.signInLimits.accountFailures.delete(keys.account),
      this.deps.signInLimits.blocks.delete(`account:${keys.account}`),
    ]);
    // From here on the request acts for the user it has just authenticated.
    const { memberships } = this.deps.data.repositories({ organizationId: null, userId: user.id });
    const membership = input.organizationId
      ? await memberships.find(input.organizationId, user.id)
      : await memberships.findFirstOfUser(user.id);
    if (input.organizationId && !membership) throw notFound('Organization', input.organizationId);
    return this.startSession(user.id, membership);
  }

  async switchOrganization(viewer: Viewer, organizationId: string): Promise<AuthResult> {
    const { userId } = requireUser(viewer);
    const membership = await this.deps.data.repositories(viewer).memberships.find(organizationId, userId);
    if (!membership) throw notFound('Organization', organizationId);
    return this.continueSession(viewer, membership);
  }

  /**
   * Tokens for the viewer acting in `membership`'s organization (a new organization, an
   * accepted invitation): in the viewer's session when it is still live, else in a new one.
   */
  async continueSession(viewer: Viewer, membership: Membership): Promise<AuthResult> {
    const { userId } = requireUser(viewer);
    if (viewer.sessionId) {
      const { sessions } = this.deps.data.repositories(viewer);
      const session = await sessions.find(viewer.sessionId);
      if (session && !session.revokedAt && session.userId === userId) {
        await sessions.moveToOrganization(session.id, membership?.organizationId ?? null);
        return this.issue(userId, session.id, membership, null);
      }
    }
    return this.startSession(userId, membership);
  }

  /** Exchanges a refresh token for new tokens (rotation). Reuse of a used token ends the session. */
  async refresh(viewer: Viewer, refreshToken: string): Promise<AuthResult> {
    const now = this.now();
    type Verdict =
      { session: SessionRecord; refused?: never; revoked?: never } | { session?: never; refused: string; revoked?: SessionRecord };
    const verdict = await this.deps.data.transaction(ANONYMOUS, async ({ sessions }): Promise<Verdict> => {
      const stored = refreshToken.startsWith(REFRESH_TOKEN_PREFIX) ? await sessions.findRefreshToken(hashToken(refreshToken)) : null;
      if (!stored) return { refused: 'Refresh token is not valid' };
      const { session } = stored;
      if (viewer.userId && viewer.userId !== session.userId) return { refused: 'Refresh token is not valid' };
      if (session.revokedAt) return { refused: 'The session of this refresh token has ended; sign in again' };
      if (stored.usedAt || !(await sessions.markRefreshTokenUsed(stored.id, now))) {
        await sessions.revoke(session.id, 'refresh token reused', now);
        return { refused: 'Refresh token was already used; the session has ended, sign in again', revoked: session };
      }
      if (stored.expiresAt <= now) return { refused: 'Refresh token has expired; sign in again' };
      await sessions.markRefreshed(session.id, now);
      return { session };
    });
    if (!verdict.session) {
      if (verdict.revoked) this.deps.onAccessChanged({ userId: verdict.revoked.userId, organizationId: null, reason: 'SIGNED_OUT' });
      throw new DomainError('UNAUTHENTICATED', verdict.refused);
    }
    const { session } = verdict;
    const organizationId = session.activeOrganizationId;
    // The role as it is now: a demotion since the last token shows in the next one.
    const membership = organizationId
      ? await this.deps.data.repositories({ organizationId, userId: session.userId }).memberships.find(organizationId, session.userId)
      : null;
    const rotated = await this.newRefreshToken(session.id);
    return this.issue(session.userId, session.id, membership, rotated);
  }

  /** Ends the session of a refresh token (true), whoever presents it: a stolen token is best ended. */
  async signOut(refreshToken: string): Promise<boolean> {
    const { sessions } = this.deps.data.repositories(ANONYMOUS);
    const stored = refreshToken.startsWith(REFRESH_TOKEN_PREFIX) ? await sessions.findRefreshToken(hashToken(refreshToken)) : null;
    if (!stored) throw new DomainError('UNAUTHENTICATED', 'Refresh token is not valid');
    if (await sessions.revoke(stored.sessionId, 'signed out', this.now())) {
      this.deps.onAccessChanged({ userId: stored.session.userId, organizationId: null, reason: 'SIGNED_OUT' });
    }
    return true;
  }

  /** Ends every session of the viewer; returns how many were live. */
  async signOutEverywhere(viewer: Viewer): Promise<number> {
    const { userId } = requireUser(viewer);
    const ended = await this.deps.data.repositories(viewer).sessions.revokeAllOfUser(userId, 'signed out everywhere', this.now());
    this.deps.onAccessChanged({ userId, organizationId: null, reason: 'SIGNED_OUT' });
    return ended;
  }

  /** Whether the viewer's session is live (true for a token issued without one). */
  async sessionActive(viewer: Viewer): Promise<boolean> {
    if (!viewer.userId || !viewer.sessionId) return true;
    const session = await this.deps.data.repositories(viewer).sessions.find(viewer.sessionId);
    return !!session && !session.revokedAt && session.userId === viewer.userId;
  }

  /** RATE_LIMITED while the email or the address has a wait in force, naming the longer one. */
  private async refuseWhileWaiting(keys: { account: string | null; address: string | null }): Promise<void> {
    const { blocks } = this.deps.signInLimits;
    const [account, address] = await Promise.all([
      keys.account ? blocks.get(`account:${keys.account}`) : null,
      keys.address ? blocks.get(`address:${keys.address}`) : null,
    ]);
    const accountMs = account?.msBeforeNext ?? 0;
    const addressMs = address?.msBeforeNext ?? 0;
    if (accountMs <= 0 && addressMs <= 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(accountMs, addressMs) / 1000));
    const what = accountMs >= addressMs ? 'for this email address' : 'from this client address';
    throw new DomainError('RATE_LIMITED', `Too many failed attempts ${what}; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      limitedBy: accountMs >= addressMs ? 'ACCOUNT' : 'ADDRESS',
    });
  }

  /**
   * Adds a failure to `key`'s count; once the count reaches the free number, the key waits:
   * the first delay, doubled for each failure past it, at most the longest.
   */
  private async countFailure(counter: SignInLimits['accountFailures'], key: string, kind: 'account' | 'address'): Promise<void> {
    const { policy, blocks } = this.deps.signInLimits;
    const free = kind === 'account' ? policy.accountFreeFailures : policy.addressFreeFailures;
    const { consumedPoints } = await counter.penalty(key);
    if (consumedPoints < free) return;
    const delaySeconds = Math.min(policy.firstDelaySeconds * 2 ** (consumedPoints - free), policy.maxDelaySeconds);
    await blocks.block(`${kind}:${key}`, delaySeconds);
  }

  private async startSession(userId: string, membership: Membership): Promise<AuthResult> {
    const session = await this.deps.data.repositories({ organizationId: null, userId }).sessions.create({
      userId,
      activeOrganizationId: membership?.organizationId ?? null,
    });
    return this.issue(userId, session.id, membership, await this.newRefreshToken(session.id));
  }

  private async newRefreshToken(sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = `${REFRESH_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.now().getTime() + this.deps.refreshTokenTtlDays * 86_400_000);
    await this.deps.data.repositories(ANONYMOUS).sessions.addRefreshToken({ sessionId, tokenHash: hashToken(token), expiresAt });
    return { token, expiresAt };
  }

  private async issue(
    userId: string,
    sessionId: string,
    membership: Membership,
    refresh: { token: string; expiresAt: Date } | null,
  ): Promise<AuthResult> {
    const organizationId = membership?.organizationId ?? null;
    const { token, expiresAt } = await signAccessToken(
      { userId, organizationId, role: membership?.role ?? null, sessionId },
      this.deps.keys,
      this.deps.accessTokenTtlSeconds,
    );
    const [organization] = organizationId
      ? await this.deps.data.repositories({ organizationId, userId }).organizations.findByIds([organizationId])
      : [];
    return {
      token,
      expiresAt,
      refreshToken: refresh?.token ?? null,
      refreshTokenExpiresAt: refresh?.expiresAt ?? null,
      userId,
      sessionId,
      organization: organization ?? null,
    };
  }
}
