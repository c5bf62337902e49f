/**
 * Wialon IPS captures end to end over the real listener: each packet over TCP with its CR LF, its
 * reply byte for byte (`#AL#1`, `#AD#1`, `#AB#<n>`, `#AP#`), and the fixes read back through
 * tracker/history/read and compared with Traccar's output (positions without a time carry the
 * server clock: `__fixtures__/wialon.ts`). The `[2.0;]<imei>#…` packets are the UDP form, taken on TCP too.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2, type Capture } from './protocols/__fixtures__/captures.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { WIALON_DIVERGENCES, withServerTime } from './protocols/__fixtures__/wialon.js';
import { TcpDevice, until } from './test-support/tcp-device.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const onWire = (entry: Capture): Capture => ({ ...entry, hex: Buffer.concat([Buffer.from(entry.hex, 'hex'), Buffer.from('\r\n')]).toString('hex') });

describe('wialon captures over TCP → storage → history', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    const entries = decoderEntries(captures.wialon).map(withServerTime).map(onWire);
    report = await replayOverTcp({
      protocol: 'wialon',
      model: 'wialonips',
      entries,
      expectedReply,
      probe: () => ({ frame: Buffer.from('#P#\r\n'), reply: Buffer.from('#AP#\r\n') }),
      login: (imei) => Buffer.from(`#L#${imei};NA\r\n`),
    });
  }, 120_000);
  afterAll(async () => report?.t.close());

  it('replies byte-exact and reads back every fix except the known divergences', () => {
    console.log(summarizeTcp('wialon', report));
    expect(report.outcomes.filter((o) => o.problems.length).map((o) => o.id)).toEqual(WIALON_DIVERGENCES.flatMap(([, ids]) => ids));
    expect(report.replies).toEqual({ exact: 27, expected: 27, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 19, expected: 21 });
  });

  it('hostile input costs its own connection only: an endless line, a half packet, garbage, an unknown unit', async () => {
    const port = report.t.backend.gateway.ports.get('wialon')!;
    const good = await TcpDevice.open(port);
    good.send(Buffer.from('#L#123456789012345;test\r\n'));
    expect((await good.read(7)).toString()).toBe('#AL#1\r\n');
    const endless = await TcpDevice.open(port);
    endless.send(Buffer.alloc(40_000, 0x23)); // no line end within the 32 KiB bound
    await until(() => endless.closed);
    const stranger = await TcpDevice.open(port);
    stranger.send(Buffer.from('#L#999999999999999;x\r\n'));
    expect((await stranger.read(7)).toString()).toBe('#AL#0\r\n');
    await until(() => stranger.closed);
    const half = await TcpDevice.open(port);
    half.send(Buffer.from('#L#2002;NA\r\n#SD#270413;2056')); // another unit: a login of the same one would replace the good connection
    half.close();
    const garbage = await TcpDevice.open(port);
    garbage.send(Buffer.from('\x00\xff nonsense\r\n#ZZ#\r\n#SD#1;2\r\n'));
    good.send(Buffer.from('#SD#270413;205601;5544.6025;N;03739.6834;E;1;2;3;4\r\n'));
    expect((await good.read(7)).toString()).toBe('#AD#1\r\n');
    expect(await garbage.drain(50)).toHaveLength(0);
    garbage.close();
    good.close();
  });
});
