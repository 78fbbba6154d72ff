/** Re-check timing of subscriptions, as an operator sets it without code. */
export interface SubscriptionTiming {
  revalidateMs?: number;
  membershipGraceMs?: number;
}

/**
 * PLAZA_SUBSCRIPTION_RECHECK_MS and PLAZA_SUBSCRIPTION_GRACE_MS; unset means the gateway's
 * defaults. A value that is not a positive whole number of milliseconds stops the start with the
 * variable's name, rather than silently re-checking every NaN ms.
 */
export function subscriptionTimingFromEnv(env: NodeJS.ProcessEnv = process.env): SubscriptionTiming {
  return {
    revalidateMs: positiveMs(env, 'PLAZA_SUBSCRIPTION_RECHECK_MS'),
    membershipGraceMs: positiveMs(env, 'PLAZA_SUBSCRIPTION_GRACE_MS'),
  };
}

function positiveMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive whole number of milliseconds; got "${raw}"`);
  }
  return value;
}
