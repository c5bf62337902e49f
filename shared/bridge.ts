/**
 * The typed surface between the renderer and its host: the Electron preload exposes exactly this
 * as `window.dealerConsole`; in a browser the same shapes travel over HTTP and a WebSocket.
 * Nothing here imports Node or Electron, so the backend, the preload and the renderer share it.
 */

/** The Navixy envelope: `{success: true, ...payload}` or `{success: false, status: {code, description}, ...extra}`. */
export type ApiEnvelope = ApiSuccess | ApiFailure;

export interface ApiSuccess {
  success: true;
  [key: string]: unknown;
}

export interface ApiFailure {
  success: false;
  status: { code: number; description: string };
  /** Code 7: every bad parameter. */
  errors?: { parameter: string; error: string }[];
  /** Code 253: clone ids; code 247 (batch_clone): existing entities. */
  list?: unknown[];
  /** Code 203: associated rules / vehicles. */
  rules?: number[];
  vehicles?: number[];
  [key: string]: unknown;
}

/** One API call: the method path below /panel/ (`tracker/list`), its parameters and the session hash. */
export interface ApiCallRequest {
  path: string;
  params: Record<string, unknown>;
  hash?: string;
}

/** What `tracker/console/connect` returns plus where to connect: the WebSocket query of `/console`. */
export interface ConsoleTarget {
  /** The device id (IMEI), not the tracker id (docs/navixy-api-facts.md §4.9). */
  device_id: string;
  key: string;
  timestamp: number;
  dealer_id: number;
}

/** A frame the console server sends (text frames, JSON). */
export type ConsoleServerFrame = { type: 'status'; data: [string, string][] } | { type: 'output'; msg: string };

/**
 * Events a console subscriber receives. `open`/`closed` come from the transport itself; a
 * close carries the WebSocket close code and reason so the UI can say why the session ended.
 */
export type ConsoleEvent = ConsoleServerFrame | { type: 'open' } | { type: 'closed'; code: number; reason: string } | { type: 'error'; message: string };

/**
 * WebSocket close codes the console server uses to say why it ended a session (application range
 * 4000-4999). Any other code is shown with its number.
 */
export const consoleCloseCodes = {
  /** The key or timestamp is wrong, or the key has expired: connect again for a new one. */
  keyRejected: 4401,
  /** No tracker with that device id belongs to the dealer. */
  deviceNotFound: 4404,
  /** The device disconnected from the gateway. */
  deviceOffline: 4410,
} as const;

/** Commands longer than this are refused by the UI (the Navixy admin UI's limit). */
export const CONSOLE_COMMAND_MAX = 300;

/** IPC channel names, in one place for main and preload. */
export const ipcChannels = {
  apiCall: 'api:call',
  consoleOpen: 'console:open',
  consoleSend: 'console:send',
  consoleClose: 'console:close',
  /** main → renderer: `{id, events: ConsoleEvent[]}`, batched (~16 ms). */
  consoleEvents: 'console:events',
} as const;

export interface ConsoleEventsMessage {
  id: string;
  events: ConsoleEvent[];
}

/** What the preload exposes as `window.dealerConsole`. */
export interface DealerConsoleBridge {
  readonly host: 'electron';
  /** Calls one API method; always resolves with an envelope (failures are envelopes too). */
  call(request: ApiCallRequest): Promise<ApiEnvelope>;
  console: {
    /**
     * Opens a console session under an id the caller chose; `listener` gets batches of events.
     * Returns the function that closes the session and removes the listener.
     */
    subscribe(id: string, target: ConsoleTarget, listener: (events: ConsoleEvent[]) => void): () => void;
    /** Sends one command (a text frame) on an open session. */
    send(id: string, command: string): void;
  };
}
