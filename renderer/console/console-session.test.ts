// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleCloseCodes } from '../../shared/bridge';
import { createApi } from '../api/client';
import { createHttpTransport, type SocketLike } from '../transport/http';
import { ConsoleSession, type ConsolePhase } from './console-session';

/** A WebSocket stand-in: records what the client sends; the test plays the server. */
class FakeSocket implements SocketLike {
  static last: FakeSocket | undefined;
  readyState = 0;
  sent: string[] = [];
  closedWith: [number | undefined, string | undefined] | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frame(value: unknown) {
    this.onmessage?.({ data: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  serverClose(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup(connectAnswer: Record<string, unknown> = { success: true, key: 'f'.repeat(40), timestamp: 1_700_000_000 }) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(connectAnswer)));
  const transport = createHttpTransport({ origin: 'http://127.0.0.1:8383', fetch: fetch as unknown as typeof globalThis.fetch, WebSocket: FakeSocket });
  const api = createApi({ transport, hash: () => 'a'.repeat(32), onSessionInvalid: () => {} });
  const phases: [ConsolePhase, string | undefined][] = [];
  const output: string[] = [];
  const status: [string, string][] = [];
  const device: string[] = [];
  const session = new ConsoleSession(
    api,
    transport,
    { id: 12, device_id: '356307042441013', dealer_id: 1 },
    {
      phase: (phase, words) => phases.push([phase, words]),
      output: (lines) => output.push(...lines.map((l) => l.msg)),
      status: (pairs) => status.push(...pairs),
      device: (state) => device.push(state),
    },
  );
  return { fetch, session, phases, output, status, device };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.last = undefined;
});
afterEach(() => vi.useRealTimers());

async function flushBatch() {
  await vi.advanceTimersByTimeAsync(20);
}

describe('console client', () => {
  it('gets a key from tracker/console/connect, then opens /console with device_id, key, timestamp, dealer_id', async () => {
    const { fetch, session } = setup();
    await session.connect();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:8383/v2/panel/tracker/console/connect');
    expect(JSON.parse(init.body as string)).toMatchObject({ tracker_id: 12 });
    const ws = new URL(FakeSocket.last!.url);
    expect(ws.protocol).toBe('ws:');
    expect(ws.host).toBe('127.0.0.1:8383');
    expect(ws.pathname).toBe('/console');
    expect(Object.fromEntries(ws.searchParams)).toEqual({ device: '356307042441013', key: 'f'.repeat(40), timestamp: '1700000000', dealer_id: '1' });
  });

  it('delivers output and status frames in batches, and sends commands as text frames', async () => {
    const { session, phases, output, status } = setup();
    await session.connect();
    const socket = FakeSocket.last!;
    socket.open();
    for (let i = 0; i < 500; i++) socket.frame({ type: 'output', msg: `line ${i}` });
    socket.frame({
      type: 'status',
      data: [
        ['Latitude', '52.1'],
        ['Speed', 0],
      ],
    });
    socket.frame('not json');
    socket.frame({ type: 'unknown' });
    expect(output).toHaveLength(0); // nothing until the batch interval passes
    await flushBatch();
    expect(phases.map((p) => p[0])).toEqual(['connecting', 'open']);
    expect(output).toHaveLength(500);
    expect(output[499]).toBe('line 499');
    expect(status).toEqual([
      ['Latitude', '52.1'],
      ['Speed', '0'],
    ]);
    expect(session.send('  setparam 101:4 ')).toBeNull();
    expect(socket.sent).toEqual(['setparam 101:4']);
    expect(session.send('')).toBe('Type a command first');
    expect(session.send('x'.repeat(301))).toMatch(/at most 300/);
  });

  it('says the key expired when the server closes with 4401, and refuses commands after', async () => {
    const { session, phases } = setup();
    await session.connect();
    FakeSocket.last!.open();
    FakeSocket.last!.serverClose(consoleCloseCodes.keyRejected, 'key expired');
    await flushBatch();
    expect(phases.at(-1)).toEqual(['closed', 'The console key has expired or was refused. Connect again to get a new key.']);
    expect(session.send('getver')).toBe('The console is not connected');
  });

  it('explains a refused upgrade (browser sees 1006 before open) as a possibly expired key', async () => {
    const { session, phases } = setup();
    await session.connect();
    FakeSocket.last!.onerror?.({});
    FakeSocket.last!.serverClose(1006);
    await flushBatch();
    expect(phases.at(-1)![0]).toBe('closed');
    expect(phases.at(-1)![1]).toMatch(/refused the connection.*key may have expired/);
  });

  it('notices when the device goes offline and comes back', async () => {
    const { session, device } = setup();
    await session.connect();
    FakeSocket.last!.open();
    FakeSocket.last!.frame({ type: 'output', msg: '2026-03-15 10:00:00 device went offline' });
    FakeSocket.last!.frame({ type: 'output', msg: '2026-03-15 10:01:00 device connected from 10.0.0.2:4000 (teltonika)' });
    await flushBatch();
    expect(device).toEqual(['offline', 'online']);
  });

  it('shows the API error in words when console/connect fails', async () => {
    const { session, phases } = setup({ success: false, status: { code: 230, description: 'x' } });
    await session.connect();
    expect(phases.at(-1)).toEqual(['closed', 'Could not open the console: Not supported for this entity type']);
    expect(FakeSocket.last).toBeUndefined();
  });

  it('closes the socket and ignores late frames after disconnect', async () => {
    const { session, output } = setup();
    await session.connect();
    const socket = FakeSocket.last!;
    socket.open();
    session.disconnect();
    expect(socket.closedWith?.[0]).toBe(1000);
    socket.frame({ type: 'output', msg: 'late' });
    await flushBatch();
    expect(output).toEqual([]);
  });
});
