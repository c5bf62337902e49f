/**
 * Ruptela captures end to end over the real listener: each frame over TCP, its reply byte for
 * byte, the fixes read back through tracker/history/read and compared with Traccar's output.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from './protocols/__fixtures__/captures.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { crc16Kermit } from './protocols/crc.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));

/** Entries that differ from Traccar over TCP, by reason; everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  ['command 37 (file transfer): Traccar answers with its file reply (89); we do not take files, no reply', ['ruptela-005']],
  [
    'command 9 (diagnostic trouble codes with a fix): states a length of 11 for 48 bytes, so no stream carries it whole; Traccar (fed the frame directly) stores 2 positions',
    ['ruptela-009'],
  ],
];

/** `u16 length | payload | u16 CRC-16/KERMIT`. */
function packet(body: Buffer): Buffer {
  const frame = Buffer.alloc(body.length + 4);
  frame.writeUInt16BE(body.length, 0);
  body.copy(frame, 2);
  frame.writeUInt16BE(crc16Kermit(body), body.length + 2);
  return frame;
}

/** An identification packet (15) from the device: answered with 115. */
function probe(imei: string) {
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(BigInt(imei));
  return { frame: packet(Buffer.concat([id, Buffer.from([15]), Buffer.from('PROBE', 'latin1')])), reply: packet(Buffer.from([115, 1])) };
}

describe('ruptela captures over TCP → storage → history', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    report = await replayOverTcp({ protocol: 'ruptela', model: 'ruptelafmeco4', entries: decoderEntries(captures.ruptela), expectedReply, probe });
  }, 60_000);
  afterAll(async () => report?.t.close());

  it('replies byte-exact and reads back every fix except the known divergences', () => {
    console.log(summarizeTcp('ruptela', report));
    const failing = report.outcomes.filter((o) => o.problems.length).map((o) => o.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
    expect(report.replies).toEqual({ exact: 12, expected: 14, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 16, expected: 18 });
  });
});
