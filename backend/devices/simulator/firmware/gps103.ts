/** A TK103-style firmware: handshake answered LOAD, reports without ACK, IMEI heartbeats answered ON; a command is answered with a report. */
import { Gps103ServerStream, handshake, heartbeat, report } from '../frames/gps103.js';
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

export class Gps103Firmware implements Firmware {
  readonly protocol = 'gps103' as const;
  readonly maxRecordsPerFrame = 1;

  constructor(readonly imei: string) {}

  login(): Outgoing {
    return { kind: 'login', bytes: handshake(this.imei), records: 0, ack: exactAck(Buffer.from('LOAD')) };
  }

  positions(snapshots: Snapshot[]): Outgoing {
    return { kind: 'position', bytes: report(this.imei, snapshots[0]!), records: 1 }; // GPS103 servers ACK only SOS reports
  }

  heartbeat(): Outgoing {
    return { kind: 'heartbeat', bytes: heartbeat(this.imei), records: 0, ack: exactAck(Buffer.from('ON')) };
  }

  createParser(): ServerParser {
    const stream = new Gps103ServerStream();
    const prefix = `**,imei:${this.imei},`;
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((text): ServerInput => {
          const bytes = Buffer.from(text, 'latin1');
          if (!text.startsWith('**,') || text.endsWith(',E;')) return { kind: 'ack', bytes };
          if (text.startsWith(prefix)) return { kind: 'command', command: { text: text.slice(prefix.length), frame: bytes } };
          return { kind: 'ignored', bytes, reason: `not a command for ${prefix}` };
        });
      },
    };
  }

  /** Every command (`B` one position, `J` engine stop, …) is answered with a report named after it, as TK103 units do. */
  answer(command: ReceivedCommand, snapshot: Snapshot): CommandAnswer {
    const code = command.text ?? '';
    return { text: code, reply: { kind: 'reply', bytes: report(this.imei, snapshot), records: 0 } };
  }
}
