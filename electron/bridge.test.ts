import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels, type ConsoleEvent } from '../shared/bridge.js';
import {
  createRendererBridge,
  EventBatcher,
  registerApiHandler,
  registerConsoleRelay,
  type IpcMainEventLike,
  type IpcMainLike,
  type IpcRendererLike,
  type SenderLike,
  type SocketLike,
} from './bridge.js';

/**
 * In-memory stand-ins for ipcMain / ipcRenderer wired to each other, with the structured-clone
 * step IPC applies (so nothing that cannot cross, like an Error's fields, can pass by accident).
 */
function ipcPair(frameUrl = 'http://127.0.0.1:8383/') {
  const handlers = new Map<string, (event: IpcMainEventLike, ...args: any[]) => unknown>();
  const mainListeners = new Map<string, ((event: IpcMainEventLike, ...args: any[]) => void)[]>();
  const rendererListeners = new Map<string, ((event: unknown, ...args: any[]) => void)[]>();
  let destroyed = false;
  const destroyedListeners: (() => void)[] = [];
  const sender: SenderLike = {
    id: 1,
    send: (channel, ...args) => {
      for (const l of rendererListeners.get(channel) ?? []) l({}, ...structuredClone(args));
    },
    isDestroyed: () => destroyed,
    once: (_event, listener) => destroyedListeners.push(listener),
  };
  const event = (): IpcMainEventLike => ({ sender, senderFrame: { url: frameUrl } });
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    on: (channel, listener) => mainListeners.set(channel, [...(mainListeners.get(channel) ?? []), listener]),
  };
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(event(), ...structuredClone(args)));
    },
    send(channel, ...args) {
      for (const l of mainListeners.get(channel) ?? []) l(event(), ...structuredClone(args));
    },
    on: (channel, listener) => rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]),
    removeListener: (channel, listener) =>
      rendererListeners.set(
        channel,
        (rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
      ),
  };
  return {
    ipcMain,
    ipcRenderer,
    rendererListenerCount: (channel: string) => rendererListeners.get(channel)?.length ?? 0,
    destroyWindow() {
      destroyed = true;
      for (const l of destroyedListeners) l();
    },
  };
}

const trusted = { isTrustedSender: (e: IpcMainEventLike) => e.senderFrame?.url.startsWith('http://127.0.0.1:8383/') ?? false };

describe('api:call over the bridge', () => {
  it('returns the dispatch envelope, failures included, as data', async () => {
    const pair = ipcPair();
    const dispatch = vi.fn(async (request: { path: string; params: Record<string, unknown>; hash?: unknown }) =>
      request.path === 'tracker/read'
        ? { body: { success: false, status: { code: 201, description: 'Not found in database' } } }
        : { body: { success: true, list: [], count: 0 } },
    );
    registerApiHandler(pair.ipcMain, dispatch, trusted);
    const bridge = createRendererBridge(pair.ipcRenderer);
    expect(await bridge.call({ path: 'tracker/list', params: { limit: 5 }, hash: 'a'.repeat(32) })).toEqual({ success: true, list: [], count: 0 });
    expect(dispatch).toHaveBeenCalledWith({ path: 'tracker/list', params: { limit: 5 }, hash: 'a'.repeat(32) });
    expect(await bridge.call({ path: 'tracker/read', params: { tracker_id: 9 } })).toEqual({
      success: false,
      status: { code: 201, description: 'Not found in database' },
    });
  });

  it('never throws across IPC: a crashing dispatch becomes code 6', async () => {
    const pair = ipcPair();
    registerApiHandler(pair.ipcMain, async () => Promise.reject(Object.assign(new Error('boom'), { code: 99 })), trusted);
    const envelope = await createRendererBridge(pair.ipcRenderer).call({ path: 'tracker/list', params: {} });
    expect(envelope).toEqual({ success: false, status: { code: 6, description: 'Unexpected error' } });
  });

  it('refuses malformed requests (5) and frames from another origin (11)', async () => {
    const pair = ipcPair();
    registerApiHandler(pair.ipcMain, async () => ({ body: { success: true } }), trusted);
    const bridge = createRendererBridge(pair.ipcRenderer);
    expect(await bridge.call({ path: '../etc', params: {} })).toMatchObject({ success: false, status: { code: 5 } });
    expect(await bridge.call({ path: 'tracker/list', params: [] as unknown as Record<string, unknown> })).toMatchObject({ status: { code: 5 } });

    const evil = ipcPair('https://evil.example/');
    registerApiHandler(evil.ipcMain, async () => ({ body: { success: true } }), trusted);
    expect(await createRendererBridge(evil.ipcRenderer).call({ path: 'tracker/list', params: {} })).toMatchObject({ status: { code: 11 } });
  });

  it('turns a missing handler (main not ready) into an envelope too', async () => {
    const pair = ipcPair();
    expect(await createRendererBridge(pair.ipcRenderer).call({ path: 'tracker/list', params: {} })).toMatchObject({ success: false, status: { code: 6 } });
  });
});

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed++;
    this.readyState = 3;
  }
}

