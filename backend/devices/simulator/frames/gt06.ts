/**
 * GT06 (Concox), device side: login 0x01, location 0x12, status/heartbeat 0x13 and command reply
 * 0x15 frames, each with the device's serial and CRC-16/X-25; and a parser for what the server
 * sends (the `78 78 05 P serial CRC 0D 0A` ACKs and 0x80 online commands). Layouts: docs/device-protocols.md §2.
 */
import { crc16X25 } from '../../protocols/crc.js';
import { clampInt, SimulatorProtocolError, uintBytes } from './common.js';

export const LOGIN = 0x01;
export const LOCATION = 0x12;
export const STATUS = 0x13;
export const COMMAND_REPLY = 0x15;
export const ONLINE_COMMAND = 0x80;

/** `7878 L | P | content | serial | CRC | 0D0A` (7979 with a u16 L); CRC over L..serial. */
export function buildGt06Frame(type: number, content: Buffer, serial: number, extended = false): Buffer {
  const length = 1 + content.length + 4; // P + content + serial + CRC
  if (!extended && length > 0xff) throw new RangeError('content too long for a 7878 frame');
  const head = extended ? Buffer.from([0x79, 0x79, length >> 8, length & 0xff]) : Buffer.from([0x78, 0x78, length]);
  const body = Buffer.concat([head, Buffer.from([type]), content, uintBytes(serial, 2)]);
  return Buffer.concat([body, uintBytes(crc16X25(body.subarray(2)), 2), Buffer.from([0x0d, 0x0a])]);
}

/** The IMEI as 8 BCD bytes: a leading 0 nibble, then the 15 digits. */
export function bcdImei(imei: string): Buffer {
  if (!/^\d{1,16}$/.test(imei)) throw new RangeError(`IMEI ${imei} is not 1–16 digits`);
  return Buffer.from(imei.padStart(16, '0'), 'hex');
}

export interface LoginOptions {
  typeCode?: number; // u16 model code; older devices omit it
  timezone?: number; // u16 timezone/language word (only sent after a type code)
}

/** 0x01: terminal id, then optionally the type code and the timezone/language word. */
export function buildLogin(imei: string, serial: number, options: LoginOptions = {}): Buffer {
  const parts = [bcdImei(imei)];
  if (options.typeCode !== undefined) {
    parts.push(uintBytes(options.typeCode, 2));
    if (options.timezone !== undefined) parts.push(uintBytes(options.timezone, 2));
  }
  return buildGt06Frame(LOGIN, Buffer.concat(parts), serial);
}

export interface Gt06Gps {
  time: Date; // sent as UTC
  satellites: number; // 0–15
  lat: number;
  lng: number;
  speed: number; // km/h, 0–255
  heading: number; // degrees
  positioned: boolean; // GPS fixed
  ignition?: boolean; // bits 14/15 of course/status (a vendor extension); absent: not sent
}

/** Course/status word: course bits 0–9, north bit 10, west bit 11, positioned bit 12, ACC 14/15. */
export function courseStatus(gps: Pick<Gt06Gps, 'lat' | 'lng' | 'heading' | 'positioned' | 'ignition'>): number {
  let word = clampInt(gps.heading, 0, 359) & 0x03ff;
  if (gps.lat >= 0) word |= 0x0400;
  if (gps.lng < 0) word |= 0x0800;
  if (gps.positioned) word |= 0x1000;
  if (gps.ignition !== undefined) word |= 0x4000 | (gps.ignition ? 0x8000 : 0);
  return word;
}

/** The 18-byte GPS block: `YY MM DD hh mm ss`, info, lat, lon, speed, course/status. */
export function gpsBlock(gps: Gt06Gps): Buffer {
  const t = gps.time;
  const block = Buffer.alloc(18);
  block.set([t.getUTCFullYear() % 100, t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()], 0);
  block.writeUInt8(0xc0 | clampInt(gps.satellites, 0, 15), 6); // GPS info length 12, satellites
  block.writeUInt32BE(Math.round(Math.abs(gps.lat) * 1_800_000), 7);
  block.writeUInt32BE(Math.round(Math.abs(gps.lng) * 1_800_000), 11);
  block.writeUInt8(clampInt(gps.speed, 0, 255), 15);
  block.writeUInt16BE(courseStatus(gps), 16);
  return block;
}

export interface Gt06Cell {
  mcc: number;
  mnc: number; // sent as u8 (below 256)
  lac: number;
  cid: number; // u24
}

/** The 8-byte LBS block: `u16 MCC, u8 MNC, u16 LAC, u24 cell id`. */
export function lbsBlock(cell: Gt06Cell): Buffer {
  const block = Buffer.alloc(8);
  block.writeUInt16BE(cell.mcc & 0x7fff, 0);
  block.writeUInt8(cell.mnc & 0xff, 2);
  block.writeUInt16BE(cell.lac & 0xffff, 3);
  block.writeUIntBE(cell.cid & 0xffffff, 5, 3);
  return block;
}

/** What follows GPS + LBS in a 0x12 frame: nothing, the 3 upload bytes, or a u32 odometer. */
export type LocationTail = { kind: 'none' } | { kind: 'flags'; acc: boolean; uploadMode: number; reupload: boolean } | { kind: 'odometer'; meters: number };

/** 0x12 location: GPS block + LBS block (+ tail). */
export function buildLocation(gps: Gt06Gps, cell: Gt06Cell, serial: number, tail: LocationTail = { kind: 'none' }): Buffer {
  const parts = [gpsBlock(gps), lbsBlock(cell)];
  if (tail.kind === 'flags') parts.push(Buffer.from([tail.acc ? 1 : 0, tail.uploadMode & 0xff, tail.reupload ? 1 : 0]));
  if (tail.kind === 'odometer') parts.push(uintBytes(Math.max(0, Math.round(tail.meters)), 4));
  return buildGt06Frame(LOCATION, Buffer.concat(parts), serial);
}

