/**
 * Meitrack, device side: `$$<flag><length>,<imei>,<command>,<data>*<checksum>\r\n` frames (the IMEI in
 * each, no login). Positions go as CCC binary batches (52-byte little-endian records, answered
 * `@@<flag><length>,<imei>,CCC,<count>*XX\r\n`), heartbeats as AAC (echoed back); the server's `@@`
 * frames are cut at CR LF.
 */
import { clampInt, SimulatorProtocolError } from './common.js';
import type { Snapshot } from '../firmware/types.js';

const EPOCH_2000 = Date.UTC(2000, 0, 1);

/** Two upper-case hex digits of the 8-bit sum of every byte before them. */
export function checksum(bytes: Buffer): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** One frame: `lead` is `$$` (device) or `@@` (server); the length runs from the comma after it through CR LF. */
export function frame(lead: '$$' | '@@', flag: string, imei: string, command: string, data: Buffer): Buffer {
  const rest = Buffer.concat([Buffer.from(`,${imei},${command}${data.length ? ',' : ''}`, 'latin1'), data]);
  const head = Buffer.concat([Buffer.from(`${lead}${flag}${rest.length + 5}`, 'latin1'), rest, Buffer.from('*', 'latin1')]);
  return Buffer.concat([head, Buffer.from(`${checksum(head)}\r\n`, 'latin1')]);
}

/** One 52-byte CCC record: event 35 (interval), fix, time, satellites, GSM 0–31, speed, course, HDOP, altitude, odometer, cell, voltages. */
export function cccRecord(s: Snapshot): Buffer {
  const r = Buffer.alloc(52);
  r.writeUInt8(35, 0);
  r.writeInt32LE(Math.round(s.lat * 1e6), 1);
  r.writeInt32LE(Math.round(s.lng * 1e6), 5);
  r.writeUInt32LE(Math.floor((s.time.getTime() - EPOCH_2000) / 1000), 9);
  r.writeUInt8(s.valid ? 1 : 0, 13);
  r.writeUInt8(clampInt(s.satellites, 0, 255), 14);
  r.writeUInt8(clampInt((s.gsm * 31) / 100, 0, 31), 15);
  r.writeUInt16LE(clampInt(s.speed, 0, 0xffff), 16);
  r.writeUInt16LE(clampInt(s.heading, 0, 359), 18);
  r.writeUInt16LE(10, 20); // HDOP 1.0
  r.writeInt16LE(clampInt(s.altitude, -32768, 32767), 22);
  r.writeUInt32LE(clampInt(s.odometer, 0, 0xffffffff), 24);
  r.writeUInt16LE(s.cell.mcc, 32);
  r.writeUInt16LE(s.cell.mnc, 34);
  r.writeUInt16LE(s.cell.lac & 0xffff, 36);
  r.writeUInt16LE(s.cell.cid & 0xffff, 38);
  r.writeUInt16LE(s.ignition ? 0x0001 : 0, 40);
  r.writeUInt16LE(clampInt(s.batteryMv / 10, 0, 0xffff), 44);
  r.writeUInt16LE(clampInt(s.powerMv / 10, 0, 0xffff), 46);
  return r;
}

/** CCC: u16 protocol 0x0002, u16 record size 52, u32 records left in the unit (0), then the records. */
export function ccc(flag: string, imei: string, snapshots: Snapshot[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(2, 0);
  head.writeUInt16LE(52, 2);
  return frame('$$', flag, imei, 'CCC', Buffer.concat([head, ...snapshots.map(cccRecord)]));
}

export interface ServerFrame {
  flag: string;
  imei: string;
  command: string;
  data: string;
  bytes: Buffer;
}

/** Cuts the server's `@@` frames at CR LF and checks their length and checksum. */
export class MeitrackServerStream {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): ServerFrame[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: ServerFrame[] = [];
    for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
      const bytes = this.buffer.subarray(0, end + 2);
      this.buffer = this.buffer.subarray(end + 2);
      out.push(parse(Buffer.from(bytes)));
    }
    if (this.buffer.length > 2048) throw new SimulatorProtocolError('no CR LF within 2048 bytes');
    return out;
  }
}

function parse(bytes: Buffer): ServerFrame {
  const text = bytes.toString('latin1');
  const m = /^@@([\x21-\x7e])(\d{1,5}),([0-9A-Za-z]+),([0-9A-Z]{3})(?:,(.*))?\*([0-9A-F]{2})\r\n$/s.exec(text);
  if (!m) throw new SimulatorProtocolError(`not a Meitrack server frame: ${JSON.stringify(text.slice(0, 80))}`);
  const [, flag, length, imei, command, data, sum] = m as unknown as [string, string, string, string, string, string | undefined, string];
  if (Number(length) !== bytes.length - 2 - length.length - 1) throw new SimulatorProtocolError(`Meitrack frame states ${length} bytes`);
  if (checksum(bytes.subarray(0, bytes.length - 4)) !== sum) throw new SimulatorProtocolError('Meitrack frame checksum wrong');
  return { flag, imei, command, data: data ?? '', bytes };
}
