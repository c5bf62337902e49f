/** A Suntech ST300-style firmware: STT status reports and ALV keep-alives (no server ACKs), CMD;Res answers. */
import { commandAnswer, keepAlive, statusReport, SuntechServerStream } from '../frames/suntech.js';
import type { CommandAnswer, Firmware, Outgoing, ReceivedCommand, ServerInput, ServerParser, Snapshot } from './types.js';

export class SuntechFirmware implements Firmware {
  readonly protocol = 'suntech' as const;
  readonly maxRecordsPerFrame = 1;
  private count = 0;
  output1 = false;

  constructor(readonly imei: string) {}

  /** Every report carries the id: no login. */
  login(): undefined {
    return undefined;
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const s = snapshots[0]!;
    return { kind: 'position', bytes: statusReport(this.imei, s, ++this.count), records: 1 }; // Suntech servers send no ACK
  }

  heartbeat(): Outgoing {
    return { kind: 'heartbeat', bytes: keepAlive(this.imei), records: 0 };
  }

  createParser(): ServerParser {
    const stream = new SuntechServerStream();
    const id = this.imei;
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((line): ServerInput => {
          const [kind, target] = line.split(';');
          if (kind !== 'CMD' || target !== id) return { kind: 'ignored', bytes: Buffer.from(line, 'latin1'), reason: `not a command for ${id}` };
          return { kind: 'command', command: { text: line, frame: Buffer.from(`${line}\r`, 'latin1') } };
        });
      },
    };
  }

  /** `CMD;<id>;04;01` / `04;02` switch output 1; every command is answered `<group>;<action>` as done. */
  answer(command: ReceivedCommand): CommandAnswer {
    const [, , group = '', action = ''] = (command.text ?? '').split(';');
    if (group === '04' && (action === '01' || action === '02')) this.output1 = action === '01';
    const text = `${group};${action}`;
    return { text, reply: { kind: 'reply', bytes: commandAnswer(this.imei, text), records: 0 } };
  }
}
