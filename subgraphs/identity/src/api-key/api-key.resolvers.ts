import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { ApiKeyResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { apiKeysArgs, createApiKeyInput, presentedKeySchema, scopeValueOf } from './api-key.validation.ts';

export const apiKeyQueries: QueryResolvers = {
  apiKeys: (_, args, { viewer, services }) => services.apiKeys.list(viewer, parseInput(apiKeysArgs, args)),
  apiKeyAccess: (_, { key }, { services }) => services.apiKeys.verify(parseInput(presentedKeySchema, key)),
};

export const apiKeyMutations: MutationResolvers = {
  createApiKey: (_, { input }, { viewer, services }) =>
    services.apiKeys.create(viewer, parseInput(createApiKeyInput(services.apiKeys.now()), input)),
  rotateApiKey: (_, { id }, { viewer, services }) => services.apiKeys.rotate(viewer, parseInput(idSchema, id)),
  revokeApiKey: (_, { id }, { viewer, services }) => services.apiKeys.revoke(viewer, parseInput(idSchema, id)),
};

export const ApiKey: ApiKeyResolvers = {
  prefix: (apiKey) => `plz_${apiKey.publicId}`,
  scopes: (apiKey) => apiKey.scopes.flatMap((scope) => scopeValueOf(scope) ?? []),
  createdBy: (apiKey, _, { loaders }) => loaders.visibleUserById.load(apiKey.createdById),
};
