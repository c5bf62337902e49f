/**
 * The client side of the `bench:gateway` load scenarios, in a child process of bench/gateway.ts
 * (forked over IPC), so that the measuring process and the device sockets do not share an event
 * loop, and so that the client's own event-loop delay can be reported next to its ACK latencies.
 *
 * Roles (argv[2] is a JSON `LoadConfig`):
 * - `devices`: a simulator fleet (backend/devices/simulator) sending one record per frame; on
 *   `mark` it starts collecting position-ACK latencies (send → byte-exact ACK, measured here) and
 *   event-loop delay; on `stop` it drains and answers with the totals and the window's samples.
 * - `flood`: one raw Teltonika connection that logs in with a registered IMEI and then writes valid
 *   AVL packets back to back as fast as the socket takes them, never reading the server's ACKs.
 */
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildAvlPacket, buildImeiHandshake, IO, type AvlRecord } from '../backend/devices/simulator/frames/teltonika.js';
import { startSimulator, type SimulatorStats } from '../backend/devices/simulator/simulator.js';

export interface DevicesConfig {
  role: 'devices';
  protocol: 'gt06' | 'teltonika';
  devices: number;
  rate: number;
  host: string;
  port: number;
  imeiStart: string;
  localAddresses: string[];
  rampUpMs: number;
}

export interface FloodConfig {
  role: 'flood';
  host: string;
  port: number;
  imei: string;
  localAddress: string;
  durationMs: number;
  maxBytes: number;
  recordsPerPacket: number;
}

export type LoadConfig = DevicesConfig | FloodConfig;

/** Event-loop delay past the 10 ms sampling timer, ms; `cpuPercent`: this process's CPU use over the same window (100 = one core). */
export interface EventLoopFigures {
  p50: number;
  p99: number;
  max: number;
  cpuPercent: number;
}

/** Child → parent. */
export type LoadMessage =
  | { type: 'progress'; online: number; sent: number; acked: number }
  | { type: 'result'; stats: SimulatorStats; windowLatencies: number[]; windowMs: number; eventLoop: EventLoopFigures }
  | { type: 'flooding' }
  | { type: 'flood-progress'; pushedBytes: number }
  | {
      type: 'flood-done';
      handshake: 'accepted' | 'rejected' | 'no answer' | 'error';
      pushedBytes: number;
      packets: number;
      records: number;
      floodMs: number;
      stalledMs: number;
      closedAfterMs?: number;
      error?: string;
    };

/** Parent → child. */
export type LoadCommand = { type: 'mark' } | { type: 'stop'; drainMs: number };

const send = (message: LoadMessage) => new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

const RESOLUTION_MS = 10;

/** The histogram holds the time between timer ticks (resolution included); the delay is what exceeds it. */
function eventLoopFigures(h: ReturnType<typeof monitorEventLoopDelay>, cpu: NodeJS.CpuUsage, ms: number): EventLoopFigures {
  const delay = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    p50: delay(h.percentile(50)),
    p99: delay(h.percentile(99)),
    max: delay(h.max),
    cpuPercent: ms > 0 ? ((cpu.user + cpu.system) / 1000 / ms) * 100 : 0,
  };
}

function runDevices(config: DevicesConfig): void {
  const sim = startSimulator({
    protocol: config.protocol,
    devices: config.devices,
    rate: config.rate,
    window: 1,
    host: config.host,
    port: config.port,
    imeiStart: config.imeiStart,
    localAddresses: config.localAddresses,
    rampUpMs: config.rampUpMs,
    statsIntervalMs: 0,
    device: { parkedPositionEvery: 1 }, // a position every tick, parked or not: exactly `rate` records/s
  });
  const eventLoop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  eventLoop.enable();
  const latencies: number[] = [];
  let windowOpen = false;
  let windowStart = 0;
  let windowMs = 0;
  let windowCpu = process.cpuUsage();
  for (const device of sim.devices) {
    device.on('ack', (ack) => {
      if (windowOpen && ack.kind === 'position' && ack.verdict === 'ok') latencies.push(ack.latencyMs);
    });
    device.on('error', () => undefined); // counted in the stats
  }
  const progress = setInterval(() => {
    const s = sim.stats();
    void send({ type: 'progress', online: s.online, sent: s.records.sent, acked: s.records.acked });
  }, 500);
  process.on('message', (command: LoadCommand) => {
    if (command.type === 'mark') {
      windowOpen = true;
      windowStart = performance.now();
      windowCpu = process.cpuUsage();
      eventLoop.reset();
    } else if (command.type === 'stop') {
      windowOpen = false;
      windowMs = windowStart ? performance.now() - windowStart : 0;
      const loop = eventLoopFigures(eventLoop, process.cpuUsage(windowCpu), windowMs);
      clearInterval(progress);
      void sim
        .stop({ drainMs: command.drainMs })
        .then((stats) => send({ type: 'result', stats, windowLatencies: latencies, windowMs, eventLoop: loop }))
        .then(() => process.exit(0));
    }
  });
}

