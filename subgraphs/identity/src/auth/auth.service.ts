import { signAccessToken, type Viewer } from '@plaza/auth';
import { ANONYMOUS } from '@plaza/auth';
import { DomainError, notFound, requireUser, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { MembershipRecord } from '../membership/membership.repository.ts';
import type { IdentityRepositories } from '../repositories.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import type { signInInput, signUpInput } from './auth.validation.ts';

/** A freshly issued access token and whom it speaks for. */
export interface AuthResult {
  token: string;
  expiresAt: Date;
  userId: string;
  organizationId: string | null;
}

export interface AuthServiceDeps {
  data: DataAccess<IdentityRepositories>;
  jwtSecret: string;
  tokenTtlSeconds?: number;
}

const INVALID_CREDENTIALS = 'Invalid email or password';

export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async signUp(input: z.output<typeof signUpInput>): Promise<AuthResult> {
    const { users } = this.deps.data.repositories(ANONYMOUS);
    if (await users.findByEmailWithPasswordHash(input.email)) {
      throw new DomainError('CONFLICT', `Email ${input.email} is already registered`, { field: 'email' });
    }
    const user = await users.create({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password) });
    return this.issue(user.id, null);
  }

  async signIn(input: z.output<typeof signInInput>): Promise<AuthResult> {
    const { users, memberships } = this.deps.data.repositories(ANONYMOUS);
    const user = await users.findByEmailWithPasswordHash(input.email);
    // Same work and same message whether or not the email exists.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash));
    if (!user || !valid) throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);

    const membership = input.organizationId
      ? await memberships.find(input.organizationId, user.id)
      : await memberships.findFirstOfUser(user.id);
    if (input.organizationId && !membership) throw notFound('Organization', input.organizationId);
    return this.issue(user.id, membership);
  }

  async switchOrganization(viewer: Viewer, organizationId: string): Promise<AuthResult> {
    const { userId } = requireUser(viewer);
    const membership = await this.deps.data.repositories(viewer).memberships.find(organizationId, userId);
    if (!membership) throw notFound('Organization', organizationId);
    return this.issue(userId, membership);
  }

  /** A token for the user acting in the membership's organization (or in none). */
  async issue(userId: string, membership: Pick<MembershipRecord, 'organizationId' | 'role'> | null): Promise<AuthResult> {
    const { token, expiresAt } = await signAccessToken(
      { userId, organizationId: membership?.organizationId ?? null, role: membership?.role ?? null },
      this.deps.jwtSecret,
      this.deps.tokenTtlSeconds,
    );
    return { token, expiresAt, userId, organizationId: membership?.organizationId ?? null };
  }
}
