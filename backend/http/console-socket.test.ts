import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, openTestBackend, type TestBackend } from '../test-support/harness.js';
import { createStaff } from '../test-support/api-assertions.js';
import { startHttpApi, type HttpApi } from './server.js';
import { attachConsoleSocket } from './console-socket.js';
import { TcpDevice, teltonikaCommandResponse, until } from '../devices/test-support/tcp-device.js';
import { CONSOLE_KEY_TTL_S, MAX_LIVE_CONSOLE_KEYS } from '../devices/console-keys.js';
import { onlyDevicePorts } from '../devices/test-support/device-ports.js';

const IMEI = '123456789012345';
const HANDSHAKE = '000f313233343536373839303132333435';

describe('console WebSocket', () => {
  let t: TestBackend;
  let http: HttpApi;
  let detach: () => void;
  let trackerId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({
      host: '127.0.0.1',
      ports: onlyDevicePorts({ teltonika: 0 }),
      stateFlushMs: 20,
    });
    http = await startHttpApi(t.backend, '127.0.0.1', 0);
    detach = attachConsoleSocket(http.server, t.backend);
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'a@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    trackerId = (await t.ok('tracker/register', { user_id: user, label: 'Van', model: 'telfmb920', device_id: IMEI, tariff_id: tariff })).id;
  });
  afterEach(async () => {
    detach();
    await http.close();
    await t.close();
  });

  const wsUrl = (key: string, timestamp: number, device = IMEI, dealer = 1) =>
    `${http.url.replace('http', 'ws')}/console?device=${device}&key=${key}&timestamp=${timestamp}&dealer_id=${dealer}`;

  function open(url: string): Promise<{ ws: WebSocket; frames: any[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const frames: any[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
      ws.once('open', () => resolve({ ws, frames }));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  it('streams status and output, and sends typed commands to the device', async () => {
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId });
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    const device = await TcpDevice.open(t.backend.gateway.ports.get('teltonika')!);
    device.send(HANDSHAKE);
    await device.read(1);
    const { ws, frames } = await open(wsUrl(key, timestamp));
    await until(() => frames.some((f) => f.type === 'output' && f.msg.includes('device online')));
    ws.send('getver');
    const command = await device.read(26);
    expect(command.subarray(15, 21).toString('latin1')).toBe('getver');
    device.send(teltonikaCommandResponse('Ver:03.28.07'));
    await until(() => frames.some((f) => f.type === 'output' && f.msg.includes('reply: Ver:03.28.07')));
    device.close();
    await until(() => frames.some((f) => f.type === 'output' && f.msg.includes('went offline')));
    ws.send('getver');
    await until(() => frames.some((f) => f.type === 'output' && f.msg.includes('command not sent: Cannot perform action: the device is offline')));
    ws.close();
    await until(() => t.backend.gateway.console.subscriberCount(t.backend.trackerIndex.get(1, trackerId)!.source_id) === 0);
  });

  it('shows device text inert (C0, DEL, C1 visible) and refuses console input with control characters', async () => {
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId });
    const device = await TcpDevice.open(t.backend.gateway.ports.get('teltonika')!);
    device.send(HANDSHAKE);
    await device.read(1);
    const { ws, frames } = await open(wsUrl(key, timestamp));
    ws.send('getver');
    await device.read(26);
    device.send(teltonikaCommandResponse('V\u009b2J\u009d0;x\u0007\u001b[31m\u007fend'));
    await until(() => frames.some((f) => f.type === 'output' && f.msg.startsWith('reply: ')));
    const reply = frames.find((f) => f.type === 'output' && f.msg.startsWith('reply: ')).msg as string;
    // Teltonika carries a reply with control bytes as hex; text protocols go through inertText.
    expect(reply).toBe(`reply: ${Buffer.from('V\u009b2J\u009d0;x\u0007\u001b[31m\u007fend', 'latin1').toString('hex')}`);
    for (const f of frames) expect(JSON.stringify(f)).not.toMatch(/\\u00(9[bd]|1b|07)/i);
    ws.send('setdigout 1\u009b');
    ws.send('set\u001bdigout');
    await until(() => frames.filter((f) => f.type === 'output' && f.msg === 'command refused: must consist of printable characters').length === 2);
    expect((await device.drain(200)).length).toBe(0); // nothing reached the device
    ws.close();
    device.close();
  });

  it('accepts the tracker id in `device`, and refuses bad or expired keys before streaming', async () => {
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId });
    const { ws } = await open(wsUrl(key, timestamp, String(trackerId)));
    ws.close();
    await expect(open(wsUrl('0'.repeat(40), timestamp))).rejects.toThrow('HTTP 403');
    await expect(open(wsUrl(key, timestamp, IMEI, 2))).rejects.toThrow('HTTP 403');
    t.clock.advance((CONSOLE_KEY_TTL_S + 1) * 1000);
    await expect(open(wsUrl(key, timestamp))).rejects.toThrow('HTTP 403');
  });

  it('console/connect answers 230 for hidden or blocked trackers, 201 and 252', async () => {
    await t.ok('tracker/source/update', { tracker_id: trackerId, blocked: true });
    expect((await t.call('tracker/console/connect', { tracker_id: trackerId })).body.status.code).toBe(230);
    await t.ok('tracker/source/update', { tracker_id: trackerId, blocked: false });
    await t.ok('tracker/settings/update', { tracker_id: trackerId, deleted: true });
    expect((await t.call('tracker/console/connect', { tracker_id: trackerId })).body.status.code).toBe(230);
    expect((await t.call('tracker/console/connect', { tracker_id: 999 })).body.status.code).toBe(201);
    await t.ok('tracker/corrupt', { tracker_id: trackerId });
    expect((await t.call('tracker/console/connect', { tracker_id: trackerId })).body.status.code).toBe(252);
  });
});

