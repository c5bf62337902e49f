import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { makeSelfSignedCert } from '../backend/http/test-support/tls-cert.js';
import { openConsoleSocket, sameCertificate } from './console-client.js';

/** The main process's console client over wss:// trusts exactly the configured certificate. */
describe('console client (desktop app, TLS)', () => {
  const served = makeSelfSignedCert('console.example.com');
  const other = makeSelfSignedCert('console.example.com');
  let url: string;
  let close: () => Promise<void>;
  const origins: (string | undefined)[] = [];
  beforeAll(async () => {
    const server = createServer({ cert: served.cert, key: served.key });
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws, req) => {
      origins.push(req.headers.origin);
      ws.send(JSON.stringify({ type: 'output', msg: 'hello' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The certificate names console.example.com; the app connects to the bound address.
    url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/console`;
    close = () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      });
  });
  afterAll(async () => {
    await close();
    rmSync(served.dir, { recursive: true, force: true });
    rmSync(other.dir, { recursive: true, force: true });
  });

  const outcome = (cert: string | undefined) =>
    new Promise<string>((resolve) => {
      const socket = openConsoleSocket(url, cert);
      socket.onmessage = (event) => {
        resolve(`message ${String(event.data)}`);
        socket.close();
      };
      socket.onerror = () => resolve('error');
    });

  it('connects with the configured certificate (its name need not match), sends no Origin, and delivers text frames as strings', async () => {
    expect(await outcome(served.cert)).toBe('message {"type":"output","msg":"hello"}');
    expect(origins).toEqual([undefined]);
  });

  it('refuses a server presenting another certificate, and wss:// without one', async () => {
    expect(await outcome(other.cert)).toBe('error');
    expect(() => openConsoleSocket(url, undefined)).toThrow(/needs the certificate/);
  });

  it('compares certificates by fingerprint', () => {
    expect(sameCertificate(served.cert, `${served.cert}\n`)).toBe(true);
    expect(sameCertificate(served.cert, other.cert)).toBe(false);
    expect(sameCertificate('not a pem', served.cert)).toBe(false);
  });
});
