import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, VIEWER_HEADER, verifyViewerAssertion, type Viewer } from '@plaza/auth';
import type { Logger } from './logger.ts';

/** What every subgraph's per-request context starts from. */
export interface BaseContext {
  viewer: Viewer;
  requestId: string;
  log: Logger;
}

/**
 * Subgraphs only answer the gateway: a request must carry the gateway's signed viewer assertion.
 * Anything else — a direct call, a forged or expired assertion — is refused before execution.
 */
export async function baseContextFromHeaders(
  headers: IncomingHttpHeaders,
  assertionVerifier: JWTVerifyGetKey,
  log: Logger,
): Promise<BaseContext> {
  const requestId = firstHeader(headers['x-request-id']) ?? randomUUID();
  const assertion = firstHeader(headers[VIEWER_HEADER]);
  if (!assertion) {
    throw unauthenticated('Subgraphs accept requests from the Plaza gateway only (missing viewer assertion)');
  }
  try {
    const viewer = await verifyViewerAssertion(assertion, assertionVerifier);
    return {
      viewer,
      requestId,
      log: log.child({ requestId, userId: viewer.userId, organizationId: viewer.organizationId, apiKeyId: viewer.apiKey?.id }),
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(`Viewer assertion refused: ${error.message}`);
    throw error;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