export interface TerminalInfo {
  fuelCut: boolean; // bit 7: oil/electricity cut
  gpsTracking: boolean; // bit 6
  alarm: number; // bits 3–5 (0 = none)
  charging: boolean; // bit 2: external power connected
  acc: boolean; // bit 1
  armed: boolean; // bit 0: defence activated
}

export function terminalInfoByte(info: TerminalInfo): number {
  return (
    (info.fuelCut ? 0x80 : 0) |
    (info.gpsTracking ? 0x40 : 0) |
    ((info.alarm & 0x07) << 3) |
    (info.charging ? 0x04 : 0) |
    (info.acc ? 0x02 : 0) |
    (info.armed ? 0x01 : 0)
  );
}

export interface Gt06Status {
  terminalInfo: number; // see `terminalInfoByte`
  voltageLevel: number; // 0 (none) – 6 (full)
  gsmLevel: number; // 0 (none) – 4 (strong)
  alarm: number; // alarm code, 0 = normal
  language: number; // 0x01 Chinese, 0x02 English
}

/** 0x13 status / heartbeat: terminal info, voltage level, GSM level, alarm, language. */
export function buildStatus(status: Gt06Status, serial: number): Buffer {
  const content = Buffer.from([status.terminalInfo, status.voltageLevel, status.gsmLevel, status.alarm, status.language]);
  return buildGt06Frame(STATUS, content, serial);
}

/** 0x15 command reply: `u8 (4 + text length)`, the server flag echoed, ASCII text (+ u16 language). */
export function buildCommandReply(serverFlag: number, text: string, serial: number, language?: number): Buffer {
  const ascii = Buffer.from(text, 'latin1');
  if (ascii.length > 240) throw new RangeError('reply text too long for a 7878 frame');
  const parts = [Buffer.from([4 + ascii.length]), uintBytes(serverFlag >>> 0, 4), ascii];
  if (language !== undefined) parts.push(uintBytes(language, 2));
  return buildGt06Frame(COMMAND_REPLY, Buffer.concat(parts), serial);
}

// ---- what the server sends ------------------------------------------------------------------

/** The ACK the spec requires: `78 78 05 P <serial> <CRC> 0D 0A`, echoing the frame's type and serial. */
export function expectedAck(type: number, serial: number): Buffer {
  return buildGt06Frame(type, Buffer.alloc(0), serial);
}

export interface Gt06ServerFrame {
  bytes: Buffer;
  extended: boolean;
  type: number;
  content: Buffer; // between the type and the serial
  serial: number;
  crcOk: boolean;
}

/** Cuts the server's byte stream into 7878/7979 frames. Throws on bytes that are not a frame. */
export class Gt06ServerStream {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Gt06ServerFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Gt06ServerFrame[] = [];
    for (;;) {
      const buf = this.buffer;
      if (buf.length < 2) break;
      const extended = buf[0] === 0x79 && buf[1] === 0x79;
      if (!extended && !(buf[0] === 0x78 && buf[1] === 0x78)) {
        throw new SimulatorProtocolError(`server frame starts ${buf.subarray(0, 2).toString('hex')}, not 7878/7979`);
      }
      if (buf.length < (extended ? 4 : 3)) break;
      const size = extended ? buf.readUInt16BE(2) + 6 : buf[2]! + 5;
      if (buf.length < size) break;
      const frame = Buffer.from(buf.subarray(0, size));
      this.buffer = buf.subarray(size);
      frames.push(parseServerFrame(frame));
    }
    return frames;
  }
}

/** One whole server frame cut into its parts. */
export function parseServerFrame(frame: Buffer): Gt06ServerFrame {
  const extended = frame[0] === 0x79;
  const typeAt = extended ? 4 : 3;
  if (frame.length < typeAt + 7 || frame[frame.length - 2] !== 0x0d || frame[frame.length - 1] !== 0x0a) {
    throw new SimulatorProtocolError(`server frame ${frame.toString('hex')} does not end in 0D0A where its length says`);
  }
  const crcAt = frame.length - 4;
  return {
    bytes: frame,
    extended,
    type: frame[typeAt]!,
    content: frame.subarray(typeAt + 1, crcAt - 2),
    serial: frame.readUInt16BE(crcAt - 2),
    crcOk: frame.readUInt16BE(crcAt) === crc16X25(frame.subarray(2, crcAt)),
  };
}

export interface Gt06OnlineCommand {
  serverFlag: number; // echoed in the reply
  command: Buffer; // usually ASCII such as `RELAY,1#`
  language?: number; // trailing u16 when the server sent one
}

/** 0x80 content: `u8 (4 + length)`, `u32 server flag`, command, optional `u16` language. */
export function parseOnlineCommand(content: Buffer): Gt06OnlineCommand {
  if (content.length < 5) throw new SimulatorProtocolError('0x80 command too short');
  const length = content[0]! - 4;
  if (length < 0 || 5 + length > content.length) throw new SimulatorProtocolError(`0x80 command length ${content[0]} does not fit`);
  const command = Buffer.from(content.subarray(5, 5 + length));
  const rest = content.length - 5 - length;
  const result: Gt06OnlineCommand = { serverFlag: content.readUInt32BE(1), command };
  if (rest === 2) result.language = content.readUInt16BE(5 + length);
  return result;
}
