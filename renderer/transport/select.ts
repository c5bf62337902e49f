import type { DealerConsoleBridge } from '../../shared/bridge';
import { createHttpTransport, type WebSocketConstructor } from './http';
import { createIpcTransport } from './ipc';
import type { Transport } from './transport';

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
