import {
  addAlarm,
  emptyState,
  KNOTS_TO_KMH,
  type Alarm,
  type DeviceMessage,
  type DeviceState,
  type PositionRecord,
  type StatusRecord,
} from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';

const HANDSHAKE = /^##,imei:([0-9A-Za-z]+),/; // `##,imei:<IMEI>,A` → LOAD
const SHORT_LOGIN = /^imei:([0-9A-Za-z]+),L,?$/; // `imei:<IMEI>,L,` → LOAD
const HEARTBEAT = /^(\d{5,20})(?=imei:|$)/; // the IMEI alone → ON (some units glue the next report to it)
const REPORT = /^imei:([0-9A-Za-z]+),/;
/** Local time `yyMMddHHmm[ss]` or `yy/MM/dd HH:mm` (the unit's time zone; its seconds are not used). */
const LOCAL_TIME = /^(\d\d)\/?(\d\d)\/?(\d\d) ?(\d\d):?(\d\d)(?:\d\d)?$/;
const UTC_TIME = /^(\d\d)(\d\d)(\d\d)(?:\.\d+)?$/; // hhmmss[.sss]
const COORDINATE = /^(\d+)(\d\d\.\d+)$/; // (d)ddmm.mmmm
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** Report keywords that name an alarm (docs/device-protocols.md §GPS103). */
const ALARMS: Record<string, Alarm> = {
  'help me': 'sos',
  'low battery': 'low_battery',
  move: 'vibration',
  'sensor alarm': 'vibration',
  speed: 'overspeed',
  stockade: 'geofence',
  'ac alarm': 'power_cut',
  'power alarm': 'power_cut',
  'door alarm': 'door',
  'bonnet alarm': 'door',
  'footbrake alarm': 'general',
  'acc alarm': 'general',
  'accident alarm': 'accident',
};

interface Parsed {
  message?: DeviceMessage;
  sos: boolean;
}

const num = (text: string | undefined): number | undefined => (text !== undefined && NUMBER.test(text) ? Number(text) : undefined);

function coordinate(text: string, negative: boolean): number | undefined {
  const m = COORDINATE.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) + Number(m[2]) / 60;
  return negative ? -value : value;
}

/**
 * The fix time: the unit's local date and hour:minute, moved by the whole-minute offset between its
 * local clock and the UTC time of the fix (taken within ±12 h), with the fix's seconds. Without a
 * UTC time the local time is used as it is.
 */
function fixTime(local: string | undefined, utc: string | undefined, fallback: Date): Date {
  const l = LOCAL_TIME.exec(local ?? '');
  const u = UTC_TIME.exec(utc ?? '');
  if (!l) {
    if (!u) return fallback;
    const day = new Date(fallback);
    day.setUTCHours(Number(u[1]), Number(u[2]), Number(u[3]), 0);
    return day;
  }
  const [hours, minutes] = [Number(l[4]), Number(l[5])];
  let stamp = Date.UTC(2000 + Number(l[1]), Number(l[2]) - 1, Number(l[3]), hours, minutes, u ? Number(u[3]) : 0);
  if (u) {
    let delta = (hours - Number(u[1])) * 60 + (minutes - Number(u[2]));
    if (delta <= -12 * 60) delta += 24 * 60;
    else if (delta > 12 * 60) delta -= 24 * 60;
    stamp -= delta * 60_000;
  }
  return new Date(stamp);
}

/** Keyword-driven state: alarms, and `acc on` / `acc off`. */
function keywordState(state: DeviceState, keyword: string): void {
  addAlarm(state, ALARMS[keyword]);
  if (keyword === 'acc on') state.ignition = true;
  else if (keyword === 'acc off') state.ignition = false;
  if (keyword) state.attributes.event = keyword;
}

