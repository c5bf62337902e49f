import { addAlarm, emptyState, type Alarm, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import type { ByteReader } from '../reader.js';

/** Terminals stamp times in China Standard Time (GMT+8), as the standard specifies. */
const DEVICE_UTC_OFFSET_MS = 8 * 3600 * 1000;

const bcd = (byte: number) => (byte >> 4) * 10 + (byte & 0x0f);

/** `YY MM DD hh mm ss` BCD in GMT+8 → UTC; Invalid Date when a field is out of range. */
export function readBcdTime(r: ByteReader): Date {
  const [yy, mo, dd, hh, mi, ss] = [...r.bytes(6, 'BCD time')].map(bcd) as [number, number, number, number, number, number];
  const valid = mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 60;
  return valid ? new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - DEVICE_UTC_OFFSET_MS) : new Date(NaN);
}

/** Alarm flag bits (u32) that name an alarm of the shared vocabulary; the raw word stays in `alarmBits`. */
const ALARM_BITS: Array<[bit: number, alarm: Alarm]> = [
  [0, 'sos'], // emergency button
  [1, 'overspeed'],
  [7, 'low_battery'], // main supply under voltage
  [8, 'power_cut'], // main supply removed
  [20, 'geofence'], // entering / leaving an area
  [28, 'tow'], // moved without ignition
  [29, 'accident'], // collision
];

/** Additional information items read (`u8 id | u8 length | value`); others are skipped. */
const ITEM_ODOMETER = 0x01; // u32, 0.1 km
const ITEM_FUEL = 0x02; // u16, 0.1 L
const ITEM_IO = 0x2a; // u16 IO status
const ITEM_SIGNAL = 0x30; // u8 GSM signal 0–31
const ITEM_SATELLITES = 0x31; // u8

/**
 * Location information (the body of 0x0200, one item of 0x0704): `u32 alarm flags | u32 status |
 * u32 lat | u32 lon (1e-6 degree) | i16 altitude m | u16 speed 0.1 km/h | u16 course | BCD time |
 * items`. Status bits: 0 ACC, 1 positioned, 2 south, 3 west, 10 fuel circuit cut.
 */
export function readLocation(r: ByteReader): PositionRecord {
  const alarms = r.u32('alarm flags');
  const status = r.u32('status');
  const lat = r.u32('latitude') / 1e6;
  const lng = r.u32('longitude') / 1e6;
  const altitude = r.i16('altitude');
  const speed = r.u16('speed') / 10; // km/h
  const heading = r.u16('course');
  const time = readBcdTime(r);
  if (Number.isNaN(time.getTime())) throw new DecodeError('jt808', 'location with an impossible BCD time');
  const record: PositionRecord = {
    ...emptyState(),
    time,
    valid: (status & 0x02) !== 0,
    lat: status & 0x04 ? -lat : lat,
    lng: status & 0x08 ? -lng : lng,
    speed,
    heading,
    altitude,
    ignition: (status & 0x01) !== 0,
  };
  record.attributes.status = status;
  record.attributes.blocked = (status & 0x400) !== 0;
  if (alarms) record.attributes.alarmBits = alarms;
  for (const [bit, alarm] of ALARM_BITS) if (alarms & (1 << bit)) addAlarm(record, alarm);
  readItems(r, record);
  return record;
}

function readItems(r: ByteReader, record: PositionRecord): void {
  while (r.remaining >= 2) {
    const id = r.u8('item id');
    const length = r.u8('item length');
    if (length > r.remaining) return; // a cut item (vendor tails): keep what was read
    const value = r.bytes(length, 'item');
    if (id === ITEM_ODOMETER && length === 4)
      record.odometer = value.readUInt32BE(0) * 100; // m
    else if (id === ITEM_FUEL && length === 2)
      record.attributes.fuel = value.readUInt16BE(0) / 10; // L
    else if (id === ITEM_IO && length === 2) record.attributes.io = value.readUInt16BE(0);
    else if (id === ITEM_SIGNAL && length === 1) {
      if (value[0]! <= 31) record.gsmSignal = Math.round((value[0]! * 100) / 31);
    } else if (id === ITEM_SATELLITES && length === 1) record.satellites = value[0]!;
  }
}
