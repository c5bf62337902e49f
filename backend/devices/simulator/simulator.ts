/**
 * A fleet of simulated devices of one protocol: consecutive IMEIs, staggered connections, spread
 * along the route, with aggregate statistics for a console line every few seconds and a summary.
 * In-process use (tests, benchmarks): `const sim = startSimulator({...}); ... await sim.stop()`.
 */
import { protocols } from '../protocols/index.js';
import type { ProtocolName } from '../protocols/types.js';
import type { FirmwareOptions } from './firmware/index.js';
import { DEFAULT_IMEI_START, imeiSequence } from './imei.js';
import { LatencyHistogram, type LatencySummary } from './latency.js';
import { BERLIN, seededRandom, type Route } from './route.js';
import { SimulatedDevice, type SimulatedDeviceOptions } from './simulated-device.js';

export interface SimulatorOptions {
  protocol: ProtocolName;
  devices?: number; // default 1
  rate?: number; // messages per second per device, default 1
  host?: string; // default 127.0.0.1
  port?: number; // default the protocol's port
  imeiStart?: string; // 14 or 15 digits, default DEFAULT_IMEI_START
  /** Source addresses dealt to the devices in turn (device i connects from `localAddresses[i % n]`); default: the system's choice. */
  localAddresses?: readonly string[];
  window?: number; // frames in flight per device, default 1
  route?: Route;
  /** Connections are spread over this long, ms (default: 10 ms per device, at most 10 s). */
  rampUpMs?: number;
  /** `log` gets a statistics line this often, ms (default 5000; 0 = never). */
  statsIntervalMs?: number;
  log?: (line: string) => void;
  /** Passed to every device (timeouts, heartbeat interval, firmware variants...). */
  device?: Partial<Omit<SimulatedDeviceOptions, 'protocol' | 'imei' | 'host' | 'port' | 'rate' | 'window' | 'route'>>;
  firmware?: FirmwareOptions;
}

export interface SimulatorStats {
  protocol: ProtocolName;
  elapsedMs: number;
  devices: number;
  online: number;
  connects: number;
  disconnects: number;
  connectFailures: number;
  logins: { accepted: number; rejected: number };
  records: { sent: number; acked: number; resent: number; dropped: number; queued: number };
  heartbeats: { sent: number; acked: number };
  acks: { ok: number; mismatched: number; missing: number; unexpected: number };
  commands: { received: number; answered: number; ignored: number };
  errors: number;
  latency: LatencySummary; // ms, position ACKs
}

export interface SimulatorHandle {
  readonly devices: readonly SimulatedDevice[];
  stats(): SimulatorStats;
  /** Stops every device (optionally draining unACKed records first) and returns the final stats. */
  stop(options?: { drainMs?: number }): Promise<SimulatorStats>;
}

export function startSimulator(options: SimulatorOptions): SimulatorHandle {
  const count = options.devices ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('devices must be a whole number ≥ 1');
  const rate = options.rate ?? 1;
  if (!(rate > 0)) throw new RangeError('rate must be above 0');
  const codec = protocols[options.protocol];
  if (!codec) throw new RangeError(`unknown protocol ${String(options.protocol)}`);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? codec.defaultPort;
  const imeis = imeiSequence(options.imeiStart ?? DEFAULT_IMEI_START, count);
  const random = seededRandom(count * 7919 + port);
  const devices = imeis.map(
    (imei, i) =>
      new SimulatedDevice({
        ...options.device,
        protocol: options.protocol,
        imei,
        host,
        port,
        ...(options.localAddresses?.length ? { localAddress: options.localAddresses[i % options.localAddresses.length]! } : {}),
        rate,
        window: options.window ?? 1,
        route: options.route ?? BERLIN,
        startFraction: i / count + random() * 0.01,
        speedFactor: 0.85 + random() * 0.3,
        seed: i + 1,
        ...(options.firmware ? { firmware: options.firmware } : {}),
      }),
  );

  const started = Date.now();
  const rampUp = options.rampUpMs ?? Math.min(10_000, count * 10);
  const starts = devices.map((device, i) => setTimeout(() => device.start(), count > 1 ? (rampUp * i) / count : 0));
  const stats = () => aggregate(options.protocol, devices, Date.now() - started);

  const interval = options.statsIntervalMs ?? 5000;
  let previous = stats();
  const printer =
    options.log && interval > 0
      ? setInterval(() => {
          const current = stats();
          options.log!(formatStats(current, previous));
          previous = current;
        }, interval)
      : undefined;

  let stopping: Promise<SimulatorStats> | undefined;
  return {
    devices,
    stats,
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        starts.forEach((timer) => clearTimeout(timer));
        if (printer) clearInterval(printer);
        await Promise.all(devices.map((d) => d.stop(stopOptions)));
        return stats();
      })();
      return stopping;
    },
  };
}

