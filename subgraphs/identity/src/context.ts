import { ACCESS_TOKEN_MAX_TTL_SECONDS, keyFileIn, resolveSigningKeys } from '@plaza/auth';
import { dataSettings, keySettings, messagingSettings, runtimeSettings } from '@plaza/config';
import { dataDirOf } from '@plaza/db';
import { BROADCAST, VIEWER_ACCESS_CHANGED, type ViewerAccessChange } from '@plaza/events';
import { rateLimitStoreOf, type ServiceDependencies, type SubgraphContext } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { ApiKeyService } from './api-key/api-key.service.ts';
import { AuthService } from './auth/auth.service.ts';
import { DEFAULT_PASSWORD_COST } from './auth/password.ts';
import { createSignInLimits } from './auth/sign-in-limits.ts';
import { InvitationService } from './invitation/invitation.service.ts';
import type { IdentityLoaders } from './loaders.ts';
import { MembershipService } from './membership/membership.service.ts';
import { OrganizationService } from './organization/organization.service.ts';
import type { IdentityRepositories } from './repositories.ts';
import { UserService } from './user/user.service.ts';

const count = (unit: string) => z.coerce.number().int(`must be a whole number of ${unit}`).min(1, 'must be at least 1');

/** Identity issues the tokens: its signing keys, the tokens' lifetimes and the sign-in limits. */
export const identitySettings = z.object({
  ...runtimeSettings.pick({ NODE_ENV: true }).shape,
  ...keySettings.pick({ PLAZA_IDENTITY_SIGNING_KEYS: true }).shape,
  ...dataSettings.pick({ PLAZA_DATA_DIR: true }).shape,
  // Sign-in counters go to Redis when events or live updates do: then identity may run as several processes.
  ...messagingSettings.pick({ PLAZA_EVENT_BUS: true, PLAZA_PUBSUB: true, REDIS_URL: true, PLAZA_LIVE_PREFIX: true }).shape,
  /** Access-token lifetime in seconds, 60 to 900 (15 minutes). */
  PLAZA_ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(60, 'must be at least 60')
    .max(ACCESS_TOKEN_MAX_TTL_SECONDS, `must be at most ${ACCESS_TOKEN_MAX_TTL_SECONDS}`)
    .default(ACCESS_TOKEN_MAX_TTL_SECONDS),
  /** Refresh-token lifetime in days: how long a session lasts without use. */
  PLAZA_REFRESH_TOKEN_TTL_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(30),
  /** Wrong passwords in a row for one email before each further attempt waits. */
  PLAZA_SIGN_IN_FREE_FAILURES: count('attempts').default(5),
  /** Failed sign-ins (and sign-ups refused as taken) from one client address per day before it waits. */
  PLAZA_SIGN_IN_ADDRESS_FAILURES: count('attempts').default(100),
  /** The first wait, in seconds; it doubles with each further failure. */
  PLAZA_SIGN_IN_WAIT_SECONDS: count('seconds').default(1),
  /**
   * scrypt's cost for new password hashes as a power of two (N = 2^cost). Lower only in tests,
   * where hundreds of sign-ups would otherwise spend their time hashing; existing hashes keep
   * the cost they were made with.
   */
  PLAZA_PASSWORD_COST: z.coerce
    .number()
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .max(20, 'must be at most 20')
    .default(DEFAULT_PASSWORD_COST),
  /** The longest wait, in seconds. */
  PLAZA_SIGN_IN_MAX_WAIT_SECONDS: count('seconds').default(900),
});

export function createServices({ data, live, settings }: ServiceDependencies<IdentityRepositories, z.output<typeof identitySettings>>) {
  const onAccessChanged = (change: ViewerAccessChange) => live.pubsub.publish(VIEWER_ACCESS_CHANGED, BROADCAST, change);
  const auth = new AuthService({
    data,
    keys: resolveSigningKeys({
      configured: settings.PLAZA_IDENTITY_SIGNING_KEYS,
      variable: 'PLAZA_IDENTITY_SIGNING_KEYS',
      production: settings.NODE_ENV === 'production',
      file: keyFileIn(dataDirOf(settings), 'identity'),
    }),
    accessTokenTtlSeconds: settings.PLAZA_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: settings.PLAZA_REFRESH_TOKEN_TTL_DAYS,
    passwordCost: settings.PLAZA_PASSWORD_COST,
    onAccessChanged,
    signInLimits: createSignInLimits(
      {
        accountFreeFailures: settings.PLAZA_SIGN_IN_FREE_FAILURES,
        addressFreeFailures: settings.PLAZA_SIGN_IN_ADDRESS_FAILURES,
        firstDelaySeconds: settings.PLAZA_SIGN_IN_WAIT_SECONDS,
        maxDelaySeconds: Math.max(settings.PLAZA_SIGN_IN_MAX_WAIT_SECONDS, settings.PLAZA_SIGN_IN_WAIT_SECONDS),
      },
      rateLimitStoreOf(settings),
    ),
  });
  return {
    auth,
    users: new UserService({ data }),
    organizations: new OrganizationService({ data, auth }),
    memberships: new MembershipService({ data, onAccessChanged }),
    invitations: new InvitationService({ data, auth }),
    apiKeys: new ApiKeyService({ data }),
  };
}

export type IdentityServices = ReturnType<typeof createServices>;

export type IdentityContext = SubgraphContext<IdentityServices, IdentityLoaders>;
