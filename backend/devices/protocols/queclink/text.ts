import { addAlarm, emptyState, type Alarm, type DeviceMessage, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';

const IMEI = /^(?:\d{15}|[0-9A-Fa-f]{14})$/; // 15-digit IMEI or 14-hex MEID
const DEVICE_ID = /^[0-9A-Za-z]{1,32}$/;
const LONGITUDE = /^-?\d{1,3}\.\d{6}$/;
const LATITUDE = /^-?\d{1,2}\.\d{6}$/;
const STAMP = /^\d{14}$/; // yyyyMMddHHmmss, UTC
const NUMBER_OR_EMPTY = /^(?:-?\d+(?:\.\d+)?)?$/;
const ODOMETER = /^\d{1,7}\.\d$/; // km
const ODOMETER_ANY = /^\d{1,7}\.\d{1,2}$/; // km (GTINF)
const HOURS = /^\d+:\d\d:\d\d$/; // hour meter
const VIN = /^[0-9A-Z]{17}$/;
const STATUS = /^[0-9A-F]{6}$/; // device status

/** Report types that raise an alarm (`GT<type>`). HBM (harsh behaviour) is read from its report type. */
const ALARMS: Record<string, Alarm> = {
  SOS: 'sos',
  SPD: 'overspeed',
  TOW: 'tow',
  IDL: 'idle',
  PFA: 'power_off',
  EPF: 'power_cut',
  MPF: 'power_cut',
  BPL: 'low_battery',
  SWG: 'geofence',
  JDR: 'jamming',
  JDS: 'jamming',
  CRA: 'accident',
};

/** Reports whose fields 4 (after the device name) is the external supply in mV (GV series; GL units put a report id there). */
/** Reports that end `…, battery %, send time, count` on the units that send them. */
const BATTERY_LAST = new Set([
  'FRI',
  'RTL',
  'DOG',
  'GEO',
  'STR',
  'CTN',
  'SOS',
  'SPD',
  'TOW',
  'BPL',
  'STT',
  'NMR',
  'PNR',
  'LBC',
  'GCR',
  'TMP',
  'TEM',
  'JDR',
  'JDS',
  'SWG',
  'HBM',
  'TSW',
  'LSW',
]);

const POWER_AT_4 = new Set(['FRI', 'CTN', 'GEO', 'RTL', 'DOG', 'STR']);

export interface TextReport {
  prefix: string; // +RESP (live), +BUFF (buffered), +ACK (answer to a command or the heartbeat)
  type: string; // FRI, ERI, HBD, … (the three letters after `GT`)
  id: string; // the device id: IMEI (or MEID)
  messages: DeviceMessage[]; // without the login
  reply?: string;
}

/** UTC `yyyyMMddHHmmss`, or undefined when it is no real date. */
export function parseStamp(text: string): Date | undefined {
  if (!STAMP.test(text)) return undefined;
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(text.slice(at, at + (i === 0 ? 4 : 2))));
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const date = new Date(time);
  return date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d! && h! < 24 && mi! < 60 && s! < 60 ? date : undefined;
}

/** The device id: field 2 (after the protocol version), or field 1 where old firmware sends none (GL100 `GTTRI`). */
function deviceId(v: string[]): string {
  const [, first = '', second = ''] = v;
  if (IMEI.test(second)) return second;
  if (IMEI.test(first)) return first;
  if (DEVICE_ID.test(second)) return second;
  throw new DecodeError('queclink', 'report without a device id');
}

/**
 * Every GPS block of a report, found by shape (docs: protocols/README.md, Queclink): `hdop, speed
 * km/h, course, altitude m, longitude, latitude, yyyyMMddHHmmss` with six-decimal coordinates,
 * followed by `mcc, mnc, lac hex, cell id hex`. Reports with several points (`GTFRI` with a
 * number > 1) have one block per point; a block without a fix is empty and yields nothing.
 * Returns each fix with the index of the field after its cell id.
 */