function aggregate(protocol: ProtocolName, devices: readonly SimulatedDevice[], elapsedMs: number): SimulatorStats {
  const latency = new LatencyHistogram();
  const total: SimulatorStats = {
    protocol,
    elapsedMs,
    devices: devices.length,
    online: 0,
    connects: 0,
    disconnects: 0,
    connectFailures: 0,
    logins: { accepted: 0, rejected: 0 },
    records: { sent: 0, acked: 0, resent: 0, dropped: 0, queued: 0 },
    heartbeats: { sent: 0, acked: 0 },
    acks: { ok: 0, mismatched: 0, missing: 0, unexpected: 0 },
    commands: { received: 0, answered: 0, ignored: 0 },
    errors: 0,
    latency: latency.summary(),
  };
  for (const device of devices) {
    const s = device.stats();
    if (s.state === 'online') total.online++;
    total.connects += s.connects;
    total.disconnects += s.disconnects;
    total.connectFailures += s.connectFailures;
    total.errors += s.errors;
    addInto(total.logins, s.logins);
    addInto(total.records, s.records);
    addInto(total.heartbeats, s.heartbeats);
    addInto(total.acks, s.acks);
    addInto(total.commands, s.commands);
    latency.merge(s.latency);
  }
  total.latency = latency.summary();
  return total;
}

function addInto<T extends Record<string, number>>(into: T, from: T): void {
  for (const key of Object.keys(from) as (keyof T)[]) (into[key] as number) += from[key] as number;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** One console line; rates are over the time since `previous`. */
export function formatStats(s: SimulatorStats, previous?: SimulatorStats): string {
  const seconds = previous ? (s.elapsedMs - previous.elapsedMs) / 1000 : s.elapsedMs / 1000;
  const rate = (now: number, before: number) => (seconds > 0 ? ((now - before) / seconds).toFixed(1) : '0.0');
  return [
    `[${(s.elapsedMs / 1000).toFixed(0)}s] ${s.protocol} ${s.online}/${s.devices} online`,
    `records ${s.records.sent} sent, ${s.records.acked} acked (${rate(s.records.acked, previous?.records.acked ?? 0)}/s)` +
      (s.records.queued ? `, ${s.records.queued} queued` : ''),
    `ack p50 ${ms(s.latency.p50)} ms p99 ${ms(s.latency.p99)} ms`,
    `mismatched ${s.acks.mismatched} missing ${s.acks.missing}`,
    `commands ${s.commands.answered}`,
    `reconnects ${Math.max(0, s.connects - s.devices)}${s.connectFailures ? ` (${s.connectFailures} failed connects)` : ''}`,
  ].join(' | ');
}

/** The multi-line summary printed when the simulator stops. */
export function formatSummary(s: SimulatorStats): string {
  const l = s.latency;
  return [
    `Simulated ${s.devices} ${s.protocol} device(s) for ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  connections: ${s.connects} (${s.connectFailures} failed, ${s.disconnects} closed), logins accepted ${s.logins.accepted}, rejected ${s.logins.rejected}`,
    `  records:     ${s.records.sent} sent, ${s.records.acked} acked, ${s.records.resent} resent, ${s.records.dropped} dropped, ${s.records.queued} unsent`,
    `  heartbeats:  ${s.heartbeats.sent} sent, ${s.heartbeats.acked} acked`,
    `  ACKs:        ${s.acks.ok} as specified, ${s.acks.mismatched} mismatched, ${s.acks.missing} missing, ${s.acks.unexpected} unexpected`,
    `  ACK latency: p50 ${ms(l.p50)} ms, p90 ${ms(l.p90)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms (${l.count} position ACKs)`,
    `  commands:    ${s.commands.received} received, ${s.commands.answered} answered, ${s.commands.ignored} ignored`,
    `  errors:      ${s.errors}`,
  ].join('\n');
}
