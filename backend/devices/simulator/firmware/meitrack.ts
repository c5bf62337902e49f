/**
 * A Meitrack (MVT/T3xx) firmware: no login (the IMEI is in every frame); positions in CCC batches of up
 * to 8 records, each waiting for `CCC,<count>`; AAC heartbeats waiting for their echo; a command is
 * answered `<code>,OK` in a `$$` frame with the command's flag.
 */
import { ccc, frame, MeitrackServerStream } from '../frames/meitrack.js';
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

export class MeitrackFirmware implements Firmware {
  readonly protocol = 'meitrack' as const;
  readonly maxRecordsPerFrame = 8;
  private serial = 0;

  constructor(readonly imei: string) {}

  login(): undefined {
    return undefined;
  }

  /** The flag letter a unit changes with each frame (`a`–`z`), echoed by the server. */
  private nextFlag(): string {
    return String.fromCharCode(0x61 + (this.serial++ % 26));
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const batch = snapshots.slice(0, this.maxRecordsPerFrame);
    const flag = this.nextFlag();
    const ack = frame('@@', flag, this.imei, 'CCC', Buffer.from(String(batch.length), 'latin1'));
    return { kind: 'position', bytes: ccc(flag, this.imei, batch), records: batch.length, ack: exactAck(ack) };
  }

  heartbeat(): Outgoing {
    const flag = this.nextFlag();
    const data = Buffer.from('60', 'latin1'); // the unit's GPRS heartbeat interval, s
    return { kind: 'heartbeat', bytes: frame('$$', flag, this.imei, 'AAC', data), records: 0, ack: exactAck(frame('@@', flag, this.imei, 'AAC', data)) };
  }

  createParser(): ServerParser {
    const stream = new MeitrackServerStream();
    const imei = this.imei;
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((f): ServerInput => {
          if (f.imei !== imei) return { kind: 'ignored', bytes: f.bytes, reason: `frame for ${f.imei}, not ${imei}` };
          if (f.command === 'CCC' || f.command === 'AAC') return { kind: 'ack', bytes: f.bytes };
          const text = f.data ? `${f.command},${f.data}` : f.command;
          return { kind: 'command', command: { text, ref: f.flag.charCodeAt(0), frame: f.bytes } };
        });
      },
    };
  }

  answer(command: ReceivedCommand): CommandAnswer {
    const code = (command.text ?? '').slice(0, 3);
    const flag = String.fromCharCode(command.ref ?? 0x41);
    return { text: `${code},OK`, reply: { kind: 'reply', bytes: frame('$$', flag, this.imei, code, Buffer.from('OK', 'latin1')), records: 0 } };
  }
}
