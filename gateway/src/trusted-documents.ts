import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { z } from 'zod';

/**
 * - `off`: any document runs; automatic persisted queries (APQ) save clients resending known text.
 * - `allow-also`: the manifest's documents run by hash, and any other document runs too (APQ on).
 * - `enforce`: only the manifest's documents run (by hash, or by their exact text); APQ is off,
 *   since registering a document would make it trusted.
 */
export type TrustedDocumentsMode = 'off' | 'allow-also' | 'enforce';

export interface TrustedDocuments {
  mode: TrustedDocumentsMode;
  /** sha256 (hex) of each document → the document. */
  documents: ReadonlyMap<string, string>;
  /** Where APQ keeps registered documents: Redis shared by every gateway, or (null) each gateway's memory. */
  apqCache: KeyValueCache<string> | null;
  /** Closes the APQ cache's connection. */
  close(): Promise<void>;
}

export const TRUSTED_DOCUMENTS_OFF: TrustedDocuments = { mode: 'off', documents: new Map(), apqCache: null, close: async () => {} };

const clientPresetManifest = z.record(z.string(), z.string());
const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), body: z.string() })),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hashOf = (id: string) => id.replace(/^sha256:/, '').toLowerCase();

/**
 * Reads a manifest produced by a client's build: GraphQL Code Generator's client preset
 * (`persistedDocuments: true` writes persisted-documents.json, `{"sha256:<hex>": "<document>"}`) or
 * Apollo's persisted query list (@apollo/generate-persisted-query-manifest). Each hash must be the
 * sha256 of its document, as both tools make it: a manifest that says otherwise is refused.
 */
export function readManifest(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Trusted documents manifest ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const apollo = apolloManifest.safeParse(parsed);
  const entries = apollo.success
    ? apollo.data.operations.map((operation): [string, string] => [operation.id, operation.body])
    : Object.entries(
        clientPresetManifest.parse(parsed, {
          error: () => `${path} is neither {"sha256:<hash>": "<document>"} nor an Apollo persisted query manifest`,
        }),
      );
  const documents = new Map<string, string>();
  for (const [id, document] of entries) {
    const hash = hashOf(id);
    if (sha256(document) !== hash) throw new Error(`Trusted documents manifest ${path}: ${id} is not the sha256 of its document`);
    documents.set(hash, document);
  }
  return documents;
}

/** The APQ cache every gateway on this Redis shares (keyv + @keyv/redis behind Apollo's KeyValueCache). */
export function redisApqCache(redisUrl: string, prefix: string): { cache: KeyValueCache<string>; close(): Promise<void> } {
  const keyv = new Keyv<string>({ store: new KeyvRedis(redisUrl), namespace: `${prefix}:gateway:apq`, useKeyPrefix: false });
  // The adapter is typed against keyv's CommonJS declarations, @keyv/redis against its ES module ones: the same class.
  return {
    cache: new KeyvAdapter(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]),
    close: () => keyv.disconnect(),
  };
}

/** PLAZA_TRUSTED_DOCUMENTS and its manifest; APQ in Redis when the deployment's counters are there. */
export function trustedDocumentsOf(
  settings: {
    PLAZA_TRUSTED_DOCUMENTS: TrustedDocumentsMode;
    PLAZA_TRUSTED_DOCUMENTS_MANIFEST?: string;
    REDIS_URL: string;
    PLAZA_LIVE_PREFIX: string;
  },
  sharedInRedis: boolean,
): TrustedDocuments {
  const { PLAZA_TRUSTED_DOCUMENTS: mode, PLAZA_TRUSTED_DOCUMENTS_MANIFEST: manifest } = settings;
  if (mode !== 'off' && !manifest)
    throw new Error(`PLAZA_TRUSTED_DOCUMENTS=${mode} needs PLAZA_TRUSTED_DOCUMENTS_MANIFEST (a manifest file)`);
  const apq = sharedInRedis && mode !== 'enforce' ? redisApqCache(settings.REDIS_URL, settings.PLAZA_LIVE_PREFIX) : null;
  return {
    mode,
    documents: manifest ? readManifest(manifest) : new Map(),
    apqCache: apq?.cache ?? null,
    close: async () => apq?.close(),
  };
}

/** What a GraphQL request names: a document's text, and/or a hash (`documentId`, or APQ's extension). */
interface DocumentParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

const refusal = (message: string, code: string, hash?: string) =>
  new GraphQLError(message, { extensions: { code, ...(hash ? { documentId: hash } : {}) } });

/**
 * The document a request runs under the mode: `{ query }` from the manifest when it names a known
 * hash (the hash fields dropped, APQ has nothing left to do), unchanged when the mode lets it pass,
 * or the refusal — TRUSTED_DOCUMENT_NOT_FOUND for an unknown hash, TRUSTED_DOCUMENT_REQUIRED for
 * text that is not in the manifest.
 */
export function resolveTrustedDocument(trusted: TrustedDocuments, params: DocumentParams): { query: string } | GraphQLError | null {
  if (trusted.mode === 'off') return null;
  const extensions = params.extensions && typeof params.extensions === 'object' ? (params.extensions as Record<string, unknown>) : {};
  const persisted = extensions.persistedQuery as { sha256Hash?: unknown } | undefined;
  const id =
    typeof params.documentId === 'string'
      ? params.documentId
      : typeof persisted?.sha256Hash === 'string'
        ? persisted.sha256Hash
        : undefined;
  if (id !== undefined) {
    const known = trusted.documents.get(hashOf(id));
    if (known !== undefined) return { query: known };
    if (trusted.mode === 'enforce' || typeof params.documentId === 'string')
      return refusal(
        `No trusted document has the hash ${id}: this gateway runs only the documents of its manifest`,
        'TRUSTED_DOCUMENT_NOT_FOUND',
        id,
      );
    return null; // allow-also: APQ looks it up, or registers it
  }
  if (trusted.mode === 'enforce') {
    if (typeof params.query === 'string' && trusted.documents.has(sha256(params.query))) return null;
    return refusal('This gateway runs only trusted documents: send the documentId of one in its manifest', 'TRUSTED_DOCUMENT_REQUIRED');
  }
  return null;
}

/** Express middleware for /graphql (after the body parser): applies resolveTrustedDocument to POST bodies and GET parameters. */
export function trustedDocumentsMiddleware(trusted: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    if (trusted.mode === 'off') return next();
    const fromQueryString = req.method === 'GET';
    const params = (fromQueryString ? { ...req.query } : req.body) as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object') return next();
    if (fromQueryString && typeof params.extensions === 'string') {
      try {
        params.extensions = JSON.parse(params.extensions);
      } catch {
        // Apollo Server answers a malformed extensions parameter itself.
      }
    }
    const resolved = resolveTrustedDocument(trusted, params);
    if (resolved === null) return next();
    if (resolved instanceof GraphQLError) {
      res.status(400).json({ errors: [resolved.toJSON()] });
      return;
    }
    const { documentId: _documentId, extensions, ...rest } = params;
    const { persistedQuery: _persisted, ...otherExtensions } = (extensions && typeof extensions === 'object' ? extensions : {}) as Record<
      string,
      unknown
    >;
    const rewritten = { ...rest, query: resolved.query, extensions: otherExtensions };
    if (fromQueryString)
      Object.defineProperty(req, 'query', { value: { ...rewritten, extensions: JSON.stringify(otherExtensions) }, configurable: true });
    else req.body = rewritten;
    next();
  };
}
