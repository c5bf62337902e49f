/**
 * A Traccar Client / OsmAnd phone app: no login (the id is in every request); each position and
 * heartbeat request waits for `HTTP/1.1 200 OK` with `content-length` (nothing else), a 400/404 is the
 * refusal of an unknown id. Commands arrive in a 200's body, one per line; the apps send no answer.
 */
import { heartbeat, OsmAndServerStream, position } from '../frames/osmand.js';
import type { AckExpectation, CommandAnswer, Firmware, Outgoing, ServerInput, ServerParser, Snapshot } from './types.js';

/** `200 OK` with exactly a `content-length` matching its body; 400/404 (unknown id) is a refusal. */
const OK: AckExpectation = {
  expected: 'HTTP/1.1 200 OK\\r\\ncontent-length: <n>\\r\\n\\r\\n<commands>',
  check(ack) {
    const text = ack.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) [A-Za-z ]+\r\ncontent-length: (\d+)(\r\nconnection: close)?$/.exec(text.slice(0, end));
    if (!m || Number(m[2]) !== ack.length - end - 4) return 'mismatch';
    if (m[1] === '200' && !m[3]) return 'ok';
    return m[1] === '400' || m[1] === '404' ? 'rejected' : 'mismatch';
  },
};

export class OsmAndFirmware implements Firmware {
  readonly protocol = 'osmand' as const;
  readonly maxRecordsPerFrame = 1;

  constructor(readonly imei: string) {}

  login(): undefined {
    return undefined;
  }

  positions(snapshots: Snapshot[]): Outgoing {
    return { kind: 'position', bytes: position(this.imei, snapshots[0]!), records: 1, ack: OK };
  }

  heartbeat(): Outgoing {
    return { kind: 'heartbeat', bytes: heartbeat(this.imei), records: 0, ack: OK };
  }

  createParser(): ServerParser {
    const stream = new OsmAndServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).flatMap((r): ServerInput[] => {
          const commands = r.status === 200 && r.body ? r.body.split('\n').filter((line) => line.length > 0) : [];
          return [
            { kind: 'ack', bytes: r.bytes },
            ...commands.map((text): ServerInput => ({ kind: 'command', command: { text, frame: Buffer.from(text, 'utf8') } })),
          ];
        });
      },
    };
  }

  /** The apps show a command and send nothing back. */
  answer(): CommandAnswer {
    return { text: '', reply: { kind: 'reply', bytes: Buffer.alloc(0), records: 0 } };
  }
}
