import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { TcpDevice } from './test-support/tcp-device.js';
import { mutate, prng } from './test-support/fuzz.js';
import captures from './protocols/__fixtures__/device-captures.json' with { type: 'json' };
import { readFileSync } from 'node:fs';
import { decoderEntries, parseCaptures2 } from './protocols/__fixtures__/captures.js';
import { jt808Entries } from './protocols/__fixtures__/jt808.js';
import type { ProtocolName } from './protocols/types.js';
import { allDevicePorts } from './test-support/device-ports.js';

const PROTOCOLS: ProtocolName[] = ['teltonika', 'gt06', 'h02', 'jt808', 'ruptela', 'suntech', 'queclink', 'gps103', 'wialon', 'osmand', 'meitrack'];
const wave2 = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
/** Real frames per protocol, as they go on the wire. */
function seedsOf(name: ProtocolName): Buffer[] {
  if (name === 'jt808') return jt808Entries.map((e) => Buffer.from(e.hex, 'hex'));
  if (name === 'queclink') return decoderEntries(wave2.gl200).map((e) => Buffer.from(e.hex, 'hex'));
  if (name === 'ruptela' || name === 'suntech' || name === 'gps103' || name === 'wialon' || name === 'meitrack')
    return decoderEntries(wave2[name]).map((e) => Buffer.from(e.hex, 'hex'));
  // Not osmand-015: its id is the good device's IMEI, and a login of a source replaces its connection.
  if (name === 'osmand') return decoderEntries(wave2.osmand).flatMap((e) => (e.id === 'osmand-015' ? [] : [Buffer.from(e.hex, 'hex')]));
  return (captures as unknown as Record<string, { hex?: string }[]>)[name]!.filter((e) => e.hex).map((e) => Buffer.from(e.hex!, 'hex'));
}

const HANDSHAKE = '000f313233343536373839303132333435';
const CONNECTIONS_PER_PROTOCOL = 30;
const FRAMES_PER_CONNECTION = 100;

describe('gateway under mutated traffic', () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({ host: '127.0.0.1', ports: allDevicePorts(), stateFlushMs: 50 });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'a@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    await t.ok('tracker/register', { user_id: user, label: 'Good', model: 'telfmb920', device_id: '123456789012345', tariff_id: tariff });
  });
  afterAll(async () => t.close());

  it(`${PROTOCOLS.length * CONNECTIONS_PER_PROTOCOL * FRAMES_PER_CONNECTION} mutated frames never stop a well-behaved device`, async () => {
    const fixture = captures as unknown as Record<string, { id: string; hex?: string }[]>;
    const avl = fixture.teltonika!.find((e) => e.id === 'teltonika-002')!.hex!;
    const good = await TcpDevice.open(t.backend.gateway.ports.get('teltonika')!);
    good.send(HANDSHAKE);
    expect((await good.read(1)).toString('hex')).toBe('01');

    const random = prng(20261126);
    const attackers: Promise<void>[] = [];
    for (const name of PROTOCOLS) {
      const seeds = seedsOf(name);
      for (let c = 0; c < CONNECTIONS_PER_PROTOCOL; c++) {
        attackers.push(
          (async () => {
            const peer = await TcpDevice.open(t.backend.gateway.ports.get(name)!);
            for (let f = 0; f < FRAMES_PER_CONNECTION && !peer.closed; f++) peer.send(mutate(seeds[Math.floor(random() * seeds.length)]!, random));
            await peer.drain(20);
            peer.close();
          })(),
        );
      }
    }
    // Meanwhile the good device keeps sending and keeps getting its exact ACK.
    for (let i = 0; i < 20; i++) {
      good.send(avl);
      expect((await good.read(4)).toString('hex')).toBe('00000002');
    }
    await Promise.all(attackers);
    good.send(avl);
    expect((await good.read(4)).toString('hex')).toBe('00000002');
    good.close();
  });
});

describe('UDP listeners under mutated datagrams', () => {
  // A backend of its own: the TCP flood above uses up the refused logins allowed from 127.0.0.1.
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend();
    await t.backend.gateway.start({ host: '127.0.0.1', ports: allDevicePorts(), stateFlushMs: 50 });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'a@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    await t.ok('tracker/register', { user_id: user, label: 'Good UDP', model: 'wialonips', device_id: '356307042441013', tariff_id: tariff });
  });
  afterAll(async () => t.close());

  it(`${UDP_PROTOCOLS.length * SOURCES_PER_UDP_PROTOCOL * FRAMES_PER_CONNECTION} mutated datagrams never stop a well-behaved UDP device`, async () => {
    const good = udpPeer(t.backend.gateway.udpPorts.get('wialon')!);
    expect((await good.ask('#L#356307042441013;NA\r\n')).toString('latin1')).toBe('#AL#1\r\n');
    const random = prng(20261203);
    const peers: ReturnType<typeof udpPeer>[] = [];
    for (const name of UDP_PROTOCOLS) {
      const seeds = seedsOf(name);
      for (let c = 0; c < SOURCES_PER_UDP_PROTOCOL; c++) peers.push(udpPeer(t.backend.gateway.udpPorts.get(name)!));
      for (const peer of peers.slice(-SOURCES_PER_UDP_PROTOCOL))
        for (let f = 0; f < FRAMES_PER_CONNECTION; f++) peer.send(mutate(seeds[Math.floor(random() * seeds.length)]!, random));
    }
    // Meanwhile the good device keeps getting its exact answer to every record.
    for (let i = 0; i < 20; i++) expect((await good.ask('#SD#031226;101500;5230.9762;N;01322.6620;E;30;90;40;9\r\n')).toString('latin1')).toBe('#AD#1\r\n');
    for (const peer of peers) peer.close();
    good.close();
  });
});

const UDP_PROTOCOLS: ProtocolName[] = ['queclink', 'gps103', 'wialon', 'meitrack'];
const SOURCES_PER_UDP_PROTOCOL = 10;

/** One UDP source: `send` fires a datagram, `ask` sends one and waits for the next datagram back. */
function udpPeer(port: number) {
  const socket = createSocket('udp4');
  const inbox: Buffer[] = [];
  let waiter: ((b: Buffer) => void) | undefined;
  socket.on('message', (m) => (waiter ? waiter(m) : inbox.push(m)));
  socket.connect(port, '127.0.0.1');
  const ready = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    send(bytes: Buffer | string) {
      void ready.then(() => socket.send(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    },
    async ask(text: string): Promise<Buffer> {
      inbox.length = 0;
      const answer = new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(text)}`)), 5000);
        waiter = (b) => {
          clearTimeout(timer);
          waiter = undefined;
          resolve(b);
        };
      });
      this.send(text);
      return answer;
    },
    close() {
      socket.close();
    },
  };
}