describe('console rights that end', () => {
  let t: TestBackend;
  let http: HttpApi;
  let detach: () => void;
  let trackerId: number;
  let userId: number;
  let otherUserId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({
      host: '127.0.0.1',
      ports: onlyDevicePorts({ teltonika: 0 }),
      stateFlushMs: 20,
    });
    http = await startHttpApi(t.backend, '127.0.0.1', 0);
    detach = attachConsoleSocket(http.server, t.backend);
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    userId = (await t.ok('user/create', { user: { login: 'a@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    otherUserId = (await t.ok('user/create', { user: { login: 'b@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    trackerId = (await t.ok('tracker/register', { user_id: userId, label: 'Van', model: 'telfmb920', device_id: IMEI, tariff_id: tariff })).id;
  });
  afterEach(async () => {
    detach();
    await http.close();
    await t.close();
  });

  interface Console {
    ws: WebSocket;
    frames: any[];
    closed: Promise<{ code: number; reason: string }>;
  }

  /** Opens the console of the tracker with a key asked for by `hash`. */
  async function openConsole(hash: string): Promise<Console> {
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId }, hash);
    const url = `${http.url.replace('http', 'ws')}/console?device=${IMEI}&key=${key}&timestamp=${timestamp}&dealer_id=1`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const frames: any[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
      const closed = new Promise<{ code: number; reason: string }>((done) => ws.once('close', (code, reason) => done({ code, reason: reason.toString() })));
      ws.once('open', () => resolve({ ws, frames, closed }));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  async function expectClosed(c: Console, reason: string, code: number): Promise<void> {
    expect(await c.closed).toEqual({ code, reason });
    expect(c.frames.at(-1)).toEqual({ type: 'output', msg: `console closed: ${reason}` });
  }

  const consoleStaff = () => createStaff(t, { trackers: ['read', 'update'] });

  it('logout closes the consoles of that session only (4001 session ended)', async () => {
    const other = await t.login('admin', ADMIN_PASSWORD);
    const mine = await openConsole(t.adminHash);
    const theirs = await openConsole(other);
    await t.ok('account/logout');
    await expectClosed(mine, 'session ended', 4001);
    expect(theirs.ws.readyState).toBe(WebSocket.OPEN);
    theirs.ws.close();
  });

  it("a block closes the staff member's consoles (4001 account blocked)", async () => {
    const staff = await consoleStaff();
    const c = await openConsole(staff.hash);
    await t.ok('staff/update', { staff_id: staff.id, blocked: true });
    await expectClosed(c, 'account blocked', 4001);
  });

  it('a password change closes them (4001 session ended)', async () => {
    const staff = await consoleStaff();
    const c = await openConsole(staff.hash);
    await t.ok('staff/update', { staff_id: staff.id, password: 'brand-new-password' });
    await expectClosed(c, 'session ended', 4001);
  });

  it('removing trackers: update closes them (4003); a change that keeps it does not', async () => {
    const staff = await consoleStaff();
    const c = await openConsole(staff.hash);
    await t.ok('staff/update', { staff_id: staff.id, permissions: { trackers: ['read', 'update'], users: ['read'] } });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    await t.ok('staff/update', { staff_id: staff.id, permissions: { trackers: ['read'] } });
    await expectClosed(c, 'permission trackers: update removed', 4003);
  });

  it('deleting the staff login closes them (4001 account deleted)', async () => {
    const staff = await consoleStaff();
    const c = await openConsole(staff.hash);
    await t.ok('staff/delete', { staff_id: staff.id });
    await expectClosed(c, 'account deleted', 4001);
  });

  it('moving the tracker to another user closes its consoles (4004 tracker moved)', async () => {
    const c = await openConsole(t.adminHash);
    await t.ok('tracker/move', { tracker_id: trackerId, user_id: otherUserId });
    await expectClosed(c, 'tracker moved', 4004);
  });

  it('blocking the tracker closes its consoles (4004 tracker blocked)', async () => {
    const c = await openConsole(t.adminHash);
    await t.ok('tracker/source/update', { tracker_id: trackerId, blocked: true });
    await expectClosed(c, 'tracker blocked', 4004);
  });

  it('corrupting the tracker closes its consoles (4004 tracker corrupted)', async () => {
    const c = await openConsole(t.adminHash);
    await t.ok('tracker/corrupt', { tracker_id: trackerId });
    await expectClosed(c, 'tracker corrupted', 4004);
  });

  it('every frame re-checks: a session that expired, or a tracker hidden, sends nothing to the device', async () => {
    const device = await TcpDevice.open(t.backend.gateway.ports.get('teltonika')!);
    device.send(HANDSHAKE);
    await device.read(1);
    const hidden = await openConsole(t.adminHash);
    await t.ok('tracker/settings/update', { tracker_id: trackerId, deleted: true });
    hidden.ws.send('getver');
    await expectClosed(hidden, 'tracker hidden', 4004);
    await t.ok('tracker/settings/update', { tracker_id: trackerId, deleted: false });

    const expiring = await openConsole(t.adminHash);
    t.clock.advance(30 * 24 * 3600 * 1000);
    expiring.ws.send('getver');
    await expectClosed(expiring, 'session ended', 4001);
    expect((await device.drain(200)).length).toBe(0);
    device.close();
  });

  it('a key opens nothing once the session that asked for it has ended, even within its 300 s', async () => {
    const staff = await consoleStaff();
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId }, staff.hash);
    await t.ok('account/logout', {}, staff.hash);
    const url = `${http.url.replace('http', 'ws')}/console?device=${IMEI}&key=${key}&timestamp=${timestamp}&dealer_id=1`;
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once('open', resolve);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      }),
    ).rejects.toThrow('HTTP 403');
  });

  it('a key is bound to its session: the same tracker and timestamp from another session gives another key', () => {
    const keys = t.backend.consoleKeys;
    const a = keys.issue(1, trackerId, 1_000, 'a'.repeat(32));
    const b = keys.issue(1, trackerId, 1_000, 'b'.repeat(32));
    expect(a).not.toBe(b);
    expect(keys.verify(a, 1, trackerId, 1_000, 1_010)).toBe('a'.repeat(32));
    expect(keys.verify(b, 1, trackerId, 1_000, 1_010)).toBe('b'.repeat(32));
    expect(keys.verify(a, 1, trackerId, 1_000, 1_000 + CONSOLE_KEY_TTL_S + 1)).toBeUndefined();
  });

  it('remembers a bounded number of keys', () => {
    const keys = t.backend.consoleKeys;
    for (let i = 0; i < MAX_LIVE_CONSOLE_KEYS + 500; i++) keys.issue(1, i + 1, 1_000, 'c'.repeat(32));
    expect(keys.liveKeys).toBeLessThanOrEqual(MAX_LIVE_CONSOLE_KEYS);
    // Expired keys go as new ones are issued.
    keys.issue(1, 1, 1_000 + CONSOLE_KEY_TTL_S + 1, 'c'.repeat(32));
    expect(keys.liveKeys).toBe(1);
  });
});
