import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtocolName } from '../protocols/types.js';
import { SimulatedDevice, type SimulatedDeviceOptions } from './simulated-device.js';
import { startSimulator, type SimulatorHandle } from './simulator.js';
import { startTestGateway, until, type TestGateway } from './test-support/gateway.js';

const PROTOCOLS: ProtocolName[] = ['teltonika', 'gt06', 'h02'];
const IMEI = '356307042441013';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function gateway(protocol: ProtocolName, options?: Parameters<typeof startTestGateway>[1]): Promise<TestGateway> {
  const gw = await startTestGateway(protocol, options);
  cleanup.push(() => gw.close());
  return gw;
}

function device(options: Partial<SimulatedDeviceOptions> & Pick<SimulatedDeviceOptions, 'protocol' | 'port'>): SimulatedDevice {
  const d = new SimulatedDevice({ imei: IMEI, host: '127.0.0.1', rate: 20, reconnectMinMs: 20, reconnectMaxMs: 100, ...options });
  cleanup.push(() => d.stop());
  return d;
}

function simulator(handle: SimulatorHandle): SimulatorHandle {
  cleanup.push(() => handle.stop());
  return handle;
}

const positionsOf = (gw: TestGateway) => gw.messages.filter((m) => m.message.type === 'position');

describe('a fleet against a gateway running the real splitter and decoder', () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol}: 20 devices × several records, every ACK exactly as specified`, async () => {
      const gw = await gateway(protocol);
      const sim = simulator(startSimulator({ protocol, port: gw.port, devices: 20, rate: 25, rampUpMs: 100, statsIntervalMs: 0 }));
      await until(() => sim.devices.every((d) => d.stats().records.acked >= 4));
      const stats = await sim.stop({ drainMs: 3000 });
      expect(stats.devices).toBe(20);
      expect(stats.records.sent).toBeGreaterThanOrEqual(80);
      expect(stats.records.acked).toBe(stats.records.sent);
      expect(stats.records.resent).toBe(0);
      expect(stats.acks).toEqual({ ok: stats.acks.ok, mismatched: 0, missing: 0, unexpected: 0 });
      expect(stats.acks.ok).toBe(stats.records.sent + (protocol === 'h02' ? 0 : 20) + (protocol === 'teltonika' ? 0 : stats.heartbeats.sent));
      expect(stats.errors).toBe(0);
      expect(stats.connects).toBe(20);
      expect(stats.logins.accepted).toBe(protocol === 'h02' ? 0 : 20);
      expect(stats.latency.count).toBe(stats.records.sent);
      expect(stats.latency.p50).toBeGreaterThan(0);
      expect(stats.latency.p99).toBeGreaterThanOrEqual(stats.latency.p50);
      // the server saw exactly those records, from 20 distinct IMEIs, with valid CRCs and lengths
      expect(gw.badFrames).toEqual([]);
      expect(positionsOf(gw)).toHaveLength(stats.records.sent);
      expect(new Set(gw.messages.map((m) => m.imei)).size).toBe(20);
      for (const { message } of positionsOf(gw)) {
        if (message.type !== 'position') continue;
        expect(message.record.lat).toBeGreaterThan(52.5);
        expect(message.record.lat).toBeLessThan(52.53);
        expect(message.record.lng).toBeGreaterThan(13.36);
        expect(message.record.lng).toBeLessThan(13.42);
        expect(Math.abs(message.record.time.getTime() - Date.now())).toBeLessThan(60_000);
      }
    });
  }

  it('gt06 with a window of 4 pipelines frames and still matches every ACK', async () => {
    const gw = await gateway('gt06');
    const sim = simulator(startSimulator({ protocol: 'gt06', port: gw.port, devices: 3, rate: 200, window: 4, statsIntervalMs: 0 }));
    await until(() => sim.devices.every((d) => d.stats().records.acked >= 30));
    const stats = await sim.stop({ drainMs: 3000 });
    expect(stats.acks.mismatched + stats.acks.missing + stats.acks.unexpected).toBe(0);
    expect(stats.records.acked).toBe(stats.records.sent);
    expect(positionsOf(gw)).toHaveLength(stats.records.sent);
  });
});

describe('commands over the socket', () => {
  const cases: [ProtocolName, string, string | RegExp][] = [
    ['teltonika', 'setdigout 1', 'DOUT1:1 Timeout:INFINITY DOUT2:IGNORED'],
    ['teltonika', 'getver', /^Ver:.* IMEI:356307042441013 /],
    ['teltonika', 'custom thing', 'OK custom thing'],
    ['gt06', 'RELAY,1#', 'Cut off the fuel supply: Success!'],
    ['gt06', 'PARAM#', /^IMEI:356307042441013;/],
    ['h02', 'S20,1,1', /^S20,1,1,\d{6}$/],
  ];
  for (const [protocol, payload, expected] of cases) {
    it(`${protocol} answers ${payload}`, async () => {
      const gw = await gateway(protocol);
      const d = device({ protocol, port: gw.port, rate: 5 });
      const replies: string[] = [];
      d.on('reply', (r) => replies.push(r.text));
      d.start();
      await until(() => d.stats().records.acked >= 1);
      gw.send(IMEI, { kind: 'text', payload, serverFlag: 0x0a0b0c0d, serial: 7 });
      await gw.waitFor(() => gw.messages.some((m) => m.message.type === 'command_reply'));
      const reply = gw.messages.find((m) => m.message.type === 'command_reply')!.message;
      if (reply.type !== 'command_reply' || !('text' in reply)) throw new Error('expected a text reply');
      if (typeof expected === 'string') expect(reply.text).toBe(expected);
      else expect(reply.text).toMatch(expected);
      expect(replies).toEqual([reply.text]);
      if (protocol === 'gt06') expect(reply.ref).toBe(0x0a0b0c0d);
      await d.stop({ drainMs: 1000 });
      const s = d.stats();
      expect(s.commands).toEqual({ received: 1, answered: 1, ignored: 0 });
      expect(s.acks.mismatched + s.acks.missing + s.acks.unexpected).toBe(0);
      expect(gw.badFrames).toEqual([]);
    });
  }
});

describe('heartbeats, ACK checking and reconnecting', () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol}: heartbeats when idle, answered as specified`, async () => {
      const gw = await gateway(protocol);
      const d = device({ protocol, port: gw.port, rate: 0.2, heartbeatIntervalMs: 100 });
      d.start();
      await until(() => d.stats().heartbeats.sent >= 3);
      await d.stop({ drainMs: 1000 });
      const s = d.stats();
      expect(s.heartbeats.acked).toBe(protocol === 'teltonika' ? 0 : s.heartbeats.sent); // Teltonika's 0xFF gets no answer
      expect(s.acks.mismatched + s.acks.missing + s.acks.unexpected).toBe(0);
      const heartbeats = gw.messages.filter((m) => m.message.type === 'heartbeat' || m.message.type === 'status');
      expect(heartbeats.length).toBe(s.heartbeats.sent);
    });
  }

  it('sends heartbeats instead of positions while parked', async () => {
    const gw = await gateway('gt06');
    const t0 = Date.now();
    const route = {
      name: 'short',
      altitude: 0,
      waypoints: [
        { lat: 10, lng: 10, speed: 30 },
        { lat: 10, lng: 10.0002, speed: 30, stopSeconds: 3600 },
      ],
    };
    // the clock runs 100× fast: the car reaches its parking spot after a few hundred ms
    const d = device({ protocol: 'gt06', port: gw.port, rate: 50, route, now: () => new Date(t0 + (Date.now() - t0) * 100) });
    d.start();
    await until(() => d.stats().heartbeats.acked >= 10);
    await d.stop({ drainMs: 1000 });
    const parked = positionsOf(gw).filter((m) => m.message.type === 'position' && m.message.record.speed === 0);
    expect(parked.length).toBeGreaterThan(0); // one parked tick in 10 still reports the position
    expect(d.stats().heartbeats.sent).toBeGreaterThan(parked.length);
  });

  it('counts ACKs that differ from the spec (teltonika: wrong record count)', async () => {
    const gw = await gateway('teltonika', { reply: (reply) => (reply?.length === 4 ? Buffer.from([0, 0, 0, 9]) : reply) });
    const d = device({ protocol: 'teltonika', port: gw.port });
    const mismatches: string[] = [];
    d.on('ack', (e) => void (e.verdict === 'mismatch' && mismatches.push(`${e.expected} ≠ ${e.actual.toString('hex')}`)));
    d.start();
    await until(() => d.stats().acks.mismatched >= 3);
    expect(d.stats().records.acked).toBe(0);
    expect(mismatches[0]).toBe('00000001 ≠ 00000009');
  });

  it('counts ACKs that differ from the spec (gt06: wrong serial)', async () => {
    const gw = await gateway('gt06', {
      reply: (reply) => {
        if (!reply || reply[3] === 0x01) return reply;
        const wrong = Buffer.from(reply);
        wrong[5]! ^= 0x01;
        return wrong;
      },
    });
    const d = device({ protocol: 'gt06', port: gw.port });
    d.start();
    await until(() => d.stats().acks.mismatched >= 3);
    expect(d.stats().logins.accepted).toBe(1);
  });

  it('teltonika: a rejected handshake (00) is retried with backoff', async () => {
    let accept = false;
    const gw = await gateway('teltonika', { registered: () => accept });
    const d = device({ protocol: 'teltonika', port: gw.port });
    const logins: boolean[] = [];
    d.on('login', (e) => logins.push(e.accepted));
    d.start();
    await until(() => d.stats().logins.rejected >= 2);
    accept = true;
    await until(() => d.stats().records.acked >= 3);
    const s = d.stats();
    expect(s.acks.mismatched).toBe(0);
    expect(logins.slice(0, 2)).toEqual([false, false]);
    expect(logins.at(-1)).toBe(true);
    expect(s.connects).toBeGreaterThanOrEqual(3);
  });

  it('gt06: an unanswered login is counted missing and the device reconnects', async () => {
    const gw = await gateway('gt06', { registered: () => false });
    const d = device({ protocol: 'gt06', port: gw.port, ackTimeoutMs: 100 });
    const missing: string[] = [];
    d.on('missing', (e) => missing.push(e.kind));
    d.start();
    await until(() => d.stats().acks.missing >= 2 && gw.connections >= 2);
    expect(missing.slice(0, 2)).toEqual(['login', 'login']);
    expect(d.stats().records.sent).toBe(0);
    expect(d.stats().records.queued).toBeGreaterThan(0); // kept for when the server lets it in
  });

  it('records not ACKed before a disconnect are sent again after reconnecting', async () => {
    let drop = true;
    const gw = await gateway('h02', {
      reply: (reply, result) => {
        if (drop && result.messages.some((m) => m.type === 'position')) {
          drop = false;
          return Buffer.from('garbage'); // the device cannot parse this and drops the connection
        }
        return reply;
      },
    });
    const d = device({ protocol: 'h02', port: gw.port, rate: 10 });
    const errors: Error[] = [];
    d.on('error', (e) => errors.push(e));
    d.start();
    await until(() => d.stats().records.acked >= 5);
    await d.stop({ drainMs: 1000 });
    const s = d.stats();
    expect(errors.length).toBe(1);
    expect(s.connects).toBe(2);
    expect(s.records.resent).toBeGreaterThanOrEqual(1);
    expect(s.records.acked).toBe(s.records.sent);
    expect(positionsOf(gw)).toHaveLength(s.records.sent + s.records.resent);
  });

  it('keeps records while the server is down, then sends them in packets (teltonika 8E, 10 per packet)', async () => {
    const probe = await startTestGateway('teltonika');
    const port = probe.port;
    await probe.close();
    const d = device({ protocol: 'teltonika', port, rate: 50, firmware: { teltonika: { codec: 0x8e, maxRecordsPerPacket: 10 } } });
    const packets: number[] = [];
    d.on('sent', (e) => void (e.kind === 'position' && packets.push(e.records)));
    d.start();
    await until(() => d.stats().connectFailures >= 2 && d.stats().records.queued >= 25);
    const gw = await gateway('teltonika', { port });
    await until(() => d.stats().records.queued === 0 && d.stats().records.acked >= 25);
    await d.stop({ drainMs: 2000 });
    const s = d.stats();
    expect(packets[0]).toBe(10);
    expect(Math.max(...packets)).toBe(10);
    expect(s.records.acked).toBe(s.records.sent);
    expect(s.acks.mismatched + s.acks.missing + s.acks.unexpected).toBe(0);
    expect(positionsOf(gw)).toHaveLength(s.records.sent);
    expect(gw.badFrames).toEqual([]);
  });
});

describe('source addresses', () => {
  it('deals localAddresses to the devices in turn (a fleet spread over loopback addresses)', async () => {
    const seen: string[] = [];
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      seen.push(socket.remoteAddress ?? '');
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const port = (server.address() as AddressInfo).port;
    const sim = simulator(
      startSimulator({
        protocol: 'gt06',
        port,
        devices: 4,
        rampUpMs: 0,
        statsIntervalMs: 0,
        localAddresses: ['127.0.0.2', '127.0.0.3'],
        device: { connectTimeoutMs: 2000 },
      }),
    );
    await until(() => seen.length === 4);
    await sim.stop();
    expect(seen.map((a) => a.replace(/^::ffff:/, '')).sort()).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3']);
  });
});
