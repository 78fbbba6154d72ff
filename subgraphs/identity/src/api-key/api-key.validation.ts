import { z } from 'zod';
import { API_KEY_DOMAINS, type ApiKeyScope } from '@plaza/auth';
import { connectionArgsSchema } from '@plaza/subgraph-kit';
import type { ApiKeyScope as ApiKeyScopeEnum } from '../generated/graphql.ts';

/** GraphQL enum value (`COMMUNITY_WRITE`) ↔ scope (`community:write`). */
const SCOPE_VALUES = API_KEY_DOMAINS.flatMap((domain) =>
  (['read', 'write'] as const).map((access) => ({
    value: `${domain.toUpperCase()}_${access.toUpperCase()}` as ApiKeyScopeEnum,
    scope: `${domain}:${access}` satisfies ApiKeyScope,
  })),
);

const scopeOf = (value: ApiKeyScopeEnum): ApiKeyScope => SCOPE_VALUES.find((entry) => entry.value === value)!.scope;

export const scopeValueOf = (scope: string): ApiKeyScopeEnum | undefined => SCOPE_VALUES.find((entry) => entry.scope === scope)?.value;

/** Longest life of a key: an integration must be re-keyed at least this often. */
const MAX_LIFETIME_DAYS = 730;

export const createApiKeyInput = (now: Date) =>
  z.object({
    name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    scopes: z
      .array(z.enum(SCOPE_VALUES.map((entry) => entry.value) as [ApiKeyScopeEnum, ...ApiKeyScopeEnum[]]))
      .min(1, 'must hold at least one scope')
      .transform((values) => [...new Set(values.map(scopeOf))]),
    expiresAt: z
      .date()
      .refine((date) => date > now, `must be in the future (now is ${now.toISOString()})`)
      .refine(
        (date) => date.getTime() - now.getTime() <= MAX_LIFETIME_DAYS * 86_400_000,
        `must be at most ${MAX_LIFETIME_DAYS} days from now`,
      ),
  });

export const apiKeysArgs = connectionArgsSchema.extend({
  includeRevoked: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
});

/** A presented key: bounded so junk never reaches a query; its shape is checked by the service. */
export const presentedKeySchema = z.string().max(200, 'must be at most 200 characters');
