/**
 * The simulator against the real backend: device gateway, sessions, storage-before-ACK and the
 * command queue. Every ACK must be what the spec says, and commands sent through the API must be
 * answered and filed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../../test-support/harness.js';
import type { SimulatedProtocol } from './firmware/index.js';
import { imeiSequence } from './imei.js';
import { startSimulator } from './simulator.js';
import { until } from './test-support/gateway.js';
import { allDevicePorts } from '../test-support/device-ports.js';

const MODELS: Record<SimulatedProtocol, string> = {
  teltonika: 'telfmb920',
  gt06: 'concoxgt06n',
  h02: 'sinotrackst901',
  jt808: 'jt808generic',
  ruptela: 'ruptelafmeco4',
  suntech: 'suntechst300',
  queclink: 'queclinkgv300',
  gps103: 'coban103',
  wialon: 'wialonips',
  meitrack: 'meitrackmvt380',
  osmand: 'osmandhttp',
};
const COMMANDS: Record<SimulatedProtocol, [string, string | RegExp]> = {
  teltonika: ['setdigout 1', 'DOUT1:1 Timeout:INFINITY DOUT2:IGNORED'],
  gt06: ['RELAY,1#', 'Cut off the fuel supply: Success!'],
  h02: ['S20,1,1', /^S20,1,1,\d{6}$/],
  jt808: ['RELAY,1#', /^0x8300 #\d+: OK$/],
  ruptela: ['getver', 'getver OK'],
  suntech: ['04;01', '04;01'],
  queclink: ['AT+GTOUT=gv300,1,,,0,0,0,0,0,0,0,,,,,,,0011$', /^\+ACK:GTOUT,060100,\d+,gv300,0011,\d{14},[0-9A-F]{4}$/],
  gps103: ['B', 'B'],
  wialon: ['VER?', 'VER? OK'],
  meitrack: ['A10', 'A10,OK'],
  osmand: ['', ''], // the apps answer no command (their own test below)
};
const DEVICES = 4;
/** What each firmware answers to the activation commands, in order (server gps.example.com, the gateway's port). */
const ACTIVATION_REPLIES: Record<SimulatedProtocol, RegExp[]> = {
  teltonika: [/^Default configuration loaded$/, /^New value 2004:gps\.example\.com;2005:\d+;2006:0;$/],
  gt06: [/^OK!$/, /^OK!$/],
  h02: [/^S23,gps\.example\.com,\d+,\d{6}$/, /^S71,22,30,\d{6}$/],
  jt808: [/^0x8300 #\d+: OK$/],
  ruptela: [], // no remote activation
  suntech: [],
  queclink: [],
  gps103: [],
  wialon: [],
  meitrack: [],
  osmand: [],
};

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
  await t.backend.gateway.start({ host: '127.0.0.1', ports: allDevicePorts(), stateFlushMs: 20 });
});
afterEach(async () => t.close());

async function register(protocol: SimulatedProtocol, imeis: string[]): Promise<number[]> {
  const tariff = (await t.ok('tariff/create', { tariff: { name: `T ${protocol}`, type: 'monthly', price: 1, device_limit: 100 } })).id;
  const user = (await t.ok('user/create', { user: { login: `${protocol}@example.com`, legal_type: 'individual' }, password: 'secret1' })).id;
  const ids: number[] = [];
  for (const [i, imei] of imeis.entries()) {
    ids.push((await t.ok('tracker/register', { user_id: user, label: `Sim ${i}`, model: MODELS[protocol], device_id: imei, tariff_id: tariff })).id as number);
  }
  return ids;
}

