import { emptyState, type DeviceMessage, type PositionRecord, type StatusRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';

export interface BinaryReport {
  id: string; // device id as the binary forms carry it (see `binaryId`)
  messages: DeviceMessage[];
  reply?: undefined; // binary reports are not answered
}

/** `+RSP` report types with extra fields (docs: protocols/README.md, Queclink binary). */
const RSP_LCB = 3; // with the phone number that asked
const RSP_GEO = 8; // two reserved bytes after the supply
const RSP_COMPRESSED = 100; // a compressed track (delta-coded points)

/** `+EVT` event types and the bytes of their own fields before the GPS block. */
const EVENT_EXTRA: Record<number, number> = { 6: 2, 45: 7, 46: 7, 15: 3, 17: 4, 21: 5, 26: 12, 31: 2, 35: 1, 33: 1, 23: 1, 34: 3 };

/** `+INF` types with extra fields. */
const INF_VER = 6;
const INF_BAT = 7;
const INF_CSQ = 5;
const INF_GIR = 10;

/** The IMEI field of +RSP/+EVT/+INF: 8 bytes read as one unsigned number, written in decimal (at least 15 digits). */
function binaryId(r: ByteReader): string {
  return r.u64('IMEI').toString().padStart(15, '0');
}

/** `u16 year, u8 month, day, hour, minute, second`, UTC; undefined when no real date. */
function readTime(r: ByteReader): Date | undefined {
  const [y, mo, d, h, mi, s] = [r.u16('year'), r.u8('month'), r.u8('day'), r.u8('hour'), r.u8('minute'), r.u8('second')];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return y >= 2000 && y < 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? date : undefined;
}

/** The 30-byte GPS block: hdop, speed 0.1 km/h (u24), course, altitude m, lon/lat 1e-6°, time, cell, reserved. */
function readFix(r: ByteReader, state: { batteryLevel: number; power: number; satellites: number }): PositionRecord | undefined {
  const hdop = r.u8('hdop');
  const speed = r.u24('speed') / 10;
  const heading = r.u16('course');
  const altitude = r.i16('altitude');
  const lng = r.i32('longitude') / 1e6;
  const lat = r.i32('latitude') / 1e6;
  const time = readTime(r);
  const [mcc, mnc, lac, cid] = [r.u16('mcc'), r.u16('mnc'), r.u16('lac'), r.u16('cell id')];
  r.u8('reserved');
  if (!time || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  return {
    ...emptyState(),
    time,
    valid: hdop > 0, // 0: no fix, the coordinates are the last known
    lat,
    lng,
    speed,
    heading,
    altitude,
    satellites: state.satellites,
    batteryLevel: Math.min(state.batteryLevel, 100),
    powerVoltage: state.power / 1000, // mV
    attributes: { hdop, mcc, mnc, lac, cid },
  };
}

/** A compressed track: the first point in full, the next as deltas; one second apart. */
function readCompressed(r: ByteReader): PositionRecord[] {
  const count = r.u16('point count');
  const points: PositionRecord[] = [];
  let [speed, heading, lat, lng, time] = [0, 0, 0, 0, 0];
  for (let i = 0; i < count; i++) {
    if (time > 0) time += 1;
    const kind = (r.peek() ?? 0) >> 6;
    if (kind === 1) {
      const bits = r.bytes(3, 'full point').readUIntBE(0, 3); // 2 attribute, 1 fix type, 12 speed, 9 course
      speed = (bits >> 9) & 0xfff;
      heading = bits & 0x1ff;
      lng = r.i32('longitude');
      lat = r.i32('latitude');
      if (time === 0) time = r.u32('time');
    } else if (kind === 2) {
      const bytes = r.bytes(5, 'delta point');
      const bits = (BigInt(bytes.readUInt8(0)) << 32n) | BigInt(bytes.readUInt32BE(1)); // 2, 1, 7 speed, 7 course, 12 lon, 11 lat
      const signed = (shift: number, width: number) => {
        const value = Number((bits >> BigInt(shift)) & ((1n << BigInt(width)) - 1n));
        return value >= 1 << (width - 1) ? value - (1 << width) : value;
      };
      speed += signed(30, 7);
      heading += signed(23, 7);
      lng += signed(11, 12);
      lat += signed(0, 11);
    } else {
      r.u8('invalid or repeated point');
      continue;
    }
    if (time === 0) continue;
    points.push({ ...emptyState(), time: new Date(time * 1000), valid: true, lat: lat / 1e6, lng: lng / 1e6, speed: speed / 10, heading });
  }
  return points.filter((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180);
}

/** `+RSP`/`+BSP`: type, u32 mask, u16 length, device type, protocol version, firmware, IMEI, battery %, supply mV, …, fixes. */
function decodeLocation(r: ByteReader): BinaryReport {
  const type = r.u8('type');
  r.skip(4 + 2 + 1 + 2 + 2, 'header');
  const id = binaryId(r);
  const state = { batteryLevel: r.u8('battery'), power: r.u16('supply'), satellites: 0 };
  if (type === RSP_GEO) r.skip(2, 'reserved');
  r.u8('motion');
  state.satellites = r.u8('satellites');
  if (type !== RSP_COMPRESSED) r.u8('index');
  if (type === RSP_LCB) {
    r.u8('phone length');
    for (;;) {
      const b = r.u8('phone digits'); // BCD, ends with an F nibble
      if ((b & 0x0f) === 0x0f || (b & 0xf0) === 0xf0) break;
    }
  }
  const messages: DeviceMessage[] = [];
  if (type === RSP_COMPRESSED) {
    for (const record of readCompressed(r)) messages.push({ type: 'position', record });
  } else {
    const count = r.u8('fix count');
    for (let i = 0; i < count; i++) {
      const record = readFix(r, state);
      if (record) messages.push({ type: 'position', record });
    }
  }
  return { id, messages };
}

/** `+EVT`/`+BVT`: like a report with one fix, after the event's own fields. */
function decodeEvent(r: ByteReader): BinaryReport {
  const type = r.u8('type');
  r.skip(4 + 2 + 1 + 2, 'header');
  const firmware = r.u16('firmware');
  const id = binaryId(r);
  const state = { batteryLevel: r.u8('battery'), power: r.u16('supply'), satellites: 0 };
  r.u8('motion');
  state.satellites = r.u8('satellites');
  r.skip(EVENT_EXTRA[type] ?? 0, 'event fields');
  r.u8('count');
  const record = readFix(r, state);
  const messages: DeviceMessage[] = [];
  if (record) {
    record.attributes.firmware = firmware.toString(16);
    if (type === 45) record.ignition = true; // VGN: virtual ignition on
    if (type === 46) record.ignition = false;
    messages.push({ type: 'position', record });
  }
  return { id, messages };
}

/** `+INF`/`+BNF`: device information, no fix: a status (battery and signal where the type has them). */
function decodeInformation(r: ByteReader): BinaryReport {
  const type = r.u8('type');
  r.skip(4 + 2, 'header');
  const id = binaryId(r);
  r.skip(1 + 2, 'device type, protocol version');
  const firmware = r.u16('firmware');
  if (type === INF_VER) r.skip(6, 'versions');
  r.skip(2, 'motion, reserved');
  const record: StatusRecord = { ...emptyState(), attributes: { firmware: firmware.toString(16), satellites: r.u8('satellites') } };
  r.skip(1 + 7 + 1 + 1 + 2 + 2 + 2 + 4 + 1, 'mode, last fix time, settings');
  if (type === INF_BAT) {
    record.attributes.charging = r.u8('charging') !== 0;
    record.powerVoltage = r.u16('supply') / 1000; // mV
    record.batteryVoltage = r.u16('battery') / 1000; // mV
    record.batteryLevel = Math.min(r.u8('battery level'), 100);
  }
  r.skip(10, 'ICCID');
  if (type === INF_CSQ) {
    const rssi = r.u8('rssi'); // 0–31
    r.u8('ber');
    if (rssi <= 31) record.gsmSignal = Math.round((rssi * 100) / 31);
  }
  r.skip(3, 'time zone');
  if (type === INF_GIR) r.skip(2 + 8 + 2, 'cell');
  const time = readTime(r);
  if (time) record.time = time;
  return { id, messages: [{ type: 'status', record }] };
}

/** One variable-length number: 1 byte, or 2 when the top bit is set (15 bits). */
function varLength(r: ByteReader): number {
  const first = r.u8('length');
  return first & 0x80 ? ((first & 0x7f) << 8) | r.u8('length') : first;
}

/** The newest binary layout: `+ 00 u16 length flags IMEI(BCD, 15 digits) … records of tagged data` (0x52: a fix). */
function decodeTagged(frame: Buffer): BinaryReport {
  const r = new ByteReader(frame, 'queclink');
  r.skip(2, 'header');
  const length = r.u16('length');
  if (r.u8('flags') & 0x80) r.u16('frame count and number');
  const id = r.bytes(8, 'IMEI').toString('hex').slice(1);
  if (!/^\d{15}$/.test(id)) throw new DecodeError('queclink', 'binary report without a decimal IMEI');
  r.skip(2 + 2 + 1, 'device type, protocol, custom version');
  r.skip(r.u8('reserved length'), 'reserved');
  const recordsEnd = Math.min(length, frame.length) - 4; // count number, check byte, tail
  const messages: DeviceMessage[] = [];
  while (r.position < recordsEnd) {
    const start = r.position;
    const recordEnd = start + varLength(r);
    if (recordEnd <= start || recordEnd > frame.length) throw new DecodeError('queclink', 'record length out of the frame');
    r.skip(4 + 2 + 1 + 1, 'record header');
    while (r.position < recordEnd) {
      const dataId = varLength(r);
      const dataLength = varLength(r);
      const dataEnd = r.position + dataLength;
      if (dataEnd > recordEnd) throw new DecodeError('queclink', 'data item past its record');
      if (dataId === 0x52) {
        const d = new ByteReader(frame, 'queclink', r.position, dataEnd);
        const valid = ((d.u8('fix') >> 2) & 0b11) === 0b10;
        const lng = d.i32('longitude') / 1e6;
        const lat = d.i32('latitude') / 1e6;
        const time = new Date(d.u32('time') * 1000);
        const speed = d.u16('speed') / 10; // 0.1 km/h
        const hdop = d.u8('hdop') / 10;
        const heading = d.u16('course');
        const altitude = d.u24('altitude') / 10;
        const satellites = d.u8('satellites');
        if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180)
          messages.push({ type: 'position', record: { ...emptyState(), time, valid, lat, lng, speed, heading, altitude, satellites, attributes: { hdop } } });
      }
      r.skip(dataEnd - r.position, 'data item');
    }
    r.skip(recordEnd - r.position, 'record');
  }
  return { id, messages };
}

/** A binary frame, whole (as the splitter cut it). */
export function decodeBinary(frame: Buffer): BinaryReport | undefined {
  if (frame[1] === 0) return decodeTagged(frame);
  const r = new ByteReader(frame, 'queclink', 4);
  switch (frame.toString('latin1', 0, 4)) {
    case '+RSP':
    case '+BSP':
      return decodeLocation(r);
    case '+EVT':
    case '+BVT':
      return decodeEvent(r);
    case '+INF':
    case '+BNF':
      return decodeInformation(r);
    default:
      return undefined; // +HBD, +ACK, +CRD, +LGN: cut by their length and skipped (not in the captures' decoded forms)
  }
}
