import { X509Certificate } from 'node:crypto';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { WebSocket, type ClientOptions } from 'ws';
import type { SocketLike } from './bridge.js';

/*
 * The main process's side of the desktop app's own HTTPS: the window and the console relay talk to
 * the backend this process started, so the one certificate to trust is the one it was given
 * (self-signed or issued for a public name while the window uses the bound address). No `electron`
 * import: tested in plain Node.
 */

/** Whether two PEM certificates are the same certificate (SHA-256 fingerprint of the DER). */
export function sameCertificate(a: string, b: string): boolean {
  try {
    return new X509Certificate(a).fingerprint256 === new X509Certificate(b).fingerprint256;
  } catch {
    return false;
  }
}

/**
 * A console WebSocket to the backend. Over wss:// only the configured certificate is accepted
 * (pinned by fingerprint; its name need not match the address). No Origin header: not a browser.
 */
export function openConsoleSocket(url: string, tlsCert?: string): SocketLike {
  if (!url.startsWith('wss:')) {
    const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
    return WebSocketClass ? new WebSocketClass(url) : (new WebSocket(url) as unknown as SocketLike);
  }
  if (!tlsCert) throw new Error('A wss:// console needs the certificate the backend serves');
  const pinned = new X509Certificate(tlsCert).fingerprint256;
  const tls: ConnectionOptions = {
    ca: [...rootCertificates, tlsCert],
    checkServerIdentity: (_host, peer) =>
      peer.fingerprint256 === pinned ? undefined : new Error('The console answered with another certificate than the configured one'),
  };
  // ws hands these to tls.connect (@types/ws types checkServerIdentity as returning a boolean).
  return new WebSocket(url, tls as unknown as ClientOptions) as unknown as SocketLike;
}
