import { createServer, type Server, type Socket } from 'node:net';
import { utcDateTime } from '../../shared/clock.js';
import { inertText, loggableId } from '../../shared/console-text.js';
import { ApiError } from '../api/api-error.js';
import type { Backend } from '../backend.js';
import { CommandQueue } from './command-queue.js';
import { ConsoleHub } from './console-hub.js';
import {
  DEFAULT_SESSION_LIMITS,
  DeviceSession,
  IDLE_TIMEOUT_MS,
  PARTIAL_FRAME_TIMEOUT_MS,
  type FrameVerdict,
  type SessionHost,
  type SessionLimits,
} from './device-session.js';
import { AddressLimits, DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from './gateway-limits.js';
import { applyRecord, statusPairs, type LastState } from './device-state.js';
import { EncodeError } from './protocols/errors.js';
import { protocols } from './protocols/index.js';
import type { ProtocolCodec, ProtocolName } from './protocols/types.js';
import { TrackingStore } from './tracking-store.js';
import type { DeviceMessage } from './vocabulary.js';

export interface GatewayOptions {
  host: string;
  /** TCP port per protocol: absent = the protocol's default, null = disabled, 0 = any free port. */
  ports: Partial<Record<ProtocolName, number | null>>;
  /** No whole frame for this long closes a connection, ms (default 10 min). */
  idleTimeoutMs?: number;
  /** A frame left partial for this long closes the connection, ms (default 60 s). */
  partialFrameTimeoutMs?: number;
  /** A connection that has not identified itself as a registered device by then is closed, ms (default 60 s). */
  loginTimeoutMs?: number;
  /** How often connection facts reach the tracker list and due ones the database, ms. */
  stateFlushMs?: number;
  /**
   * Longest a source's last connection/data time and last state wait before they are written to
   * the database, ms (default 30 s; a change of `connected` is written at the next flush). The
   * history is the durable record of what a device sent; this is a cache of its latest values.
   */
  statePersistMs?: number;
  limits?: Partial<GatewayLimits>;
  session?: Partial<SessionLimits>;
}

interface ConnectionFacts {
  connected: boolean;
  lastConnection: string | null;
  lastData: string | null;
}

interface SourceInfo {
  id: number;
  dealer_id: number;
  device_id: string;
  protocol: string;
}

const STATE_FLUSH_MS = 1000;
const STATE_PERSIST_MS = 30_000;
/** Sources written per flush at most: one transaction stays short however many devices report. */
const STATE_WRITE_BATCH = 500;
const LOGIN_TIMEOUT_MS = 60 * 1000;
/** What the gateway may look up as a device id (IMEI, H02 id): anything else is refused unread. */
const DEVICE_ID = /^[0-9A-Za-z]{1,32}$/;

/**
 * The device gateway: one TCP listener per protocol, a session per connection, the tracking store
 * (history, durable before the ACK), last states, connection facts, commands and the console tap.
 *
 * The ACK rule (protocols/README.md): a frame's reply is written only after every record in it is
 * stored for the source the connection speaks for now; a connection whose identity is unknown, no
 * longer registered, or a second identity gets the protocol's refusal or nothing, never an ACK.
 */
export class DeviceGateway implements SessionHost {
  readonly console = new ConsoleHub();
  readonly commands: CommandQueue;
  readonly tracking: TrackingStore;
  private readonly servers = new Map<ProtocolName, Server>();
  private readonly sessions = new Set<DeviceSession>();
  private readonly bySource = new Map<number, DeviceSession>();
  /** Connections by the IMEI they claimed (registered or not), so a registration can bind them. */
  private readonly byClaim = new Map<string, Set<DeviceSession>>();
  private readonly states = new Map<number, LastState>();
  private readonly facts = new Map<number, ConnectionFacts>();
  /** Sources whose facts changed since the tracker index was last patched. */
  private readonly dirty = new Set<number>();
  /** Sources with facts or state not yet in the database: since when (ms, monotonic). */
  private readonly unsaved = new Map<number, number>();
  /** Sources whose connected flag changed: written at the next flush, whatever their age. */
  private readonly urgent = new Set<number>();
  private statePersistMs = STATE_PERSIST_MS;
  private flushTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private idleTimeoutMs = IDLE_TIMEOUT_MS;
  private partialFrameTimeoutMs = PARTIAL_FRAME_TIMEOUT_MS;
  private loginTimeoutMs = LOGIN_TIMEOUT_MS;
  private limits: GatewayLimits = DEFAULT_GATEWAY_LIMITS;
  private sessionLimits: SessionLimits = DEFAULT_SESSION_LIMITS;
  private addresses = new AddressLimits(DEFAULT_GATEWAY_LIMITS);
  private bytesInFlight = 0;
  private budgetWaiters: (() => void)[] = [];
  private stopping = false;
  readonly ports = new Map<ProtocolName, number>();

  constructor(private readonly backend: Backend) {
    this.commands = new CommandQueue(backend);
    this.tracking = new TrackingStore(`${backend.dataDir}/tracking`, { health: backend.storageHealth });
    // A registration, corruption, move or reload may change who a connected device is.
    backend.trackerIndex.onChange((change) => this.identitiesChanged(change));
  }

  get clock() {
    return this.backend.clock;
  }

  log(line: string): void {
    this.backend.log.info(`gateway: ${line}`);
  }

  async start(options: GatewayOptions): Promise<void> {
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.partialFrameTimeoutMs = options.partialFrameTimeoutMs ?? PARTIAL_FRAME_TIMEOUT_MS;
    this.loginTimeoutMs = options.loginTimeoutMs ?? LOGIN_TIMEOUT_MS;
    this.limits = { ...DEFAULT_GATEWAY_LIMITS, ...options.limits };
    this.sessionLimits = { ...DEFAULT_SESSION_LIMITS, ...options.session };
    this.addresses = new AddressLimits(this.limits);
    // Nobody is connected at start, whatever the database says after a crash.
    const stale = this.backend.store.column<number>('SELECT id FROM sources WHERE connected = 1');
    if (stale.length) {
      await this.backend.store.write(
        (tx) => tx.run('UPDATE sources SET connected = 0 WHERE connected = 1'),
        () => this.backend.trackerIndex.refresh([], stale),
      );
    }
    for (const name of Object.keys(protocols) as ProtocolName[]) {
      const port = options.ports[name];
      if (port === null) continue;
      const codec = protocols[name];
      const server = createServer((socket) => this.accept(socket, codec));
      server.maxConnections = this.limits.maxConnections;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port ?? codec.defaultPort, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      this.ports.set(name, typeof address === 'object' && address ? address.port : (port ?? codec.defaultPort));
      this.servers.set(name, server);
    }
    this.statePersistMs = options.statePersistMs ?? STATE_PERSIST_MS;
    this.flushTimer = setInterval(() => void this.flushStates({ dueOnly: true }), options.stateFlushMs ?? STATE_FLUSH_MS);
    this.flushTimer.unref();
    const sweepMs = Math.max(20, Math.min(1000, Math.floor(Math.min(this.idleTimeoutMs, this.partialFrameTimeoutMs, this.loginTimeoutMs) / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), sweepMs);
    this.sweepTimer.unref();
  }

  private accept(socket: Socket, codec: ProtocolCodec): void {
    const address = socket.remoteAddress ?? 'unknown';
    if (this.stopping || !this.addresses.connect(address)) {
      socket.destroy();
      return;
    }
    const session = new DeviceSession(socket, codec, this, this.sessionLimits);
    this.sessions.add(session);
  }

  /**
   * Closes connections that sent no whole frame within the idle timeout, are not a registered
   * device a minute after connecting, held a partial frame past
   * the partial-frame timeout (a trickle of bytes does not reset it), or left our replies unread
   * that long.
   */
  private sweep(): void {
    const now = performance.now();
    for (const session of this.sessions) {
      if (now - session.lastFrameAt > this.idleTimeoutMs) session.close('idle timeout');
      else if (session.sourceId === undefined && now - session.connectedAt > this.loginTimeoutMs) session.close('no login', !session.claimedImei);
      else if (session.partialSince !== undefined && now - session.partialSince > this.partialFrameTimeoutMs) session.close('partial frame timeout');
      else if (session.unreadSince !== undefined && now - session.unreadSince > this.partialFrameTimeoutMs) session.close('replies left unread');
    }
  }

  reserve(bytes: number): void {
    this.bytesInFlight += bytes;
  }

  release(bytes: number): void {
    this.bytesInFlight -= bytes;
    if (this.budgetWaiters.length && !this.overBudget()) for (const resume of this.budgetWaiters.splice(0)) resume();
  }

  overBudget(): boolean {
    return this.bytesInFlight >= this.limits.maxBytesInFlight;
  }

  whenBudget(resume: () => void): void {
    this.budgetWaiters.push(resume);
  }

  /** Frame bytes held for storage by every connection now. */
  get heldBytes(): number {
    return this.bytesInFlight;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /**
   * The registered source of a device id. A login frame asks twice in one synchronous turn (the
   * decoder's `registered` for its reply, then the gateway's bind); the answer is kept until the
   * turn ends, so no write can fall in between.
   */
  private source(deviceId: string): SourceInfo | undefined {
    if (!DEVICE_ID.test(deviceId)) return undefined;
    if (this.lookup?.deviceId === deviceId) return this.lookup.source;
    const source = this.backend.store.get<SourceInfo>(
      'SELECT s.id, s.dealer_id, s.device_id, m.protocol FROM sources s JOIN models m ON m.code = s.model WHERE s.device_id = ? AND s.corrupted = 0',
      [deviceId],
    );
    if (!this.lookup) queueMicrotask(() => (this.lookup = undefined));
    this.lookup = { deviceId, source };
    return source;
  }
  private lookup: { deviceId: string; source: SourceInfo | undefined } | undefined;

  registered(imei: string): boolean {
    return this.source(imei) !== undefined;
  }

  private touch(sourceId: number, change: Partial<ConnectionFacts>): void {
    let current = this.facts.get(sourceId);
    if (!current) this.facts.set(sourceId, (current = this.loadFacts(sourceId)));
    if (change.connected !== undefined && change.connected !== current.connected) this.urgent.add(sourceId);
    Object.assign(current, change); // in place: this runs for every frame of every device
    this.dirty.add(sourceId);
    if (!this.unsaved.has(sourceId)) this.unsaved.set(sourceId, performance.now());
  }

  private loadFacts(sourceId: number): ConnectionFacts {
    const row = this.backend.store.get<{ connected: number; last_connection: string | null; last_data: string | null }>(
      'SELECT connected, last_connection, last_data FROM sources WHERE id = ?',
      [sourceId],
    );
    return { connected: row?.connected === 1, lastConnection: row?.last_connection ?? null, lastData: row?.last_data ?? null };
  }

  /**
   * Applies a frame's messages in order and decides its reply (see the class comment). The identity
   * part runs synchronously, so frames of one connection are judged in the order they came.
   */
  handleMessages(session: DeviceSession, messages: DeviceMessage[]): Promise<FrameVerdict> {
    const now = this.clock.now();
    const at = utcDateTime(now);
    const durable: Promise<unknown>[] = [];
    let stores = false;
    for (const message of messages) {
      if (message.type === 'login') {
        const refusal = this.login(session, message.imei, at);
        if (refusal) return Promise.resolve(refusal);
        continue;
      }
      if (!this.bound(session)) {
        // Data from a connection that is not (or no longer) a registered device: never ACKed.
        return Promise.resolve({ reply: false, close: session.claimedImei ? 'device is not registered (any more)' : 'data before login' });
      }
      const sourceId = session.sourceId!;
      switch (message.type) {
        case 'position':
        case 'status': {
          stores = true;
          durable.push(this.tracking.append(sourceId, { kind: message.type, received: now.getTime(), record: message.record }));
          durable.push(this.backend.activity.record(sourceId, now));
          this.states.set(sourceId, applyRecord(this.lastState(sourceId), message.type, message.record, now));
          this.touch(sourceId, { lastData: at });
          if (this.console.watched(sourceId)) this.console.publish(sourceId, { type: 'status', data: inertPairs(statusPairs(message.type, message.record)) });
          break;
        }
        case 'command_reply': {
          stores = true;
          const reply = 'text' in message ? message.text : message.hex;
          durable.push(this.commands.answer(sourceId, reply, message.ref));
          this.console.publish(sourceId, { type: 'output', msg: `reply: ${inertText(reply)}` });
          break;
        }
        case 'heartbeat':
          break;
      }
    }
    if (session.sourceId !== undefined) this.touch(session.sourceId, { connected: true, lastConnection: at });
    if (!stores) return Promise.resolve({ reply: true });
    return Promise.all(durable).then(
      (): FrameVerdict => ({ reply: true }),
      (error: unknown): FrameVerdict => {
        // The storage health line says it once; the device keeps its data and sends it again.
        return { reply: false, close: `storing failed: ${(error as Error)?.message ?? String(error)}`, quiet: isStorageFault(error) };
      },
    );
  }

  /**
   * Whether the connection speaks for a registered, non-corrupted source now; re-resolves its IMEI
   * when a registration change marked it stale.
   */
  private bound(session: DeviceSession): boolean {
    if (session.stale && session.claimedImei) this.bind(session, session.claimedImei, utcDateTime(this.clock.now()));
    return session.sourceId !== undefined;
  }

  /** A login message. Returns the verdict when the connection is refused. */
  private login(session: DeviceSession, imei: string, at: string): FrameVerdict | undefined {
    const address = session.remoteAddress;
    if (this.addresses.blocked(address)) return { reply: false, close: 'login refused: too many refusals from this address', quiet: true };
    if (!DEVICE_ID.test(imei)) return this.refuse(session, `invalid device id ${loggableId(imei)}`);
    if (session.claimedImei !== undefined && session.claimedImei !== imei) {
      // One connection speaks for one device: a second identity would close the real device's session.
      return { reply: false, close: `second identity ${loggableId(imei)} on a connection of ${session.claimedImei} refused` };
    }
    if (session.claimedImei === undefined) {
      session.claimedImei = imei;
      let set = this.byClaim.get(imei);
      if (!set) this.byClaim.set(imei, (set = new Set()));
      set.add(session);
    }
    // Resolved again on every login: the tracker may have been registered since the last one.
    this.bind(session, imei, at);
    if (session.sourceId === undefined) return this.refuse(session, `unknown device ${imei}`);
    return undefined;
  }

  /** The protocol's refusal (the decoder chose its bytes), then the connection ends. */
  private refuse(session: DeviceSession, reason: string): FrameVerdict {
    const reachedLimit = this.addresses.refused(session.remoteAddress);
    if (reachedLimit) this.log(`${session.codec.name} ${session.remoteAddress}: too many refused logins; logins from this address are shut out for ${Math.round(this.limits.refusalWindowMs / 1000)} s`);
    return { reply: 'refusal', close: reason };
  }

  /** Points the session at the registered source of `imei` now, or at nothing. */
  private bind(session: DeviceSession, imei: string, at: string): void {
    session.stale = false;
    const source = this.source(imei);
    if (session.sourceId !== undefined && session.sourceId !== source?.id) this.unbind(session, 'device registration changed');
    if (!source) return;
    session.imei = imei;
    session.dealerId = source.dealer_id;
    if (session.sourceId === source.id && this.bySource.get(source.id) === session) return;
    session.sourceId = source.id;
    const previous = this.bySource.get(source.id);
    // Only a login that passed (a registered identity, the connection's only one) replaces a session.
    if (previous && previous !== session) previous.close('replaced by a new connection');
    this.bySource.set(source.id, session);
    this.touch(source.id, { connected: true, lastConnection: at });
    this.console.publish(source.id, { type: 'output', msg: `device connected from ${session.remote} (${session.codec.name})` });
    // Open reliable commands go out once the login has been answered.
    void session
      .settled()
      .then(() => this.deliverOpenCommands(session))
      .catch((error: unknown) => this.log(`command delivery failed: ${String(error)}`));
  }

  private unbind(session: DeviceSession, why: string): void {
    const sourceId = session.sourceId;
    session.sourceId = undefined;
    session.dealerId = undefined;
    session.imei = undefined;
    if (sourceId === undefined || this.bySource.get(sourceId) !== session) return;
    this.bySource.delete(sourceId);
    this.touch(sourceId, { connected: false, lastConnection: utcDateTime(this.clock.now()) });
    this.console.publish(sourceId, { type: 'output', msg: `device went offline (${why})` });
  }

  /** Marks the connections a change of trackers or sources may concern; they resolve again before storing. */
  private identitiesChanged(change: { all: boolean; sourceIds: number[]; deviceIds: string[] }): void {
    this.lookup = undefined;
    if (change.all) {
      for (const session of this.sessions) session.stale = true;
      return;
    }
    for (const id of change.sourceIds) {
      const session = this.bySource.get(id);
      if (session) session.stale = true;
    }
    for (const deviceId of change.deviceIds) {
      for (const session of this.byClaim.get(deviceId) ?? []) session.stale = true;
    }
  }

  traffic(session: DeviceSession, direction: 'in' | 'out', bytes: Buffer): void {
    const sourceId = session.sourceId;
    if (sourceId === undefined || !this.console.watched(sourceId)) return;
    const body = session.codec.isBinary ? bytes.toString('hex') : inertText(bytes.toString('latin1').trim());
    this.console.publish(sourceId, { type: 'output', msg: `${direction === 'in' ? '<' : '>'} ${body}` });
  }

  closed(session: DeviceSession): void {
    if (!this.sessions.delete(session)) return;
    this.addresses.disconnect(session.remoteAddress);
    if (session.claimedImei !== undefined) {
      const set = this.byClaim.get(session.claimedImei);
      set?.delete(session);
      if (set?.size === 0) this.byClaim.delete(session.claimedImei);
    }
    const sourceId = session.sourceId;
    if (sourceId === undefined || this.bySource.get(sourceId) !== session) return;
    this.bySource.delete(sourceId);
    const at = utcDateTime(this.clock.now());
    this.touch(sourceId, { connected: false, lastConnection: at });
    this.console.publish(sourceId, { type: 'output', msg: 'device went offline' });
  }

  isOnline(sourceId: number): boolean {
    return this.bySource.get(sourceId)?.open ?? false;
  }

  lastState(sourceId: number): LastState {
    let state = this.states.get(sourceId);
    if (!state) {
      const row = this.backend.store.get<{ state: string }>('SELECT state FROM source_states WHERE source_id = ?', [sourceId]);
      state = row ? (JSON.parse(row.state) as LastState) : {};
      this.states.set(sourceId, state);
    }
    return state;
  }

  /**
   * Patches the tracker index with every changed source's connection facts (in memory, cheap), then
   * writes facts and last states to the database: all of them, or with `dueOnly` (the timer) those
   * whose connected flag changed or that waited `statePersistMs`, at most STATE_WRITE_BATCH a time.
   */
  flushStates({ dueOnly = false } = {}): Promise<void> {
    if (this.dirty.size) {
      const patched = [...this.dirty];
      this.dirty.clear();
      this.backend.trackerIndex.patchConnections(patched.map((id) => ({ sourceId: id, ...this.facts.get(id)! })));
    }
    if (this.flushing || this.unsaved.size === 0) return this.flushing ?? Promise.resolve();
    const now = performance.now();
    const ids: number[] = [];
    for (const [id, since] of this.unsaved) {
      if (dueOnly && ids.length >= STATE_WRITE_BATCH) break;
      if (!dueOnly || this.urgent.has(id) || now - since >= this.statePersistMs) ids.push(id);
    }
    if (!ids.length) return Promise.resolve();
    for (const id of ids) {
      this.unsaved.delete(id);
      this.urgent.delete(id);
    }
    // Started inside a promise: a store refusing writes (full disk) throws synchronously.
    this.flushing = Promise.resolve()
      .then(() =>
        this.backend.store.write((tx) => {
          for (const id of ids) {
            const f = this.facts.get(id);
            if (f) tx.run('UPDATE sources SET connected = ?, last_connection = ?, last_data = ? WHERE id = ?', [f.connected ? 1 : 0, f.lastConnection, f.lastData, id]);
            const state = this.states.get(id);
            if (state) tx.run('INSERT OR REPLACE INTO source_states (source_id, state) VALUES (?, ?)', [id, JSON.stringify(state)]);
          }
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          for (const id of ids) if (!this.unsaved.has(id)) this.unsaved.set(id, 0); // due again at once
          // A storage fault has its own health line; anything else is worth a line each time.
          if (!isStorageFault(error)) this.log(`state flush failed: ${(error as Error).message}`);
        },
      )
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private codecFor(protocol: string): ProtocolCodec {
    const codec = (protocols as Record<string, ProtocolCodec>)[protocol];
    if (!codec) throw new ApiError(214);
    return codec;
  }

  private encode(codec: ProtocolCodec, session: DeviceSession | undefined, imei: string, command: string, type: 'text' | 'hex', id: number): Buffer {
    return codec.encodeCommand({
      kind: type,
      payload: command,
      imei,
      serial: session ? (session.commandSerial = (session.commandSerial + 1) & 0xffff) : 0,
      serverFlag: id,
      time: this.clock.now(),
    });
  }

  /**
   * Sends (or, for a reliable command to an offline device, queues) a command.
   * 214 when the device's protocol cannot carry it; 213 when unreliable and the device is offline.
   */
  async sendCommand(sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean): Promise<{ id: number; sent: boolean }> {
    const source = this.backend.store.get<SourceInfo & { corrupted: number }>(
      'SELECT s.id, s.dealer_id, s.device_id, s.corrupted, m.protocol FROM sources s JOIN models m ON m.code = s.model WHERE s.id = ?',
      [sourceId],
    );
    if (!source) throw new ApiError(201);
    const codec = this.codecFor(source.protocol);
    try {
      this.encode(codec, undefined, source.device_id, command, type, 0);
    } catch (error) {
      if (error instanceof EncodeError) throw new ApiError(214, {}, `Requested operation or parameters are not supported by the device: ${error.message}`);
      throw error;
    }
    const session = this.bySource.get(sourceId);
    const online = session?.open === true;
    if (!online && !reliable) throw new ApiError(213);
    const id = await this.commands.add(source.dealer_id, sourceId, command, type, reliable, online);
    if (online && this.bySource.get(sourceId) === session) {
      session!.write(this.encode(codec, session, source.device_id, command, type, id));
      this.console.publish(sourceId, { type: 'output', msg: `command: ${command}` });
    }
    return { id, sent: online };
  }

  private async deliverOpenCommands(session: DeviceSession): Promise<void> {
    const sourceId = session.sourceId;
    if (sourceId === undefined || !session.open) return;
    const open = this.commands.open(sourceId);
    if (!open.length) return;
    const codec = session.codec;
    for (const row of open) session.write(this.encode(codec, session, session.imei!, row.command, row.type, row.id));
    await this.commands.markSent(open.filter((r) => r.status === 'pending').map((r) => r.id));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    // Stop accepting, then end the open connections (a server closes only when they are gone).
    const closing = [...this.servers.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const open = [...this.sessions];
    for (const session of open) session.close('server stopping');
    await Promise.all(open.map((s) => s.settled().catch(() => {})));
    await Promise.all(closing);
    this.servers.clear();
    await this.flushing;
    await this.flushStates();
    await this.flushing;
    await this.tracking.close();
  }
}

/** Status values can carry device text (attributes): shown as text, never as terminal controls. */
function inertPairs(pairs: [string, string][]): [string, string][] {
  return pairs.map(([key, value]) => [inertText(key), inertText(value)]);
}

/** A write refused by storage (an fs errno, or the database refusing writes): the health line reports it. */
function isStorageFault(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException)?.code === 'string' || (error as { apiCode?: number })?.apiCode !== undefined;
}
