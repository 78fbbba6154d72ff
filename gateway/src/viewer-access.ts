/**
 * The viewer each request acts as, as identity says it is now — not as the access token said when
 * it was issued. A role change, a removal or a sign-out takes effect on the viewer's next request
 * in every subgraph: the gateway signs the viewer assertion with the current role and refuses a
 * removed member or an ended session. Answers are cached briefly per (user, organization,
 * session); identity announces changes over the live pub/sub, which drops them at once, and the
 * cache's lifetime bounds how late a lost announcement can make a change.
 */
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, GraphQLSchema, Kind, getOperationAST, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isRole, type Role, type VerifiedAccessToken, type Viewer } from '@plaza/auth';
import type { ViewerAccessChange } from '@plaza/events';
import type { Logger } from '@plaza/subgraph-kit';
import { GraphQLDataSourceRequestKind, gatewayRequestContext } from './subscriptions/request-context.ts';
import type { GatewayContext } from './viewer-context.ts';

/** What identity says of a viewer now. */
export interface ViewerAccess {
  /** Role in the token's organization; null when not (or no longer) a member. */
  role: Role | null;
  sessionActive: boolean;
}

export interface ViewerAccessOptions {
  /** Asks identity; rejects when identity cannot answer. */
  lookup(viewer: Viewer): Promise<ViewerAccess>;
  /** How long an answer is reused, ms. Default 10,000. */
  ttlMs?: number;
  /**
   * How long, while identity cannot be reached, the last answer keeps being used, ms. Default
   * 90,000. With none (or an older one) the token's own claims stand: a token lives at most 15
   * minutes, and an outage of identity must not take every other domain down with it.
   */
  staleMs?: number;
  /** Viewers cached at most. Default 50,000. */
  maxViewers?: number;
  log: Logger;
}

interface Cached {
  access: ViewerAccess;
  at: number;
}

const keyOf = (viewer: Pick<Viewer, 'userId' | 'organizationId' | 'sessionId'>) =>
  `${viewer.userId}|${viewer.organizationId ?? ''}|${viewer.sessionId ?? ''}`;

export class ViewerAccessResolver {
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly answers: LRUCache<string, Cached>;
  private readonly inFlight = new Map<string, Promise<ViewerAccess>>();

  constructor(private readonly options: ViewerAccessOptions) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.staleMs = options.staleMs ?? 90_000;
    this.answers = new LRUCache({ max: options.maxViewers ?? 50_000 });
  }

  /**
   * The viewer to act as: the token's user and organization with the role they have now.
   * UNAUTHENTICATED when the token's session has ended; FORBIDDEN when its membership has.
   */
  async resolve(token: VerifiedAccessToken): Promise<Viewer> {
    const { expiresAt: _expiresAt, ...claimed } = token;
    const access = await this.accessOf(claimed);
    if (!access.sessionActive) {
      throw new GraphQLError('This sign-in session has ended (signed out); sign in again', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    if (!claimed.organizationId) return { ...claimed, role: null };
    if (!access.role) {
      throw new GraphQLError(`Your membership of organization ${claimed.organizationId} has ended`, {
        extensions: { code: 'FORBIDDEN', organizationId: claimed.organizationId, http: { status: 403 } },
      });
    }
    return { ...claimed, role: access.role };
  }

  /** Drops what is cached about the user (in one organization, or in all). */
  invalidate(change: Pick<ViewerAccessChange, 'userId' | 'organizationId'>): void {
    const prefix = `${change.userId}|${change.organizationId ?? ''}`;
    for (const key of [...this.answers.keys()]) {
      if (change.organizationId ? key.startsWith(`${prefix}|`) : key.startsWith(`${change.userId}|`)) this.answers.delete(key);
    }
  }

  private async accessOf(viewer: Viewer): Promise<ViewerAccess> {
    const key = keyOf(viewer);
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.access;
    let pending = this.inFlight.get(key);
    if (!pending) {
      // Concurrent requests of one viewer share one lookup.
      pending = this.options.lookup(viewer).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    try {
      const access = await pending;
      this.answers.set(key, { access, at: Date.now() });
      return access;
    } catch (error) {
      if (cached && Date.now() - cached.at < this.staleMs) return cached.access;
      this.options.log.warn({ err: error, userId: viewer.userId }, 'identity could not confirm a viewer; acting on the access token alone');
      return { role: viewer.role, sessionActive: true };
    }
  }
}

const viewerAccessQuery = '{ viewerAccess { role sessionActive } }';
// The gateway's own queries are checked against no client-facing schema; the request context
// still needs one, and nothing downstream reads it.
const noClientSchema = new GraphQLSchema({});

/**
 * Sends one of the gateway's own queries to identity (fields @inaccessible to clients), as
 * `viewer`, and returns its data; rejects when identity answers with errors only.
 */
export function askIdentity(identity: GraphQLDataSource<GatewayContext>, log: Logger) {
  const parsed = new Map<string, { document: DocumentNode; operation: OperationDefinitionNode; field: string }>();
  return async (source: string, variables: Record<string, unknown>, viewer: Viewer, requestId: string) => {
    let query = parsed.get(source);
    if (!query) {
      const document = parse(source);
      const operation = getOperationAST(document);
      if (!operation) throw new Error(`The gateway's query to identity has no operation: ${source}`);
      const first = operation.selectionSet.selections[0];
      query = { document, operation, field: first?.kind === Kind.FIELD ? first.name.value : source };
      parsed.set(source, query);
    }
    const { document, operation } = query;
    const context: GatewayContext = { viewer, requestId, tokenExpiresAt: null };
    const response = await identity.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: source, variables },
      context,
      document,
      incomingRequestContext: gatewayRequestContext({
        source,
        document,
        operation,
        variables,
        schema: noClientSchema,
        context,
        logger: log,
      }),
    });
    if (!response.data) throw new Error(`identity did not answer ${query.field}: ${JSON.stringify(response.errors)}`);
    return response.data;
  };
}

/** Looks a viewer up with identity's (inaccessible) `viewerAccess` field, as that viewer. */
export function viewerAccessFromIdentity(
  identity: GraphQLDataSource<GatewayContext>,
  log: Logger,
): (viewer: Viewer) => Promise<ViewerAccess> {
  const ask = askIdentity(identity, log);
  return async (viewer) => {
    const data = await ask(viewerAccessQuery, {}, viewer, 'viewer-access');
    const answer = data.viewerAccess as { role?: unknown; sessionActive?: unknown } | undefined;
    if (!answer || typeof answer.sessionActive !== 'boolean') {
      throw new Error(`identity did not answer viewerAccess: ${JSON.stringify(data)}`);
    }
    return { role: isRole(answer.role) ? answer.role : null, sessionActive: answer.sessionActive };
  };
}
