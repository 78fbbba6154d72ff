import type { Connection } from '@plaza/subgraph-kit';
import type { ApiKeyRecord } from './api-key.repository.ts';
import type { ApiKeyVerdict, IssuedApiKey } from './api-key.service.ts';

export type { ApiKeyRecord as ApiKeyMapper } from './api-key.repository.ts';
export type ApiKeyConnectionMapper = Connection<ApiKeyRecord>;
export type IssuedApiKeyMapper = IssuedApiKey;
export type ApiKeyAccessMapper = ApiKeyVerdict;
