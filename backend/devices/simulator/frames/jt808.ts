/**
 * JT/T 808, device side: 0x0102 authentication, 0x0200 location reports, 0x0002 heartbeats and
 * 0x0001 general responses to commands; and a parser for what the server sends (0x8001 / 0x8100
 * replies, 0x8300 text commands, any other downlink message). The 2019 header (version byte,
 * 10-byte BCD phone) carries a 15-digit IMEI as the terminal number.
 */
import { SimulatorProtocolError, uintBytes } from './common.js';

export const AUTHENTICATE = 0x0102;
export const HEARTBEAT = 0x0002;
export const LOCATION = 0x0200;
export const TERMINAL_RESPONSE = 0x0001;
export const PLATFORM_RESPONSE = 0x8001;
export const TEXT_COMMAND = 0x8300;

/** Terminal number of an id: the digits, left-padded to 20 (2019 header). */
export const phoneOf = (id: string) => id.padStart(20, '0');

/** `7E | id | properties (2019 bit + body length) | version 1 | phone BCD 10 | serial | body | XOR | 7E`, escaped. */
export function buildMessage(id: number, phone: string, serial: number, body: Buffer): Buffer {
  const content = Buffer.concat([
    uintBytes(id, 2),
    uintBytes(0x4000 | body.length, 2),
    Buffer.from([1]),
    Buffer.from(phone, 'hex'),
    uintBytes(serial, 2),
    body,
  ]);
  const checked = Buffer.concat([content, Buffer.from([content.reduce((x, b) => x ^ b, 0)])]);
  const out: number[] = [0x7e];
  for (const b of checked) {
    if (b === 0x7e) out.push(0x7d, 0x02);
    else if (b === 0x7d) out.push(0x7d, 0x01);
    else out.push(b);
  }
  out.push(0x7e);
  return Buffer.from(out);
}

/** The server's 0x8001 to message `id` with `serial`: result 0, server serial 0. */
export function expectedResponse(phone: string, serial: number, id: number): Buffer {
  return buildMessage(PLATFORM_RESPONSE, phone, 0, Buffer.concat([uintBytes(serial, 2), uintBytes(id, 2), Buffer.from([0])]));
}

const bcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);

export interface Jt808Location {
  time: Date; // UTC; sent in GMT+8
  valid: boolean;
  lat: number;
  lng: number;
  altitude: number; // m
  speed: number; // km/h
  heading: number;
  ignition: boolean;
  odometer: number; // m
  gsm: number; // %
  satellites: number;
}

/** 0x0200 body: alarms, status, coordinates, BCD time, then odometer / signal / satellite items. */
export function locationBody(l: Jt808Location): Buffer {
  const status = (l.ignition ? 1 : 0) | (l.valid ? 2 : 0) | (l.lat < 0 ? 4 : 0) | (l.lng < 0 ? 8 : 0);
  const local = new Date(l.time.getTime() + 8 * 3600 * 1000);
  const time = [
    local.getUTCFullYear() % 100,
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
  ].map(bcd);
  return Buffer.concat([
    uintBytes(0, 4),
    uintBytes(status, 4),
    uintBytes(Math.round(Math.abs(l.lat) * 1e6), 4),
    uintBytes(Math.round(Math.abs(l.lng) * 1e6), 4),
    uintBytes(Math.max(0, Math.round(l.altitude)), 2),
    uintBytes(Math.round(l.speed * 10), 2),
    uintBytes(Math.round(l.heading) % 360, 2),
    Buffer.from(time),
    Buffer.from([0x01, 4]),
    uintBytes(Math.floor(l.odometer / 100), 4),
    Buffer.from([0x30, 1, Math.round((l.gsm * 31) / 100)]),
    Buffer.from([0x31, 1, l.satellites]),
  ]);
}

export interface ServerMessage {
  id: number;
  serial: number;
  body: Buffer;
  bytes: Buffer; // the frame as received
  checksumOk: boolean;
}

/** Cuts the server's stream at 7E delimiters and unescapes each message. */
export class Jt808ServerStream {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): ServerMessage[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: ServerMessage[] = [];
    for (;;) {
      if (this.buffer.length && this.buffer[0] !== 0x7e)
        throw new SimulatorProtocolError(`server frame does not start with 7E: ${this.buffer.subarray(0, 8).toString('hex')}`);
      const end = this.buffer.indexOf(0x7e, 1);
      if (end < 0) break;
      const bytes = Buffer.from(this.buffer.subarray(0, end + 1));
      this.buffer = this.buffer.subarray(end + 1);
      out.push(parse(bytes));
    }
    if (this.buffer.length > 4096) throw new SimulatorProtocolError('no 7E within 4096 bytes');
    return out;
  }
}

function parse(bytes: Buffer): ServerMessage {
  const content: number[] = [];
  for (let i = 1; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x7d) content.push(bytes[++i] === 0x02 ? 0x7e : 0x7d);
    else content.push(bytes[i]!);
  }
  const c = Buffer.from(content);
  if (c.length < 13) throw new SimulatorProtocolError(`server message of ${c.length} bytes`);
  const v2019 = (c.readUInt16BE(2) & 0x4000) !== 0;
  const at = v2019 ? 15 : 10; // serial
  const body = c.subarray(at + 2, c.length - 1);
  return { id: c.readUInt16BE(0), serial: c.readUInt16BE(at), body, bytes, checksumOk: c.subarray(0, -1).reduce((x, b) => x ^ b, 0) === c[c.length - 1] };
}
