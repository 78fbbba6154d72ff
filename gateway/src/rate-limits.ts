import { GraphQLError } from 'graphql';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Viewer } from '@plaza/auth';
import { addressKeyOf, rateLimiter, type RateLimitStore } from '@plaza/subgraph-kit';

/** Per minute and per caller: requests, and their summed estimated cost (see operation-limits.ts). */
interface RatePolicy {
  requests: number;
  cost: number;
}

const policySchema = z.object({ requests: z.number().int().positive(), cost: z.number().int().positive() }).strict();

/** A signed-in user is counted by user id, an API key by key id, an anonymous caller by address (IPv6 by /64). */
export interface RatePolicies {
  signedIn: RatePolicy;
  anonymous: RatePolicy;
  /** Default: DEFAULT_RATE_POLICIES.apiKey. */
  apiKey?: RatePolicy;
}

export const DEFAULT_RATE_POLICIES: RatePolicies = {
  // Ten requests a second for a minute covers any screen of the web app, refreshes included.
  signedIn: { requests: 600, cost: 250_000 },
  // Sign-in, sign-up and the public pages; identity limits failed sign-ins on its own.
  anonymous: { requests: 120, cost: 20_000 },
  // An integration's sync job: five requests a second, each of a page of a list.
  apiKey: { requests: 300, cost: 150_000 },
};

/** DEFAULT_RATE_POLICIES overridden by PLAZA_RATE_LIMITS (JSON `{"signedIn": {"requests": 300}, "apiKey": {…}, …}`). */
export function ratePoliciesOf(settings: { PLAZA_RATE_LIMITS?: string }): RatePolicies {
  if (!settings.PLAZA_RATE_LIMITS) return DEFAULT_RATE_POLICIES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(settings.PLAZA_RATE_LIMITS);
  } catch {
    throw new Error('PLAZA_RATE_LIMITS must be JSON: {"signedIn": {"requests": 600, "cost": 250000}, "anonymous": {…}, "apiKey": {…}}');
  }
  const overrides = z
    .object({
      signedIn: policySchema.partial().optional(),
      anonymous: policySchema.partial().optional(),
      apiKey: policySchema.partial().optional(),
    })
    .strict()
    .safeParse(parsed);
  if (!overrides.success)
    throw new Error(`PLAZA_RATE_LIMITS: ${overrides.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return {
    signedIn: { ...DEFAULT_RATE_POLICIES.signedIn, ...overrides.data.signedIn },
    anonymous: { ...DEFAULT_RATE_POLICIES.anonymous, ...overrides.data.anonymous },
    apiKey: { ...DEFAULT_RATE_POLICIES.apiKey!, ...overrides.data.apiKey },
  };
}

export interface RateLimits {
  /** Counts one request of `cost` for the viewer; throws RATE_LIMITED (HTTP 429, Retry-After) past either budget. */
  admit(viewer: Viewer, cost: number): Promise<void>;
}

const MINUTE = 60;

/**
 * The gateway's rate limits (rate-limiter-flexible), shared by every gateway instance through the
 * store when there is one. A refused request counts too: hammering does not shorten the wait.
 */
export function createRateLimits(policies: RatePolicies, store: RateLimitStore | null): RateLimits {
  const counters = (viewerClass: keyof RatePolicies, policy: RatePolicy) => ({
    requests: rateLimiter(store, `gateway:${viewerClass}:requests`, policy.requests, MINUTE),
    cost: rateLimiter(store, `gateway:${viewerClass}:cost`, policy.cost, MINUTE),
  });
  const signedIn = counters('signedIn', policies.signedIn);
  const anonymous = counters('anonymous', policies.anonymous);
  const apiKey = counters('apiKey', policies.apiKey ?? DEFAULT_RATE_POLICIES.apiKey!);
  return {
    async admit(viewer, cost) {
      const [limiters, key] = viewer.apiKey
        ? [apiKey, `key:${viewer.apiKey.id}`]
        : viewer.userId
          ? [signedIn, `user:${viewer.userId}`]
          : [anonymous, `address:${viewer.clientAddress ? addressKeyOf(viewer.clientAddress) : 'unknown'}`];
      await consume(limiters.requests, key, 1, 'requests');
      await consume(limiters.cost, key, Math.max(1, Math.ceil(cost)), 'estimated cost');
    },
  };
}

async function consume(limiter: RateLimiterAbstract, key: string, points: number, what: string): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new GraphQLError(`Too many requests: the ${what} allowed per minute is used up; retry in ${retryAfterSeconds} s`, {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429 },
      },
    });
  }
}
