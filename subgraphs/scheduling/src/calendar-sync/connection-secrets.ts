import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/**
 * Seals a connection's secrets with AES-256-GCM (node:crypto): a fresh 96-bit IV per value, the
 * tag checked on opening, so a changed ciphertext or a wrong key fails rather than yielding
 * garbage. Sealed form: base64url iv.tag.ciphertext. The connection id is the additional data,
 * so a sealed value copied onto another connection does not open.
 */
export class ConnectionSecrets {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`the connection encryption key must be 32 bytes, got ${key.length}`);
    this.key = key;
  }

  seal(plaintext: string, connectionId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv).setAAD(Buffer.from(connectionId));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
  }

  /** The plaintext, or null when it does not open (another key, another connection, tampered). */
  open(sealed: string, connectionId: string): string | null {
    const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !data) return null;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, iv).setAAD(Buffer.from(connectionId)).setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
