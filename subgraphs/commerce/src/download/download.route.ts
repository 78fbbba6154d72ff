import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, httpStatusOf, type RawGetHandler } from '@plaza/subgraph-kit';
import { create as contentDisposition } from 'content-disposition';
import parseRange from 'range-parser';
import type { DownloadLink } from './download-signature.ts';
import type { DownloadService } from './download.service.ts';

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * The byte range a request asks for, with range-parser: null for the whole file (no Range, a
 * malformed one, several ranges, or an If-Range naming another version of the file, which
 * RFC 9110 lets a server answer with the whole file).
 */
function rangeOf(headers: Record<string, string | string[] | undefined>, file: { size: number; sha256: string }) {
  const range = header(headers.range);
  const ifRange = header(headers['if-range']);
  if (!range || (ifRange && ifRange !== `"${file.sha256}"`)) return null;
  const ranges = parseRange(file.size, range, { combine: true });
  if (ranges === -1) return 'unsatisfiable' as const;
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return { start: ranges[0]!.start, end: ranges[0]!.end };
}

function parseLink(params: Record<string, string>, query: URLSearchParams): { link: DownloadLink; signature: string } {
  const expires = Number(query.get('expires'));
  const signature = query.get('signature');
  const { organizationId, grantId, fileId } = params;
  if (!organizationId || !grantId || !fileId || !signature || !Number.isSafeInteger(expires))
    throw new DomainError('BAD_USER_INPUT', 'A download link has the form /downloads/<organization>/<grant>/<file>?expires=…&signature=…', {
      reason: 'MALFORMED_LINK',
    });
  return { link: { organizationId, grantId, fileId, expires }, signature };
}

function refuse(response: ServerResponse, error: DomainError, size?: number) {
  const status = error.details.reason === 'RANGE_NOT_SATISFIABLE' ? 416 : httpStatusOf(error.code);
  if (status === 416 && size !== undefined) response.setHeader('Content-Range', `bytes */${size}`);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }));
}

/**
 * GET /downloads/:organizationId/:grantId/:fileId?expires=…&signature=… — the signed links of
 * `GrantedFile.url`. Answers 200 with the file, or 206 with the Range asked for (so an
 * interrupted download resumes), with Accept-Ranges, ETag and Content-Disposition; a refused
 * link gets 400/403/404/416 and a JSON body `{ error: { code, message, reason } }`, and
 * changes nothing. The bytes sent are recorded when the response ends or the client leaves.
 */
export function downloadRoute(downloads: DownloadService): RawGetHandler {
  return async (request, response) => {
    let parsed: ReturnType<typeof parseLink>;
    let started: Awaited<ReturnType<DownloadService['start']>>;
    try {
      parsed = parseLink(request.params, request.query);
      downloads.verifyLink(parsed.link, parsed.signature);
      started = await downloads.start(parsed.link, {
        head: request.method === 'HEAD',
        rangeOf: (file) => rangeOf(request.headers, file),
        userAgent: header(request.headers['user-agent']),
        clientAddress: request.remoteAddress,
      });
    } catch (error) {
      if (error instanceof DomainError)
        return refuse(response, error, typeof error.details.size === 'number' ? error.details.size : undefined);
      throw error;
    }
    const { file, range, partial } = started;
    const source = request.method === 'HEAD' ? null : await downloads.read(started);
    response.statusCode = partial ? 206 : 200;
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', String(range.end - range.start + 1));
    response.setHeader('ETag', `"${file.sha256}"`);
    response.setHeader('Content-Disposition', contentDisposition(file.fileName));
    response.setHeader('Cache-Control', 'private, no-store');
    if (partial) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    if (!source) return void response.end();
    let sent = 0;
    let recorded: Promise<void> | undefined;
    const record = (bytes: number) => (recorded ??= downloads.finish(parsed.link, started, bytes));
    // The last chunk is held back until the download is recorded: a client that has every byte
    // (and may resume or ask for analytics at once) finds it recorded.
    let held: Buffer | null = null;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const previous = held;
        held = chunk;
        if (previous) sent += previous.length;
        done(null, previous ?? undefined);
      },
      flush(done) {
        const last = held;
        held = null;
        record(sent + (last?.length ?? 0)).then(() => {
          if (last) {
            sent += last.length;
            this.push(last);
          }
          done();
        }, done);
      },
    });
    // A client that goes away ends the pipeline with an error: what was handed to it so far counts.
    await pipeline(source, counter, response).catch(() => undefined);
    await record(sent);
  };
}
