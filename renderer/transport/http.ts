import type { ApiEnvelope, ConsoleEvent } from '../../shared/bridge';
import { consoleUrl, parseConsoleFrame } from '../../shared/console-protocol';
import { createBatcher } from './batch';
import type { Transport } from './transport';

/** The WebSocket members used here, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => SocketLike;

/** Code used when the server cannot be reached at all (not a Navixy code). */
export const UNREACHABLE = 0;

export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:8383`; the API is at `/v2/panel/<path>`, the console at `/console`. */
  origin: string;
  fetch?: typeof fetch;
  WebSocket?: WebSocketConstructor;
}

function unreachable(description: string): ApiEnvelope {
  return { success: false, status: { code: UNREACHABLE, description } };
}

/** In a browser: POST JSON to `/v2/panel/<path>` on the same origin, WebSocket for the console. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const origin = options.origin.replace(/\/+$/, '');
  return {
    kind: 'http',
    async call(path, params, hash) {
      let response: Response;
      try {
        response = await doFetch(`${origin}/v2/panel/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(hash ? { ...params, hash } : params),
        });
      } catch {
        return unreachable('The Dealer Console server cannot be reached');
      }
      try {
        const body = (await response.json()) as ApiEnvelope;
        if (body && typeof body === 'object' && typeof body.success === 'boolean') return body;
      } catch {
        // fall through
      }
      return unreachable(`The server answered HTTP ${response.status} without an API envelope`);
    },
    openConsole(target, onEvents) {
      const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
      const batcher = createBatcher<ConsoleEvent>(onEvents);
      let socket: SocketLike;
      try {
        socket = new Socket(consoleUrl(origin, target));
      } catch (error) {
        onEvents([{ type: 'error', message: (error as Error).message }]);
        return { send: () => {}, close: () => {} };
      }
      let opened = false;
      let closed = false;
      socket.onopen = () => {
        opened = true;
        batcher.push({ type: 'open' });
      };
      socket.onmessage = (event) => {
        const frame = typeof event.data === 'string' ? parseConsoleFrame(event.data) : null;
        if (frame) batcher.push(frame);
      };
      socket.onerror = () => {
        if (!opened) batcher.push({ type: 'error', message: 'The console connection failed' });
      };
      socket.onclose = (event) => {
        batcher.push({ type: 'closed', code: event.code, reason: event.reason });
        batcher.flush();
        closed = true;
      };
      return {
        send(command) {
          if (!closed && socket.readyState === 1) socket.send(command);
        },
        close() {
          if (closed) return;
          closed = true;
          batcher.dispose();
          socket.onmessage = socket.onclose = socket.onerror = socket.onopen = null;
          try {
            socket.close(1000, 'closed by the user');
          } catch {
            // already closing
          }
        },
      };
    },
  };
}
