import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { protocols } from './protocols/index.js';
import { TcpDevice, teltonikaCommandResponse, until } from './test-support/tcp-device.js';
import type { ConsoleEvent } from './console-hub.js';
import { onlyDevicePorts } from './test-support/device-ports.js';

// Real captures (backend/devices/protocols/__fixtures__): IMEI handshake and a 2-record Codec 8 packet.
const IMEI = '123456789012345';
const HANDSHAKE = '000f313233343536373839303132333435';
const AVL_TWO_RECORDS =
  '000000000000010e8e020000019769de9f9800015299f718b278040018007708000000000013000b000100f00100150500c80000450100010000ef01000100000100000200000300000400007100004300003800003900000a00b5000800b600050042382a0018000000430f7a0044000000090068000a000000044804000000f0000000000001000000000000004e00000000000000000000000000000000000000000001000000019769de9f9800015299f718b27804001800770800000000001300';
let avlHex: string;

async function startGateway(t: TestBackend) {
  await t.backend.gateway.start({ host: '127.0.0.1', ports: onlyDevicePorts({ teltonika: 0, gt06: 0, h02: 0 }), stateFlushMs: 20 });
  return t.backend.gateway.ports.get('teltonika')!;
}

async function registerTracker(t: TestBackend, deviceId = IMEI, model = 'telfmb920') {
  const tariff = (await t.ok('tariff/create', { tariff: { name: `T ${deviceId}`, type: 'monthly', price: 1, device_limit: 100 } })).id;
  const user = (await t.ok('user/create', { user: { login: `${deviceId}@example.com`, legal_type: 'individual' }, password: 'secret1' })).id;
  return (await t.ok('tracker/register', { user_id: user, label: 'Truck', model, device_id: deviceId, tariff_id: tariff })).id as number;
}

