/** A JT/T 808 terminal (2019 header): 0x0102 authentication, 0x0200 locations, 0x0002 heartbeats, 0x0001 command answers. */
import { uintBytes } from '../frames/common.js';
import {
  AUTHENTICATE,
  buildMessage,
  expectedResponse,
  HEARTBEAT,
  Jt808ServerStream,
  LOCATION,
  locationBody,
  phoneOf,
  TERMINAL_RESPONSE,
  TEXT_COMMAND,
} from '../frames/jt808.js';
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

export class Jt808Firmware implements Firmware {
  readonly protocol = 'jt808' as const;
  readonly maxRecordsPerFrame = 1;
  private serial = 0;
  private readonly phone: string;
  fuelCut = false;

  constructor(readonly imei: string) {
    this.phone = phoneOf(imei);
  }

  private message(kind: Outgoing['kind'], id: number, body: Buffer, records = 0, acked = true): Outgoing {
    this.serial = (this.serial + 1) & 0xffff;
    const bytes = buildMessage(id, this.phone, this.serial, body);
    return { kind, bytes, records, ...(acked ? { ack: exactAck(expectedResponse(this.phone, this.serial, id)) } : {}) };
  }

  /** 0x0102 with the auth code the server gives at registration: the terminal number. */
  login(): Outgoing {
    const code = Buffer.from(this.phone, 'latin1');
    return this.message(
      'login',
      AUTHENTICATE,
      Buffer.concat([Buffer.from([code.length]), code, Buffer.from(this.imei.padEnd(15, '0'), 'latin1'), Buffer.alloc(20)]),
    );
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const s = snapshots[0]!;
    return this.message('position', LOCATION, locationBody({ ...s, gsm: s.gsm }), 1);
  }

  heartbeat(): Outgoing {
    return this.message('heartbeat', HEARTBEAT, Buffer.alloc(0));
  }

  createParser(): ServerParser {
    const stream = new Jt808ServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((m): ServerInput => {
          if (m.id === 0x8001 || m.id === 0x8100) return { kind: 'ack', bytes: m.bytes };
          if (!m.checksumOk) return { kind: 'ignored', bytes: m.bytes, reason: `0x${m.id.toString(16)} checksum mismatch` };
          const text =
            m.id === TEXT_COMMAND && printable(m.body.subarray(1)) ? { text: m.body.subarray(1).toString('latin1') } : { hex: m.body.toString('hex') };
          return { kind: 'command', command: { ...text, ref: (m.id << 16) | m.serial, frame: m.bytes } };
        });
      },
    };
  }

  /** 0x0001 general response (the server files `0x<id> #<serial>: OK`); `RELAY,1#` / `RELAY,0#` switch the cut relay. */
  answer(command: ReceivedCommand): CommandAnswer {
    const id = (command.ref ?? 0) >>> 16;
    const serial = (command.ref ?? 0) & 0xffff;
    const relay = /^RELAY,([01])#?$/i.exec(command.text ?? '');
    if (relay) this.fuelCut = relay[1] === '1';
    const reply = this.message('reply', TERMINAL_RESPONSE, Buffer.concat([uintBytes(serial, 2), uintBytes(id, 2), Buffer.from([0])]), 0, false);
    return { text: `0x${id.toString(16).padStart(4, '0')} #${serial}: OK`, reply };
  }
}
