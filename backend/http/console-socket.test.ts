import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { startHttpApi, type HttpApi } from './server.js';
import { attachConsoleSocket } from './console-socket.js';
import { TcpDevice, teltonikaCommandResponse, until } from '../devices/test-support/tcp-device.js';
import { CONSOLE_KEY_TTL_S } from '../devices/console-keys.js';

const IMEI = '123456789012345';
const HANDSHAKE = '000f313233343536373839303132333435';

describe('console WebSocket', () => {
  let t: TestBackend;
  let http: HttpApi;
  let detach: () => void;
  let trackerId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({ host: '127.0.0.1', ports: { teltonika: 0, gt06: null, h02: null }, stateFlushMs: 20 });
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