function fixes(v: string[], type: string): Array<{ record: PositionRecord; end: number }> {
  const found: Array<{ record: PositionRecord; end: number }> = [];
  for (let i = 4; i + 2 < v.length; i++) {
    if (!LONGITUDE.test(v[i]!) || !LATITUDE.test(v[i + 1]!)) continue;
    const time = parseStamp(v[i + 2]!);
    const [hdop, speed, course, altitude] = v.slice(i - 4, i);
    if (!time || ![hdop, speed, course, altitude].every((f) => NUMBER_OR_EMPTY.test(f ?? ''))) continue;
    const lng = Number(v[i]);
    const lat = Number(v[i + 1]);
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) continue;
    const record: PositionRecord = {
      ...emptyState(),
      time,
      // A report with coordinates claims a fix; CAN reports put a GPS accuracy there instead (0 = none).
      valid: type === 'CAN' ? Number(hdop || 0) > 0 : true,
      lat,
      lng,
      speed: Number(speed || 0),
      heading: Number(course || 0),
    };
    if (altitude) record.altitude = Number(altitude);
    if (hdop) record.attributes.hdop = Number(hdop);
    let end = i + 3;
    const [mcc, mnc, lac, cid] = v.slice(end, end + 4);
    if (mcc && mnc && /^\d+$/.test(mcc) && /^\d+$/.test(mnc) && /^[0-9A-Fa-f]+$/.test(lac ?? '') && /^[0-9A-Fa-f]+$/.test(cid ?? '')) {
      Object.assign(record.attributes, { mcc: Number(mcc), mnc: Number(mnc), lac: parseInt(lac!, 16), cid: parseInt(cid!, 16) });
    }
    end += 4;
    // Newer firmware: an append mask after the cell (bit 0: satellites follow, bit 1: the trigger type).
    const mask = v[end] ?? '';
    if (/^0[0-3]$/.test(mask)) {
      end++;
      if (mask === '01' || mask === '03') {
        if (/^\d{1,2}$/.test(v[end] ?? '')) record.satellites = Number(v[end]);
        end++;
      }
      if (mask === '02' || mask === '03') end++;
    } else if (mask === '') end++; // reserved
    found.push({ record, end });
    i += 2;
  }
  return found;
}