describe('simulator against the real device gateway', () => {
  for (const protocol of ['teltonika', 'gt06', 'h02', 'jt808', 'ruptela', 'suntech', 'queclink', 'wialon', 'meitrack'] as const) {
    it(`${protocol}: records stored and ACKed as specified, a command answered and filed`, async () => {
      const imeis = imeiSequence('35630704245000', DEVICES);
      const trackerIds = await register(protocol, imeis);
      const port = t.backend.gateway.ports.get(protocol)!;
      let activation: string[] = [];
      const sim = startSimulator({ protocol, port, devices: DEVICES, rate: 20, imeiStart: imeis[0], statsIntervalMs: 0 });
      try {
        await until(() => sim.devices.every((d) => d.stats().records.acked >= 3));
        const [command, expected] = COMMANDS[protocol];
        const sent = await t.ok('tracker/raw_command/send', { device_id: imeis[0], command, reliable: false });
        expect(sent.sent).toBe(true);
        const sourceId = t.backend.trackerIndex.get(1, trackerIds[0]!)!.source_id;
        await until(async () => (await t.backend.gateway.commands.recent(sourceId, 1))[0]?.status === 'answered');
        const filed = (await t.backend.gateway.commands.recent(sourceId, 1))[0]!;
        if (typeof expected === 'string') expect(filed.reply).toBe(expected);
        else expect(filed.reply).toMatch(expected);
        // the activation commands of tracker/register_retry are answered too (a reachable public host is set)
        t.backend.publicAddress = { ...t.backend.publicAddress, flagHost: 'gps.example.com' };
        expect((await t.ok('tracker/register_retry', { tracker_id: trackerIds[0] })).sent).toBe(ACTIVATION_REPLIES[protocol].length > 0);
        const activations = ACTIVATION_REPLIES[protocol].length;
        await until(async () => (await t.backend.gateway.commands.recent(sourceId, 1 + activations)).every((c) => c.status === 'answered'));
        activation = (await t.backend.gateway.commands.recent(sourceId, activations)).reverse().map((c) => c.reply ?? '');
      } finally {
        const stats = await sim.stop({ drainMs: 3000 });
        expect(stats.acks).toMatchObject({ mismatched: 0, missing: 0, unexpected: 0 });
        expect(stats.records.acked).toBe(stats.records.sent);
        expect(stats.commands).toEqual({ received: 1 + ACTIVATION_REPLIES[protocol].length, answered: 1 + ACTIVATION_REPLIES[protocol].length, ignored: 0 });
        expect(stats.errors).toBe(0);
      }
      expect(activation).toHaveLength(ACTIVATION_REPLIES[protocol].length);
      ACTIVATION_REPLIES[protocol].forEach((pattern, i) => expect(activation[i]).toMatch(pattern));
      await t.backend.gateway.flushStates();
      const state = (await t.ok('tracker/get_state', { tracker_id: trackerIds[1] })).state;
      expect(state.gps.location.lat).toBeGreaterThan(52.5);
      expect(state.gps.location.lng).toBeGreaterThan(13.3);
    });
  }

  for (const protocol of ['queclink', 'gps103', 'wialon', 'meitrack'] as const) {
    it(`${protocol} over UDP: records stored and ACKed to the datagrams' source, a command answered and filed`, async () => {
      const imeis = imeiSequence('35630704249000', DEVICES);
      const trackerIds = await register(protocol, imeis);
      const port = t.backend.gateway.udpPorts.get(protocol)!;
      const sim = startSimulator({ protocol, port, devices: DEVICES, rate: 20, imeiStart: imeis[0], statsIntervalMs: 0, device: { transport: 'udp' } });
      try {
        await until(() => sim.devices.every((d) => d.stats().records.acked >= 3));
        // GPS103 reports get no ACK: the login's LOAD and heartbeats' ON are what is checked; its
        // answer to a command is a report, which the server does not file as the reply.
        if (protocol === 'gps103') return await until(() => sim.devices.every((d) => d.stats().heartbeats.acked + d.stats().logins.accepted >= 1));
        const [command, expected] = COMMANDS[protocol];
        expect((await t.ok('tracker/raw_command/send', { device_id: imeis[0], command, reliable: false })).sent).toBe(true);
        const sourceId = t.backend.trackerIndex.get(1, trackerIds[0]!)!.source_id;
        await until(async () => (await t.backend.gateway.commands.recent(sourceId, 1))[0]?.status === 'answered');
        const filed = (await t.backend.gateway.commands.recent(sourceId, 1))[0]!;
        if (typeof expected === 'string') expect(filed.reply).toBe(expected);
        else expect(filed.reply).toMatch(expected);
      } finally {
        const stats = await sim.stop({ drainMs: 3000 });
        expect(stats.acks).toMatchObject({ mismatched: 0, missing: 0, unexpected: 0 });
        expect(stats.records.acked).toBe(stats.records.sent);
        expect(stats.records.resent).toBe(0);
        const commands = protocol === 'gps103' ? 0 : 1;
        expect(stats.commands).toEqual({ received: commands, answered: commands, ignored: 0 });
        expect(stats.errors).toBe(0);
        expect(stats.logins.accepted).toBe(protocol === 'gps103' || protocol === 'wialon' ? DEVICES : 0); // Queclink and Meitrack have no login
      }
      await t.backend.gateway.flushStates();
      const state = (await t.ok('tracker/get_state', { tracker_id: trackerIds[1] })).state;
      expect(state.gps.location.lat).toBeGreaterThan(52.5);
    });
  }

  it('osmand: HTTP requests stored and answered 200, a command carried in the next 200 body', async () => {
    const imeis = imeiSequence('35630704247000', DEVICES);
    const trackerIds = await register('osmand', imeis);
    const sim = startSimulator({
      protocol: 'osmand',
      port: t.backend.gateway.ports.get('osmand')!,
      devices: DEVICES,
      rate: 20,
      imeiStart: imeis[0],
      statsIntervalMs: 0,
    });
    const commands: string[] = [];
    sim.devices[0]!.on('command', (c) => commands.push(c.text ?? ''));
    try {
      await until(() => sim.devices.every((d) => d.stats().records.acked >= 3));
      expect((await t.ok('tracker/raw_command/send', { device_id: imeis[0], command: 'ping now', reliable: false })).sent).toBe(true);
      await until(() => commands.length > 0);
      expect(commands).toEqual(['ping now']);
    } finally {
      const stats = await sim.stop({ drainMs: 3000 });
      expect(stats.acks).toMatchObject({ mismatched: 0, missing: 0, unexpected: 0 });
      expect(stats.records.acked).toBe(stats.records.sent);
      expect(stats.errors).toBe(0);
    }
    await t.backend.gateway.flushStates();
    const state = (await t.ok('tracker/get_state', { tracker_id: trackerIds[1] })).state;
    expect(state.gps.location.lat).toBeGreaterThan(52.5);
    expect(state.gps.location.lng).toBeGreaterThan(13.3);
  });

  it('osmand: an unregistered id gets the refusal', async () => {
    const sim = startSimulator({
      protocol: 'osmand',
      port: t.backend.gateway.ports.get('osmand')!,
      devices: 1,
      rate: 5,
      imeiStart: '35630704248000',
      statsIntervalMs: 0,
      device: { reconnectMinMs: 20, reconnectMaxMs: 50 },
    });
    try {
      await until(() => sim.stats().acks.ok >= 2);
      expect(sim.stats()).toMatchObject({ acks: { mismatched: 0 }, records: { acked: 0 } });
    } finally {
      await sim.stop();
    }
  });

  it('teltonika: unregistered IMEIs are refused with 00 and retried', async () => {
    const port = t.backend.gateway.ports.get('teltonika')!;
    const sim = startSimulator({
      protocol: 'teltonika',
      port,
      devices: 2,
      rate: 5,
      imeiStart: '35630704246000',
      statsIntervalMs: 0,
      device: { reconnectMinMs: 20, reconnectMaxMs: 50 },
    });
    try {
      await until(() => sim.stats().logins.rejected >= 4);
      expect(sim.stats()).toMatchObject({ logins: { accepted: 0 }, acks: { mismatched: 0 }, records: { sent: 0 } });
    } finally {
      await sim.stop();
    }
  });
});
