/** A Concox GT06N-style firmware: login, 0x12 locations, 0x13 heartbeats, 0x15 command replies. */
import {
  buildCommandReply,
  buildLocation,
  buildLogin,
  buildStatus,
  COMMAND_REPLY,
  expectedAck,
  Gt06ServerStream,
  LOCATION,
  LOGIN,
  ONLINE_COMMAND,
  parseOnlineCommand,
  STATUS,
  terminalInfoByte,
  type LocationTail,
  type LoginOptions,
} from '../frames/gt06.js';
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

export interface Gt06FirmwareOptions {
  login?: LoginOptions; // default: the classic 8-byte login without type code
  /** What follows GPS + LBS in 0x12: default the u32 odometer. */
  locationTail?: 'none' | 'flags' | 'odometer';
  /** Send ACC in bits 14/15 of course/status (a common vendor extension). Default true. */
  ignitionInCourse?: boolean;
  /** Append the u16 language word to 0x15 replies (newer firmware). Default true. */
  replyLanguage?: boolean;
}

const ENGLISH = 0x0002;

/** Battery % → voltage level 0–6; GSM % → level 0–4. */
const voltageLevel = (percent: number) => Math.max(0, Math.min(6, Math.round((percent * 6) / 100)));
const gsmLevel = (percent: number) => Math.max(0, Math.min(4, Math.round(percent / 25)));

export class Gt06Firmware implements Firmware {
  readonly protocol = 'gt06' as const;
  readonly maxRecordsPerFrame = 1;
  private serial = 0;
  /** Oil/electricity cut relay, switched by `RELAY,1#` / `DYD#`; shown in terminal info bit 7. */
  fuelCut = false;
  armed = false;
  private server: string | undefined;
  private readonly options: Required<Omit<Gt06FirmwareOptions, 'login'>> & Pick<Gt06FirmwareOptions, 'login'>;

  constructor(
    readonly imei: string,
    options: Gt06FirmwareOptions = {},
  ) {
    this.options = {
      login: options.login,
      locationTail: options.locationTail ?? 'odometer',
      ignitionInCourse: options.ignitionInCourse ?? true,
      replyLanguage: options.replyLanguage ?? true,
    };
  }

  /** The next frame serial: the device counts every frame it sends, wrapping at 16 bits. */
  private nextSerial(): number {
    this.serial = (this.serial + 1) & 0xffff;
    return this.serial;
  }

  private frame(kind: Outgoing['kind'], type: number, bytes: Buffer, serial: number, records = 0): Outgoing {
    return { kind, bytes, records, ack: exactAck(expectedAck(type, serial)) };
  }

  login(): Outgoing {
    const serial = this.nextSerial();
    return this.frame('login', LOGIN, buildLogin(this.imei, serial, this.options.login), serial);
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const s = snapshots[0]!;
    const serial = this.nextSerial();
    const tail: LocationTail =
      this.options.locationTail === 'odometer'
        ? { kind: 'odometer', meters: s.odometer }
        : this.options.locationTail === 'flags'
          ? { kind: 'flags', acc: s.ignition, uploadMode: 0, reupload: false }
          : { kind: 'none' };
    const gps = {
      time: s.time,
      satellites: s.satellites,
      lat: s.lat,
      lng: s.lng,
      speed: s.speed,
      heading: s.heading,
      positioned: s.valid,
      ...(this.options.ignitionInCourse ? { ignition: s.ignition } : {}),
    };
    return this.frame('position', LOCATION, buildLocation(gps, s.cell, serial, tail), serial, 1);
  }

  heartbeat(s: Snapshot): Outgoing {
    const serial = this.nextSerial();
    const terminalInfo = terminalInfoByte({
      fuelCut: this.fuelCut,
      gpsTracking: true,
      alarm: 0,
      charging: s.powerMv > 9000,
      acc: s.ignition,
      armed: this.armed,
    });
    const bytes = buildStatus({ terminalInfo, voltageLevel: voltageLevel(s.batteryPercent), gsmLevel: gsmLevel(s.gsm), alarm: 0, language: ENGLISH }, serial);
    return this.frame('heartbeat', STATUS, bytes, serial);
  }

