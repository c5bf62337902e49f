/** A Wialon IPS 1.1 firmware: login, #D# data and #P# pings each waiting for its answer; commands answered with #M#. */
import { data, login, message, ping, WialonServerStream } from '../frames/wialon.js';
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

export class WialonFirmware implements Firmware {
  readonly protocol = 'wialon' as const;
  readonly maxRecordsPerFrame = 1;

  constructor(readonly imei: string) {}

  login(): Outgoing {
    return { kind: 'login', bytes: login(this.imei), records: 0, ack: exactAck(Buffer.from('#AL#1\r\n')) };
  }

  positions(snapshots: Snapshot[]): Outgoing {
    return { kind: 'position', bytes: data(snapshots[0]!), records: 1, ack: exactAck(Buffer.from('#AD#1\r\n')) };
  }

  heartbeat(): Outgoing {
    return { kind: 'heartbeat', bytes: ping(), records: 0, ack: exactAck(Buffer.from('#AP#\r\n')) };
  }

  createParser(): ServerParser {
    const stream = new WialonServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        // `#AM#1` answers our command reply (`#M#`), which waits for nothing: dropped.
        return stream.push(chunk).flatMap((text): ServerInput[] => {
          const bytes = Buffer.from(`${text}\r\n`, 'latin1');
          if (text.startsWith('#AM#')) return [];
          if (/^#A[A-Z]#/.test(text)) return [{ kind: 'ack', bytes }];
          return [{ kind: 'command', command: { text, frame: bytes } }];
        });
      },
    };
  }

  /** Every command is answered `#M#<command> OK` (the server answers that with `#AM#1`, not awaited). */
  answer(command: ReceivedCommand): CommandAnswer {
    const text = `${command.text ?? ''} OK`;
    return { text, reply: { kind: 'reply', bytes: message(text), records: 0 } };
  }
}
