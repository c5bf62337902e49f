import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isPrintableCommand } from '../../shared/console-text.js';
import { ApiError } from '../api/api-error.js';
import type { Backend } from '../backend.js';
import type { ConsoleEvent } from '../devices/console-hub.js';
import { hasPermissions } from '../../shared/permissions.js';
import type { RequestGuard } from './host-origin.js';

/** Longest command line the console accepts (the admin panel's own limit is 300). */
const MAX_COMMAND_LENGTH = 300;

interface ConsoleTarget {
  trackerId: number;
  sourceId: number;
  dealerId: number;
  /** The session the key was issued to (its hash), and whose account and owner it saw at the start. */
  session: string;
  accountId: number;
  userId: number;
}

/** Close codes of a console whose right ended (after a status frame `console closed: <reason>`). */
export const CONSOLE_CLOSE = { session: 4001, permission: 4003, tracker: 4004 } as const;

interface Ending {
  code: number;
  reason: string;
}

/**
 * Why the console may no longer be used, or undefined while it may: the session behind the key is
 * live (not logged out, expired, ended by a password change or a block), holds `trackers: update`
 * for the same dealer, and the tracker is still that dealer's, with the same owner, neither
 * corrupted, hidden nor blocked (what tracker/console/connect requires).
 */
async function consoleEnding(backend: Backend, target: ConsoleTarget): Promise<Ending | undefined> {
  const session = await backend.accounts.resolve(target.session);
  if (!session || session.dealerId !== target.dealerId || session.accountId !== target.accountId) {
    const account = await backend.accounts.standing(target.accountId);
    const reason = !account ? 'account deleted' : account.blocked ? 'account blocked' : account.dealerBlocked ? 'dealer blocked' : 'session ended';
    return { code: CONSOLE_CLOSE.session, reason };
  }
  if (!hasPermissions(session.permissions, CONSOLE_PERMISSIONS)) return { code: CONSOLE_CLOSE.permission, reason: 'permission trackers: update removed' };
  const tracker = backend.trackerIndex.get(target.dealerId, target.trackerId);
  if (!tracker) return { code: CONSOLE_CLOSE.tracker, reason: 'tracker deleted' };
  if (tracker.corrupted || tracker.source_id !== target.sourceId) return { code: CONSOLE_CLOSE.tracker, reason: 'tracker corrupted' };
  if (tracker.user_id !== target.userId) return { code: CONSOLE_CLOSE.tracker, reason: 'tracker moved' };
  if (tracker.blocked) return { code: CONSOLE_CLOSE.tracker, reason: 'tracker blocked' };
  if (tracker.deleted) return { code: CONSOLE_CLOSE.tracker, reason: 'tracker hidden' };
  return undefined;
}

const CONSOLE_PERMISSIONS = { trackers: ['update'] };
/** How often an idle console re-checks its right (every frame in re-checks too). */
const RECHECK_INTERVAL_MS = 30_000;

/**
 * Checks `/console?device=&key=&timestamp=&dealer_id=`; `device` is a device id or a tracker id.
 * The key must be one this process issued (to a session) and not expired, and that session's
 * right to the console must still hold.
 */
export async function authorizeConsole(backend: Backend, url: URL): Promise<ConsoleTarget | undefined> {
  const device = url.searchParams.get('device') ?? '';
  const key = url.searchParams.get('key') ?? '';
  const timestamp = Number(url.searchParams.get('timestamp'));
  const dealerId = Number(url.searchParams.get('dealer_id'));
  if (!device || !Number.isInteger(timestamp) || !Number.isInteger(dealerId) || dealerId <= 0) return undefined;
  const candidates = await backend.trackers.consoleCandidates(dealerId, device);
  const nowS = Math.floor(backend.clock.now().getTime() / 1000);
  for (const c of candidates) {
    const session = backend.consoleKeys.verify(key, dealerId, c.id, timestamp, nowS);
    if (!session) continue;
    const accountId = (await backend.accounts.resolve(session))?.accountId;
    if (accountId === undefined) return undefined;
    const target: ConsoleTarget = { trackerId: c.id, sourceId: c.source_id, dealerId, session, accountId, userId: c.user_id };
    return (await consoleEnding(backend, target)) ? undefined : target;
  }
  return undefined;
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
    authorizeConsole(backend, url).then(
      (target) => {
        if (!target) return refuse(socket, 403, 'Forbidden');
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => serveConsole(ws, backend, target));
      },
      () => refuse(socket, 503, 'Service Unavailable'),
    );
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
  let closed = false;
  const end = (ending: Ending) => {
    if (closed) return;
    closed = true;
    send({ type: 'output', msg: `console closed: ${ending.reason}` });
    release();
    ws.close(ending.code, ending.reason);
  };
  /** Closes the console when its right has ended; true while it may be used. */
  const recheck = async (): Promise<boolean> => {
    if (closed) return false;
    const ending = await consoleEnding(backend, target);
    if (closed) return false;
    if (ending) end(ending);
    return !ending;
  };
  // A re-check that cannot read its answer leaves the console as it is (the next one decides).
  const recheckSoon = () => void recheck().catch(() => {});
  const unsubscribe = backend.gateway.console.subscribe(target.sourceId, send);
  const untrack = backend.gateway.console.track({
    sourceId: target.sourceId,
    recheck: recheckSoon,
    close: (reason) => end({ code: CONSOLE_CLOSE.tracker, reason }),
  });
  // Also re-checked now and then, so an idle console ends soon after its session expires.
  const timer = setInterval(recheckSoon, RECHECK_INTERVAL_MS);
  timer.unref();
  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    clearInterval(timer);
    unsubscribe();
    untrack();
  }
  const online = backend.gateway.isOnline(target.sourceId);
  send({ type: 'output', msg: `console of tracker ${target.trackerId}: device ${online ? 'online' : 'offline'}` });
  // Frames are handled one after another, in the order they came.
  let frames: Promise<void> = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    frames = frames.then(() => onFrame(data, isBinary)).catch(() => {});
  });
  async function onFrame(data: RawData, isBinary: boolean): Promise<void> {
    // Every frame re-checks the session, its rights and the tracker before anything reaches the device.
    if (!(await recheck())) return;
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
  }
  const onGone = () => {
    closed = true;
    release();
  };
  ws.on('close', onGone);
  ws.on('error', onGone);
}
