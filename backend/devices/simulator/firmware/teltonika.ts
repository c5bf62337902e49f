/** A Teltonika FMB-style firmware: IMEI handshake, Codec 8/8E records, Codec 12 answers. */
import {
  buildAvlPacket,
  buildCodec12Response,
  buildImeiHandshake,
  CODEC12_COMMAND,
  CODEC8,
  expectedAvlAck,
  IO,
  KEEP_ALIVE,
  parseCodec12,
  TeltonikaServerStream,
  type AvlCodec,
  type AvlRecord,
} from '../frames/teltonika.js';
import {
  slashDateTime,
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

export interface TeltonikaFirmwareOptions {
  codec?: AvlCodec; // default Codec 8
  maxRecordsPerPacket?: number; // default 1; up to 255 buffered records go in one packet
  host?: string; // initial value of parameter 2004 (server domain)
  port?: number; // initial value of parameter 2005 (server port)
  now?: () => Date;
}

const HANDSHAKE_ACK = {
  expected: '01',
  check: (ack: Buffer) => (ack.length === 1 && ack[0] === 0x01 ? 'ok' : ack.length === 1 && ack[0] === 0x00 ? 'rejected' : 'mismatch'),
} as const;

/** GSM signal % → Teltonika level 0–5 (IO 21). */
const gsmLevel = (percent: number) => Math.max(0, Math.min(5, Math.round(percent / 20)));

export class TeltonikaFirmware implements Firmware {
  readonly protocol = 'teltonika' as const;
  readonly maxRecordsPerFrame: number;
  private readonly codec: AvlCodec;
  private readonly now: () => Date;
  private readonly bootTime: Date;
  private readonly defaults: Map<string, string>;
  private params: Map<string, string>;
  /** DOUT1 (IO 179), switched by `setdigout`; typically wired to an engine-block relay. */
  out1 = false;
  private recordsSent = 0;

  constructor(
    readonly imei: string,
    options: TeltonikaFirmwareOptions = {},
  ) {
    this.codec = options.codec ?? CODEC8;
    this.maxRecordsPerFrame = Math.max(1, Math.min(255, options.maxRecordsPerPacket ?? 1));
    this.now = options.now ?? (() => new Date());
    this.bootTime = this.now();
    this.defaults = new Map([
      ['2004', options.host ?? '127.0.0.1'],
      ['2005', String(options.port ?? 5027)],
      ['2006', '0'], // 0 = TCP
      ['1000', '30'], // on-move period, s
      ['11000', '0'],
    ]);
    this.params = new Map(this.defaults);
  }

  login(): Outgoing {
    return { kind: 'login', bytes: buildImeiHandshake(this.imei), records: 0, ack: HANDSHAKE_ACK };
  }

  record(s: Snapshot): AvlRecord {
    return {
      time: s.time,
      priority: 0,
      lat: s.lat,
      lng: s.lng,
      altitude: s.altitude,
      heading: s.heading,
      satellites: s.valid ? s.satellites : 0,
      speed: s.speed,
      eventId: 0,
      io: [
        { id: IO.ignition, width: 1, value: s.ignition ? 1 : 0 },
        { id: IO.movement, width: 1, value: s.moving ? 1 : 0 },
        { id: IO.gsmSignal, width: 1, value: gsmLevel(s.gsm) },
        { id: IO.digitalOutput1, width: 1, value: this.out1 ? 1 : 0 },
        { id: IO.externalVoltage, width: 2, value: s.powerMv },
        { id: IO.batteryVoltage, width: 2, value: s.batteryMv },
        { id: IO.odometer, width: 4, value: s.odometer },
      ],
    };
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const records = snapshots.slice(0, this.maxRecordsPerFrame).map((s) => this.record(s));
    this.recordsSent += records.length;
    return { kind: 'position', bytes: buildAvlPacket(records, this.codec), records: records.length, ack: exactAck(expectedAvlAck(records.length)) };
  }

  /** The 1-byte keep-alive; the server answers nothing. */
  heartbeat(): Outgoing {
    return { kind: 'heartbeat', bytes: KEEP_ALIVE, records: 0 };
  }

  createParser(): ServerParser {
    const stream = new TeltonikaServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).flatMap((frame): ServerInput[] => {
          if (frame.kind !== 'codec12') return [{ kind: 'ack', bytes: frame.bytes }];
          const message = parseCodec12(frame.bytes);
          if (!message.crcOk) return [{ kind: 'ignored', bytes: frame.bytes, reason: 'Codec 12 CRC mismatch' }];
          if (message.type !== CODEC12_COMMAND) return [{ kind: 'ignored', bytes: frame.bytes, reason: `Codec 12 type 0x${message.type.toString(16)}` }];
          return message.payloads.map((payload) => ({
            kind: 'command',
            command: printable(payload) ? { text: payload.toString('latin1'), frame: frame.bytes } : { hex: payload.toString('hex'), frame: frame.bytes },
          }));
        });
      },
    };
  }

  answer(command: ReceivedCommand, s: Snapshot): CommandAnswer {
    const text = command.text !== undefined ? this.respond(command.text.trim(), s) : `OK ${command.hex}`;
    return { text, reply: { kind: 'reply', bytes: buildCodec12Response(text), records: 0 } };
  }

  /** The text an FMB device answers to an SMS/GPRS command. */
  respond(command: string, s: Snapshot): string {
    const [name = '', ...rest] = command.split(/\s+/);
    const arg = rest.join(' ');
    const now = this.now();
    const uptime = Math.max(0, Math.round((now.getTime() - this.bootTime.getTime()) / 1000));
    switch (name.toLowerCase()) {
      case 'getinfo':
        return (
          `RTC:${slashDateTime(now)} Init:${slashDateTime(this.bootTime)} UpTime:${uptime}s PWR:PwrVoltage RST:0 ` +
          `GPS:${s.valid ? 3 : 1} SAT:${s.satellites} TTFF:14 TTLF:1 NOGPS:0:0 SR:${this.recordsSent} FG:0 FL:0 SMS:0 REC:0 MD:${s.moving ? 1 : 0} DB:0`
        );
      case 'getver':
        return (
          `Ver:03.28.07_00 GPS:AXN_5.1_9321 Hw:FMB920 Mod:13 IMEI:${this.imei} Init:${slashDateTime(this.bootTime)} ` +
          `Uptime:${uptime} MAC:${macOf(this.imei)} SPC:1(0) AXL:0 OBD:0 BL:1.10 BT:4`
        );
      case 'getstatus':
        return (
          `Data Link: 1 GPRS: 1 Phone: 0 SIM: 0 OP: ${s.cell.mcc}${String(s.cell.mnc).padStart(2, '0')} Signal: ${gsmLevel(s.gsm)} ` +
          `NewSMS: 0 Roaming: 0 SMSFull: 0 LAC: ${s.cell.lac} Cell ID: ${s.cell.cid} NetType: 1 FwUpd:-1`
        );
      case 'getgps': {
        const iso = s.time.toISOString();
        return (
          `GPS:${s.valid ? 1 : 0} Sat:${s.satellites} Lat:${s.lat.toFixed(6)} Long:${s.lng.toFixed(6)} Alt:${s.altitude} ` +
          `Speed:${Math.round(s.speed)} Dir:${s.heading} Date: ${iso.slice(0, 10).replace(/-/g, '/')} Time: ${iso.slice(11, 19)}`
        );
      }
      case 'getparam': {
        const ids = arg
          .split(/[;,]/)
          .map((id) => id.trim())
          .filter(Boolean);
        if (!ids.length) return 'Param ID: Value:';
        return ids.map((id) => `Param ID:${id} Value:${this.params.get(id) ?? ''}`).join(';');
      }
      case 'setparam': {
        const pairs = arg
          .split(';')
          .map((p) => p.trim())
          .filter((p) => p.includes(':'));
        for (const pair of pairs) {
          const at = pair.indexOf(':');
          this.params.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
        }
        return `New value ${pairs.map((p) => `${p};`).join('')}`;
      }
      case 'setdigout': {
        const states = arg.split(/\s+/)[0] ?? '';
        if (!/^[01?]{1,2}$/.test(states)) return `OK ${command}`;
        if (states[0] !== '?') this.out1 = states[0] === '1';
        const second = states[1] === undefined || states[1] === '?' ? 'IGNORED' : states[1];
        return `DOUT1:${states[0] === '?' ? 'IGNORED' : states[0]} Timeout:INFINITY DOUT2:${second}`;
      }
      case 'getio':
        return `DI1:${s.ignition ? 1 : 0} AIN1:${(s.powerMv / 1000).toFixed(2)}V DO1:${this.out1 ? 1 : 0}`;
      case 'readio': {
        const values: Record<string, number> = {
          [IO.ignition]: s.ignition ? 1 : 0,
          [IO.movement]: s.moving ? 1 : 0,
          [IO.gsmSignal]: gsmLevel(s.gsm),
          [IO.digitalOutput1]: this.out1 ? 1 : 0,
          [IO.externalVoltage]: s.powerMv,
          [IO.batteryVoltage]: s.batteryMv,
          [IO.odometer]: s.odometer,
        };
        const value = values[arg.trim()];
        return value === undefined ? `IO ID:${arg.trim()} Value:N/A` : `IO ID:${arg.trim()} Value:${value}`;
      }
      case 'defaultcfg':
        this.params = new Map(this.defaults);
        return 'Default configuration loaded';
      default:
        return `OK ${command}`;
    }
  }
}

/** A stable made-up Bluetooth MAC for an IMEI. */
function macOf(imei: string): string {
  return `001E42${imei.slice(-6)}`;
}
