export { createClient, expectData, expectErrorCode } from './client.ts';
export type { GraphQLClient, GraphQLResponse, RequestOptions, TypedDocument } from './client.ts';
export { TEST_PASSWORD, sharedTestStack, startTestStack } from './stack.ts';
export type { Actor, TestStack, TestStackOptions } from './stack.ts';
export { createWsClient, subscribe } from './ws-client.ts';
export type { TestSubscription } from './ws-client.ts';
export { createSseClient, subscribeOverSse } from './sse-client.ts';
export { testConfig } from './test-config.ts';
export type { TestConfig } from './test-config.ts';