/** What the fields after the last fix and the fixed fields before the first say about the unit. */
function readState(state: DeviceState, v: string[], type: string, after: number | undefined): void {
  if (type === 'IGN' || type === 'VGN') state.ignition = true;
  if (type === 'IGF' || type === 'VGF') state.ignition = false;
  addAlarm(state, ALARMS[type]);
  const reportType = /^[0-9A-Fa-f]{1,2}$/.test(v[5] ?? '') ? parseInt(v[5]!, 16) : undefined;
  if (type === 'HBM' && reportType !== undefined) {
    const kind = reportType % 0x10;
    addAlarm(state, kind === 0 || kind === 3 ? 'hard_braking' : kind === 1 || kind === 4 ? 'hard_acceleration' : kind === 2 ? 'hard_cornering' : undefined);
  }
  if (type === 'IGL' && reportType !== undefined) state.ignition = reportType % 0x10 === 1;
  const vin = VIN.test(v[3] ?? '') ? 1 : 0; // GV500 and others: the VIN before the device name
  const supply = type === 'ERI' ? v[5] : POWER_AT_4.has(type) ? v[4 + vin] : type === 'INF' && !v[9]?.includes('.') ? v[9] : undefined;
  if (supply && /^\d{4,6}$/.test(supply)) state.powerVoltage = Number(supply) / 1000; // mV
  if (type === 'INF') {
    if (ODOMETER_ANY.test(v[9] ?? '')) state.odometer = Math.round(Number(v[9]) * 1000); // GL units: mileage km
    if ((v[10] ?? '').length < 12 && /^\d\.\d{1,2}$/.test(v[11] ?? '')) state.batteryVoltage = Number(v[11]); // V
  }
  if (after === undefined) return;
  // The mileage (km) follows the fix; ignition reports put the hour meter first.
  let at = after;
  if (v[at] === '' || HOURS.test(v[at] ?? '')) at++;
  if (ODOMETER.test(v[at] ?? '')) state.odometer = Math.round(Number(v[at]) * 1000);
  // Vehicle units (GV series): `…, battery %, device status` a few fields after the mileage; the status is
  // 6 hex digits: ignition byte (bit 4 off, bit 5 on), digital inputs, digital outputs.
  for (let j = at + 1; j < Math.min(at + 7, v.length - 2); j++) {
    if (!STATUS.test(v[j]!) || !/^\d{0,3}$/.test(v[j - 1]!)) continue;
    const status = parseInt(v[j]!, 16);
    const ignition = (status >> 16) & 0xff;
    if (ignition & 0x10) state.ignition = false;
    else if (ignition & 0x20) state.ignition = true;
    const inputs = (status >> 8) & 0xff;
    const outputs = status & 0xff;
    state.inputs = [1, 2, 3, 4].map((bit) => (inputs & (1 << bit)) !== 0); // IN1 is bit 1 (bit 0: ignition input)
    state.outputs = [0, 1, 2, 3].map((bit) => (outputs & (1 << bit)) !== 0);
    break;
  }
  // Personal units (GL series) end with the battery percentage right after it, before the send time.
  const battery = v[v.length - 3] ?? '';
  if (BATTERY_LAST.has(type) && v.length - 3 <= at + 1 && v.length - 3 >= after && /^\d{1,3}$/.test(battery) && Number(battery) <= 100)
    state.batteryLevel = Number(battery);
}

/**
 * One text report (`+RESP:GTFRI,…`, `+BUFF:…` buffered, `+ACK:…`), with or without the `$`.
 * Fields: `+RESP:GT<type>, protocol version, IMEI, device name, …, send time, count (hex)`.
 */
export function decodeText(frame: Buffer): TextReport {
  const sentence = frame.toString('latin1').replace(/\$$/, '');
  const colon = sentence.indexOf(':GT');
  if (colon < 0 || !sentence.startsWith('+')) throw new DecodeError('queclink', 'not a +RESP/+BUFF/+ACK report');
  const prefix = sentence.slice(0, colon);
  const type = sentence.slice(colon + 3, colon + 6);
  const v = sentence.split(',');
  const id = deviceId(v);
  const count = v[v.length - 1]!;
  const sendTime = parseStamp(v[v.length - 2] ?? '');
  const messages: DeviceMessage[] = [];
  if (prefix === '+ACK') {
    if (type === 'HBD') return { prefix, type, id, messages: [{ type: 'heartbeat' }], reply: `+SACK:GTHBD,${v[1] ?? ''},${count}$` };
    messages.push({ type: 'command_reply', text: sentence, ...(sendTime ? { time: sendTime } : {}) });
    return { prefix, type, id, messages };
  }
  if (prefix !== '+RESP' && prefix !== '+BUFF') throw new DecodeError('queclink', `unknown report prefix ${prefix.slice(0, 8)}`);
  const found = fixes(v, type);
  if (found.length > 0) {
    const last = found[found.length - 1]!;
    readState(last.record, v, type, last.end);
    for (const { record } of found) messages.push({ type: 'position', record });
  } else {
    const state = emptyState();
    readState(state, v, type, undefined);
    messages.push({ type: 'status', record: { ...state, ...(sendTime ? { time: sendTime } : {}) } });
  }
  // The server ACK a unit with SACK enabled waits for (and resends without): `+SACK:<count>$`.
  return { prefix, type, id, messages, ...(/^[0-9A-Fa-f]{4}$/.test(count) ? { reply: `+SACK:${count}$` } : {}) };
}
