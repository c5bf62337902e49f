/**
 * One simulated tracker on one TCP connection: logs in, reports positions along a route at a fixed
 * rate, sends heartbeats when parked or idle, waits for each ACK like firmware (or keeps up to
 * `window` frames in flight), checks every ACK byte for byte against the spec, answers commands,
 * and reconnects with backoff. Records that were not ACKed are kept and sent again after a
 * reconnect, like a real device's flash buffer.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProtocolName } from '../protocols/types.js';
import { createFirmware, type FirmwareOptions } from './firmware/index.js';
import {
  cellAt,
  type AckVerdict,
  type Firmware,
  type Outgoing,
  type OutgoingKind,
  type ReceivedCommand,
  type ServerInput,
  type ServerParser,
  type Snapshot,
} from './firmware/types.js';
import { LatencyHistogram } from './latency.js';
import { UdpLink } from './udp-link.js';
import { BERLIN, RouteWalker, seededRandom, type Route } from './route.js';

export interface SimulatedDeviceOptions {
  protocol: ProtocolName;
  imei: string;
  host: string;
  port: number;
  /** `udp`: one datagram per frame, from one source port for the device's session (Queclink, GPS103, Wialon IPS, Meitrack); default `tcp`. */
  transport?: 'tcp' | 'udp';
  /** Source address to connect from (e.g. one of 127.0.0.0/8, to spread a fleet over addresses); default: the system's choice. */
  localAddress?: string;
  /** Messages (positions, or heartbeats while parked) per second. */
  rate: number;
  /** Frames awaiting an ACK before the device waits (1 = stop-and-wait, like firmware). */
  window?: number;
  route?: Route;
  /** Start this far along the route (0–1), so that a fleet spreads out. */
  startFraction?: number;
  /** Multiplies the route's cruising speeds. */
  speedFactor?: number;
  /** Seeds the telemetry noise (satellites, GSM, voltages). */
  seed?: number;
  /** No ACK within this long: counted missing, and the connection is dropped (firmware does). */
  ackTimeoutMs?: number;
  /** A heartbeat goes out after this long without sending anything. */
  heartbeatIntervalMs?: number;
  /** While parked, one tick in this many sends a position, the others a heartbeat. */
  parkedPositionEvery?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  connectTimeoutMs?: number;
  /** Most unsent records kept while offline or waiting; the oldest are dropped beyond it. */
  maxBacklog?: number;
  /** Clock for record timestamps and the route (tests can fix it). */
  now?: () => Date;
  firmware?: FirmwareOptions;
}

export type DeviceStateName = 'idle' | 'connecting' | 'login' | 'online' | 'backoff' | 'stopped';

export interface DeviceStats {
  imei: string;
  protocol: ProtocolName;
  state: DeviceStateName;
  connects: number;
  connectFailures: number;
  disconnects: number;
  logins: { accepted: number; rejected: number };
  records: { sent: number; acked: number; resent: number; dropped: number; queued: number };
  heartbeats: { sent: number; acked: number };
  /** ACK checks: exactly as the spec says / different / never came / came with nothing awaiting one. */
  acks: { ok: number; mismatched: number; missing: number; unexpected: number };
  commands: { received: number; answered: number; ignored: number };
  errors: number;
  lastError?: string;
  /** ACK latency of position frames, ms. */
  latency: LatencyHistogram;
}

export interface AckEvent {
  kind: OutgoingKind | 'none'; // none: an ACK came while nothing awaited one
  verdict: AckVerdict | 'unexpected';
  latencyMs: number;
  expected: string;
  actual: Buffer;
}

export interface DeviceEvents {
  connected: [{ attempt: number }];
  login: [{ accepted: boolean; latencyMs: number }];
  online: [];
  sent: [{ kind: OutgoingKind; records: number; bytes: Buffer }];
  ack: [AckEvent];
  missing: [{ kind: OutgoingKind; expected: string }];
  command: [ReceivedCommand];
  reply: [{ command: ReceivedCommand; text: string; bytes: Buffer }];
  ignored: [{ bytes: Buffer; reason: string }];
  disconnected: [{ reason: string }];
  error: [Error];
}

type Queued = { kind: 'position'; snapshot: Snapshot; attempts: number } | { kind: 'heartbeat'; snapshot: Snapshot };

type ResolvedOptions = Required<Omit<SimulatedDeviceOptions, 'firmware' | 'route' | 'localAddress'>> & { route: Route; localAddress?: string };

interface InFlight {
  out: Outgoing;
  sentAt: number; // performance.now()
  positions: Extract<Queued, { kind: 'position' }>[];
}

