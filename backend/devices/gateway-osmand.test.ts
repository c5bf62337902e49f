/**
 * The OsmAnd HTTP listener as the internet meets it: answers only after storage, pipelined
 * requests answered in order, commands in the next 200 body, the refusals, and hostile input
 * (oversize heads and bodies, garbage, half requests) costing one connection while a good phone
 * keeps getting its answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { onlyDevicePorts } from './test-support/device-ports.js';
import { TcpDevice, until } from './test-support/tcp-device.js';

const ID = '862106024274815';
const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';
const fix = (n: number, id = ID) => `GET /?id=${id}&lat=52.${n}&lon=13.4&timestamp=${1_764_000_000 + n}&speed=10 HTTP/1.1\r\nHost: x\r\n\r\n`;

let t: TestBackend;
let port: number;
let trackerId: number;

beforeEach(async () => {
  t = await openTestBackend();
  await t.backend.gateway.start({ host: '127.0.0.1', ports: onlyDevicePorts({ osmand: 0 }), stateFlushMs: 20, partialFrameTimeoutMs: 300 });
  port = t.backend.gateway.ports.get('osmand')!;
  const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
  const user = (await t.ok('user/create', { user: { login: 'p@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
  trackerId = (await t.ok('tracker/register', { user_id: user, label: 'Phone', model: 'traccarclientandroid', device_id: ID, tariff_id: tariff })).id as number;
});
afterEach(async () => t.close());

async function history() {
  const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString().slice(0, 19).replace('T', ' ');
  const window = { from: at(-86_400_000), to: at(86_400_000) }; // history is read by the time it was received
  return (await t.ok('tracker/history/read', { tracker_id: trackerId, ...window })).list as { lat: number; speed: number }[];
}

describe('osmand HTTP listener', () => {
  it('answers pipelined requests in order, each once its fix is stored, and keeps the connection', async () => {
    const phone = await TcpDevice.open(port);
    phone.send(Buffer.from(fix(1) + fix(2) + fix(3)));
    expect((await phone.read(OK.length * 3)).toString()).toBe(OK.repeat(3));
    const list = await history();
    expect(list.map((r) => r.lat)).toEqual([52.1, 52.2, 52.3]);
    expect(list[0]!.speed).toBeCloseTo(18.52, 2); // 10 knots
    phone.send(Buffer.from(fix(4)));
    expect((await phone.read(OK.length)).toString()).toBe(OK);
    expect(phone.closed).toBe(false);
    phone.close();
  });

  it('an unknown device is answered 400 (query) or 404 (JSON) and its connection closed; no id is 400 and the connection lives', async () => {
    const stranger = await TcpDevice.open(port);
    stranger.send(Buffer.from(fix(1, '999')));
    expect((await stranger.read(200, 1000)).toString()).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    await until(() => stranger.closed);
    const json = JSON.stringify({ device_id: '998', location: { timestamp: '2025-06-15T13:45:12Z', coords: { latitude: 1, longitude: 2 } } });
    const app = await TcpDevice.open(port);
    app.send(Buffer.from(`POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`));
    expect((await app.read(200, 1000)).toString()).toBe('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    await until(() => app.closed);
    const anonymous = await TcpDevice.open(port);
    anonymous.send(Buffer.from('GET /?lat=1&lon=2 HTTP/1.1\r\n\r\n'));
    expect((await anonymous.read(200, 500)).toString()).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    anonymous.send(Buffer.from(fix(5)));
    expect((await anonymous.read(OK.length)).toString()).toBe(OK);
    anonymous.close();
    expect(await history()).toHaveLength(1);
  });

  it('a command goes out in the body of the next 200 reply, once', async () => {
    const phone = await TcpDevice.open(port);
    phone.send(Buffer.from(fix(1)));
    expect((await phone.read(OK.length)).toString()).toBe(OK);
    const sent = await t.ok('tracker/raw_command/send', { device_id: ID, command: 'report now', reliable: false });
    expect(sent).toMatchObject({ success: true });
    phone.send(Buffer.from(fix(2)));
    expect((await phone.read(200, 1000)).toString()).toBe('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nreport now');
    phone.send(Buffer.from(fix(3)));
    expect((await phone.read(OK.length)).toString()).toBe(OK);
    expect((await t.call('tracker/raw_command/send', { device_id: ID, command: '00ff', type: 'hex', reliable: false })).body.status.code).toBe(214);
    phone.close();
  });

  it('hostile input costs its own connection only; a good phone keeps its answers', async () => {
    const phone = await TcpDevice.open(port);
    const attacks: [string, Buffer, string | undefined][] = [
      ['oversize body', Buffer.from(`POST / HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n${'x'.repeat(5000)}`), 'HTTP/1.1 413 Content Too Large\r\n'],
      ['chunked body', Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'), 'HTTP/1.1 411 Length Required\r\n'],
      ['oversize head', Buffer.from(`GET /?id=${ID}&${'a=1&'.repeat(3000)} HTTP/1.1\r\n\r\n`), undefined],
      ['garbage', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, ...Buffer.alloc(9000, 0x9c)]), undefined],
      ['bad request line', Buffer.from('\x00\x01 nonsense\r\n\r\n'), 'HTTP/1.1 400 Bad Request\r\n'],
      ['half request', Buffer.from(`GET /?id=${ID}&lat=1`), undefined],
      ['lying length', Buffer.from(`POST / HTTP/1.1\r\nContent-Length: 50\r\nContent-Length: 51\r\n\r\n`), 'HTTP/1.1 400 Bad Request\r\n'],
    ];
    for (const [what, bytes, answer] of attacks) {
      const attacker = await TcpDevice.open(port);
      attacker.send(bytes);
      await until(() => attacker.closed, 3000).catch(() => {
        throw new Error(`${what}: connection not closed`);
      });
      const got = (await attacker.drain(0)).toString('latin1');
      if (answer) expect(got.startsWith(answer), `${what}: ${got}`).toBe(true);
      else expect(got, what).toBe('');
      phone.send(Buffer.from(fix(attacks.findIndex(([w]) => w === what) + 1)));
      expect((await phone.read(OK.length)).toString(), what).toBe(OK);
    }
    expect(await history()).toHaveLength(attacks.length);
    phone.close();
  });
});
