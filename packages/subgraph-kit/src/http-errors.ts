import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from './logger.ts';

/** Largest GraphQL request body Plaza's servers read (gateway and subgraphs alike). */
export const MAX_REQUEST_BODY = '2mb';

/** The error body of every request that never reached GraphQL: the same shape as GraphQL's own. */
function graphqlErrorBody(message: string, code: string, details: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...details } }] };
}

/** What body-parser (under express.json) attaches to the errors it raises. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  body?: unknown;
  limit?: unknown;
}

/** The JSON body parser of /graphql: only objects (and arrays, which Apollo Server refuses itself). */
export function graphqlBodyParser(): RequestHandler {
  return express.json({ limit: MAX_REQUEST_BODY, strict: true });
}

function describeJson(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value === null ? 'null' : typeof value;
  } catch {
    return undefined;
  }
}

/**
 * Express error handler for the HTTP layer in front of Apollo Server: malformed JSON, a body
 * that is not an object, a body over the limit. Express's default would answer an HTML page
 * with the stack trace and the server's absolute paths; clients get a GraphQL error body with
 * a code instead, and nothing of the server's internals.
 */
export function graphqlHttpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { type, status, body, limit } = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    if (type === 'entity.too.large') {
      res
        .status(413)
        .json(
          graphqlErrorBody(`The request body is larger than the ${MAX_REQUEST_BODY} limit`, 'PAYLOAD_TOO_LARGE', { limitBytes: limit }),
        );
      return;
    }
    if (type === 'entity.parse.failed') {
      // Strict parsing refuses valid JSON that is not an object or array (null, "a string", 1).
      const parsedAs = typeof body === 'string' ? describeJson(body) : undefined;
      const message = parsedAs
        ? `The request body must be a JSON object with a "query" (got ${parsedAs})`
        : 'The request body is not valid JSON';
      res.status(400).json(graphqlErrorBody(message, 'BAD_REQUEST'));
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Other client mistakes body-parser names: unsupported charset or encoding, aborted upload.
      const message = type === 'request.aborted' ? 'The request was aborted before its body arrived' : 'The request body cannot be read';
      res.status(status).json(graphqlErrorBody(message, 'BAD_REQUEST'));
      return;
    }
    log.error({ err: error }, 'unexpected error before GraphQL');
    res.status(500).json(graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}
