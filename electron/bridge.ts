import {
  ipcChannels,
  type ApiCallRequest,
  type ApiEnvelope,
  type ConsoleEvent,
  type ConsoleEventsMessage,
  type ConsoleTarget,
  type DealerConsoleBridge,
} from '../shared/bridge.js';
import { parseConsoleFrame } from '../shared/console-protocol.js';
import { errorInfo } from '../shared/errors.js';

/*
 * Both halves of the IPC bridge as plain functions over the few ipcMain / ipcRenderer members they
 * use. main.ts and preload.ts pass Electron's objects; tests pass stand-ins. Nothing here imports
 * 'electron', so unit tests never load it.
 */

export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcMainEventLike {
  sender: SenderLike;
  senderFrame?: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainEventLike, ...args: any[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainEventLike, ...args: any[]) => void): unknown;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
}

/** The few WebSocket members the console relay uses (the WHATWG WebSocket of Electron's Node). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type Dispatch = (request: { path: string; params: Record<string, unknown>; hash?: unknown }) => Promise<{ body: Record<string, unknown> }>;

export function failureEnvelope(code: number, description = errorInfo(code).description): ApiEnvelope {
  return { success: false, status: { code, description } };
}

const PATH_FORMAT = /^[a-z0-9_/]{1,200}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an `api:call` argument from the renderer; null when it is not a well-formed request. */
export function readCallRequest(value: unknown): ApiCallRequest | null {
  if (!isPlainObject(value)) return null;
  const { path, params, hash } = value;
  if (typeof path !== 'string' || !PATH_FORMAT.test(path)) return null;
  if (params !== undefined && !isPlainObject(params)) return null;
  if (hash !== undefined && typeof hash !== 'string') return null;
  return { path, params: params ?? {}, hash };
}

export interface MainBridgeOptions {
  /** Only frames from the app's own origin may call; others get 11 (Access denied). */
  isTrustedSender(event: IpcMainEventLike): boolean;
}

/**
 * `api:call` → dispatch. Always resolves with an envelope: a thrown error would lose its fields
 * crossing IPC (electron/electron#24427), so failures travel as data.
 */
export function registerApiHandler(ipcMain: IpcMainLike, dispatch: Dispatch, options: MainBridgeOptions): void {
  ipcMain.handle(ipcChannels.apiCall, async (event, raw: unknown): Promise<ApiEnvelope> => {
    if (!options.isTrustedSender(event)) return failureEnvelope(11);
    const request = readCallRequest(raw);
    if (!request) return failureEnvelope(5);
    try {
      const result = await dispatch({ path: request.path, params: request.params, hash: request.hash });
      return result.body as unknown as ApiEnvelope;
    } catch {
      return failureEnvelope(6);
    }
  });
}

/**
 * Collects events and delivers them at most once per `intervalMs` (default ~one frame), so a
 * device printing thousands of lines a second costs the renderer ~60 IPC messages a second.
 */
export class EventBatcher<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly intervalMs = 16,
    private readonly maxItems = 5000,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.maxItems) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const items = this.pending;
    this.pending = [];
    this.deliver(items);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

export interface ConsoleRelayOptions extends MainBridgeOptions {
  /** Opens the console WebSocket for a target (main.ts: the loopback server's `/console`). */
  openSocket(target: ConsoleTarget): SocketLike;
  batchMs?: number;
}

function readTarget(value: unknown): ConsoleTarget | null {
  if (!isPlainObject(value)) return null;
  const { device_id, key, timestamp, dealer_id } = value;
  if (typeof device_id !== 'string' || typeof key !== 'string') return null;
  if (typeof timestamp !== 'number' || typeof dealer_id !== 'number') return null;
  return { device_id, key, timestamp, dealer_id };
}

/**
 * Relays console sessions between the renderer and the console WebSocket: one socket per
 * subscription id, output batched before it crosses IPC, sockets closed when the renderer
 * unsubscribes or its window goes away (no leaked listeners: docs/architecture.md §4.1).
 * Returns the number of open sessions (for tests and shutdown).
 */
