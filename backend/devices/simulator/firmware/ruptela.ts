/** A Ruptela FM-Eco4-style firmware: record packets (1), identification (15) as heartbeat, answers (7) to SMS-via-GPRS commands. */
import { COMMAND_ANSWER, devicePacket, expectedAck, IDENTIFICATION, RECORDS, recordsPayload, RuptelaServerStream, SMS_VIA_GPRS } from '../frames/ruptela.js';
import {
  exactAck,
  printable,
  type CommandAnswer,
  type Firmware,
  type Outgoing,
  type ReceivedCommand,
  type ServerInput,
  type ServerParser,
  type Snapshot,
} from './types.js';

export class RuptelaFirmware implements Firmware {
  readonly protocol = 'ruptela' as const;
  readonly maxRecordsPerFrame = 1;

  constructor(readonly imei: string) {}

  /** Every packet carries the IMEI: no login. */
  login(): undefined {
    return undefined;
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const s = snapshots[0]!;
    const payload = recordsPayload({ ...s, powerMv: s.powerMv, batteryMv: s.batteryMv });
    return { kind: 'position', bytes: devicePacket(this.imei, RECORDS, payload), records: 1, ack: exactAck(expectedAck(RECORDS)) };
  }

  heartbeat(): Outgoing {
    const payload = Buffer.concat([Buffer.from('FMECO4.00.01', 'latin1'), Buffer.alloc(4)]);
    return { kind: 'heartbeat', bytes: devicePacket(this.imei, IDENTIFICATION, payload), records: 0, ack: exactAck(expectedAck(IDENTIFICATION)) };
  }

  createParser(): ServerParser {
    const stream = new RuptelaServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((p): ServerInput => {
          if (p.command === 100 || p.command === 115) return { kind: 'ack', bytes: p.bytes };
          if (!p.crcOk) return { kind: 'ignored', bytes: p.bytes, reason: `command ${p.command} CRC mismatch` };
          const body = p.command === SMS_VIA_GPRS && printable(p.payload) ? { text: p.payload.toString('latin1') } : { hex: p.bytes.toString('hex') };
          return { kind: 'command', command: { ...body, frame: p.bytes } };
        });
      },
    };
  }

  /** Answers like an FM-Eco4 does to a configuration SMS: the command echoed with its result. */
  answer(command: ReceivedCommand): CommandAnswer {
    const text = command.text !== undefined ? `${command.text.trim()} OK` : 'OK';
    return { text, reply: { kind: 'reply', bytes: devicePacket(this.imei, COMMAND_ANSWER, Buffer.from(text, 'latin1')), records: 0 } };
  }
}
