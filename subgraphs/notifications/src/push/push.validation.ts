import { z } from 'zod';

// base64url without padding, as browsers export PushSubscription keys; sizes from RFC 8291.
const base64urlOfBytes = (bytes: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url')
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `must be ${what} (${bytes} bytes, base64url)`);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A push service URL. Browsers' endpoints are always https; plain http is accepted only for
 * loopback hosts and only when `allowInsecure` (PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS, for tests
 * and local push servers), so nobody can make Plaza POST to an arbitrary http address.
 */
const pushEndpointSchema = (allowInsecure: boolean) =>
  z
    .string()
    .trim()
    .max(2048, 'must be at most 2048 characters')
    .pipe(z.url({ error: 'must be a URL' }))
    .refine((value) => {
      const url = new URL(value);
      if (url.protocol === 'https:') return true;
      return allowInsecure && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    }, 'must be an https:// URL');

export const registerPushSubscriptionArgs = (allowInsecure: boolean) =>
  z.object({
    input: z.object({
      endpoint: pushEndpointSchema(allowInsecure),
      keys: z.object({
        p256dh: base64urlOfBytes(65, 'an uncompressed P-256 public key'),
        auth: base64urlOfBytes(16, 'an authentication secret'),
      }),
    }),
  });

/** Any endpoint string may be removed: one registered before a setting changed included. */
export const removePushSubscriptionArgs = z.object({ endpoint: z.string().trim().min(1, 'must not be empty').max(2048) });