export class SimulatedDevice extends EventEmitter<DeviceEvents> {
  readonly firmware: Firmware;
  private readonly options: ResolvedOptions;
  private readonly walker: RouteWalker;
  private readonly random: () => number;
  private readonly now: () => Date;
  private state: DeviceStateName = 'idle';
  private socket: Socket | UdpLink | undefined;
  private parser: ServerParser | undefined;
  private outbox: Queued[] = [];
  private inFlight: InFlight[] = [];
  private ticks = 0;
  private lastMoved: number;
  private lastSentAt = 0;
  private failures = 0; // consecutive connections that did not get online
  private tickTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private drained: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  private closed: Promise<void> = Promise.resolve();
  private telemetry = { satellites: 10, gsm: 80 };
  private readonly counters: Omit<DeviceStats, 'imei' | 'protocol' | 'state' | 'latency'> = {
    connects: 0,
    connectFailures: 0,
    disconnects: 0,
    logins: { accepted: 0, rejected: 0 },
    records: { sent: 0, acked: 0, resent: 0, dropped: 0, queued: 0 },
    heartbeats: { sent: 0, acked: 0 },
    acks: { ok: 0, mismatched: 0, missing: 0, unexpected: 0 },
    commands: { received: 0, answered: 0, ignored: 0 },
    errors: 0,
  };
  private readonly latency = new LatencyHistogram();

  constructor(options: SimulatedDeviceOptions) {
    super();
    if (!(options.rate > 0)) throw new RangeError('rate must be above 0 messages per second');
    this.options = {
      window: 1,
      transport: 'tcp',
      route: BERLIN,
      startFraction: 0,
      speedFactor: 1,
      seed: 1,
      ackTimeoutMs: 20_000,
      heartbeatIntervalMs: 60_000,
      parkedPositionEvery: 10,
      reconnectMinMs: 1000,
      reconnectMaxMs: 60_000,
      connectTimeoutMs: 10_000,
      maxBacklog: 10_000,
      now: () => new Date(),
      ...(stripUndefined(options) as Omit<SimulatedDeviceOptions, 'firmware'>),
    } as ResolvedOptions;
    this.options.window = Math.max(1, Math.floor(this.options.window));
    this.now = this.options.now;
    this.random = seededRandom(this.options.seed);
    this.walker = new RouteWalker(this.options.route, {
      startFraction: this.options.startFraction,
      speedFactor: this.options.speedFactor,
      odometer: Math.round(this.random() * 50_000_000),
    });
    this.lastMoved = this.now().getTime();
    const firmware: FirmwareOptions = {
      ...options.firmware,
      teltonika: { host: options.host, port: options.port, now: this.now, ...options.firmware?.teltonika },
    };
    this.firmware = createFirmware(options.protocol, options.imei, firmware);
  }

  get imei(): string {
    return this.options.imei;
  }

  get status(): DeviceStateName {
    return this.state;
  }

  /** Starts reporting and connects. */
  start(): void {
    if (this.state !== 'idle') return;
    this.lastMoved = this.now().getTime();
    this.tick();
    this.tickTimer = setInterval(() => this.tick(), 1000 / this.options.rate);
    const idleCheck = Math.max(100, Math.min(5000, this.options.heartbeatIntervalMs / 4));
    this.idleTimer = setInterval(() => this.idleHeartbeat(), idleCheck);
    this.connect();
  }

  /**
   * Stops reporting. With `drainMs`, first keeps the connection until everything queued has been
   * sent and ACKed (or that long has passed), so counts add up in tests and benchmarks.
   */
  stop(options: { drainMs?: number } = {}): Promise<void> {
    this.stopping ??= this.shutDown(options.drainMs ?? 0);
    return this.stopping;
  }

