import { createServer, type Server } from 'node:net';
import { utcDateTime } from '../../shared/clock.js';
import { ApiError } from '../api/api-error.js';
import type { Backend } from '../backend.js';
import { CommandQueue } from './command-queue.js';
import { ConsoleHub } from './console-hub.js';
import { DeviceSession, IDLE_TIMEOUT_MS, type SessionHost } from './device-session.js';
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
  idleTimeoutMs?: number;
  /** How often connection facts and last states are written to the database, ms. */
  stateFlushMs?: number;
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

/**
 * The device gateway: one TCP listener per protocol, a session per connection, the tracking store
 * (history, durable before the ACK), last states, connection facts, commands and the console tap.
 */
export class DeviceGateway implements SessionHost {
  readonly console = new ConsoleHub();
  readonly commands: CommandQueue;
  readonly tracking: TrackingStore;
  private readonly servers = new Map<ProtocolName, Server>();
  private readonly sessions = new Set<DeviceSession>();
  private readonly bySource = new Map<number, DeviceSession>();
  private readonly states = new Map<number, LastState>();
  private readonly facts = new Map<number, ConnectionFacts>();
  private readonly dirty = new Set<number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private idleTimeoutMs = IDLE_TIMEOUT_MS;
  readonly ports = new Map<ProtocolName, number>();

  constructor(private readonly backend: Backend) {
    this.commands = new CommandQueue(backend);
    this.tracking = new TrackingStore(`${backend.dataDir}/tracking`);
  }

  get clock() {
    return this.backend.clock;
  }

  log(line: string): void {
    this.backend.log.info(`gateway: ${line}`);
  }

  async start(options: GatewayOptions): Promise<void> {
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
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
    this.flushTimer = setInterval(() => void this.flushStates(), options.stateFlushMs ?? STATE_FLUSH_MS);
    this.flushTimer.unref();
  }

  private accept(socket: import('node:net').Socket, codec: ProtocolCodec): void {
    const session = new DeviceSession(socket, codec, this, this.idleTimeoutMs);
    this.sessions.add(session);
  }

  private source(deviceId: string): SourceInfo | undefined {
    return this.backend.store.get<SourceInfo>(
      'SELECT s.id, s.dealer_id, s.device_id, m.protocol FROM sources s JOIN models m ON m.code = s.model WHERE s.device_id = ? AND s.corrupted = 0',
      [deviceId],
    );
  }

  registered(imei: string): boolean {
    return this.source(imei) !== undefined;
  }

  private touch(sourceId: number, change: Partial<ConnectionFacts>): void {
    const current = this.facts.get(sourceId) ?? this.loadFacts(sourceId);
    this.facts.set(sourceId, { ...current, ...change });
    this.dirty.add(sourceId);
  }

  private loadFacts(sourceId: number): ConnectionFacts {
    const row = this.backend.store.get<{ connected: number; last_connection: string | null; last_data: string | null }>(
      'SELECT connected, last_connection, last_data FROM sources WHERE id = ?',
      [sourceId],
    );
    return { connected: row?.connected === 1, lastConnection: row?.last_connection ?? null, lastData: row?.last_data ?? null };
  }

  async handleMessages(session: DeviceSession, messages: DeviceMessage[]): Promise<void> {
    const now = this.clock.now();
    const at = utcDateTime(now);
    const durable: Promise<unknown>[] = [];
    for (const message of messages) {
      if (message.type === 'login') {
        this.login(session, message.imei, at);
        continue;
      }
      const sourceId = session.sourceId;
      if (sourceId === undefined) continue; // an unknown device: nothing is stored
      switch (message.type) {
        case 'position':
        case 'status': {
          durable.push(this.tracking.append(sourceId, { kind: message.type, received: now.getTime(), record: message.record }));
          durable.push(this.backend.activity.record(sourceId, now));
          this.states.set(sourceId, applyRecord(this.lastState(sourceId), message.type, message.record, now));
          this.touch(sourceId, { lastData: at });
          if (this.console.watched(sourceId)) this.console.publish(sourceId, { type: 'status', data: statusPairs(message.type, message.record) });
          break;
        }
        case 'command_reply': {
          const reply = 'text' in message ? message.text : message.hex;
          durable.push(this.commands.answer(sourceId, reply, message.ref));
          this.console.publish(sourceId, { type: 'output', msg: `reply: ${reply}` });
          break;
        }
        case 'heartbeat':
          break;
      }
    }
    if (session.sourceId !== undefined) this.touch(session.sourceId, { connected: true, lastConnection: at });
    await Promise.all(durable);
  }

  private login(session: DeviceSession, imei: string, at: string): void {
    if (session.imei === imei) return;
    session.imei = imei;
    const source = this.source(imei);
    if (!source) {
      this.log(`${session.codec.name} ${session.remote}: unknown device ${imei}`);
      return;
    }
    session.sourceId = source.id;
    session.dealerId = source.dealer_id;
    const previous = this.bySource.get(source.id);
    if (previous && previous !== session) previous.close('replaced by a new connection');
    this.bySource.set(source.id, session);
    this.touch(source.id, { connected: true, lastConnection: at });
    this.console.publish(source.id, { type: 'output', msg: `device connected from ${session.remote} (${session.codec.name})` });
    // Open reliable commands go out once the login has been answered.
    void session.settled().then(() => this.deliverOpenCommands(session)).catch((error: unknown) => this.log(`command delivery failed: ${String(error)}`));
  }

  traffic(session: DeviceSession, direction: 'in' | 'out', bytes: Buffer): void {
    const sourceId = session.sourceId;
    if (sourceId === undefined || !this.console.watched(sourceId)) return;
    const body = session.codec.isBinary ? bytes.toString('hex') : bytes.toString('latin1').trim();
    this.console.publish(sourceId, { type: 'output', msg: `${direction === 'in' ? '<' : '>'} ${body}` });
  }

  closed(session: DeviceSession): void {
    this.sessions.delete(session);
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

  /** Writes connection facts and last states of the sources that changed since the last flush. */
  flushStates(): Promise<void> {
    if (this.flushing || this.dirty.size === 0) return this.flushing ?? Promise.resolve();
    const ids = [...this.dirty];
    this.dirty.clear();
    this.flushing = this.backend.store
      .write(
        (tx) => {
          for (const id of ids) {
            const f = this.facts.get(id);
            if (f) tx.run('UPDATE sources SET connected = ?, last_connection = ?, last_data = ? WHERE id = ?', [f.connected ? 1 : 0, f.lastConnection, f.lastData, id]);
            const state = this.states.get(id);
            if (state) tx.run('INSERT OR REPLACE INTO source_states (source_id, state) VALUES (?, ?)', [id, JSON.stringify(state)]);
          }
        },
        () => this.backend.trackerIndex.patchConnections(ids.map((id) => ({ sourceId: id, ...this.facts.get(id)! })).filter((p) => p.lastConnection !== undefined)),
      )
      .catch((error: unknown) => {
        for (const id of ids) this.dirty.add(id);
        this.log(`state flush failed: ${(error as Error).message}`);
      })
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
    if (this.flushTimer) clearInterval(this.flushTimer);
    // Stop accepting, then end the open connections (a server closes only when they are gone).
    const closing = [...this.servers.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const open = [...this.sessions];
    for (const session of open) session.close('server stopping');
    await Promise.all(open.map((s) => s.settled().catch(() => {})));
    await Promise.all(closing);
    this.servers.clear();
    await this.flushStates();
    await this.flushing;
    await this.tracking.close();
  }
}