/** `imei,keyword,local time,rfid/phone,F,utc,A|V,[N|S,]lat,[N|S,][E|W,]lon,[E|W,]speed kn,course,altitude,ignition,door,fuel1%,fuel2%,temp`. */
function readFix(parts: string[], now: Date): PositionRecord | undefined {
  let at = 7;
  let south = false;
  let west = false;
  if (parts[at] === 'N' || parts[at] === 'S') south = parts[at++] === 'S';
  const latText = parts[at++] ?? '';
  if (parts[at] === 'N' || parts[at] === 'S') south = parts[at++] === 'S';
  if (parts[at] === 'E' || parts[at] === 'W') west = parts[at++] === 'W';
  const lonText = parts[at++] ?? '';
  if (parts[at] === 'E' || parts[at] === 'W') west = parts[at++] === 'W';
  else if (parts[at] === '') at++; // an empty hemisphere field
  const lat = coordinate(latText, south);
  const lng = coordinate(lonText, west);
  if (lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  const speed = num(parts[at]);
  const course = num(parts[at + 1]);
  const altitude = num(parts[at + 2]);
  const record: PositionRecord = {
    ...emptyState(),
    time: fixTime(parts[2], parts[5], now),
    valid: parts[6] === 'A',
    lat,
    lng,
    speed: (speed ?? 0) * KNOTS_TO_KMH,
    heading: course ?? 0,
  };
  if (altitude !== undefined) record.altitude = altitude;
  const ignition = parts[at + 3];
  if (ignition === '0' || ignition === '1') record.ignition = ignition === '1';
  const door = parts[at + 4];
  if (door === '0' || door === '1') record.attributes.door = door === '1';
  const fuel = /^(\d+(?:\.\d+)?)%$/.exec(parts[at + 5] ?? '');
  if (fuel) record.attributes.fuel = Number(fuel[1]);
  const temperature = /^[+-]?\d+$/.exec(parts[at + 7] ?? '');
  if (temperature) record.attributes.temperature = Number(temperature[0]);
  return record;
}

/** `imei,name,---,------,----,HHmmss,ddMMyy,signal,1|0 valid,lat,lon (degrees),speed km/h,course,altitude,hdop,satellites,…`. */
function readAlternative(parts: string[]): PositionRecord | undefined {
  const [time = '', date = ''] = [parts[5], parts[6]];
  const lat = num(parts[9]);
  const lng = num(parts[10]);
  if (!/^\d{6}$/.test(time) || !/^\d{6}$/.test(date) || lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  const stamp = Date.UTC(2000 + +date.slice(4, 6), +date.slice(2, 4) - 1, +date.slice(0, 2), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6));
  const record: PositionRecord = {
    ...emptyState(),
    time: new Date(stamp),
    valid: parts[8] === '1',
    lat,
    lng,
    speed: num(parts[11]) ?? 0,
    heading: num(parts[12]) ?? 0,
  };
  const altitude = num(parts[13]);
  if (altitude !== undefined) record.altitude = altitude;
  const hdop = num(parts[14]);
  if (hdop !== undefined) record.attributes.hdop = hdop;
  const satellites = num(parts[15]);
  if (satellites !== undefined && Number.isInteger(satellites)) record.satellites = satellites;
  return record;
}

/** `imei,OBD,local time,odometer km,fuel l/h,fuel avg,hours,speed km/h,load %,coolant °C,throttle %,rpm,battery V,dtc…`. */
function readObd(parts: string[]): StatusRecord {
  const record: StatusRecord = { ...emptyState() };
  const odometer = num(parts[3]);
  if (odometer !== undefined) record.odometer = odometer * 1000;
  const set = (key: string, value: string | undefined) => {
    const n = num(value?.replace(/%$/, ''));
    if (n !== undefined) record.attributes[key] = n;
  };
  set('fuelConsumption', parts[4]);
  set('engineHours', parts[6]);
  set('obdSpeed', parts[7]);
  set('engineLoad', parts[8]);
  set('coolantTemp', parts[9]);
  set('throttle', parts[10]);
  set('rpm', parts[11]);
  const battery = num(parts[12]);
  if (battery !== undefined) record.powerVoltage = battery;
  const dtcs = parts.slice(13).filter((code) => /^[PCBU][0-9A-F]{4}$/.test(code));
  if (dtcs.length) record.attributes.dtcs = dtcs.join(' ');
  return record;
}

/** A report line `imei:<IMEI>,<keyword>,…`: a fix (`F`), a cell-only status (`L`), OBD data, or nothing to store. */
function readReport(text: string, now: Date): Parsed {
  const parts = text.split(',');
  const keyword = parts[1] ?? '';
  const sos = keyword === 'help me';
  if (keyword === 'OBD') return { message: { type: 'status', record: readObd(parts) }, sos };
  if (keyword === 'vr' || keyword === 'vt') return { sos }; // photo / voice data: not stored
  if (parts[4] === 'F') {
    const record = readFix(parts, now);
    if (record) {
      keywordState(record, keyword);
      return { message: { type: 'position', record }, sos };
    }
  }
  const alternative = parts[2] === '---' ? readAlternative(parts) : undefined;
  if (alternative) return { message: { type: 'position', record: alternative }, sos };
  const record: StatusRecord = { ...emptyState() };
  keywordState(record, keyword);
  if (parts[4] === 'L') {
    const lac = parseInt(parts[7] ?? '', 16);
    const cid = parseInt(parts[9] ?? '', 16);
    if (Number.isFinite(lac) && /^[0-9A-Fa-f]+$/.test(parts[7]!)) record.attributes.lac = lac;
    if (Number.isFinite(cid) && /^[0-9A-Fa-f]+$/.test(parts[9]!)) record.attributes.cid = cid;
  }
  return { message: { type: 'status', record }, sos };
}

/**
 * GPS103 decoder for one connection. The handshake `##,imei:<IMEI>,A` (and `imei:<IMEI>,L,`) is a
 * login answered `LOAD`; the IMEI alone is a heartbeat answered `ON`; every report carries the IMEI;
 * an SOS (`help me`) report is answered `**,imei:<IMEI>,E;` once stored. Other reports get no reply.
 */
export class Gps103Decoder implements ProtocolDecoder {
  private id: string | undefined;

  private login(messages: DeviceMessage[], id: string): void {
    if (id === this.id) return;
    this.id = id;
    messages.push({ type: 'login', imei: id });
  }

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    let text = frame
      .toString('latin1')
      .replace(/[;*\s]+$/, '')
      .trimStart(); // the splitter's end bytes, if a caller left them
    if (text.length === 0) throw new DecodeError('gps103', 'empty message');
    const messages: DeviceMessage[] = [];
    const handshake = HANDSHAKE.exec(text) ?? SHORT_LOGIN.exec(text);
    if (handshake) {
      this.login(messages, handshake[1]!);
      return { messages, reply: Buffer.from('LOAD'), integrity: {} };
    }
    let reply = '';
    const heartbeat = HEARTBEAT.exec(text);
    if (heartbeat) {
      this.login(messages, heartbeat[1]!);
      reply = 'ON';
      text = text.slice(heartbeat[0].length);
      if (!text) {
        messages.push({ type: 'heartbeat' });
        return { messages, reply: Buffer.from(reply), integrity: {} };
      }
    }
    const report = REPORT.exec(text);
    if (!report) throw new DecodeError('gps103', 'neither a handshake, a heartbeat nor an imei: report');
    this.login(messages, report[1]!);
    const parsed = readReport(text, context.now());
    if (parsed.message) messages.push(parsed.message);
    if (parsed.sos) reply += `**,imei:${report[1]},E;`;
    return { messages, ...(reply ? { reply: Buffer.from(reply, 'latin1') } : {}), integrity: {} };
  }
}
