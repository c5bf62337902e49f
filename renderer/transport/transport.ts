import type { ApiEnvelope, ConsoleEvent, ConsoleTarget, DealerConsoleBridge } from '../../shared/bridge';
import { createHttpTransport, type WebSocketConstructor } from './http';
import { createIpcTransport } from './ipc';

/** An open console session: send commands, close when done (closing also stops the events). */
export interface ConsoleConnection {
  send(command: string): void;
  close(): void;
}

/**
 * How the renderer reaches the backend. It does not know where it runs (ARCHITECTURE principle 8):
 * IPC inside Electron, HTTP + WebSocket in a browser. Both always resolve with an envelope.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(path: string, params: Record<string, unknown>, hash?: string): Promise<ApiEnvelope>;
  /** Events arrive in batches (~16 ms) so a fast device does not cost one render per line. */
  openConsole(target: ConsoleTarget, onEvents: (events: ConsoleEvent[]) => void): ConsoleConnection;
}

export interface TransportHost {
  dealerConsole?: DealerConsoleBridge;
  location: { origin: string };
  fetch?: typeof fetch;
  /** The browser's WebSocket class (or a fake with the members SocketLike names). */
  WebSocket?: unknown;
}

/** Picks the transport at startup: the Electron bridge when the preload exposed it, else HTTP on this origin. */
export function selectTransport(host: TransportHost): Transport {
  const bridge = host.dealerConsole;
  if (bridge && typeof bridge.call === 'function' && bridge.host === 'electron') return createIpcTransport(bridge);
  return createHttpTransport({
    origin: host.location.origin,
    fetch: host.fetch?.bind(host),
    WebSocket: host.WebSocket as WebSocketConstructor | undefined,
  });
}
