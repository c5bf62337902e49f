import type { Clock } from '../../shared/clock.js';
import { utcDateTime } from '../../shared/clock.js';
import { inertText } from '../../shared/console-text.js';
import type { DeviceCommands } from '../storage/repositories/commands.js';
import type { DeviceSources } from '../storage/repositories/sources.js';
import type { TrackerIndex } from '../storage/repositories/tracker-index.js';
import type { StorageHealth } from '../storage/storage-health.js';
import { CommandDelivery } from './command-delivery.js';
import { ConnectionFactsCache, type ConnectionFactsOptions } from './connection-facts.js';
import { ConsoleHub } from './console-hub.js';
import type { DeviceSession, FrameVerdict, SessionHost } from './device-session.js';
import { statusPairs, type LastState } from './device-state.js';
import { DeviceIdentities } from './identities.js';
import { DeviceListeners, type ListenerOptions } from './listeners.js';
import type { ProtocolName } from './protocols/types.js';
import { SessionBindings } from './session-bindings.js';
import type { HistoryStore } from './history-store.js';
import { TrackingStore } from './tracking-store.js';
import type { DeviceMessage } from './vocabulary.js';

export interface GatewayOptions extends ListenerOptions, ConnectionFactsOptions {}

/** What the gateway is built from (backend.ts): the clock and log, storage, and the tracker index. */
export interface GatewayDeps {
  clock: Clock;
  log: (line: string) => void;
  /** Where the tracking store keeps history (<data>/tracking). */
  trackingDir: string;
  /** Device history elsewhere than the data folder (PostgreSQL in server mode; closed by the gateway). */
  history?: HistoryStore;
  /** The tracking store reports its faults here. */
  storageHealth: StorageHealth;
  /** Who is registered (identities), connection facts shown in the tracker list. */
  trackerIndex: Pick<TrackerIndex, 'onChange' | 'anyTrackerOf' | 'allRows' | 'patchConnections'>;
  sources: DeviceSources;
  commands: DeviceCommands;
  /** Marks a source active on the day of `at` (billing); durable when it resolves. */
  recordActivity(sourceId: number, at: Date): Promise<void>;
}

/**
 * The device gateway: the listeners and their connections (./listeners.ts), which connection
 * speaks for which registered source (./session-bindings.ts), the tracking store (history, durable
 * before the ACK), connection facts and last states (./connection-facts.ts), commands
 * (./command-delivery.ts) and the console tap.
 *
 * The ACK rule (protocols/README.md): a frame's reply is written only after every record in it is
 * stored for the source the connection speaks for now; a connection whose identity is unknown, no
 * longer registered, or a second identity gets the protocol's refusal or nothing, never an ACK.
 */
export class DeviceGateway implements SessionHost {
  readonly console = new ConsoleHub();
  readonly tracking: HistoryStore;
  /** The command queue (tests read what was filed). */
  readonly commands: DeviceCommands;
  readonly clock: Clock;
  private readonly listeners: DeviceListeners;
  private readonly bindings: SessionBindings;
  private readonly facts: ConnectionFactsCache;
  private readonly delivery: CommandDelivery;

  constructor(private readonly deps: GatewayDeps) {
    this.clock = deps.clock;
    this.commands = deps.commands;
    this.tracking = deps.history ?? new TrackingStore(deps.trackingDir, { health: deps.storageHealth });
    this.listeners = new DeviceListeners(this);
    this.facts = new ConnectionFactsCache(deps.sources, deps.trackerIndex, (line) => this.log(line), isStorageFault);
    this.bindings = new SessionBindings(
      new DeviceIdentities(deps.trackerIndex),
      this.listeners,
      {
        bound: (session, sourceId, at) => this.bound(session, sourceId, at),
        offline: (sourceId, line) => {
          this.facts.touch(sourceId, { connected: false, lastConnection: utcDateTime(this.clock.now()) });
          this.console.publish(sourceId, { type: 'output', msg: line });
        },
      },
      () => utcDateTime(this.clock.now()),
      (line) => this.log(line),
    );
    this.delivery = new CommandDelivery(deps.commands, deps.sources, (sourceId) => this.bindings.sessionOf(sourceId), this.console, deps.clock);
    // A registration, corruption, move or reload may change who a connected device is.
    deps.trackerIndex.onChange((change) => this.bindings.identitiesChanged(change, () => this.listeners.all()));
  }

  log(line: string): void {
    this.deps.log(`gateway: ${line}`);
  }

  /** The port each protocol listens on. */
  get ports(): ReadonlyMap<ProtocolName, number> {
    return this.listeners.ports;
  }

  /** The UDP port of each family that also takes datagrams (Queclink, GPS103, Wialon IPS). */
  get udpPorts(): ReadonlyMap<ProtocolName, number> {
    return this.listeners.udpPorts;
  }

