import { DecodeError } from '../errors.js';
import { bodyFraming, headEnd, MAX_BODY_BYTES } from './frame.js';

export interface HttpRequest {
  method: string;
  path: string;
  query: string; // after '?', raw
  version: '1.0' | '1.1';
  headers: Map<string, string>; // lower-case names, the first value of each
  body: Buffer;
  /** The client asked to close after this request (HTTP/1.0 without keep-alive, `Connection: close`). */
  closeAfter: boolean;
}

/** A request the server answers with an error status and then closes. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_HEADERS = 64;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses one request the splitter cut. Throws `HttpRefusal` for what HTTP answers 400/405/411/413/505. */
export function parseRequest(frame: Buffer): HttpRequest {
  const end = headEnd(frame);
  if (end < 0) throw new DecodeError('osmand', 'request without a blank line after its head');
  const lines = frame.toString('latin1', 0, end).split(/\r?\n/);
  const [method = '', target = '', protocol = '', ...extra] = lines[0]!.split(' ');
  if (extra.length || !TOKEN.test(method) || !target) throw new HttpRefusal(400, 'malformed request line');
  const version = /^HTTP\/1\.([01])$/.exec(protocol);
  if (!version) throw new HttpRefusal(505, `unsupported protocol ${protocol.slice(0, 16)}`);
  const headers = new Map<string, string>();
  let count = 0;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (++count > MAX_HEADERS) throw new HttpRefusal(431, 'too many header fields');
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new HttpRefusal(400, 'malformed header field');
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const framing = bodyFraming(lines.join('\n'));
  if ('refused' in framing) throw new HttpRefusal(framing.refused === 'transfer-encoding' ? 411 : 400, `refused ${framing.refused}`);
  if (framing.length > MAX_BODY_BYTES) throw new HttpRefusal(413, `body of ${framing.length} bytes`);
  const body = frame.subarray(end);
  if (body.length !== framing.length) throw new DecodeError('osmand', 'body shorter than its Content-Length');
  if (method !== 'GET' && method !== 'POST') throw new HttpRefusal(405, `method ${method.slice(0, 16)}`);
  const question = target.indexOf('?');
  const connection = (headers.get('connection') ?? '').toLowerCase();
  return {
    method,
    path: question < 0 ? target : target.slice(0, question),
    query: question < 0 ? '' : target.slice(question + 1),
    version: version[1] === '0' ? '1.0' : '1.1',
    headers,
    body,
    closeAfter: connection.includes('close') || (version[1] === '0' && !connection.includes('keep-alive')),
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  411: 'Length Required',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  505: 'HTTP Version Not Supported',
};

/** A response as Traccar's server writes it: status line, `content-length`, and the body (command text). */
export function response(
  status: number,
  { body = Buffer.alloc(0), close = false, retryAfter }: { body?: Buffer; close?: boolean; retryAfter?: number } = {},
): Buffer {
  const head = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`, `content-length: ${body.length}`];
  if (retryAfter !== undefined) head.push(`retry-after: ${retryAfter}`);
  if (close) head.push('connection: close');
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** `application/x-www-form-urlencoded` pairs, in order. Throws `HttpRefusal` 400 for a bad escape. */
export function formPairs(text: string, max = 256): [string, string][] {
  const pairs: [string, string][] = [];
  if (!text) return pairs;
  for (const part of text.split('&')) {
    if (!part) continue;
    if (pairs.length >= max) throw new HttpRefusal(400, `more than ${max} parameters`);
    const eq = part.indexOf('=');
    const [key, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      pairs.push([decodeURIComponent(key.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))]);
    } catch {
      throw new HttpRefusal(400, 'malformed percent-escape');
    }
  }
  return pairs;
}

/** A response with `connection: close` added to its head (once). */
export function withClose(reply: Buffer): Buffer {
  const end = reply.indexOf('\r\n\r\n');
  if (end < 0 || /\r\nconnection: close\r\n/.test(reply.toString('latin1', 0, end + 2))) return reply;
  return Buffer.concat([reply.subarray(0, end + 2), Buffer.from('connection: close\r\n', 'latin1'), reply.subarray(end + 2)]);
}

/** The status of a response this module wrote. */
export function statusOf(reply: Buffer): number {
  return Number(reply.toString('latin1', 9, 12));
}