  private async shutDown(drainMs: number): Promise<void> {
    clearInterval(this.tickTimer);
    clearInterval(this.idleTimer);
    if (drainMs > 0 && this.state !== 'idle' && !this.isDrained()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.drained = undefined;
    }
    this.state = 'stopped';
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.ackTimer);
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      socket.end();
      const force = setTimeout(() => socket.destroy(), 1000);
      await this.closed;
      clearTimeout(force);
    }
  }

  stats(): DeviceStats {
    const c = this.counters;
    return {
      imei: this.options.imei,
      protocol: this.options.protocol,
      state: this.state,
      connects: c.connects,
      connectFailures: c.connectFailures,
      disconnects: c.disconnects,
      logins: { ...c.logins },
      records: { ...c.records, queued: this.outbox.filter((q) => q.kind === 'position').length },
      heartbeats: { ...c.heartbeats },
      acks: { ...c.acks },
      commands: { ...c.commands },
      errors: c.errors,
      ...(c.lastError === undefined ? {} : { lastError: c.lastError }),
      latency: this.latency,
    };
  }

  /** Sends a heartbeat now (queued behind anything unsent). */
  sendHeartbeat(): void {
    if (this.state !== 'online') return;
    this.outbox.push({ kind: 'heartbeat', snapshot: this.snapshot() });
    this.pump();
  }

  // ---- connection --------------------------------------------------------------------------

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const attempt = this.failures + 1;
    const { host, port, localAddress } = this.options;
    const socket: Socket | UdpLink =
      this.options.transport === 'udp' ? new UdpLink(host, port, localAddress) : connect(localAddress ? { host, port, localAddress } : { host, port });
    this.socket = socket;
    let connected = false;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.setTimeout(this.options.connectTimeoutMs, () => socket.destroy(new Error('connect timeout')));
    socket.on('connect', () => {
      connected = true;
      socket.setTimeout(0);
      this.counters.connects++;
      this.parser = this.firmware.createParser();
      this.emit('connected', { attempt });
      const login = this.firmware.login();
      if (login) {
        this.state = 'login';
        this.send(login, []);
      } else {
        this.goOnline();
      }
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => {
      if (!connected) this.counters.connectFailures++;
      else this.counters.disconnects++;
      this.disconnected(connected ? 'closed' : 'connect failed');
    });
  }

  private goOnline(): void {
    this.state = 'online';
    this.failures = 0;
    this.emit('online');
    this.pump();
  }

  private disconnected(reason: string): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    // Unacknowledged records stay in the device's buffer and go again after reconnecting.
    const unacked = this.inFlight.flatMap((f) => f.positions);
    this.outbox = [...unacked, ...this.outbox.filter((q) => q.kind === 'position')];
    this.inFlight = [];
    this.socket = undefined;
    this.parser = undefined;
    this.emit('disconnected', { reason });
    if (this.state === 'stopped') return;
    if (this.drained) {
      this.drained(); // stopping: nothing more will drain on this connection
      return;
    }
    this.state = 'backoff';
    this.failures++;
    const base = Math.min(this.options.reconnectMaxMs, this.options.reconnectMinMs * 2 ** Math.min(this.failures - 1, 16));
    const delay = base * (0.5 + this.random() * 0.5);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private drop(reason: string): void {
    this.counters.lastError = reason;
    this.socket?.destroy();
  }

  private fail(error: Error): void {
    this.counters.errors++;
    this.counters.lastError = error.message;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  // ---- what the server sends ---------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (!this.parser) return;
    let inputs: ServerInput[];
    try {
      inputs = this.parser.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      this.drop((error as Error).message);
      return;
    }
    for (const input of inputs) {
      if (!this.socket || this.socket.destroyed) return; // dropped while handling an earlier input
      if (input.kind === 'ack') this.acknowledged(input.bytes);
      else if (input.kind === 'command') this.command(input.command);
      else {
        this.counters.commands.ignored++;
        this.emit('ignored', { bytes: input.bytes, reason: input.reason });
      }
    }
    this.pump();
    this.checkDrained();
  }

  private acknowledged(bytes: Buffer): void {
    const head = this.inFlight.shift();
    const acks = this.counters.acks;
    if (!head) {
      acks.unexpected++;
      this.emit('ack', { kind: 'none', verdict: 'unexpected', latencyMs: 0, expected: '', actual: bytes });
      return;
    }
    this.armAckTimer();
    const latencyMs = performance.now() - head.sentAt;
    const verdict = head.out.ack!.check(bytes);
    if (verdict === 'mismatch') acks.mismatched++;
    else acks.ok++; // a rejection is a correct answer too
    this.emit('ack', { kind: head.out.kind, verdict, latencyMs, expected: head.out.ack!.expected, actual: bytes });
    switch (head.out.kind) {
      case 'login':
        if (verdict === 'ok') {
          this.counters.logins.accepted++;
          this.emit('login', { accepted: true, latencyMs });
          this.goOnline();
        } else {
          if (verdict === 'rejected') this.counters.logins.rejected++;
          this.emit('login', { accepted: false, latencyMs });
          this.drop(verdict === 'rejected' ? 'login rejected' : 'wrong login answer');
        }
        break;
      case 'position':
        if (verdict === 'ok') {
          this.counters.records.acked += head.out.records;
          this.latency.record(latencyMs);
        }
        break;
      case 'heartbeat':
        if (verdict === 'ok') this.counters.heartbeats.acked++;
        break;
      case 'reply':
        break;
    }
  }

  private command(command: ReceivedCommand): void {
    this.counters.commands.received++;
    this.emit('command', command);
    const answer = this.firmware.answer(command, this.snapshot());
    this.send(answer.reply, []);
    this.counters.commands.answered++;
    this.emit('reply', { command, text: answer.text, bytes: answer.reply.bytes });
  }

  // ---- what the device sends ---------------------------------------------------------------

  private send(out: Outgoing, positions: InFlight['positions']): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    socket.write(out.bytes);
    const now = performance.now();
    this.lastSentAt = now;
    if (out.kind === 'position') {
      for (const p of positions) {
        if (p.attempts++ === 0) this.counters.records.sent++;
        else this.counters.records.resent++;
      }
    }
    if (out.kind === 'heartbeat') this.counters.heartbeats.sent++;
    if (out.ack) {
      this.inFlight.push({ out, sentAt: now, positions });
      if (this.inFlight.length === 1) this.armAckTimer();
    } else if (out.kind === 'position') {
      // A protocol without ACKs (Suntech): written is all the device ever knows.
      this.counters.records.acked += out.records;
    }
    this.emit('sent', { kind: out.kind, records: out.records, bytes: out.bytes });
  }

  /** Sends queued frames while fewer than `window` data frames await their ACK. */
  private pump(): void {
    if (this.state !== 'online') return;
    const max = this.firmware.maxRecordsPerFrame;
    while (this.outbox.length > 0 && this.dataInFlight() < this.options.window) {
      const first = this.outbox[0]!;
      if (first.kind === 'heartbeat') {
        this.outbox.shift();
        this.send(this.firmware.heartbeat(first.snapshot), []);
        continue;
      }
      const batch: InFlight['positions'] = [];
      while (batch.length < max && this.outbox[0]?.kind === 'position') batch.push(this.outbox.shift() as InFlight['positions'][number]);
      this.send(this.firmware.positions(batch.map((p) => p.snapshot)), batch);
    }
  }

  private dataInFlight(): number {
    let count = 0;
    for (const f of this.inFlight) if (f.out.kind === 'position' || f.out.kind === 'heartbeat') count++;
    return count;
  }

  private armAckTimer(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const head = this.inFlight[0];
    if (!head) return;
    const wait = Math.max(0, head.sentAt + this.options.ackTimeoutMs - performance.now());
    this.ackTimer = setTimeout(() => {
      this.counters.acks.missing++;
      this.emit('missing', { kind: head.out.kind, expected: head.out.ack!.expected });
      this.drop(`no ACK for ${head.out.kind} within ${this.options.ackTimeoutMs} ms`);
    }, wait);
  }

  private isDrained(): boolean {
    return this.inFlight.length === 0 && this.outbox.length === 0;
  }

  private checkDrained(): void {
    if (this.drained && this.isDrained()) this.drained();
  }

  // ---- time, route and telemetry -----------------------------------------------------------

  private tick(): void {
    const snapshot = this.snapshot();
    this.ticks++;
    const parked = !snapshot.moving;
    if (parked && this.ticks % Math.max(1, this.options.parkedPositionEvery) !== 0) {
      if (this.state === 'online' && this.outbox.length === 0) this.outbox.push({ kind: 'heartbeat', snapshot });
    } else {
      this.outbox.push({ kind: 'position', snapshot, attempts: 0 });
      this.trimBacklog();
    }
    this.pump();
  }

  private idleHeartbeat(): void {
    if (this.state !== 'online' || this.inFlight.length > 0 || this.outbox.length > 0) return;
    if (performance.now() - this.lastSentAt >= this.options.heartbeatIntervalMs) this.sendHeartbeat();
  }

  private trimBacklog(): void {
    let positions = 0;
    for (const q of this.outbox) if (q.kind === 'position') positions++;
    while (positions > this.options.maxBacklog) {
      const at = this.outbox.findIndex((q) => q.kind === 'position');
      this.outbox.splice(at, 1);
      positions--;
      this.counters.records.dropped++;
    }
  }

  /** Moves the vehicle up to now and reads the sensors. */
  private snapshot(): Snapshot {
    const time = this.now();
    const elapsed = (time.getTime() - this.lastMoved) / 1000;
    if (elapsed > 0) {
      this.walker.advance(elapsed);
      this.lastMoved = time.getTime();
    }
    const motion = this.walker.motion();
    const t = this.telemetry;
    t.satellites = Math.max(5, Math.min(14, t.satellites + Math.round((this.random() - 0.5) * 2)));
    t.gsm = Math.max(40, Math.min(100, t.gsm + (this.random() - 0.5) * 10));
    const powerMv = Math.round((motion.ignition ? 13_900 : 12_550) + (this.random() - 0.5) * 200);
    return {
      ...motion,
      time,
      valid: true,
      satellites: t.satellites,
      gsm: Math.round(t.gsm),
      powerMv,
      batteryMv: Math.round(4150 + (this.random() - 0.5) * 40),
      batteryPercent: 100,
      cell: cellAt(motion.lat, motion.lng),
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
