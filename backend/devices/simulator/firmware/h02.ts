/** A Sinotrack-style H02 firmware: V1 reports, HTBT (or V0) heartbeats, V4 command replies. */
import {
  buildCommandReply,
  buildHeartbeat,
  buildV1,
  expectedHeartbeatReply,
  H02ServerStream,
  isV1Reply,
  parseCommand,
  REPLY_TYPES,
  statusWord,
  type H02Location,
} from '../frames/h02.js';
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

export interface H02FirmwareOptions {
  heartbeat?: 'HTBT' | 'V0'; // default HTBT
}

export class H02Firmware implements Firmware {
  readonly protocol = 'h02' as const;
  readonly maxRecordsPerFrame = 1;
  /** Fuel/power cut relay, switched by `S20,1,1` / `S20,1,0`. */
  fuelCut = false;
  armed = false;
  private readonly heartbeatType: 'HTBT' | 'V0';

  constructor(
    readonly imei: string,
    options: H02FirmwareOptions = {},
  ) {
    this.heartbeatType = options.heartbeat ?? 'HTBT';
  }

  /** H02 has no login: the first report identifies the device. */
  login(): undefined {
    return undefined;
  }

  private location(s: Snapshot): H02Location {
    return { time: s.time, valid: s.valid, lat: s.lat, lng: s.lng, speed: s.speed, heading: s.heading, status: statusWord({ ignition: s.ignition }) };
  }

  positions(snapshots: Snapshot[]): Outgoing {
    const id = this.imei;
    const ack = { expected: `*HQ,${id},V4,V1,<yyyyMMddHHmmss>#`, check: (reply: Buffer) => (isV1Reply(reply, id) ? 'ok' : 'mismatch') } as const;
    return { kind: 'position', bytes: buildV1(id, this.location(snapshots[0]!)), records: 1, ack };
  }

  heartbeat(s: Snapshot): Outgoing {
    const bytes = buildHeartbeat(this.imei, s.batteryPercent, this.heartbeatType);
    return { kind: 'heartbeat', bytes, records: 0, ack: exactAck(expectedHeartbeatReply(this.imei)) };
  }

  createParser(): ServerParser {
    const stream = new H02ServerStream();
    const id = this.imei;
    return {
      push(chunk: Buffer): ServerInput[] {
        return stream.push(chunk).map((frame): ServerInput => {
          if (REPLY_TYPES.has(frame.type)) return { kind: 'ack', bytes: frame.bytes };
          if (frame.type === 'R12') return { kind: 'ignored', bytes: frame.bytes, reason: 'R12 acknowledgement' };
          if (frame.id !== id) return { kind: 'ignored', bytes: frame.bytes, reason: `command for device ${frame.id}` };
          const command = parseCommand(frame);
          return { kind: 'command', command: { text: [command.name, ...command.params].join(','), time: command.time, frame: frame.bytes } };
        });
      },
    };
  }

  /** Echoes the command as `V4,<cmd>,<params>,<its time>` followed by the current location. */
  answer(command: ReceivedCommand, s: Snapshot): CommandAnswer {
    const [name = '', ...params] = (command.text ?? '').split(',');
    if (name.toUpperCase() === 'S20' && params[0] === '1') this.fuelCut = params[1] === '1';
    if (name.toUpperCase() === 'SCF') this.armed = params[0] === '0';
    const time = command.time ?? '000000';
    const bytes = buildCommandReply(this.imei, name, params, time, this.location(s));
    return { text: [name, ...params, time].join(','), reply: { kind: 'reply', bytes, records: 0 } };
  }
}
