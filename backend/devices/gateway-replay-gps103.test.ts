/**
 * GPS103 captures end to end over the real listener: each message over TCP (with its `;` end where
 * Traccar's test string leaves it out), its reply byte for byte (`LOAD` to the handshake, `ON` to the
 * IMEI heartbeat, `**,imei:<IMEI>,E;` to an SOS once stored, nothing else), and the fixes read back
 * through tracker/history/read and compared with Traccar's output.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2, type Capture } from './protocols/__fixtures__/captures.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { TcpDevice, until } from './test-support/tcp-device.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));

/** A message ends with `;`, `*` or a line break on the wire (most of Traccar's test strings leave it out). */
function onWire(entry: Capture): Capture {
  const bytes = Buffer.from(entry.hex, 'hex');
  if ([0x3b, 0x2a, 0x0a].includes(bytes[bytes.length - 1]!)) return entry;
  return { ...entry, hex: Buffer.concat([bytes, Buffer.from(';')]).toString('hex') };
}

describe('gps103 captures over TCP → storage → history', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    const entries = decoderEntries(captures.gps103).map(onWire);
    report = await replayOverTcp({
      protocol: 'gps103',
      model: 'coban103',
      entries,
      expectedReply,
      probe: (imei) => ({ frame: Buffer.from(`${imei};`), reply: Buffer.from('ON') }),
    });
  }, 120_000);
  afterAll(async () => report?.t.close());

  it('replies byte-exact and reads back every fix', () => {
    console.log(summarizeTcp('gps103', report));
    expect(report.outcomes.filter((o) => o.problems.length).map((o) => o.id)).toEqual([]);
    expect(report.replies).toEqual({ exact: 7, expected: 7, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 59, expected: 59 });
  });

  it('hostile input costs its own connection only: an endless line, a half message, garbage', async () => {
    const port = report.t.backend.gateway.ports.get('gps103')!;
    const [imei] = [...report.trackers.keys()];
    const good = await TcpDevice.open(port);
    good.send(Buffer.from(`##,imei:${imei},A;`));
    expect((await good.read(4)).toString()).toBe('LOAD');
    const endless = await TcpDevice.open(port);
    endless.send(Buffer.alloc(8192, 0x41)); // no end byte within the 4 KiB bound
    await until(() => endless.closed);
    const garbage = await TcpDevice.open(port);
    garbage.send(Buffer.from('\x00\xff garbage;imei:,;;**;'));
    const half = await TcpDevice.open(port);
    half.send(Buffer.from(`imei:${imei},tracker,1302110948,,F,1448`));
    half.close();
    good.send(Buffer.from(`${imei};`));
    expect((await good.read(2)).toString()).toBe('ON');
    expect(await garbage.drain(50)).toHaveLength(0); // skipped messages get no reply, and close nothing else
    garbage.close();
    good.close();
  });
});
