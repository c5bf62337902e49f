import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/api-error.js';
import { envelopeFor } from '../api/dispatch.js';
import type { Backend } from '../backend.js';
import { readRequestParams } from './request-params.js';

const API_PREFIXES = ['/v2/panel/', '/panel/'];

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError): void {
  const { httpStatus, body } = envelopeFor(error);
  sendJson(res, httpStatus, body);
}

export interface HttpApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Other request handlers (the renderer's static files, the console WebSocket) hook in here. */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** The local HTTP API: Navixy-compatible paths and envelopes over the one dispatch. */
export async function startHttpApi(backend: Backend, host: string, port: number, fallback?: FallbackHandler): Promise<HttpApi> {
  const server = createServer((req, res) => {
    void handle(backend, req, res, fallback).catch((error: unknown) => {
      backend.log.error(`http handler failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendError(res, new ApiError(6));
      else res.destroy();
    });
  });
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
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(backend: Backend, req: IncomingMessage, res: ServerResponse, fallback?: FallbackHandler): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const prefix = API_PREFIXES.find((p) => url.pathname.startsWith(p) || `${url.pathname}/` === p);
  if (!prefix) {
    if (fallback?.(req, res, url)) return;
    sendError(res, new ApiError(111));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    sendError(res, new ApiError(5, {}, `Wrong request format: use GET or POST, not ${req.method}`));
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
    sendError(res, new ApiError(111));
    return;
  }
  const result = await backend.dispatch({ path, params: parsed.params, hash: parsed.hash, remoteAddress: req.socket.remoteAddress });
  sendJson(res, result.httpStatus, result.body);
}