  async start(options: GatewayOptions): Promise<void> {
    await this.facts.start(options);
    await this.listeners.start(options);
  }

  registered(imei: string): boolean {
    return this.bindings.registered(imei);
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
        const refusal = this.bindings.login(session, message.imei, at);
        if (refusal) return Promise.resolve(refusal);
        continue;
      }
      if (!this.bindings.bound(session)) {
        // Data from a connection that is not (or no longer) a registered device: never ACKed.
        return Promise.resolve({ reply: false, close: session.claimedImei ? 'device is not registered (any more)' : 'data before login' });
      }
      const sourceId = session.sourceId!;
      switch (message.type) {
        case 'position':
        case 'status': {
          stores = true;
          durable.push(this.tracking.append(sourceId, { kind: message.type, received: now.getTime(), record: message.record }));
          durable.push(this.deps.recordActivity(sourceId, now));
          const folding = this.facts.applyRecord(sourceId, message.type, message.record, now);
          if (folding) durable.push(folding);
          this.facts.touch(sourceId, { lastData: at });
          if (this.console.watched(sourceId)) this.console.publish(sourceId, { type: 'status', data: inertPairs(statusPairs(message.type, message.record)) });
          break;
        }
        case 'command_reply': {
          stores = true;
          const reply = 'text' in message ? message.text : message.hex;
          durable.push(this.delivery.answer(sourceId, reply, message.ref));
          this.console.publish(sourceId, { type: 'output', msg: `reply: ${inertText(reply)}` });
          break;
        }
        case 'heartbeat':
          break;
      }
    }
    if (session.sourceId !== undefined) this.facts.touch(session.sourceId, { connected: true, lastConnection: at });
    if (!stores) return Promise.resolve({ reply: true });
    return Promise.all(durable).then(
      (): FrameVerdict => ({ reply: true }),
      (error: unknown): FrameVerdict => {
        // The storage health line says it once; the device keeps its data and sends it again.
        return { reply: false, close: `storing failed: ${(error as Error)?.message ?? String(error)}`, quiet: isStorageFault(error) };
      },
    );
  }

  /** A connection now speaks for `sourceId`: online, on the console, and its open commands go out. */
  private bound(session: DeviceSession, sourceId: number, at: string): void {
    this.facts.touch(sourceId, { connected: true, lastConnection: at });
    this.console.publish(sourceId, { type: 'output', msg: `device connected from ${session.remote} (${session.codec.name})` });
    // Open reliable commands go out once the login has been answered.
    void session
      .settled()
      .then(() => this.delivery.deliverOpen(session))
      .catch((error: unknown) => this.log(`command delivery failed: ${String(error)}`));
  }

  traffic(session: DeviceSession, direction: 'in' | 'out', bytes: Buffer): void {
    const sourceId = session.sourceId;
    if (sourceId === undefined || !this.console.watched(sourceId)) return;
    const body = session.codec.isBinary ? bytes.toString('hex') : inertText(bytes.toString('latin1').trim());
    this.console.publish(sourceId, { type: 'output', msg: `${direction === 'in' ? '<' : '>'} ${body}` });
  }

  closed(session: DeviceSession): void {
    if (this.listeners.closed(session)) this.bindings.closed(session);
  }

  reserve(bytes: number): void {
    this.listeners.reserve(bytes);
  }

  release(bytes: number): void {
    this.listeners.release(bytes);
  }

  overBudget(): boolean {
    return this.listeners.overBudget();
  }

  whenBudget(resume: () => void): void {
    this.listeners.whenBudget(resume);
  }

  /** Frame bytes held for storage by every connection now. */
  get heldBytes(): number {
    return this.listeners.heldBytes;
  }

  get connectionCount(): number {
    return this.listeners.connectionCount;
  }

  isOnline(sourceId: number): boolean {
    return this.bindings.isOnline(sourceId);
  }

  lastState(sourceId: number): Promise<LastState> {
    return this.facts.lastState(sourceId);
  }

  /** Patches the tracker list with the connection facts, and writes them (with `dueOnly`, the due ones) to the database. */
  flushStates(options: { dueOnly?: boolean } = {}): Promise<void> {
    return this.facts.flush(options);
  }

  /**
   * Sends (or, for a reliable command to an offline device, queues) a command.
   * 214 when the device's protocol cannot carry it; 213 when unreliable and the device is offline.
   */
  sendCommand(sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean): Promise<{ id: number; sent: boolean }> {
    return this.delivery.send(sourceId, command, type, reliable);
  }

  async stop(): Promise<void> {
    this.facts.stopFlushing();
    await this.listeners.stop();
    await this.facts.flushAll();
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
