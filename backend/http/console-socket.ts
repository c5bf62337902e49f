import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isPrintableCommand } from '../../shared/console-text.js';
import { ApiError } from '../api/api-error.js';
import type { Backend } from '../backend.js';
import type { ConsoleEvent } from '../devices/console-hub.js';
import type { RequestGuard } from './host-origin.js';

/** Longest command line the console accepts (the admin panel's own limit is 300). */
const MAX_COMMAND_LENGTH = 300;

interface ConsoleTarget {
  trackerId: number;
  sourceId: number;
  dealerId: number;
}

/** Checks `/console?device=&key=&timestamp=&dealer_id=`; `device` is a device id or a tracker id. */
export function authorizeConsole(backend: Backend, url: URL): ConsoleTarget | undefined {
  const device = url.searchParams.get('device') ?? '';
  const key = url.searchParams.get('key') ?? '';
  const timestamp = Number(url.searchParams.get('timestamp'));
  const dealerId = Number(url.searchParams.get('dealer_id'));
  if (!device || !Number.isInteger(timestamp) || !Number.isInteger(dealerId) || dealerId <= 0) return undefined;
  const candidates = backend.store.all<{ id: number; source_id: number }>(
    `SELECT t.id, t.source_id FROM trackers t JOIN sources s ON s.id = t.source_id
     WHERE t.dealer_id = ? AND s.corrupted = 0 AND (s.device_id = ? OR CAST(t.id AS TEXT) = ?)`,
    [dealerId, device, device],
  );
  const nowS = Math.floor(backend.clock.now().getTime() / 1000);
  const match = candidates.find((c) => backend.consoleKeys.verify(key, dealerId, c.id, timestamp, nowS));
  return match ? { trackerId: match.id, sourceId: match.source_id, dealerId } : undefined;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The live console over WebSocket on the API port: `status` and `output` frames out, and every text
 * frame in is sent to the device as a command. A bad or expired key is refused before the upgrade.
 */
export function attachConsoleSocket(server: Server, backend: Backend, guard?: RequestGuard): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Host and Origin first (a foreign page's WebSocket → 403, a rebound name → 421), before the key.
    const refusal = guard?.check(req, 'console');
    if (refusal) return refuse(socket, refusal.status, refusal.status === 421 ? 'Misdirected Request' : 'Forbidden');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/console' && url.pathname !== '/console/') return refuse(socket, 404, 'Not Found');
    const target = authorizeConsole(backend, url);
    if (!target) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveConsole(ws, backend, target));
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.close(1001, 'server stopping');
    wss.close();
  };
}

function serveConsole(ws: WebSocket, backend: Backend, target: ConsoleTarget): void {
  const send = (event: ConsoleEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  };
  const unsubscribe = backend.gateway.console.subscribe(target.sourceId, send);
  const online = backend.gateway.isOnline(target.sourceId);
  send({ type: 'output', msg: `console of tracker ${target.trackerId}: device ${online ? 'online' : 'offline'}` });
  ws.on('message', (data, isBinary) => {
    const command = isBinary ? '' : data.toString('utf8').trim();
    if (!command || command.length > MAX_COMMAND_LENGTH) {
      send({ type: 'output', msg: `command refused: 1 to ${MAX_COMMAND_LENGTH} characters of text` });
      return;
    }
    // The same rule as tracker/raw_command/send: no control characters (C0, DEL, C1).
    if (!isPrintableCommand(command)) {
      send({ type: 'output', msg: 'command refused: must consist of printable characters' });
      return;
    }
    backend.gateway.sendCommand(target.sourceId, command, 'text', false).catch((error: unknown) => {
      const text = error instanceof ApiError ? error.message : 'Unexpected error';
      send({ type: 'output', msg: `command not sent: ${text}` });
    });
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}
