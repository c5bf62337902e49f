import { afterEach, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { buildLocation, buildLogin, expectedAck, LOCATION, LOGIN } from './simulator/frames/gt06.js';
import { buildHeartbeat, buildV1, expectedHeartbeatReply, isV1Reply } from './simulator/frames/h02.js';
import { buildAvlPacket, buildImeiHandshake, expectedAvlAck, type AvlRecord } from './simulator/frames/teltonika.js';
import type { GatewayOptions } from './gateway.js';
import { TcpDevice, until } from './test-support/tcp-device.js';
import { onlyDevicePorts } from './test-support/device-ports.js';

/**
 * The ACK rule over real TCP, per protocol: a reply is written only once the frame's records are
 * stored for the registered source the connection speaks for now.
 */
const GT06_IMEI = '359339075003521';
const TELTONIKA_IMEI = '356307042441013';
const H02_ID = '355488020119695';
const at = (i: number) => new Date(Date.UTC(2026, 2, 15, 10, 0, i));
const fix = (i: number) => ({ time: at(i), satellites: 9, lat: 52.5 + i / 1000, lng: 13.4, speed: 30, heading: 90, positioned: true });
const cell = { mcc: 262, mnc: 1, lac: 1000, cid: 2000 };
const avl = (i: number): AvlRecord => ({
  time: at(i),
  priority: 0,
  lat: 52.5,
  lng: 13.4 + i / 1000,
  altitude: 40,
  heading: 90,
  satellites: 9,
  speed: 30,
  eventId: 0,
  io: [],
});
const h02Fix = (i: number) => ({ time: at(i), valid: true, lat: 52.5, lng: 13.4 + i / 1000, speed: 20, heading: 45, status: 0xfffffbff });

let t: TestBackend;
afterEach(async () => t?.close());

async function start(options: Partial<GatewayOptions> = {}) {
  t = await openTestBackend();
  await t.backend.gateway.start({
    host: '127.0.0.1',
    ports: onlyDevicePorts({ teltonika: 0, gt06: 0, h02: 0 }),
    stateFlushMs: 20,
    ...options,
  });
  return {
    teltonika: t.backend.gateway.ports.get('teltonika')!,
    gt06: t.backend.gateway.ports.get('gt06')!,
    h02: t.backend.gateway.ports.get('h02')!,
  };
}

let serial = 0;
async function register(deviceId: string, model: string): Promise<{ trackerId: number; sourceId: number }> {
  serial += 1;
  const tariff = (await t.ok('tariff/create', { tariff: { name: `T${serial}`, type: 'monthly', price: 1, device_limit: 100 } })).id;
  const user = (await t.ok('user/create', { user: { login: `u${serial}@example.com`, legal_type: 'individual' }, password: 'secret1' })).id;
  const trackerId = (await t.ok('tracker/register', { user_id: user, label: `Unit ${serial}`, model, device_id: deviceId, tariff_id: tariff })).id as number;
  return { trackerId, sourceId: t.backend.trackerIndex.get(1, trackerId)!.source_id };
}

async function history(trackerId: number): Promise<unknown[]> {
  // Records are kept by server receive time: read the whole span around the fixed clock.
  const now = t.clock.now().getTime();
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  return (await t.ok('tracker/history/read', { tracker_id: trackerId, from: fmt(now - 86_400_000), to: fmt(now + 86_400_000) })).list;
}

describe('GT06: a device powered before its tracker is registered', () => {
  it('gets no login ACK and is disconnected; after registration it logs in again and every ACKed location is stored', async () => {
    const ports = await start();
    const early = await TcpDevice.open(ports.gt06);
    early.send(buildLogin(GT06_IMEI, 1));
    expect((await early.drain(200)).length).toBe(0); // no login ACK for an unknown device
    await until(() => early.closed);

    const { trackerId } = await register(GT06_IMEI, 'concoxgt06n');
    const device = await TcpDevice.open(ports.gt06);
    device.send(buildLogin(GT06_IMEI, 2));
    expect((await device.read(10)).equals(expectedAck(LOGIN, 2))).toBe(true);
    for (let i = 0; i < 5; i++) {
      device.send(buildLocation(fix(i), cell, 3 + i));
      expect((await device.read(10)).equals(expectedAck(LOCATION, 3 + i))).toBe(true);
    }
    expect(await history(trackerId)).toHaveLength(5);
    device.close();
  });

  it('a location from a connection that never logged in is neither ACKed nor kept, and the connection ends', async () => {
    const ports = await start();
    await register(GT06_IMEI, 'concoxgt06n');
    const device = await TcpDevice.open(ports.gt06);
    device.send(buildLocation(fix(0), cell, 1));
    expect((await device.drain(200)).length).toBe(0);
    await until(() => device.closed);
  });
});

describe('corrupt, then re-register, while the device stays connected', () => {
  it('GT06: after corrupt nothing is ACKed (the connection ends); a new registration gets the next connection', async () => {
    const ports = await start();
    const old = await register(GT06_IMEI, 'concoxgt06n');
    const device = await TcpDevice.open(ports.gt06);
    device.send(buildLogin(GT06_IMEI, 1));
    await device.read(10);
    device.send(buildLocation(fix(0), cell, 2));
    expect((await device.read(10)).equals(expectedAck(LOCATION, 2))).toBe(true);
    await t.ok('tracker/corrupt', { tracker_id: old.trackerId });
    device.send(buildLocation(fix(1), cell, 3));
    expect((await device.drain(200)).length).toBe(0); // not stored anywhere, so not ACKed
    await until(() => device.closed);

    const fresh = await register(GT06_IMEI, 'concoxgt06n');
    const again = await TcpDevice.open(ports.gt06);
    again.send(buildLogin(GT06_IMEI, 4));
    await again.read(10);
    again.send(buildLocation(fix(2), cell, 5));
    expect((await again.read(10)).equals(expectedAck(LOCATION, 5))).toBe(true);
    expect(await history(fresh.trackerId)).toHaveLength(1);
    again.close();
  });

  it('Teltonika: a tracker re-registered before the next packet binds the open connection to the new source', async () => {
    const ports = await start();
    const old = await register(TELTONIKA_IMEI, 'telfmb920');
    const device = await TcpDevice.open(ports.teltonika);
    device.send(buildImeiHandshake(TELTONIKA_IMEI));
    expect((await device.read(1)).toString('hex')).toBe('01');
    device.send(buildAvlPacket([avl(0), avl(1)]));
    expect((await device.read(4)).equals(expectedAvlAck(2))).toBe(true);
    await t.ok('tracker/corrupt', { tracker_id: old.trackerId });
    const fresh = await register(TELTONIKA_IMEI, 'telfmb920');
    device.send(buildAvlPacket([avl(2)]));
    expect((await device.read(4)).equals(expectedAvlAck(1))).toBe(true);
    expect(await history(fresh.trackerId)).toHaveLength(1); // the new data went to the new source
    device.close();
  });

  it('H02: the id is resolved again after corrupt; nothing is kept for the corrupted source', async () => {
    const ports = await start();
    const old = await register(H02_ID, 'sinotrackst901');
    const device = await TcpDevice.open(ports.h02);
    device.send(buildV1(H02_ID, h02Fix(0)));
    expect(isV1Reply(await device.drain(200), H02_ID)).toBe(true); // the V4 reply came after the record was stored
    device.send(buildHeartbeat(H02_ID, 80));
    expect((await device.read(expectedHeartbeatReply(H02_ID).length)).equals(expectedHeartbeatReply(H02_ID))).toBe(true);
    expect(await history(old.trackerId)).toHaveLength(2); // the fix, and the heartbeat's battery status
    await t.ok('tracker/corrupt', { tracker_id: old.trackerId });
    device.send(buildV1(H02_ID, h02Fix(1)));
    await until(() => device.closed);
    const fresh = await register(H02_ID, 'sinotrackst901');
    const again = await TcpDevice.open(ports.h02);
    again.send(buildV1(H02_ID, h02Fix(2)));
    for (let i = 0; i < 100 && (await history(fresh.trackerId)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await history(fresh.trackerId)).toHaveLength(1);
    again.close();
  });
});

describe('identity rules', () => {
  it('Teltonika: an unknown IMEI gets 00 and the connection is closed', async () => {
    const ports = await start();
    const device = await TcpDevice.open(ports.teltonika);
    device.send(buildImeiHandshake('356307042449999'));
    expect((await device.read(1)).toString('hex')).toBe('00');
    await until(() => device.closed);
  });

  it('H02: an unknown id gets no V4 reply (nothing was stored) and the connection is closed', async () => {
    const ports = await start();
    const device = await TcpDevice.open(ports.h02);
    device.send(buildV1(H02_ID, h02Fix(0)));
    expect((await device.drain(200)).length).toBe(0);
    await until(() => device.closed);
  });

  it('one connection speaks for one device: a second IMEI is refused and does not close the real device', async () => {
    const ports = await start();
    const a = await register(GT06_IMEI, 'concoxgt06n');
    await register('359339075003539', 'concoxgt06n');
    const real = await TcpDevice.open(ports.gt06);
    real.send(buildLogin(GT06_IMEI, 1));
    await real.read(10);
    const other = await TcpDevice.open(ports.gt06);
    other.send(buildLogin('359339075003539', 1));
    await other.read(10);
    other.send(buildLogin(GT06_IMEI, 2)); // tries to take over the first device
    expect((await other.drain(200)).length).toBe(0);
    await until(() => other.closed);
    expect(real.closed).toBe(false);
    real.send(buildLocation(fix(0), cell, 2));
    expect((await real.read(10)).equals(expectedAck(LOCATION, 2))).toBe(true);
    expect(await history(a.trackerId)).toHaveLength(1);
    real.close();
  });

  it('a later successful login of the same IMEI replaces the old connection', async () => {
    const ports = await start();
    await register(GT06_IMEI, 'concoxgt06n');
    const first = await TcpDevice.open(ports.gt06);
    first.send(buildLogin(GT06_IMEI, 1));
    await first.read(10);
    const second = await TcpDevice.open(ports.gt06);
    second.send(buildLogin(GT06_IMEI, 1));
    await second.read(10);
    await until(() => first.closed);
    second.close();
  });

  it('refused logins are rate-limited per address: past the limit even a registered device from there is not answered', async () => {
    const ports = await start({ limits: { refusalsPerAddress: 3 } });
    await register(TELTONIKA_IMEI, 'telfmb920');
    for (let i = 0; i < 3; i++) {
      const guess = await TcpDevice.open(ports.teltonika);
      guess.send(buildImeiHandshake(`35630704244${String(1000 + i)}`));
      expect((await guess.read(1)).toString('hex')).toBe('00');
      await until(() => guess.closed);
    }
    const next = await TcpDevice.open(ports.teltonika);
    next.send(buildImeiHandshake(TELTONIKA_IMEI));
    expect((await next.drain(200)).length).toBe(0);
    await until(() => next.closed);
  });

  it('an id that is not an IMEI-like token is refused without a lookup; a connection that never logs in is closed', async () => {
    const ports = await start({ loginTimeoutMs: 500 });
    for (const id of ['35630\u009b2J\u001b]0;x', "1' OR '1'='1"]) {
      const device = await TcpDevice.open(ports.teltonika);
      device.send(buildImeiHandshake(id));
      expect((await device.drain(200)).toString('hex')).not.toBe('01');
      await until(() => device.closed);
    }
    const h02 = await TcpDevice.open(ports.h02);
    h02.send(Buffer.from('*HQ,12\u009b4,V1,100000,A,5230.0000,N,01324.0000,E,10.00,45,150326,FFFFFBFF#', 'latin1'));
    expect((await h02.drain(200)).length).toBe(0);
    await until(() => h02.closed);
  });
});

describe('bounds', () => {
  it('closes connections past the per-address limit at once', async () => {
    const ports = await start({ limits: { maxConnectionsPerAddress: 2 } });
    const a = await TcpDevice.open(ports.gt06);
    const b = await TcpDevice.open(ports.gt06);
    const c = await TcpDevice.open(ports.gt06);
    await until(() => c.closed);
    expect(a.closed || b.closed).toBe(false);
    a.close();
    b.close();
  });

  it('a partial frame trickled one byte at a time is closed by the partial-frame timeout', async () => {
    const ports = await start({ partialFrameTimeoutMs: 300 });
    const device = await TcpDevice.open(ports.gt06);
    const login = buildLogin(GT06_IMEI, 1);
    let i = 0;
    const timer = setInterval(() => {
      if (i < login.length - 1 && !device.closed) device.send(login.subarray(i, ++i));
    }, 50);
    try {
      await until(() => device.closed, 3000);
    } finally {
      clearInterval(timer);
    }
  });

  it('a connection that sends no whole frame is closed after the idle timeout', async () => {
    const ports = await start({ idleTimeoutMs: 300 });
    const device = await TcpDevice.open(ports.h02);
    await until(() => device.closed, 3000);
  });

  it('a device that never reads its ACKs is paused: the server holds a bounded amount and other devices keep their ACKs', async () => {
    const ports = await start();
    const flood = await register(TELTONIKA_IMEI, 'telfmb920');
    await register(GT06_IMEI, 'concoxgt06n');
    const flooder = await TcpDevice.open(ports.teltonika);
    flooder.send(buildImeiHandshake(TELTONIKA_IMEI));
    await flooder.read(1);
    flooder.socket.pause(); // never reads again
    const packet = buildAvlPacket(Array.from({ length: 20 }, (_, i) => avl(i)));
    const chunk = Buffer.concat(Array.from({ length: 200 }, () => packet)); // ~100 KiB of valid packets
    let pushed = 0;
    const push = () => {
      while (flooder.socket.write(chunk)) {
        pushed += chunk.length;
        if (pushed > 64 * 1024 * 1024) return;
      }
      pushed += chunk.length;
    };
    flooder.socket.on('drain', push);
    push();
    const normal = await TcpDevice.open(ports.gt06);
    normal.send(buildLogin(GT06_IMEI, 1));
    await normal.read(10);
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      normal.send(buildLocation(fix(i), cell, 2 + i));
      expect((await normal.read(10)).equals(expectedAck(LOCATION, 2 + i))).toBe(true);
      expect(performance.now() - sent).toBeLessThan(2000);
      expect(t.backend.gateway.heldBytes).toBeLessThanOrEqual(2 * 256 * 1024);
    }
    // The flooder is held back by TCP: what it pushed is far beyond what the server took.
    const stored = (await history(flood.trackerId)).length;
    expect(stored).toBeLessThan(pushed / packet.length);
    normal.close();
    flooder.close();
  });
});

describe('per-connection rate', () => {
  it('a connection sending faster than its rate is held back by TCP, and everything it sent is stored and ACKed', async () => {
    const rate = 8 * 1024;
    const ports = await start({ session: { maxBytesPerSecond: rate, burstBytes: 4 * 1024 } });
    const { trackerId } = await register(TELTONIKA_IMEI, 'telfmb920');
    const device = await TcpDevice.open(ports.teltonika);
    device.send(buildImeiHandshake(TELTONIKA_IMEI));
    await device.read(1);
    const packets = Array.from({ length: 100 }, (_, p) => buildAvlPacket(Array.from({ length: 10 }, (_, i) => avl(p * 10 + i))));
    const total = packets.reduce((n, packet) => n + packet.length, 0); // 1,000 records, ~30 KiB: over 3 s at the rate
    const started = performance.now();
    device.send(Buffer.concat(packets));
    await new Promise((r) => setTimeout(r, 1000));
    // At most the burst plus the elapsed time at the rate (and a packet of slack either side) was taken in by then.
    const early = (await history(trackerId)).length;
    const elapsed = (performance.now() - started) / 1000;
    const bytesPerRecord = total / (packets.length * 10);
    expect(early * bytesPerRecord).toBeLessThanOrEqual(4 * 1024 + rate * elapsed + packets[0]!.length * 2);
    // Nothing is lost: every packet gets its ACK once the rate allows, and every record is stored.
    const acks = await device.read(4 * packets.length, 10_000);
    for (let p = 0; p < packets.length; p++) expect(acks.subarray(p * 4, p * 4 + 4).equals(expectedAvlAck(10))).toBe(true);
    expect((await history(trackerId)).length).toBe(packets.length * 10);
    device.close();
  });
});

describe('console tap', () => {
  it('H02 text with control characters reaches the console inert', async () => {
    const ports = await start();
    const { sourceId } = await register(H02_ID, 'sinotrackst901');
    const lines: string[] = [];
    const unsubscribe = t.backend.gateway.console.subscribe(sourceId, (e) => {
      if (e.type === 'output') lines.push(e.msg);
    });
    const device = await TcpDevice.open(ports.h02);
    device.send(buildV1(H02_ID, h02Fix(0)));
    await device.drain(100);
    device.send(Buffer.from(`*HQ,${H02_ID},XX,\x9b2J\x9d0;t\x1b[31m\x7f#`, 'latin1'));
    await until(() => lines.some((l) => l.includes(',XX,')));
    const line = lines.find((l) => l.includes(',XX,'))!;
    expect(line).toBe(`< *HQ,${H02_ID},XX,<9B>2J<9D>0;t^[[31m^?#`);
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    unsubscribe();
    device.close();
  });
});

describe('last state and connection facts', () => {
  it('reach the tracker list at once, and the database when connected changes or after statePersistMs', async () => {
    const ports = await start({ statePersistMs: 60_000 });
    const { trackerId, sourceId } = await register(GT06_IMEI, 'concoxgt06n');
    const row = async () =>
      (await t.backend.database.get<{ connected: number; last_data: string | null }>('SELECT connected, last_data FROM sources WHERE id = ?', [sourceId]))!;
    const device = await TcpDevice.open(ports.gt06);
    device.send(buildLogin(GT06_IMEI, 1));
    await device.read(10);
    await until(async () => (await row()).connected === 1); // a change of connected is written at the next flush
    const firstData = (await row()).last_data;
    t.clock.advance(5000);
    device.send(buildLocation(fix(0), cell, 2));
    await device.read(10);
    await new Promise((r) => setTimeout(r, 100));
    expect((await row()).last_data).toBe(firstData); // not yet due: the database is not written every second
    const listed = (await t.ok('tracker/list', {})).list.find((x: { id: number }) => x.id === trackerId);
    expect(listed.source.connection_status).toBe('active'); // the list is current anyway
    expect((await t.ok('tracker/get_state', { tracker_id: trackerId })).state.gps.location.lat).toBeCloseTo(52.5, 3);
    await t.backend.gateway.flushStates(); // forced (as at stop): everything is written
    expect((await row()).last_data).not.toBe(firstData);
    device.close();
  });
});