/** Distinct valid AVL packets (1 s apart, moving along a line), concatenated into one chunk of about `bytes`. */
function floodChunk(recordsPerPacket: number, bytes: number, startMs: number): { chunk: Buffer; packets: number } {
  const packets: Buffer[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const records: AvlRecord[] = [];
    for (let i = 0; i < recordsPerPacket; i++, n++) {
      records.push({
        time: new Date(startMs + n * 1000),
        priority: 0,
        lat: 52.5 + (n % 10_000) * 1e-5,
        lng: 13.4 + (n % 10_000) * 1e-5,
        altitude: 40,
        heading: 90,
        satellites: 10,
        speed: 50,
        eventId: 0,
        io: [
          { id: IO.ignition, width: 1, value: 1 },
          { id: IO.movement, width: 1, value: 1 },
          { id: IO.externalVoltage, width: 2, value: 13_800 },
        ],
      });
    }
    const packet = buildAvlPacket(records);
    packets.push(packet);
    size += packet.length;
  }
  return { chunk: Buffer.concat(packets), packets: packets.length };
}

function runFlood(config: FloodConfig): void {
  // Recent positions (the last day), so that nothing in them is implausible for a live device.
  const { chunk, packets: packetsPerChunk } = floodChunk(config.recordsPerPacket, 256 * 1024, Date.now() - 24 * 3600 * 1000);
  const socket: Socket = connect({ host: config.host, port: config.port, localAddress: config.localAddress });
  socket.setNoDelay(true);
  let closedAfterMs: number | undefined;
  let error: string | undefined;
  let floodStart = 0;
  let stalledMs = 0;
  let chunks = 0;
  const pushed = () => Math.max(0, socket.bytesWritten - socket.writableLength);
  socket.on('error', (e) => (error ??= e.message));
  socket.on('close', () => (closedAfterMs ??= floodStart ? performance.now() - floodStart : 0));
  let finished = false;
  const finish = (handshake: 'accepted' | 'rejected' | 'no answer' | 'error') => {
    if (finished) return;
    finished = true;
    clearInterval(progress);
    const pushedBytes = pushed();
    // Packets (and records) wholly pushed; the last chunk may be partly in the socket buffer.
    const packets = Math.floor((pushedBytes / chunk.length) * packetsPerChunk);
    void send({
      type: 'flood-done',
      handshake,
      pushedBytes,
      packets,
      records: packets * config.recordsPerPacket,
      floodMs: floodStart ? performance.now() - floodStart : 0,
      stalledMs,
      ...(closedAfterMs === undefined ? {} : { closedAfterMs }),
      ...(error === undefined ? {} : { error }),
    });
    // Keep the connection, still unread, until the parent is done measuring.
  };
  const progress = setInterval(() => void send({ type: 'flood-progress', pushedBytes: pushed() }), 1000);
  const answerTimer = setTimeout(() => finish(error ? 'error' : 'no answer'), 10_000);
  socket.once('connect', () => socket.write(buildImeiHandshake(config.imei)));
  socket.once('close', () => finish(floodStart ? 'accepted' : error ? 'error' : 'no answer'));
  socket.once('data', (answer: Buffer) => {
    clearTimeout(answerTimer);
    socket.pause(); // from now on the server's ACKs are never read
    socket.removeAllListeners('data');
    if (answer[0] !== 0x01) return finish('rejected');
    floodStart = performance.now();
    void send({ type: 'flooding' });
    void (async () => {
      const deadline = floodStart + config.durationMs;
      while (!socket.destroyed && performance.now() < deadline && pushed() < config.maxBytes) {
        chunks++;
        if (socket.write(chunk)) {
          // Let timers and IPC run now and then even while the kernel keeps taking data.
          if (chunks % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const waitFrom = performance.now();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(0, deadline - performance.now()));
          function done() {
            clearTimeout(timer);
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
          }
          socket.once('drain', done);
          socket.once('close', done);
        });
        stalledMs += performance.now() - waitFrom;
      }
      finish('accepted');
    })();
  });
  process.on('message', (command: LoadCommand) => {
    if (command.type === 'stop') {
      socket.destroy();
      process.exit(0);
    }
  });
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
process.on('disconnect', () => process.exit(0)); // the parent went away
if (config.role === 'devices') runDevices(config);
else if (config.role === 'flood') runFlood(config);
else {
  console.error('gateway-load: argv[2] must be a JSON LoadConfig');
  process.exit(2);
}
