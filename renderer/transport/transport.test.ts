// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { ApiCallRequest, ConsoleEvent, ConsoleTarget, DealerConsoleBridge } from '../../shared/bridge';
import { createHttpTransport, UNREACHABLE } from './http';
import { selectTransport } from './select';

function fakeBridge(): DealerConsoleBridge & { calls: ApiCallRequest[] } {
  const calls: ApiCallRequest[] = [];
  return {
    host: 'electron',
    calls,
    async call(request) {
      calls.push(request);
      return { success: true, echoed: request.path };
    },
    console: { subscribe: () => () => {}, send: () => {} },
  };
}

describe('selectTransport', () => {
  it('uses IPC when the preload exposed the bridge', async () => {
    const bridge = fakeBridge();
    const transport = selectTransport({ dealerConsole: bridge, location: { origin: 'http://127.0.0.1:1' } });
    expect(transport.kind).toBe('ipc');
    await expect(transport.call('tracker/list', { limit: 5 }, 'h'.repeat(32))).resolves.toEqual({ success: true, echoed: 'tracker/list' });
    expect(bridge.calls).toEqual([{ path: 'tracker/list', params: { limit: 5 }, hash: 'h'.repeat(32) }]);
  });

  it('uses HTTP on the page origin in a browser', () => {
    expect(selectTransport({ location: { origin: 'http://127.0.0.1:8383' } }).kind).toBe('http');
    // Something else named dealerConsole is not the bridge.
    expect(selectTransport({ dealerConsole: {} as DealerConsoleBridge, location: { origin: 'http://x' } }).kind).toBe('http');
  });

  it('in jsdom (no bridge) picks HTTP from the real window', () => {
    expect(selectTransport(window).kind).toBe('http');
  });
});

describe('HTTP transport', () => {
  it('POSTs JSON to /v2/panel/<path> with the hash in the body and returns the envelope', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ success: false, status: { code: 7, description: 'Invalid parameters' } }), { status: 400 }));
    const transport = createHttpTransport({ origin: 'http://127.0.0.1:8383/', fetch: fetch as unknown as typeof globalThis.fetch });
    const envelope = await transport.call('tracker/settings/update', { tracker_id: 3, label: 'A' }, 'abc');
    expect(envelope).toEqual({ success: false, status: { code: 7, description: 'Invalid parameters' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:8383/v2/panel/tracker/settings/update');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ tracker_id: 3, label: 'A', hash: 'abc' });
  });

  it('turns a network failure or a non-envelope answer into a failure envelope, never a throw', async () => {
    const down = createHttpTransport({ origin: 'http://x', fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
    const envelope = await down.call('tracker/list', {});
    expect(envelope.success).toBe(false);
    expect(!envelope.success && envelope.status.code).toBe(UNREACHABLE);
    const html = createHttpTransport({ origin: 'http://x', fetch: (async () => new Response('<html>', { status: 502 })) as typeof fetch });
    const bad = await html.call('tracker/list', {});
    expect(!bad.success && bad.status.description).toMatch(/HTTP 502/);
  });
});

describe('IPC transport console', () => {
  it('subscribes through the bridge and closes with the unsubscribe it returned', () => {
    const sent: [string, string][] = [];
    let listener: ((events: ConsoleEvent[]) => void) | undefined;
    let unsubscribed = 0;
    const bridge: DealerConsoleBridge = {
      ...fakeBridge(),
      console: {
        subscribe(id: string, _target: ConsoleTarget, l: (events: ConsoleEvent[]) => void) {
          listener = l;
          return () => unsubscribed++;
        },
        send: (id, command) => sent.push([id, command]),
      },
    };
    const transport = selectTransport({ dealerConsole: bridge, location: { origin: 'http://x' } });
    const got: ConsoleEvent[] = [];
    const connection = transport.openConsole({ device_id: '1', key: 'k', timestamp: 1, dealer_id: 1 }, (events) => got.push(...events));
    listener!([{ type: 'output', msg: 'hello' }]);
    connection.send('getver');
    connection.close();
    expect(got).toEqual([{ type: 'output', msg: 'hello' }]);
    expect(sent[0]![1]).toBe('getver');
    expect(unsubscribed).toBe(1);
  });
});
