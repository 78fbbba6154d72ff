export { requireMember, requireOrganizationAccess, requireRole, requireUser } from './authorization.ts';
export type { MemberViewer, SignedInViewer } from './authorization.ts';
export { markViewerSpecific } from './cache-hints.ts';
export { baseContextFromHeaders } from './context.ts';
export type { BaseContext } from './context.ts';
export {
  DomainError,
  createErrorFormatter,
  httpStatusOf,
  isExclusionViolation,
  isUniqueViolation,
  notFound,
  toGraphQLError,
} from './errors.ts';
export type { ErrorCode } from './errors.ts';
export { createGroupedLoader, createKeyedLoader, createPagedLoader } from './loaders.ts';
export { KEEP_ALIVE_TIMEOUT_MS, configureKeepAlive } from './http-server.ts';
export { MAX_REQUEST_BODY, graphqlBodyParser, graphqlHttpErrorHandler } from './http-errors.ts';
export { requestRulesPlugin } from './request-rules.ts';
export { configureLogging, createLogger } from './logger.ts';
export { ServiceMetrics } from './metrics.ts';
export type { SubgraphFetchOutcome } from './metrics.ts';
export type { Logger } from './logger.ts';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  afterId,
  afterInstant,
  connectionArgsSchema,
  decodeCursor,
  encodeCursor,
  idCursor,
  instantCursor,
  toConnection,
} from './pagination.ts';
export type { Connection, ConnectionArgs } from './pagination.ts';
export { TENANT_ROLE, fakeDataAccess, prismaDataAccess } from './data-access.ts';
export type { DataAccess, FakeRepositories, RepositoriesOf, TenantScope, TransactionOf, TransactionOptions } from './data-access.ts';
export { MemberDirectory, fakeMemberDirectory } from './member-directory.ts';
export type { ActiveMember } from './member-directory.ts';
export { definePrismaSubgraph } from './prisma-subgraph.ts';
export type {
  CreateSubgraphOptions,
  PrismaSubgraph,
  PrismaSubgraphDefinition,
  ServiceDependencies,
  SubgraphContext,
} from './prisma-subgraph.ts';
export { sharedResolvers, sharedTypeDefs } from './scalars.ts';
export { createSubgraphSchema, printSubgraphPreamble, readSdlFiles, subgraphSchemaOf, subgraphTypeDefs } from './schema.ts';
export type { ResolverMap } from './schema.ts';
export { runStandalone, serveSubgraph } from './server.ts';
export type { RawGetHandler, RawPostHandler, RunningServer, ServeOptions, Subgraph, SubgraphFactory } from './server.ts';
export { idSchema, invalidInput, optionalTextSchema, parseInput } from './validation.ts';
export { addressKeyOf, rateLimitStoreOf, rateLimiter } from './rate-limits.ts';
export type { RateLimitStore } from './rate-limits.ts';
