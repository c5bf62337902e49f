import { emptyState, type DeviceMessage, type PositionRecord } from '../../vocabulary.js';
import { crc16Kermit } from '../crc.js';
import { printableText } from '../encoding.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';
import { buildServerFrame } from './encoder.js';

const RECORDS = 1;
const EXTENDED_RECORDS = 68;
const IDENTIFICATION = 15;
const SMS_VIA_GPRS_RESPONSE = 7;

const ACK_RECORDS = buildServerFrame(100, Buffer.from([1])); // positive
const ACK_IDENTIFICATION = buildServerFrame(115, Buffer.from([1]));

/** IO ids with a place in the shared vocabulary; every IO value is also kept as `io<id>`. */
const IO_POWER_MV = 29;
const IO_BATTERY_MV = 30;
const IO_ODOMETER_M = 65;

interface Record_ {
  stamp: string; // timestamp + extension: records that share it are parts of one position
  part: number; // record extension index (68), 0 for the first part
  record: PositionRecord;
}

/**
 * One record: `u32 time | u8 time extension | [u8 record extension] | u8 priority | i32 lon | i32 lat
 * (1e-7°) | u16 altitude 0.1 m | u16 angle 0.01° | u8 satellites | u16 speed km/h | u8 HDOP 0.1 |
 * event (u8; u16 extended) | IO groups of 1-, 2-, 4- and 8-byte values (u8 count, (id, value)…; ids u16 extended)`.
 */
function readRecord(r: ByteReader, extended: boolean): Record_ {
  const seconds = r.u32('timestamp');
  const stampExtension = r.u8('timestamp extension');
  const part = extended ? r.u8('record extension') & 0x0f : 0;
  r.skip(1, 'priority');
  const lng = r.i32('longitude') / 1e7;
  const lat = r.i32('latitude') / 1e7;
  const altitude = r.u16('altitude') / 10;
  const heading = r.u16('angle') / 100;
  const satellites = r.u8('satellites');
  const speed = r.u16('speed'); // km/h
  const hdop = r.u8('HDOP') / 10;
  const event = extended ? r.u16('event') : r.u8('event');
  const record: PositionRecord = {
    ...emptyState(),
    time: new Date(seconds * 1000),
    valid: satellites >= 3,
    lat,
    lng,
    speed,
    heading,
    altitude,
    satellites,
  };
  Object.assign(record.attributes, { hdop, event });
  readIo(r, record, extended);
  return { stamp: `${seconds}.${stampExtension}`, part, record };
}

function readIo(r: ByteReader, record: PositionRecord, extended: boolean): void {
  for (const width of [1, 2, 4, 8] as const) {
    const count = r.u8('IO count');
    for (let i = 0; i < count; i++) {
      const id = extended ? r.u16('IO id') : r.u8('IO id');
      const value = width === 8 ? r.u64('IO value') : width === 4 ? r.u32('IO value') : width === 2 ? r.u16('IO value') : r.u8('IO value');
      const number = typeof value === 'bigint' ? (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined) : value;
      record.attributes[`io${id}`] = number ?? value.toString();
      if (number === undefined) continue;
      if (id === IO_POWER_MV) record.powerVoltage = number / 1000;
      else if (id === IO_BATTERY_MV) record.batteryVoltage = number / 1000;
      else if (id === IO_ODOMETER_M) record.odometer = number;
    }
  }
}

/** Records of command 1 / 68: `u8 records left | u8 count | records`; parts of one position are merged. */
function readRecords(r: ByteReader, extended: boolean): PositionRecord[] {
  r.skip(1, 'records left');
  const count = r.u8('record count');
  const positions: PositionRecord[] = [];
  let last: Record_ | undefined;
  for (let i = 0; i < count; i++) {
    const next = readRecord(r, extended);
    if (last && next.part > 0 && next.stamp === last.stamp) {
      Object.assign(last.record.attributes, next.record.attributes, { event: last.record.attributes.event });
      for (const key of ['powerVoltage', 'batteryVoltage', 'odometer'] as const) {
        const value = next.record[key];
        if (last.record[key] === undefined && value !== undefined) last.record[key] = value;
      }
      continue;
    }
    positions.push(next.record);
    last = next;
  }
  return positions;
}

/** Ruptela decoder for one connection: every packet carries the IMEI; one login per IMEI. */
export class RuptelaDecoder implements ProtocolDecoder {
  private imei: string | undefined;

  decode(frame: Buffer, _context: DecodeContext): DecodeResult {
    if (frame.length < 13) throw new DecodeError('ruptela', `frame of ${frame.length} bytes is shorter than its header`);
    const stated = frame.readUInt16BE(0);
    const end = frame.length - 2;
    const integrity = { lengthOk: stated + 4 === frame.length, crcOk: crc16Kermit(frame.subarray(2, end)) === frame.readUInt16BE(end) };
    const r = new ByteReader(frame, 'ruptela', 2, end);
    const imei = r.u64('IMEI').toString();
    const command = r.u8('command');
    const messages: DeviceMessage[] = [];
    if (imei !== this.imei) {
      this.imei = imei;
      messages.push({ type: 'login', imei });
    }
    switch (command) {
      case RECORDS:
      case EXTENDED_RECORDS:
        for (const record of readRecords(r, command === EXTENDED_RECORDS)) {
          // No fix yet: coordinates 0x80000000 (and every GPS field at its maximum), the clock often unset:
          // a status, not a position.
          if (Math.abs(record.lat) > 90 || Math.abs(record.lng) > 180 || (record.lat === 0 && record.lng === 0)) {
            const {
              time,
              valid: _valid,
              lat: _lat,
              lng: _lng,
              speed: _speed,
              heading: _heading,
              altitude: _altitude,
              satellites: _satellites,
              ...state
            } = record;
            messages.push({ type: 'status', record: time.getTime() >= Date.UTC(2001, 0, 1) ? { ...state, time } : state });
          } else messages.push({ type: 'position', record });
        }
        return { messages, reply: ACK_RECORDS, integrity };
      case IDENTIFICATION:
        return { messages, reply: ACK_IDENTIFICATION, integrity };
      case SMS_VIA_GPRS_RESPONSE: {
        const bytes = r.bytes(r.remaining, 'response');
        const text = printableText(bytes);
        messages.push(text !== undefined ? { type: 'command_reply', text } : { type: 'command_reply', hex: bytes.toString('hex') });
        return { messages, integrity };
      }
      default:
        return { messages, integrity }; // files, tachograph, Dallas data…: not decoded, not answered
    }
  }
}