describe('device gateway over TCP (Teltonika)', () => {
  let t: TestBackend;
  let port: number;
  beforeEach(async () => {
    const { default: captures } = await import('./protocols/__fixtures__/device-captures.json', { with: { type: 'json' } });
    avlHex = (captures as any).teltonika.find((e: any) => e.id === 'teltonika-002').hex;
    t = await openTestBackend();
    port = await startGateway(t);
  });
  afterEach(async () => t.close());

  it('refuses an unknown IMEI with 00 and stores nothing', async () => {
    const device = await TcpDevice.open(port);
    device.send(HANDSHAKE);
    expect((await device.read(1)).toString('hex')).toBe('00');
    device.close();
  });

  it('ACKs records only once stored, and shows them in get_state, tracker/list and history', async () => {
    const trackerId = await registerTracker(t);
    const device = await TcpDevice.open(port);
    device.send(HANDSHAKE);
    expect((await device.read(1)).toString('hex')).toBe('01');
    device.send(avlHex);
    expect((await device.read(4)).toString('hex')).toBe('00000002');
    // The ACK came after the records were on disk.
    const sourceId = t.backend.trackerIndex.get(1, trackerId)!.source_id;
    expect(await t.backend.gateway.tracking.read(sourceId, 0, Date.now() + 1e10, 10)).toHaveLength(2);
    await t.backend.gateway.flushStates();
    const state = (await t.ok('tracker/get_state', { tracker_id: trackerId })).state;
    expect(state.gps.location.lat).toBeCloseTo(41.4349316, 6);
    expect(state.gps.location.lng).toBeCloseTo(2.2190583, 6);
    expect(state.connection_status).toBe('active');
    expect(state.inputs.slice(0, 3)).toEqual([true, false, false]);
    const listed = (await t.ok('tracker/list', { order_by: 'status' })).list[0];
    expect(listed.source.connection_status).toBe('active');
    const history = await t.ok('tracker/history/read', { tracker_id: trackerId, from: '2026-03-01 00:00:00', to: '2026-03-31 00:00:00', limit: 1 });
    expect(history.list).toHaveLength(1);
    expect(history.next_from).toBeDefined();
    device.close();
    await until(() => !t.backend.gateway.isOnline(sourceId));
    await t.backend.gateway.flushStates();
    expect((await t.ok('tracker/get_state', { tracker_id: trackerId })).state.connection_status).toBe('signal_lost');
    // Activity for the month was recorded.
    const month = new Date(t.clock.now()).toISOString().slice(0, 7);
    expect((await t.ok('tracker/active/history/list', { from: month, to: month })).list[0].trackers[0]).toMatchObject({
      tracker_id: trackerId,
      device_id: IMEI,
    });
  });

  it('sends a command, files the device reply, and streams both to the console', async () => {
    const trackerId = await registerTracker(t);
    const sourceId = t.backend.trackerIndex.get(1, trackerId)!.source_id;
    const events: ConsoleEvent[] = [];
    const unsubscribe = t.backend.gateway.console.subscribe(sourceId, (e) => events.push(e));
    const device = await TcpDevice.open(port);
    device.send(HANDSHAKE);
    await device.read(1);
    const sent = await t.ok('tracker/raw_command/send', { device_id: IMEI, command: 'setdigout 11', reliable: false });
    expect(sent.sent).toBe(true);
    const expected = protocols.teltonika.encodeCommand({ kind: 'text', payload: 'setdigout 11', imei: IMEI });
    expect((await device.read(expected.length)).equals(expected)).toBe(true);
    device.send(teltonikaCommandResponse('DOUT1:1 DOUT2:1'));
    await until(() => events.some((e) => e.type === 'output' && e.msg.includes('reply: DOUT1:1 DOUT2:1')));
    expect((await t.backend.gateway.commands.recent(sourceId, 1))[0]).toMatchObject({ status: 'answered', reply: 'DOUT1:1 DOUT2:1' });
    expect(
      events.some((e) => e.type === 'output' && e.msg.includes('> 000000000000001')),
      'the command bytes as hex',
    ).toBe(true);
    device.send(avlHex);
    await device.read(4);
    await until(() => events.some((e) => e.type === 'output' && e.msg.includes('< 000000000000010e')));
    await until(() => events.some((e) => e.type === 'output' && e.msg.includes('> 00000002')));
    await until(() => events.some((e) => e.type === 'status' && e.data.some(([k, v]) => k === 'Latitude' && v.startsWith('41.43'))));
    unsubscribe();
    device.close();
  });

  it('delivers a reliable command on reconnect, and after a backend restart', async () => {
    const trackerId = await registerTracker(t);
    const offline = await t.ok('tracker/raw_command/send', { device_id: IMEI, command: 'getinfo' });
    expect(offline.sent).toBe(false);
    expect((await t.call('tracker/raw_command/send', { device_id: IMEI, command: 'getver', reliable: false })).body.status.code).toBe(213);
    // Restart the backend: the queued command survives.
    const dir = t.dir;
    await t.backend.close();
    t = await openTestBackend({ dir });
    port = await startGateway(t);
    const device = await TcpDevice.open(port);
    device.send(HANDSHAKE);
    expect((await device.read(1)).toString('hex')).toBe('01');
    const expected = protocols.teltonika.encodeCommand({ kind: 'text', payload: 'getinfo', imei: IMEI });
    expect((await device.read(expected.length)).equals(expected)).toBe(true);
    // Not answered yet: a reconnect gets it again.
    device.close();
    const again = await TcpDevice.open(port);
    again.send(HANDSHAKE);
    await again.read(1);
    expect((await again.read(expected.length)).equals(expected)).toBe(true);
    again.send(teltonikaCommandResponse('RTC:2026/3/15 OK'));
    const sourceId = t.backend.trackerIndex.get(1, trackerId)!.source_id;
    await until(async () => (await t.backend.gateway.commands.open(sourceId)).length === 0);
    again.close();
  });

  it('validates raw_command/send and answers 201 / 252 / 214', async () => {
    await registerTracker(t);
    expect((await t.call('tracker/raw_command/send', { device_id: IMEI, command: '0x1g', type: 'hex' })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'command', error: 'Non-hex string' }],
    });
    expect((await t.call('tracker/raw_command/send', { device_id: '999', command: 'x' })).body.status.code).toBe(201);
    const mobile = await registerTracker(t, 'phone-1', 'navixymobile');
    expect((await t.call('tracker/raw_command/send', { device_id: 'phone-1', command: 'x' })).body.status.code).toBe(214);
    expect((await t.call('tracker/register_retry', { tracker_id: mobile })).body.status.code).toBe(214);
  });

  it('drops only the connection that sends garbage', async () => {
    await registerTracker(t);
    const good = await TcpDevice.open(port);
    good.send(HANDSHAKE);
    await good.read(1);
    const bad = await TcpDevice.open(port);
    bad.send(Buffer.alloc(5000, 0x41));
    await until(() => bad.closed);
    good.send(avlHex);
    expect((await good.read(4)).toString('hex')).toBe('00000002');
    good.close();
  });

  it('register_retry sends activation commands once per 120 s (264 counted from every request)', async () => {
    const trackerId = await registerTracker(t);
    const device = await TcpDevice.open(port);
    device.send(HANDSHAKE);
    await device.read(1);
    // Listening on loopback with no public host: activation would point the device nowhere.
    expect((await t.call('tracker/register_retry', { tracker_id: trackerId })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: '--public-host', error: expect.stringContaining('--public-host') }],
    });
    expect((await device.drain(100)).length).toBe(0);
    expect((await t.call('settings/device_gateway/update', { public_host: '127.0.0.2' })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'public_host' }],
    });
    expect((await t.call('settings/device_gateway/update', { public_host: '0.0.0.0' })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'public_host' }],
    });
    expect((await t.call('settings/device_gateway/update', { public_host: 'bad host!' })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'public_host' }],
    });
    await t.ok('settings/device_gateway/update', { public_host: 'gps.example.com' });
    expect((await t.ok('settings/device_gateway/read', {})).settings).toMatchObject({
      public_host: 'gps.example.com',
      effective_host: 'gps.example.com',
      effective_source: 'setting',
    });
    t.clock.advance(121_000);
    expect((await t.ok('tracker/register_retry', { tracker_id: trackerId })).sent).toBe(true);
    const bytes = await device.drain(200);
    expect(bytes.toString('latin1')).toContain('defaultcfg');
    expect(bytes.toString('latin1')).toContain(`setparam 2004:gps.example.com;2005:`);
    expect((await t.call('tracker/register_entry', { tracker_id: trackerId })).body.status.code).toBe(264);
    t.clock.advance(119_000);
    expect((await t.call('tracker/register_retry', { tracker_id: trackerId })).body.status.code).toBe(264);
    t.clock.advance(119_000);
    // 119 s after the last (refused) request: still too early.
    expect((await t.call('tracker/register_retry', { tracker_id: trackerId })).body.status.code).toBe(264);
    t.clock.advance(121_000);
    expect((await t.ok('tracker/register_retry', { tracker_id: trackerId })).sent).toBe(true);
    device.close();
  });
});
