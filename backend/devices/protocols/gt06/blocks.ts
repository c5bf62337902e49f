import { addAlarm, emptyState, type Alarm, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import type { ByteReader } from '../reader.js';

/** `YY MM DD hh mm ss`, binary, UTC; an Invalid Date when a field is out of range. */
export function readTime(r: ByteReader): Date {
  const [yy, mo, dd, hh, mi, ss] = [...r.bytes(6, 'date/time')] as [number, number, number, number, number, number];
  const valid = mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 60;
  return valid ? new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss)) : new Date(NaN);
}

/**
 * The 18-byte GPS block: time, `u8` (GPS info length << 4 | satellites), `u32` lat and lon in
 * 1/1,800,000 degree, `u8` speed km/h, `u16` course (bits 0–9) + flags.
 */
export function readGps(r: ByteReader): PositionRecord {
  return readGpsAfterTime(r, readTime(r));
}

/** The GPS block from its satellites byte on, the time having been read elsewhere. */
export function readGpsAfterTime(r: ByteReader, time: Date): PositionRecord {
  const satellites = r.u8('satellites') & 0x0f;
  const lat = r.u32('latitude');
  const lng = r.u32('longitude');
  const speed = r.u8('speed'); // km/h
  return fixFromParts({ time, satellites, lat, lng, speed, flags: r.u16('course/status') });
}

/**
 * A fix from the GPS block's fields, however a layout orders them: `lat`/`lng` in 1/1,800,000
 * degree, speed km/h, and the course word: course (bits 0–9), north (10), west (11), positioned
 * (12), ACC valid (14) with ACC in bit 15.
 */
export function fixFromParts(p: { time: Date; satellites?: number; lat: number; lng: number; speed: number; flags: number }): PositionRecord {
  const { flags } = p;
  const record: PositionRecord = {
    ...emptyState(),
    time: p.time,
    valid: (flags & 0x1000) !== 0, // bit 12: positioned
    lat: flags & 0x0400 ? p.lat / 1_800_000 : -p.lat / 1_800_000, // bit 10: north
    lng: flags & 0x0800 ? -p.lng / 1_800_000 : p.lng / 1_800_000, // bit 11: west
    speed: p.speed,
    heading: flags & 0x03ff,
  };
  if (p.satellites !== undefined) record.satellites = p.satellites;
  if (flags & 0x4000) record.ignition = (flags & 0x8000) !== 0; // bit 14: bit 15 carries ACC
  return record;
}

const YEAR_2001 = Date.UTC(2001, 0, 1); // year byte 0: the clock was never set

/**
 * The 18-byte GPS block, or undefined when it decodes to an impossible date or coordinate:
 * a vendor layout that reuses the protocol number, or a type that also has cell-only layouts.
 * The bytes are consumed either way.
 */
export function readFix(r: ByteReader): PositionRecord | undefined {
  return plausible(readGps(r));
}

/** The record when its date and coordinates are possible, else undefined. */
export function plausible(record: PositionRecord): PositionRecord | undefined {
  const ok = record.time.getTime() >= YEAR_2001 && Math.abs(record.lat) <= 90 && Math.abs(record.lng) <= 180;
  return ok ? record : undefined;
}

/**
 * Model layouts that put the fix behind the terminal id, under standard protocol numbers or
 * their own, tried in turn on a fork when the standard GPS block at the start is impossible:
 * - `id BCD×8 | GPS block` (QH302R 0x12, 0x61 with a driver id after the cell);
 * - `0x01 | id BCD×8 | device time | GPS block` (NT20 / XT40 0x22 and 0x25: the fix time second).
 * On success the reader is moved past the GPS block; the bytes after it are model-specific.
 */
export function readFixBehindId(r: ByteReader): PositionRecord | undefined {
  for (const skip of [8, 15]) {
    if (r.remaining < skip + 18) continue;
    if (skip === 15 && r.peek() !== 0x01) continue;
    const fork = r.fork();
    fork.skip(skip, 'terminal id');
    const record = plausible(readGps(fork));
    if (record) {
      r.catchUp(fork);
      return record;
    }
  }
  return undefined;
}

/** Serving cell: `u16 MCC` (bit 15 set: MNC is u16), MNC, `u16 LAC`, `u24 cell id`. */
export function readCell(r: ByteReader, state: DeviceState): void {
  const mcc = r.u16('MCC');
  state.attributes.mcc = mcc & 0x7fff;
  state.attributes.mnc = mcc & 0x8000 ? r.u16('MNC') : r.u8('MNC');
  state.attributes.lac = r.u16('LAC');
  state.attributes.cid = r.u24('cell id');
}

/** Alarm codes of the status/alarm byte. Codes not listed are model-specific and left raw. */
const alarmCodes: Record<number, Alarm> = {
  0x01: 'sos',
  0x02: 'power_cut',
  0x03: 'vibration',
  0x04: 'geofence_enter',
  0x05: 'geofence_exit',
  0x06: 'overspeed',
  0x09: 'vibration',
  0x0e: 'low_battery',
  0x0f: 'low_battery',
  0x11: 'power_off',
  0x13: 'tampering',
  0x14: 'door',
  0x18: 'removing',
  0x19: 'low_battery',
  0x29: 'hard_acceleration',
};

/** Alarm in bits 3–5 of the terminal-info byte. */
const terminalAlarms: Record<number, Alarm> = {
  1: 'vibration',
  2: 'power_cut',
  3: 'low_battery',
  4: 'sos',
  6: 'geofence',
  7: 'removing',
};

/** Terminal-info byte: ACC, charging, oil/power cut, and an alarm in bits 3–5. */
export function applyTerminalInfo(state: DeviceState, info: number): void {
  state.attributes.status = info;
  state.ignition = (info & 0x02) !== 0;
  state.attributes.charging = (info & 0x04) !== 0;
  state.attributes.blocked = (info & 0x80) !== 0; // fuel/electricity cut active
  addAlarm(state, terminalAlarms[(info >> 3) & 0x07]);
}

/** Voltage level 0–6 scaled to %; firmwares that send 7–100 already send a percent. */
export function applyVoltageLevel(state: DeviceState, level: number): void {
  if (level <= 6) state.batteryLevel = Math.floor((level * 100) / 6);
  else if (level <= 100) state.batteryLevel = level;
}

/** GSM level 0 (none) – 4 (strong) scaled to %; firmwares that send 5–100 already send a percent. */
export function applyGsmLevel(state: DeviceState, level: number): void {
  if (level <= 4) state.gsmSignal = level * 25;
  else if (level <= 100) state.gsmSignal = level;
}

export function applyAlarmCode(state: DeviceState, code: number): void {
  const alarm = alarmCodes[code];
  if (alarm) addAlarm(state, alarm);
  else if (code !== 0) state.attributes.alarmCode = code;
}

/** Terminal info, voltage level, GSM level, alarm code, language — as far as the frame goes. */
export function readStatusBlock(r: ByteReader, state: DeviceState): void {
  applyTerminalInfo(state, r.u8('terminal info'));
  if (r.remaining >= 1) applyVoltageLevel(state, r.u8('voltage level'));
  if (r.remaining >= 1) applyGsmLevel(state, r.u8('GSM level'));
  if (r.remaining >= 1) applyAlarmCode(state, r.u8('alarm'));
}
