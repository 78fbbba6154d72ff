/**
 * `pnpm --filter @plaza/auth keys generate [existing.json]`: a new Ed25519 signing key for
 * PLAZA_IDENTITY_SIGNING_KEYS or PLAZA_GATEWAY_SIGNING_KEYS. With the current private key list
 * as an argument, the new key goes first and the old ones stay (rotation: the old keys verify
 * until their tokens expire, then drop them). Prints the private list and its public JWKS.
 */
import { readFileSync } from 'node:fs';
import { generateSigningKey, parsePrivateKeys, signingKeysOf } from '../src/keys.ts';

const [command, existingFile] = process.argv.slice(2);
if (command !== 'generate') {
  process.stderr.write('usage: plaza-keys generate [current-private-keys.json]\n');
  process.exit(2);
}
const existing = existingFile ? parsePrivateKeys(readFileSync(existingFile, 'utf8'), existingFile) : [];
const keys = signingKeysOf([generateSigningKey(), ...existing]);
process.stdout.write(`# private keys (keep secret): PLAZA_…_SIGNING_KEYS\n${JSON.stringify(keys.keys)}\n`);
process.stdout.write(`# public key set: PLAZA_GATEWAY_PUBLIC_KEYS for the gateway's keys\n${JSON.stringify(keys.publicKeySet)}\n`);
