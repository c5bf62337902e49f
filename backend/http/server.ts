import { Code } from '../../shared/errors.js';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/api-error.js';
import { envelopeFor } from '../api/dispatch.js';
import type { FileDownload } from '../api/file-download.js';
import type { Backend } from '../backend.js';
import { checkAllowedHosts, createRequestGuard, type Refusal, type RequestGuard } from './host-origin.js';
import { readRequestParams } from './request-params.js';
import { sendApiJson, sendJson } from './json-response.js';
import type { TlsFiles } from './tls.js';
import { openApiDocument } from '../api/openapi.js';

const API_PREFIXES = ['/v2/panel/', '/panel/'];

/**
 * A file answer (user/export) as a download: its media type, `attachment` with its name, streamed
 * (chunked) as it is produced, held back by the client's reading pace. A failure once bytes went
 * out cannot become an envelope: it is logged and the connection cut, so the file is visibly short.
 */
async function sendFile(backend: Backend, res: ServerResponse, file: FileDownload): Promise<void> {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await file.write(res);
  } catch (error) {
    backend.log.error(`file ${file.name} not completed: ${(error as Error)?.stack ?? String(error)}`);
    res.destroy();
  }
}

function sendError(res: ServerResponse, error: ApiError): void {
  const { httpStatus, body } = envelopeFor(error);
  sendJson(res, httpStatus, body);
}

/** An answer refused by the Host/Origin checks: never reaches a method, so never counts as a login attempt. */
function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  res.setHeader('connection', 'close');
  sendJson(res, refusal.status, { success: false, status: { code: 11, description: refusal.reason } });
}

export interface HttpApi {
  /** An https.Server when TLS is on: the same request and upgrade events. */
  server: Server;
  /** `http://` or `https://` + the bound address (loopback for 0.0.0.0 / ::) and port. */
  url: string;
  /** The Host/Origin checks, also applied to the console WebSocket upgrade. */
  guard: RequestGuard;
  close(): Promise<void>;
}

export interface HttpApiOptions {
  fallback?: FallbackHandler;
  /** PEM certificate and key: serve HTTPS (and wss:// for the console). */
  tls?: TlsFiles;
  /** `--api-allowed-host` names accepted in `Host` and `Origin` besides the bound address and loopback. */
  allowedHosts?: readonly string[];
}

/** Other request handlers (the renderer's static files, the console WebSocket) hook in here. */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** The local HTTP API: Navixy-compatible paths and envelopes over the one dispatch. */
export async function startHttpApi(backend: Backend, host: string, port: number, fallbackOrOptions?: FallbackHandler | HttpApiOptions): Promise<HttpApi> {
  const options: HttpApiOptions = typeof fallbackOrOptions === 'function' ? { fallback: fallbackOrOptions } : (fallbackOrOptions ?? {});
  // The guard needs the real port (0 = any free one): it is built once listening, before any request is read.
  let guard: RequestGuard | undefined;
  const listener: RequestListener = (req, res) => {
    void handle(backend, req, res, guard!, options.fallback).catch((error: unknown) => {
      backend.log.error(`http handler failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendError(res, new ApiError(Code.UnexpectedError));
      else res.destroy();
    });
  };
  // A bad --api-allowed-host is refused before the port is taken.
  checkAllowedHosts(options.allowedHosts ?? []);
  const server: Server = options.tls
    ? (createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) as unknown as Server)
    : createServer(listener);
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  guard = createRequestGuard({ scheme, boundHost: address.address, port: address.port, allowedHosts: options.allowedHosts });
  // 0.0.0.0 / :: are not addresses a browser can be sent to (and not an accepted Host): show loopback.
  const shownHost =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.family === 'IPv6' ? (address.address === '::' ? '[::1]' : `[${address.address}]`) : address.address;
  return {
    server,
    guard,
    url: `${scheme}://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

const documents = new WeakMap<Backend, Record<string, unknown>>();
/** The OpenAPI document of the backend's registry, built once. */
function openApiFor(backend: Backend): Record<string, unknown> {
  let document = documents.get(backend);
  if (!document) documents.set(backend, (document = openApiDocument(backend.registry)));
  return document;
}

async function handle(backend: Backend, req: IncomingMessage, res: ServerResponse, guard: RequestGuard, fallback?: FallbackHandler): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const prefix = API_PREFIXES.find((p) => url.pathname.startsWith(p) || `${url.pathname}/` === p);
  const refusal = guard.check(req, prefix ? 'api' : 'ui');
  if (refusal) {
    sendRefusal(res, refusal);
    return;
  }
  if (!prefix) {
    if (fallback?.(req, res, url)) return;
    sendError(res, new ApiError(Code.WrongHandler));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    sendError(res, new ApiError(Code.WrongRequestFormat, {}, `Wrong request format: use GET or POST, not ${req.method}`));
    return;
  }
  if (req.method === 'GET' && /^openapi\.json\/?$/.test(url.pathname.slice(prefix.length))) {
    sendJson(res, 200, openApiFor(backend));
    return;
  }
  let parsed;
  try {
    parsed = await readRequestParams(req, url);
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code === 9) res.setHeader('connection', 'close');
      sendError(res, error);
      return;
    }
    throw error;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(prefix.length - 1));
  } catch {
    sendError(res, new ApiError(Code.WrongHandler));
    return;
  }
  const result = await backend.dispatch({ path, params: parsed.params, hash: parsed.hash, remoteAddress: req.socket.remoteAddress });
  if (result.file) await sendFile(backend, res, result.file);
  else await sendApiJson(res, result.httpStatus, result.body);
}
