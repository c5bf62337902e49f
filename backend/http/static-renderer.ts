import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FallbackHandler } from './server.js';

/**
 * Serves the built renderer (`dist/renderer`) at `/` for browser mode and the Electron window:
 * known content types only, SPA fallback to index.html for extensionless paths, no way out of
 * the folder, and a strict Content-Security-Policy on every answer.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Scripts only from this origin; styles also inline because xterm.js injects <style> elements for
 * its theme; connections (fetch, the console WebSocket) only to this origin. Images may also come
 * from any https origin: map tiles load from the tile server the user configured (an <img> per
 * tile, no script, no fetch); nothing else is widened.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "worker-src 'self'",
].join('; ');

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** The built renderer next to this file's package: dist/renderer (from dist/backend/http or backend/http). */
export function findRendererDir(): string | undefined {
  const candidates = [
    fileURLToPath(new URL('../../renderer/', import.meta.url)), // dist/backend/http → dist/renderer
    fileURLToPath(new URL('../../dist/renderer/', import.meta.url)), // backend/http (tsx) → dist/renderer
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, immutable: boolean): void {
  const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...securityHeaders(),
    'content-type': type,
    'content-length': size,
    // Vite names assets by content hash, so they never change; index.html must be re-read.
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function isFile(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fallback handler for startHttpApi. Takes every non-API path: files of `rootDir`, else
 * index.html for client-side routes, else 404. With `rootDir` undefined (not built) `/` answers 503 text.
 */
export function createStaticRenderer(rootDir: string | undefined): FallbackHandler {
  const root = rootDir ? resolve(rootDir) : undefined;
  return (req, res, url) => {
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) return false;
    if (!root) {
      // Not built: say so at `/`, and leave every other path to the API's own answer.
      if (url.pathname !== '/') return false;
      send(res, 503, 'The Dealer Console UI is not built: run `npm run build`.');
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, 'Method not allowed');
      return true;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, 'Bad path');
      return true;
    }
    if (path.includes('\0') || path.split(/[\\/]/).some((part) => part === '..')) {
      send(res, 400, 'Bad path');
      return true;
    }
    const file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      send(res, 400, 'Bad path');
      return true;
    }
    const size = isFile(file);
    if (size !== undefined) {
      sendFile(req, res, file, size, path.startsWith('/assets/'));
      return true;
    }
    // Client-side routes have no extension; a missing asset is a real 404.
    if (extname(path) === '' || path.endsWith('.html')) {
      const index = join(root, 'index.html');
      const indexSize = isFile(index);
      if (indexSize !== undefined) {
        sendFile(req, res, index, indexSize, false);
        return true;
      }
    }
    send(res, 404, 'Not found');
    return true;
  };
}