export function registerConsoleRelay(ipcMain: IpcMainLike, options: ConsoleRelayOptions): { openSessions(): number; closeAll(): void } {
  const sessions = new Map<string, { socket: SocketLike; batcher: EventBatcher<ConsoleEvent>; senderId: number }>();
  const watchedSenders = new Set<number>();

  const close = (key: string) => {
    const session = sessions.get(key);
    if (!session) return;
    sessions.delete(key);
    session.batcher.flush();
    session.batcher.dispose();
    session.socket.onmessage = null;
    session.socket.onclose = null;
    session.socket.onerror = null;
    session.socket.onopen = null;
    try {
      session.socket.close(1000, 'closed by the user');
    } catch {
      // already closed
    }
  };

  ipcMain.on(ipcChannels.consoleOpen, (event, raw: unknown) => {
    if (!options.isTrustedSender(event) || !isPlainObject(raw) || typeof raw.id !== 'string') return;
    const target = readTarget(raw.target);
    const sender = event.sender;
    const id = raw.id;
    const key = `${sender.id}:${id}`;
    const deliver = (events: ConsoleEvent[]) => {
      if (!sender.isDestroyed()) sender.send(ipcChannels.consoleEvents, { id, events } satisfies ConsoleEventsMessage);
    };
    if (!target) {
      deliver([{ type: 'error', message: 'Malformed console target' }]);
      return;
    }
    close(key);
    const batcher = new EventBatcher<ConsoleEvent>(deliver, options.batchMs ?? 16);
    let socket: SocketLike;
    try {
      socket = options.openSocket(target);
    } catch (error) {
      deliver([{ type: 'error', message: (error as Error).message }]);
      return;
    }
    sessions.set(key, { socket, batcher, senderId: sender.id });
    let opened = false;
    socket.onopen = () => {
      opened = true;
      batcher.push({ type: 'open' });
    };
    socket.onmessage = (message) => {
      const frame = typeof message.data === 'string' ? parseConsoleFrame(message.data) : null;
      if (frame) batcher.push(frame);
    };
    socket.onerror = () => {
      if (!opened) batcher.push({ type: 'error', message: 'The console connection failed' });
    };
    socket.onclose = (closeEvent) => {
      batcher.push({ type: 'closed', code: closeEvent.code, reason: closeEvent.reason });
      batcher.flush();
      batcher.dispose();
      sessions.delete(key);
    };
    if (!watchedSenders.has(sender.id)) {
      watchedSenders.add(sender.id);
      sender.once('destroyed', () => {
        watchedSenders.delete(sender.id);
        for (const [k, s] of sessions) if (s.senderId === sender.id) close(k);
      });
    }
  });

  ipcMain.on(ipcChannels.consoleSend, (event, raw: unknown) => {
    if (!options.isTrustedSender(event) || !isPlainObject(raw)) return;
    const { id, command } = raw;
    if (typeof id !== 'string' || typeof command !== 'string') return;
    const session = sessions.get(`${event.sender.id}:${id}`);
    if (session && session.socket.readyState === 1) session.socket.send(command);
  });

  ipcMain.on(ipcChannels.consoleClose, (event, raw: unknown) => {
    if (!isPlainObject(raw) || typeof raw.id !== 'string') return;
    close(`${event.sender.id}:${raw.id}`);
  });

  return {
    openSessions: () => sessions.size,
    closeAll: () => {
      for (const key of [...sessions.keys()]) close(key);
    },
  };
}

/** The renderer half, exposed by the preload through contextBridge as `window.dealerConsole`. */
export function createRendererBridge(ipcRenderer: IpcRendererLike): DealerConsoleBridge {
  const listeners = new Map<string, (events: ConsoleEvent[]) => void>();
  const onEvents = (_event: unknown, message: ConsoleEventsMessage) => {
    if (message && typeof message.id === 'string' && Array.isArray(message.events)) listeners.get(message.id)?.(message.events);
  };
  let listening = false;

  return {
    host: 'electron',
    async call(request: ApiCallRequest): Promise<ApiEnvelope> {
      try {
        const envelope = (await ipcRenderer.invoke(ipcChannels.apiCall, {
          path: request.path,
          params: request.params,
          hash: request.hash,
        })) as ApiEnvelope | undefined;
        if (envelope && typeof envelope === 'object' && typeof envelope.success === 'boolean') return envelope;
        return failureEnvelope(6);
      } catch {
        return failureEnvelope(6);
      }
    },
    console: {
      subscribe(id: string, target: ConsoleTarget, listener: (events: ConsoleEvent[]) => void): () => void {
        listeners.set(id, listener);
        if (!listening) {
          ipcRenderer.on(ipcChannels.consoleEvents, onEvents);
          listening = true;
        }
        ipcRenderer.send(ipcChannels.consoleOpen, { id, target });
        let done = false;
        return () => {
          if (done) return;
          done = true;
          if (listeners.get(id) === listener) listeners.delete(id);
          ipcRenderer.send(ipcChannels.consoleClose, { id });
          if (listening && listeners.size === 0) {
            ipcRenderer.removeListener(ipcChannels.consoleEvents, onEvents);
            listening = false;
          }
        };
      },
      send(id: string, command: string): void {
        ipcRenderer.send(ipcChannels.consoleSend, { id, command });
      },
    },
  };
}