describe('console over the bridge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const pair = ipcPair();
    const sockets: FakeSocket[] = [];
    const relay = registerConsoleRelay(pair.ipcMain, {
      ...trusted,
      openSocket: (target) => {
        const socket = new FakeSocket(`ws://x/console?device=${target.device_id}`);
        sockets.push(socket);
        return socket;
      },
    });
    return { pair, relay, sockets, bridge: createRendererBridge(pair.ipcRenderer) };
  }

  it('batches a burst of output into one IPC message per ~16 ms', async () => {
    const { bridge, sockets } = setup();
    const batches: ConsoleEvent[][] = [];
    bridge.console.subscribe('c1', { device_id: '356307042441013', key: 'k', timestamp: 1, dealer_id: 1 }, (events) => batches.push(events));
    const socket = sockets[0]!;
    expect(socket.url).toContain('device=356307042441013');
    socket.readyState = 1;
    socket.onopen!({});
    for (let i = 0; i < 1000; i++) socket.onmessage!({ data: JSON.stringify({ type: 'output', msg: `line ${i}` }) });
    socket.onmessage!({ data: JSON.stringify({ type: 'status', data: [['Speed', '12']] }) });
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(16);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1002);
    expect(batches[0]![0]).toEqual({ type: 'open' });
    expect(batches[0]![1001]).toEqual({ type: 'status', data: [['Speed', '12']] });
  });

  it('sends commands to the socket of that subscription', () => {
    const { bridge, sockets } = setup();
    bridge.console.subscribe('c1', { device_id: 'A', key: 'k', timestamp: 1, dealer_id: 1 }, () => {});
    bridge.console.subscribe('c2', { device_id: 'B', key: 'k', timestamp: 1, dealer_id: 1 }, () => {});
    sockets[0]!.readyState = 1;
    sockets[1]!.readyState = 1;
    bridge.console.send('c2', 'getver');
    expect(sockets[0]!.sent).toEqual([]);
    expect(sockets[1]!.sent).toEqual(['getver']);
  });

  it('the unsubscribe it returns closes the socket and removes the IPC listener (no leak)', () => {
    const { bridge, sockets, relay, pair } = setup();
    const unsubscribe = bridge.console.subscribe('c1', { device_id: 'A', key: 'k', timestamp: 1, dealer_id: 1 }, () => {});
    expect(pair.rendererListenerCount(ipcChannels.consoleEvents)).toBe(1);
    expect(relay.openSessions()).toBe(1);
    unsubscribe();
    unsubscribe();
    expect(sockets[0]!.closed).toBe(1);
    expect(relay.openSessions()).toBe(0);
    expect(pair.rendererListenerCount(ipcChannels.consoleEvents)).toBe(0);
  });

  it('passes the close code through and forgets the session', async () => {
    const { bridge, sockets, relay } = setup();
    const got: ConsoleEvent[] = [];
    bridge.console.subscribe('c1', { device_id: 'A', key: 'k', timestamp: 1, dealer_id: 1 }, (events) => got.push(...events));
    sockets[0]!.onclose!({ code: 4401, reason: 'key expired' });
    expect(got).toEqual([{ type: 'closed', code: 4401, reason: 'key expired' }]);
    expect(relay.openSessions()).toBe(0);
  });

  it('closes every session of a window that goes away', () => {
    const { bridge, sockets, relay, pair } = setup();
    bridge.console.subscribe('c1', { device_id: 'A', key: 'k', timestamp: 1, dealer_id: 1 }, () => {});
    bridge.console.subscribe('c2', { device_id: 'B', key: 'k', timestamp: 1, dealer_id: 1 }, () => {});
    pair.destroyWindow();
    expect(sockets.map((s) => s.closed)).toEqual([1, 1]);
    expect(relay.openSessions()).toBe(0);
  });

  it('EventBatcher flushes early when a batch grows too large', () => {
    const delivered: number[][] = [];
    const batcher = new EventBatcher<number>((items) => delivered.push(items), 16, 3);
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(delivered).toEqual([[1, 2, 3]]);
    batcher.push(4);
    vi.advanceTimersByTime(16);
    expect(delivered).toEqual([[1, 2, 3], [4]]);
  });
});
