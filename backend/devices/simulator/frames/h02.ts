/**
 * H02 (`*HQ` text), device side: V1 location reports, HTBT / V0 heartbeats and V4 command replies;
 * and a parser for what the server sends (`V4,V1,<time>` and `HTBT` replies, `*HQ,<id>,<cmd>,
 * <HHmmss>,<params>#` commands). Layouts: docs/device-protocols.md §3.
 */
import { KNOTS_TO_KMH } from '../../vocabulary.js';
import { SimulatorProtocolError, utcDdmmyy, utcHhmmss } from './common.js';

/**
 * `|value|` as degrees and minutes with 4 decimals: `DDMM.MMMM` (`degreeDigits` 2) or
 * `DDDMM.MMMM` (3). Rounded in 1/10000 minute so that 59.99996′ carries into the degrees.
 */
function degreesMinutes(value: number, degreeDigits: 2 | 3): string {
  const units = Math.round(Math.abs(value) * 60 * 10000); // 1/10000 minute
  const degrees = Math.floor(units / 600000);
  const minutes = units % 600000;
  const whole = Math.floor(minutes / 10000);
  const fraction = minutes % 10000;
  return `${String(degrees).padStart(degreeDigits, '0')}${String(whole).padStart(2, '0')}.${String(fraction).padStart(4, '0')}`;
}

export function formatLatitude(lat: number): [string, 'N' | 'S'] {
  return [degreesMinutes(lat, 2), lat < 0 ? 'S' : 'N'];
}

export function formatLongitude(lng: number): [string, 'E' | 'W'] {
  return [degreesMinutes(lng, 3), lng < 0 ? 'W' : 'E'];
}

/** The 32-bit status word: active-low alarm bits, all set = no alarm; bit 10 = ACC (active-high). */
export function statusWord(state: { ignition: boolean; sos?: boolean; powerCut?: boolean }): number {
  let word = 0xffffffff;
  if (!state.ignition) word &= ~(1 << 10);
  if (state.sos) word &= ~(1 << 1);
  if (state.powerCut) word &= ~(1 << 19);
  return word >>> 0;
}

export interface H02Location {
  time: Date; // UTC
  valid: boolean;
  lat: number;
  lng: number;
  speed: number; // km/h (sent as knots)
  heading: number; // degrees
  status: number; // see `statusWord`
}

/** `HHMMSS,A,DDMM.MMMM,N,DDDMM.MMMM,E,speed(knots),course,DDMMYY,status`. */
export function locationFields(loc: H02Location): string[] {
  const [lat, ns] = formatLatitude(loc.lat);
  const [lng, ew] = formatLongitude(loc.lng);
  const knots = (Math.max(0, loc.speed) / KNOTS_TO_KMH).toFixed(2);
  const course = String(Math.round(((loc.heading % 360) + 360) % 360) % 360);
  const status = (loc.status >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return [utcHhmmss(loc.time), loc.valid ? 'A' : 'V', lat, ns, lng, ew, knots, course, utcDdmmyy(loc.time), status];
}

function frame(fields: string[]): Buffer {
  return Buffer.from(`*${fields.join(',')}#`, 'latin1');
}

/** `*HQ,<id>,V1,<location>#`, the standard report. */
export function buildV1(id: string, loc: H02Location): Buffer {
  return frame(['HQ', id, 'V1', ...locationFields(loc)]);
}

/** `*HQ,<id>,HTBT,<battery %>#` (or `V0`): the heartbeat; the battery is optional. */
export function buildHeartbeat(id: string, battery?: number, type: 'HTBT' | 'V0' = 'HTBT'): Buffer {
  return frame(['HQ', id, type, ...(battery === undefined ? [] : [String(Math.round(battery))])]);
}

/**
 * `*HQ,<id>,V4,<cmd>,<params...>,<command HHmmss>,<location>#`: the answer to a command, with the
 * command's own time echoed and the current location after it.
 */
export function buildCommandReply(id: string, command: string, params: string[], commandTime: string, loc: H02Location): Buffer {
  return frame(['HQ', id, 'V4', command, ...params, commandTime, ...locationFields(loc)]);
}

// ---- what the server sends ------------------------------------------------------------------

/** The reply to a heartbeat the spec requires: `*HQ,<id>,HTBT#`. */
export function expectedHeartbeatReply(id: string): Buffer {
  return Buffer.from(`*HQ,${id},HTBT#`, 'latin1');
}

/**
 * Whether `reply` is the answer the spec requires to a V1 report: `*HQ,<id>,V4,V1,<yyyyMMddHHmmss>#`
 * with this device's id and a real UTC date/time (the server's clock, so not compared to ours).
 */
export function isV1Reply(reply: Buffer, id: string): boolean {
  const m = /^\*HQ,([^,]*),V4,V1,(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)#$/.exec(reply.toString('latin1'));
  if (!m || m[1] !== id) return false;
  const [year, month, day, hour, minute, second] = m.slice(2).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    at.getUTCFullYear() === year &&
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    at.getUTCHours() === hour &&
    at.getUTCMinutes() === minute &&
    at.getUTCSeconds() === second
  );
}

export interface H02ServerFrame {
  bytes: Buffer; // `*...#`
  id: string;
  type: string; // V4, HTBT, R12, or a command name (S20, SCF, S71, D1...)
  fields: string[]; // after the type
}

/** Server messages that answer something the device sent, rather than asking for something. */
export const REPLY_TYPES = new Set(['V4', 'HTBT']);

/** Cuts the server's stream into `*...#` frames (line breaks between frames are skipped). */
export class H02ServerStream {
  private buffer = '';

  constructor(private readonly maxFrame = 1024) {}

  push(chunk: Buffer): H02ServerFrame[] {
    this.buffer += chunk.toString('latin1');
    const frames: H02ServerFrame[] = [];
    for (;;) {
      this.buffer = this.buffer.replace(/^[\r\n]+/, '');
      if (this.buffer.length === 0) break;
      if (this.buffer[0] !== '*') throw new SimulatorProtocolError(`server text does not start with *: ${JSON.stringify(this.buffer.slice(0, 20))}`);
      const end = this.buffer.indexOf('#');
      if (end < 0) {
        if (this.buffer.length > this.maxFrame) throw new SimulatorProtocolError(`no # within ${this.maxFrame} characters`);
        break;
      }
      const text = this.buffer.slice(0, end + 1);
      this.buffer = this.buffer.slice(end + 1);
      frames.push(parseServerText(text));
    }
    return frames;
  }
}

export function parseServerText(text: string): H02ServerFrame {
  const parts = text.slice(1, -1).split(',');
  if (parts.length < 3 || parts[0]!.toUpperCase() !== 'HQ') throw new SimulatorProtocolError(`not a *HQ frame: ${text}`);
  return { bytes: Buffer.from(text, 'latin1'), id: parts[1]!, type: parts[2]!.toUpperCase(), fields: parts.slice(3) };
}

export interface H02Command {
  name: string; // S20, SCF, S71, D1, S23...
  time: string; // the server's HHmmss, echoed in the reply
  params: string[];
}

/** A command frame `*HQ,<id>,<cmd>,<HHmmss>,<params...>#`. */
export function parseCommand(frame: H02ServerFrame): H02Command {
  const [time = '', ...params] = frame.fields;
  if (!/^\d{6}$/.test(time)) throw new SimulatorProtocolError(`command ${frame.type} without its HHmmss time`);
  return { name: frame.type, time, params };
}
