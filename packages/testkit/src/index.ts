export { createClient, expectData, expectErrorCode } from './client.ts';
export type { GraphQLClient, GraphQLResponse } from './client.ts';
export { TEST_PASSWORD, startTestStack } from './stack.ts';
export type { Actor, TestStack } from './stack.ts';
export { createWsClient, subscribe } from './ws-client.ts';
export type { TestSubscription } from './ws-client.ts';
export { createSseClient, subscribeOverSse } from './sse-client.ts';
export { testDatabaseKind } from '@plaza/db';
export { until } from './until.ts';
