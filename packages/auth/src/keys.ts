import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, importJWK, type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/** Plaza signs with Ed25519 (JWS `EdDSA`): small keys, fast signatures, no shared secret. */
export const SIGNING_ALGORITHM = 'EdDSA';

const privateJwk = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1), d: z.string().min(1), kid: z.string().min(1) })
  .loose();
const privateKeyList = z.array(privateJwk).min(1, 'must hold at least one key');
const publicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1), kid: z.string().min(1) }).loose();
const publicKeySet = z.object({ keys: z.array(publicJwk).min(1, 'must hold at least one key') });

/** A new Ed25519 private key as a JWK, named (`kid`) by its RFC 7638 thumbprint. */
export function generateSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  // RFC 7638: SHA-256 of the public members in lexicographic order; the same key, the same id.
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url');
  return { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' };
}

/**
 * A signer's keys: the first signs, every one is published for verification, so a rotated key
 * keeps verifying what it signed until it is removed (after its tokens have expired).
 */
export interface SigningKeys {
  /** Private JWKs, current first. */
  keys: readonly JWK[];
  /** The public halves, for a JWKS endpoint or a verifier's configuration. */
  publicKeySet: JSONWebKeySet;
  /** The current key, imported for signing. */
  current(): Promise<{ kid: string; key: CryptoKey }>;
  /** Verifies with any of the keys, by `kid`. */
  verifier: JWTVerifyGetKey;
}

export function signingKeysOf(keys: readonly JWK[]): SigningKeys {
  const parsed = privateKeyList.parse(keys);
  const first = parsed[0]!;
  const publicKeySet: JSONWebKeySet = {
    keys: parsed.map(({ d: _private, ...publicPart }: JWK) => ({ ...publicPart, alg: SIGNING_ALGORITHM, use: 'sig' })),
  };
  let imported: Promise<CryptoKey> | undefined;
  return {
    keys: parsed,
    publicKeySet,
    async current() {
      // An Ed25519 JWK imports as a CryptoKey (only symmetric JWKs become Uint8Arrays).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      imported ??= importJWK({ ...first, alg: SIGNING_ALGORITHM }, SIGNING_ALGORITHM) as Promise<CryptoKey>;
      return { kid: first.kid, key: await imported };
    },
    verifier: createLocalJWKSet(publicKeySet),
  };
}

/** Verifies against a public key set (e.g. the gateway's, as configured on a subgraph). */
export function verifierOf(publicKeys: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(publicKeySet.parse(publicKeys));
}

/** Parses a configured private key list (a JSON array of JWKs, or `{ "keys": [...] }`). */
export function parsePrivateKeys(json: string, variable: string): JWK[] {
  try {
    const value: unknown = JSON.parse(json);
    return privateKeyList.parse(Array.isArray(value) ? value : (value as { keys?: unknown }).keys);
  } catch (error) {
    throw new Error(
      `${variable} must be a JSON list of Ed25519 private JWKs with a kid (pnpm --filter @plaza/auth keys generate): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Parses a configured public key set (`{ "keys": [...] }`). */
export function parsePublicKeys(json: string, variable: string): JSONWebKeySet {
  try {
    return publicKeySet.parse(JSON.parse(json));
  } catch (error) {
    throw new Error(`${variable} must be a JSON Web Key Set of Ed25519 public keys with kids: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The embedded default's keys: generated at first start into `file` (mode 0600, in the data
 * folder, never in the repository) and read from it afterwards, so tokens survive restarts.
 */
export function keysFromFile(file: string): JWK[] {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${JSON.stringify([generateSigningKey()], null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of the same installation created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return parsePrivateKeys(readFileSync(file, 'utf8'), file);
}

/**
 * Where a process gets a signer's keys: the configured variable; without it, outside
 * production, the key file in the data folder; in production, nowhere — the start stops,
 * naming the variable.
 */
export function resolveSigningKeys(options: { configured?: string; variable: string; production: boolean; file: string }): SigningKeys {
  if (options.configured) return signingKeysOf(parsePrivateKeys(options.configured, options.variable));
  if (options.production) {
    throw new Error(
      `${options.variable} must be set when NODE_ENV=production (a JSON list of Ed25519 private JWKs; pnpm --filter @plaza/auth keys generate)`,
    );
  }
  return signingKeysOf(keysFromFile(options.file));
}

/** The key file of a signer in the embedded default's data folder. */
export const keyFileIn = (dataDir: string, signer: 'identity' | 'gateway') => join(dataDir, 'keys', `${signer}-signing.json`);

/**
 * How a subgraph verifies the gateway's viewer assertions: the configured public keys; without
 * them, outside production, the public half of the gateway's key file in the shared data folder.
 */
export function resolveAssertionVerifier(options: {
  configured?: string;
  variable: string;
  production: boolean;
  gatewayKeyFile: string;
}): JWTVerifyGetKey {
  if (options.configured) return verifierOf(parsePublicKeys(options.configured, options.variable));
  if (options.production) throw new Error(`${options.variable} must be set when NODE_ENV=production (the gateway's public keys as a JWKS)`);
  return signingKeysOf(keysFromFile(options.gatewayKeyFile)).verifier;
}
