/**
 * The UDP listeners: a datagram's reply goes back to its source only once its records are stored,
 * exactly as over TCP; oversize, garbage and half datagrams cost only themselves.
 */
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { onlyDevicePorts } from './test-support/device-ports.js';
import { until } from './test-support/tcp-device.js';
import { meitrackChecksum, meitrackFrame } from './protocols/meitrack/frame.js';

const IMEI = '359586015829802';
const MEITRACK_IMEI = '861412043027965';
/** meitrack-014 of the captures, with the CR LF real units end a frame with. */
const MEITRACK_AAA =
  '$$F160,861412043027965,AAA,22,45.499458,-82.493581,220718171428,V,0,0,0,0,0.0,0,227940,119812,302|220|D8D6|086E1B2B,0000,0000|0000|0000|0191|0573,,,3,,002134,0,0*FA\r\n';

function udpClient(port: number) {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  socket.on('message', (m) => received.push(m));
  return {
    received,
    send: (text: string | Buffer) => socket.send(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, port, '127.0.0.1'),
    close: () => socket.close(),
  };
}

describe('gateway over UDP', () => {
  let t: TestBackend;
  let trackers: Record<string, number>;
  beforeAll(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({ host: '127.0.0.1', ports: onlyDevicePorts({ queclink: 0, gps103: 0, wialon: 0, meitrack: 0 }), stateFlushMs: 20 });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'U', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'udp@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    trackers = {};
    for (const [model, id] of [
      ['coban103', IMEI],
      ['queclinkgv300', '135790246811220'],
      ['wialonips', '99999999'],
      ['meitrackt333', MEITRACK_IMEI],
    ] as const)
      trackers[id] = (await t.ok('tracker/register', { user_id: user, label: id, model, device_id: id, tariff_id: tariff })).id as number;
  });
  afterAll(async () => t.close());

  const day = (offset: number) => new Date(t.clock.now().getTime() + offset).toISOString().slice(0, 19).replace('T', ' ');
  const history = async (id: string) =>
    (await t.ok('tracker/history/read', { tracker_id: trackers[id], from: day(-86_400_000), to: day(86_400_000) })).list as unknown[];

  it('GPS103, Queclink, Wialon IPS and Meitrack datagrams are stored, then answered to their source', async () => {
    const gps = udpClient(t.backend.gateway.udpPorts.get('gps103')!);
    gps.send(`##,imei:${IMEI},A;`);
    await until(() => gps.received.length === 1);
    expect(gps.received[0]!.toString()).toBe('LOAD');
    gps.send(`imei:${IMEI},help me,0809231429,13554900601,F,062947.294,A,2234.4026,N,11354.3277,E,0.00,`); // no end byte: the datagram ends it
    await until(() => gps.received.length === 2);
    expect(gps.received[1]!.toString()).toBe(`**,imei:${IMEI},E;`);
    expect(await history(IMEI)).toHaveLength(1);

    const ql = udpClient(t.backend.gateway.udpPorts.get('queclink')!);
    expect(t.backend.gateway.udpPorts.get('queclink')).toBe(t.backend.gateway.ports.get('queclink'));
    ql.send('+RESP:GTFRI,060100,135790246811220,,,00,1,1,4.3,92,70.0,121.354335,31.222073,20090214013254,0460,0000,18d8,6141,00,,,,,,,,,20090214093254,11F0$');
    await until(() => ql.received.length === 1);
    expect(ql.received[0]!.toString()).toBe('+SACK:11F0$');
    expect(await history('135790246811220')).toHaveLength(1);

    const wialon = udpClient(t.backend.gateway.udpPorts.get('wialon')!);
    wialon.send('99999999#SD#270413;205601;5544.6025;N;03739.6834;E;1;2;3;4\r\n');
    await until(() => wialon.received.length === 1);
    expect(wialon.received[0]!.toString()).toBe('#AD#1\r\n');
    expect(await history('99999999')).toHaveLength(1);

    // Meitrack: AAC is echoed, AAA is stored and gets no reply (as over TCP).
    const mt = udpClient(t.backend.gateway.udpPorts.get('meitrack')!);
    const head = `$$p${`,${MEITRACK_IMEI},AAC,1*XX\r\n`.length},${MEITRACK_IMEI},AAC,1*`;
    mt.send(Buffer.from(`${head}${meitrackChecksum(Buffer.from(head))}\r\n`));
    await until(() => mt.received.length === 1);
    expect(mt.received[0]!).toEqual(meitrackFrame('p', MEITRACK_IMEI, 'AAC,1'));
    mt.send(MEITRACK_AAA);
    await until(async () => (await history(MEITRACK_IMEI)).length === 1);
    expect(mt.received).toHaveLength(1);
    for (const c of [gps, ql, wialon, mt]) c.close();
  });

  it('oversize, garbage and unknown datagrams cost only themselves', async () => {
    const port = t.backend.gateway.udpPorts.get('gps103')!;
    const hostile = udpClient(port);
    hostile.send(Buffer.alloc(20_000, 0x41)); // over the datagram bound: dropped unread
    hostile.send(Buffer.from([0x00, 0xff, 0x3b, 0x2a]));
    hostile.send('imei:111111111111111,tracker,1302110948,,F,1448'); // unknown device, half a report
    const good = udpClient(port);
    good.send(`${IMEI};`);
    await until(() => good.received.length === 1);
    expect(good.received[0]!.toString()).toBe('ON');
    expect(hostile.received).toHaveLength(0);
    hostile.close();
    good.close();
  });
});

describe('UDP sources that never identify themselves (spoofable)', () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend();
    // 2 per family: 8 UDP sources in all.
    await t.backend.gateway.start({ host: '127.0.0.1', ports: onlyDevicePorts({ gps103: 0 }), stateFlushMs: 20, limits: { maxConnections: 2 } });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'U', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'udp@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    await t.ok('tracker/register', { user_id: user, label: 'Good', model: 'coban103', device_id: IMEI, tariff_id: tariff });
  });
  afterAll(async () => t.close());

  it('cannot hold every slot: the oldest unidentified source makes room for a device', async () => {
    const port = t.backend.gateway.udpPorts.get('gps103')!;
    const good = udpClient(port);
    good.send(`${IMEI};`);
    await until(() => good.received.length === 1);
    const spoofed = Array.from({ length: 20 }, () => udpClient(port));
    for (const s of spoofed) s.send('not a device;');
    await new Promise((r) => setTimeout(r, 200));
    const late = udpClient(port);
    late.send(`${IMEI.slice(0, 14)}1;`); // an unknown IMEI from a new source is let in (and gets nothing)
    const other = udpClient(port);
    other.send(`##,imei:${IMEI},A;`); // a device from a new source while every slot is taken
    await until(() => other.received.length === 1);
    expect(other.received[0]!.toString()).toBe('LOAD');
    // the first device, identified before the flood, kept its source
    good.send(`${IMEI};`);
    await until(() => good.received.length === 2);
    expect(good.received[1]!.toString()).toBe('ON');
    for (const c of [good, late, other, ...spoofed]) c.close();
  });
});
