import { createHash } from 'node:crypto';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Which browser origins may call the gateway from another origin: exact origins
 * (`https://app.example.com`), or `*` for any (then without credentials, which Plaza does not use:
 * tokens travel in the Authorization header). An empty list allows none: same-origin pages only.
 */
export type CorsOrigins = readonly (string | RegExp)[];

/** Pages served from this machine on any port: the web app's dev server, the playground, Storybook. */
export const DEVELOPMENT_CORS_ORIGINS: CorsOrigins = [/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/];

/** PLAZA_CORS_ORIGINS (comma-separated) when set; else local pages in development and none in production. */
export function corsOriginsOf(settings: { PLAZA_CORS_ORIGINS?: string; NODE_ENV?: string }): CorsOrigins {
  if (settings.PLAZA_CORS_ORIGINS === undefined) return settings.NODE_ENV === 'production' ? [] : DEVELOPMENT_CORS_ORIGINS;
  return settings.PLAZA_CORS_ORIGINS.split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

/**
 * CORS for the allowed origins (the `cors` package): a foreign origin gets no
 * Access-Control-Allow-Origin, so its browser withholds the answer. Preflights are answered here
 * (204) with the methods and headers GraphQL clients send, cached by browsers for 10 minutes.
 */
export function corsMiddleware(origins: CorsOrigins): RequestHandler {
  const anyOrigin = origins.includes('*');
  return cors({
    origin: anyOrigin ? '*' : [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'accept',
      'x-request-id',
      'traceparent',
      'tracestate',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'apollographql-client-name',
      'apollographql-client-version',
    ],
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  });
}

/**
 * Standard security headers on every response (helmet): HSTS, nosniff, frame-ancestors none,
 * no referrer, and a Content-Security-Policy that allows nothing but this origin — an API answer
 * has no business running scripts.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The playground's policy: GraphiQL is one page with its scripts inlined (no CDN), so only those
 * exact scripts (by hash) run; it talks to this origin only; its editors run workers from blobs.
 */
export function playgroundSecurityHeaders(html: string): RequestHandler {
  const scriptHashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
