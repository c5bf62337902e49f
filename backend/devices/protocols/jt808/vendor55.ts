/**
 * Vendor 0x5501 / 0x5502 reports some JT808 firmwares send on the same port: the JT808 framing
 * with a u8 serial, and an H02-like BCD body: `DDMMYY hhmmss (UTC) | lat DDMMmmmm | lon DDDMMmmmm
 * + flags nibble (2: north, 4: east) | u8 speed knots | u8 course / 2 | …`. 0x5502 carries fixes the
 * unit marks as not valid (as the reference decoder reads them). A report whose properties have
 * bit 15 set is answered `4401 | 0003 | phone | 01 | its id | 00`.
 */
import { emptyState, KNOTS_TO_KMH, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';
import type { FrameIntegrity } from '../types.js';
import { escapeFrame } from './frame.js';

export const VENDOR_REPORTS = new Set([0x5501, 0x5502]);

export interface VendorReport {
  phone: string;
  record: PositionRecord;
  reply?: Buffer;
  integrity: FrameIntegrity;
}

const digits = (r: ByteReader, n: number, what: string) => r.bytes(n, what).toString('hex');

export function decodeVendorReport(content: Buffer): VendorReport {
  const r = new ByteReader(content, 'jt808', 0, Math.max(0, content.length - 1));
  const id = r.u16('message id');
  const properties = r.u16('properties');
  const phone = digits(r, 6, 'phone');
  r.skip(1, 'serial');
  const stated = properties & 0x3ff;
  const time = digits(r, 6, 'BCD time'); // DDMMYYhhmmss
  const lat = digits(r, 4, 'latitude'); // DDMMmmmm
  const lon = digits(r, 5, 'longitude'); // DDDMMmmmm + flags
  if (!/^\d{12}$/.test(time) || !/^\d{8}$/.test(lat) || !/^\d{9}/.test(lon)) throw new DecodeError('jt808', `0x${id.toString(16)} report is not BCD`);
  const [dd, mo, yy, hh, mi, ss] = [0, 2, 4, 6, 8, 10].map((at) => Number(time.slice(at, at + 2))) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) throw new DecodeError('jt808', 'report with an impossible time');
  const flags = parseInt(lon[9]!, 16);
  const latitude = Number(lat.slice(0, 2)) + Number(lat.slice(2)) / 10000 / 60;
  const longitude = Number(lon.slice(0, 3)) + Number(lon.slice(3, 9)) / 10000 / 60;
  const speed = r.u8('speed') * KNOTS_TO_KMH;
  const heading = r.u8('course') * 2;
  const record: PositionRecord = {
    ...emptyState(),
    time: new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss)),
    valid: id === 0x5501,
    lat: flags & 0x2 ? latitude : -latitude,
    lng: flags & 0x4 ? longitude : -longitude,
    speed,
    heading,
  };
  let xor = 0;
  for (let i = 0; i < content.length - 1; i++) xor ^= content[i]!;
  const integrity = { crcOk: xor === content[content.length - 1], lengthOk: stated === content.length - 12 };
  if (!(properties & 0x8000)) return { phone, record, integrity };
  const reply = Buffer.concat([Buffer.from([0x44, 0x01, 0x00, 0x03]), Buffer.from(phone, 'hex'), Buffer.from([0x01, id >> 8, id & 0xff, 0x00, 0x00])]);
  let check = 0;
  for (let i = 0; i < reply.length - 1; i++) check ^= reply[i]!;
  reply[reply.length - 1] = check;
  return { phone, record, reply: escapeFrame(reply), integrity };
}