  createParser(): ServerParser {
    const stream = new Gt06ServerStream();
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((frame): ServerInput => {
          if (frame.extended || frame.type !== ONLINE_COMMAND) return { kind: 'ack', bytes: frame.bytes };
          if (!frame.crcOk) return { kind: 'ignored', bytes: frame.bytes, reason: '0x80 CRC mismatch' };
          const { serverFlag, command } = parseOnlineCommand(frame.content);
          const body = printable(command) ? { text: command.toString('latin1') } : { hex: command.toString('hex') };
          return { kind: 'command', command: { ...body, ref: serverFlag, frame: frame.bytes } };
        });
      },
    };
  }

  answer(command: ReceivedCommand, s: Snapshot): CommandAnswer {
    const text = command.text !== undefined ? this.respond(command.text, s) : 'OK!';
    const serial = this.nextSerial();
    const bytes = buildCommandReply(command.ref ?? 0, text, serial, this.options.replyLanguage ? ENGLISH : undefined);
    return { text, reply: this.frame('reply', COMMAND_REPLY, bytes, serial) };
  }

  /** The text a GT06N answers to an SMS/online command (`NAME,args#`, case-insensitive). */
  respond(command: string, s: Snapshot): string {
    const [name = '', ...args] = command.trim().replace(/#$/, '').split(',');
    switch (name.toUpperCase()) {
      case 'RELAY':
        if (args[0] === '1') return this.cut(true);
        if (args[0] === '0') return this.cut(false);
        return `Relay status: ${this.fuelCut ? 1 : 0}`;
      case 'DYD':
        return this.cut(true);
      case 'HFYD':
        return this.cut(false);
      case 'WHERE':
      case 'POSITION': {
        const lat = `${s.lat < 0 ? 'S' : 'N'}${Math.abs(s.lat).toFixed(6)}`;
        const lng = `${s.lng < 0 ? 'W' : 'E'}${Math.abs(s.lng).toFixed(6)}`;
        const at = s.time.toISOString().slice(0, 19).replace('T', ' ');
        return `Current position!Lat:${lat},Lon:${lng},Course:${s.heading.toFixed(2)},Speed:${s.speed.toFixed(2)},DateTime:${at}`;
      }
      case 'VERSION':
        return '[VERSION]GT06N_20_A1DE_D23_R0_V02';
      case 'STATUS':
        return (
          `Battery:${(s.batteryMv / 1000).toFixed(2)}V,Power:${(s.powerMv / 1000).toFixed(2)}V; GPRS:Link Up; ` +
          `GSM Signal Level:${['None', 'Weak', 'Low', 'Good', 'Strong'][gsmLevel(s.gsm)]}; ` +
          `GPS:${s.valid ? 'Successful positioning' : 'Positioning'}, SVS Used in fix:${s.satellites}(${s.satellites + 2}); ` +
          `ACC:${s.ignition ? 'ON' : 'OFF'}; Defense:${this.armed ? 'ON' : 'OFF'}`
        );
      case 'PARAM':
        return `IMEI:${this.imei}; TIMER:10,180; SENDS:5; HBT:3; SERVER:${this.server ?? ''}; Relay:${this.fuelCut ? 1 : 0}`;
      case 'SERVER':
        this.server = args.join(',');
        return 'OK!';
      case '111':
        this.armed = true;
        return 'OK!';
      case '000':
        this.armed = false;
        return 'OK!';
      default:
        return 'OK!';
    }
  }

  private cut(on: boolean): string {
    this.fuelCut = on;
    return on ? 'Cut off the fuel supply: Success!' : 'Restore fuel supply: Success!';
  }
}
