/** A Queclink GV300-style firmware: GTFRI reports and GTHBD heartbeats (each waits for its +SACK), +ACK answers to AT+GT commands. */
import { commandAck, fixedReport, heartbeat, QueclinkServerStream } from '../frames/queclink.js';
import {
  exactAck,
  type CommandAnswer,
  type Firmware,
  type Outgoing,
  type ReceivedCommand,
  type ServerInput,
  type ServerParser,
  type Snapshot,
} from './types.js';
import { PROTOCOL_VERSION } from '../frames/queclink.js';

export class QueclinkFirmware implements Firmware {
  readonly protocol = 'queclink' as const;
  readonly maxRecordsPerFrame = 1;
  private count = 0;
  output1 = false;

  constructor(readonly imei: string) {}

  /** Every report carries the IMEI: no login. */
  login(): undefined {
    return undefined;
  }

  private next(): number {
    this.count = (this.count + 1) & 0xffff;
    return this.count;
  }

  private static hex4(count: number): string {
    return count.toString(16).toUpperCase().padStart(4, '0');
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const count = this.next();
    const ack = exactAck(Buffer.from(`+SACK:${QueclinkFirmware.hex4(count)}$`, 'latin1'));
    return { kind: 'position', bytes: fixedReport(this.imei, snapshots[0]!, count), records: 1, ack };
  }

  heartbeat(snapshot: Snapshot): Outgoing {
    const count = this.next();
    const ack = exactAck(Buffer.from(`+SACK:GTHBD,${PROTOCOL_VERSION},${QueclinkFirmware.hex4(count)}$`, 'latin1'));
    return { kind: 'heartbeat', bytes: heartbeat(this.imei, snapshot.time, count), records: 0, ack };
  }

  createParser(): ServerParser {
    const stream = new QueclinkServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((text): ServerInput => {
          const bytes = Buffer.from(text, 'latin1');
          if (text.startsWith('+SACK:')) return { kind: 'ack', bytes };
          if (/^AT\+GT[A-Z]{3}=/.test(text)) return { kind: 'command', command: { text, frame: bytes } };
          return { kind: 'ignored', bytes, reason: 'neither +SACK nor AT+GT' };
        });
      },
    };
  }

  /** `AT+GTOUT=<password>,<1|0>,…` switches output 1; every command is answered `+ACK:GT<command>,…,<serial>,…`. */
  answer(command: ReceivedCommand, snapshot: Snapshot): CommandAnswer {
    const text = (command.text ?? '').replace(/\$$/, '');
    const name = text.slice(5, 8);
    const fields = text.slice(9).split(',');
    if (name === 'OUT' && (fields[1] === '1' || fields[1] === '0')) this.output1 = fields[1] === '1';
    const serial = fields[fields.length - 1] || 'FFFF';
    const bytes = commandAck(this.imei, name, serial, snapshot.time, this.next());
    return { text: bytes.toString('latin1').replace(/\$$/, ''), reply: { kind: 'reply', bytes, records: 0 } };
  }
}
