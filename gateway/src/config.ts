import { keyFileIn, resolveSigningKeys } from '@plaza/auth';
import { gatewayProcessSettings, loadConfig, type GatewayConfig } from '@plaza/config';
import { dataDirOf } from '@plaza/db';
import { defaultUrlOf, topology, urlVariableOf } from '@plaza/topology';
import { rateLimitStoreOf } from '@plaza/subgraph-kit';
import { corsOriginsOf } from './http-security.ts';
import { operationLimitsOf } from './operation-limits.ts';
import { createRateLimits, ratePoliciesOf } from './rate-limits.ts';
import { createConnectionCaps } from './subscriptions/connection-caps.ts';
import { trustedDocumentsOf } from './trusted-documents.ts';
import type { GatewayOptions } from './server.ts';

/** Routing URL of every subgraph in supergraph.yaml: `<NAME>_URL`, else its default port here. */
export function subgraphUrlsOf(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    topology().subgraphs.map((entry) => {
      const configured = config[urlVariableOf(entry.name)];
      return [entry.name, typeof configured === 'string' ? configured : defaultUrlOf(entry)];
    }),
  );
}

/** The gateway's options from its parsed configuration (everything but the supergraph). */
export function gatewayOptionsOf(config: GatewayConfig): Omit<GatewayOptions, 'port' | 'supergraphSdl'> {
  // One Redis connection for every counter the gateway shares with its other instances.
  const store = rateLimitStoreOf(config);
  return {
    host: config.HOST,
    subgraphUrls: subgraphUrlsOf(config),
    assertionKeys: resolveSigningKeys({
      configured: config.PLAZA_GATEWAY_SIGNING_KEYS,
      variable: 'PLAZA_GATEWAY_SIGNING_KEYS',
      production: config.NODE_ENV === 'production',
      file: keyFileIn(dataDirOf(config), 'gateway'),
    }),
    jwksUrl: config.PLAZA_JWKS_URL,
    subscriptionRevalidateMs: config.PLAZA_SUBSCRIPTION_RECHECK_MS,
    subscriptionMembershipGraceMs: config.PLAZA_SUBSCRIPTION_GRACE_MS,
    subgraphTimeoutMs: config.PLAZA_SUBGRAPH_TIMEOUT_MS,
    apolloTelemetry: !config.APOLLO_TELEMETRY_DISABLED,
    trustProxy: config.PLAZA_TRUST_PROXY ?? false,
    operationLimits: operationLimitsOf(config),
    rateLimits: createRateLimits(ratePoliciesOf(config), store),
    connectionCaps: createConnectionCaps(
      { subscriptionsPerConnection: config.PLAZA_SUBSCRIPTIONS_PER_CONNECTION, connectionsPerUser: config.PLAZA_CONNECTIONS_PER_USER },
      store,
    ),
    // "Did you mean …?" names fields a caller never asked for: production keeps them to itself.
    hideSchemaDetails: config.NODE_ENV === 'production',
    corsOrigins: corsOriginsOf(config),
    trustedDocuments: trustedDocumentsOf(config, store !== null),
  };
}

/** Parses the gateway process's environment; throws a ConfigError naming each bad variable. */
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(gatewayProcessSettings(), env);
