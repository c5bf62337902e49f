import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendApiJson, type StreamOptions } from './json-response.js';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  servers = [];
});

/** A server answering every request with `body` through sendApiJson; `finished` collects how each answer ended. */
async function serve(body: unknown, options: StreamOptions, finished: string[] = []): Promise<string> {
  const server = createServer((req, res) => {
    res.on('close', () => finished.push(res.writableFinished ? 'finished' : 'abandoned'));
    void sendApiJson(res, 200, body, options);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('condition not met within 10 s');
    await new Promise((done) => setTimeout(done, 20));
  }
}

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    label: i % 7 === 0 ? `Grüße "${i}" \\ \u2028 🚚` : `Truck ${i}`,
    nested: { a: [i, null], skipped: undefined },
    missing: undefined,
  }));

describe('sendApiJson', () => {
  const small: StreamOptions = { minRows: 10, chunkRows: 3, stallMs: 30_000 };

  it('streams a long list with exactly the bytes JSON.stringify gives, chunked and without a length', async () => {
    for (const n of [10, 11, 12, 13, 1000]) {
      const body = { success: true, skipped: undefined, list: [...rows(n), undefined, () => 1], count: n, tail: { x: 'y' } };
      const url = await serve(body, small);
      const res = await fetch(url);
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toBe(JSON.stringify(body));
    }
  });

  it('answers a short list in one piece with its Content-Length', async () => {
    const body = { success: true, list: rows(9), count: 9 };
    const res = await fetch(await serve(body, small));
    const text = await res.text();
    expect(text).toBe(JSON.stringify(body));
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  });

  it('stops encoding when the client goes away, and disconnects a client that stops reading', async () => {
    const body = { success: true, list: rows(200_000), count: 200_000 };
    const finished: string[] = [];
    const url = new URL(await serve(body, { minRows: 10, chunkRows: 1000, stallMs: 300 }, finished));
    // A client that reads the head and then nothing: the server gives up after stallMs and drops
    // the connection (seen on the server side: a paused client socket reports nothing).
    const req = request(url, (res) => res.once('data', () => res.pause()));
    req.on('error', () => {});
    req.end();
    await until(() => finished.length === 1);
    expect(finished).toEqual(['abandoned']);
    req.destroy();

    // A client that goes away mid-answer: the server stops and serves the next request.
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await until(() => finished.length === 2);
    expect(finished).toEqual(['abandoned', 'abandoned']);
    const small = await fetch(await serve({ success: true, list: [1, 2] }, { minRows: 10, chunkRows: 1000, stallMs: 300 }));
    expect(await small.json()).toEqual({ success: true, list: [1, 2] });
  });
});
