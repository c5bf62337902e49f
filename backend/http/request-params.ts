import { Code } from '../../shared/errors.js';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api/api-error.js';

/** Largest request body accepted (code 9 beyond it). 10,000 IMEIs as JSON are about 200 KB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ParsedRequest {
  params: Record<string, unknown>;
  hash: unknown;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new ApiError(Code.TooLargeRequest));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new ApiError(Code.TooLargeRequest));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function fromSearchParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of search) params[key] = value;
  return params;
}

/**
 * Parameters from the query string and from a JSON or form (`application/x-www-form-urlencoded`)
 * body (body wins on a clash); any other non-empty body is refused with 5 before dispatch.
 * The session hash: JSON/form body, then query string, then `Authorization: NVX <hash>`.
 */
export async function readRequestParams(req: IncomingMessage, url: URL): Promise<ParsedRequest> {
  const query = fromSearchParams(url.searchParams);
  let body: Record<string, unknown> = {};
  if (req.method === 'POST') {
    const raw = await readBody(req);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (raw.length > 0) {
      if (type === 'application/json' || type.endsWith('+json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new ApiError(Code.WrongRequestFormat);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiError(Code.WrongRequestFormat);
        body = parsed as Record<string, unknown>;
      } else if (type === 'application/x-www-form-urlencoded') {
        body = fromSearchParams(new URLSearchParams(raw.toString('utf8')));
      } else {
        // text/plain and untyped bodies are what a foreign page can send without a CORS preflight
        // (fetch with a string or Blob body, a text/plain form): never read as parameters.
        throw new ApiError(
          Code.WrongRequestFormat,
          {},
          `Wrong request format: the body must be application/json or application/x-www-form-urlencoded, not ${type || 'untyped'}`,
        );
      }
    }
  }
  const header = req.headers.authorization;
  const headerHash = header?.startsWith('NVX ') ? header.slice(4).trim() : undefined;
  const hash = body.hash ?? query.hash ?? headerHash;
  return { params: { ...query, ...body }, hash };
}
