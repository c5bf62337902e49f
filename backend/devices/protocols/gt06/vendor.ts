/**
 * Vendor and model layouts of the GT06 family whose fix is not at the start of the content.
 * Each handler decodes the fix and the few values its layout makes certain; the rest stays raw.
 * Like the standard types, an impossible fix means a layout we do not know: ACK, decode nothing.
 */
import { addAlarm, emptyState, type Alarm, type DeviceMessage, type PositionRecord } from '../../vocabulary.js';
import type { ByteReader } from '../reader.js';
import { fixFromParts, plausible, readFix, readFixBehindId, readGpsAfterTime, readTime } from './blocks.js';
import type { Gt06Frame, Handled } from './handler-types.js';

type Handler = (frame: Gt06Frame, context: unknown) => Handled;

const position = (record: PositionRecord): DeviceMessage => ({ type: 'position', record });
const found = (record: PositionRecord | undefined): Handled => ({ messages: record ? [position(record)] : [] });

/** 0x61 (and QH302R 0x12): `id BCD×8 | GPS block | cell… | u32 driver id`. */
export const location61: Handler = ({ content: r, type }) => {
  const record = readFixBehindId(r);
  if (record && type === 0x61 && r.remaining >= 4) {
    r.skip(r.remaining - 4, 'cell');
    record.attributes.driverUniqueId = String(r.u32('driver id'));
  }
  return found(record);
};

/** NT20 / XT40 0x22 and 0x25: `0x01 | id BCD×8 | device time | GPS block (fix time first) | …`. */
export const xt40Location: Handler = ({ content: r }) => found(readFixBehindId(r));

/** 0x34: `u32 | GPS block | analog inputs, voltages, odometer…` (layouts differ by firmware). */
export const location34: Handler = ({ content: r }) => {
  if (r.remaining < 4 + 18) return { messages: [] };
  r.skip(4, 'header');
  return found(readFix(r));
};

/** 7979 0x32: `time | u8 GPS length (0: no fix) | GPS block from its satellites byte | cell, status…`. */
export const extendedLocation: Handler = ({ content: r }) => {
  const time = readTime(r);
  if (r.u8('GPS length') < 12) return { messages: [] };
  return found(plausible(readGpsAfterTime(r, time)));
};

/** 0x95 dash-camera event codes that name an alarm. */
const cameraAlarms: Record<number, Alarm> = { 0x01: 'sos', 0x90: 'hard_acceleration', 0x91: 'hard_braking', 0x92: 'hard_cornering', 0x93: 'accident' };

/**
 * 0x95 dash-camera event with the video files it recorded, in two layouts:
 * - `FF FF u8 | time | u8 satellites | lat | lon | course word | u16 speed km/h | u16 power 0.1 V | event | u16 | files`;
 * - `time | lat | lon | course word | event | u16 | files` (no satellites, speed or power).
 */
export const location95: Handler = ({ content: r }) => {
  if (r.remaining < 6 + 4 + 4 + 2 + 3) return cameraEvent(r); // `time | event | u16`: no fix
  const long = r.peek() === 0xff && r.peek(1) === 0xff;
  if (long) r.skip(3, 'header');
  const time = readTime(r);
  const satellites = long ? r.u8('satellites') & 0x0f : undefined;
  const lat = r.u32('latitude');
  const lng = r.u32('longitude');
  const flags = r.u16('course/status');
  const speed = long ? r.u16('speed') : 0;
  const power = long ? r.u16('power') / 10 : undefined;
  const record = plausible(fixFromParts({ time, ...(satellites === undefined ? {} : { satellites }), lat, lng, speed, flags }));
  if (!record) return { messages: [] };
  if (power !== undefined) record.powerVoltage = power;
  const event = r.u8('event');
  record.attributes.event = event;
  addAlarm(record, cameraAlarms[event]);
  r.skip(2, 'event data');
  const files = r
    .bytes(r.remaining, 'files')
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '');
  if (files) record.attributes.eventFiles = files;
  return found(record);
};

/** 0x95 without a fix: the event and its time, as a status. */
function cameraEvent(r: ByteReader): Handled {
  const time = readTime(r);
  const state = emptyState();
  const event = r.u8('event');
  state.attributes.event = event;
  addAlarm(state, cameraAlarms[event]);
  return { messages: [{ type: 'status', record: Number.isNaN(time.getTime()) ? state : { ...state, time } }] };
}

/** 7979 0x70 TLV tags read (`u16 tag | u16 length | value`); others are skipped. */
const TLV_GPS = 0x33; // u32 unix time | u8 satellites | u16 | u32 lat | u32 lon | u8 speed | course word
const TLV_ICCID = 0x03; // BCD
const TLV_BATTERY = 0x18; // u16 0.01 V

/**
 * 7979 0x70: `u32 | u8 | TLV…`. A zeroed GPS tag (time 0) means no fix was ever taken: the other
 * values are a status, not a position at 1970-01-01 on the equator.
 */
export const tlvReport: Handler = ({ content: r }) => {
  if (r.remaining < 5) return { messages: [] };
  r.skip(5, 'header');
  const state = emptyState();
  let record: PositionRecord | undefined;
  while (r.remaining >= 4) {
    const tag = r.u16('tag');
    const length = r.u16('length');
    if (length > r.remaining) break; // a cut TLV: keep what was read
    const value = r.bytes(length, 'value');
    if (tag === TLV_GPS && length >= 18) record = tlvFix(value);
    else if (tag === TLV_ICCID) state.attributes.iccid = value.toString('hex').replace(/f+$/, '');
    else if (tag === TLV_BATTERY && length === 2) state.batteryVoltage = value.readUInt16BE(0) / 100;
  }
  if (!record) return { messages: [{ type: 'status', record: state }] };
  if (state.batteryVoltage !== undefined) record.batteryVoltage = state.batteryVoltage;
  Object.assign(record.attributes, state.attributes);
  return { messages: [position(record)] };
};

function tlvFix(value: Buffer): PositionRecord | undefined {
  const seconds = value.readUInt32BE(0);
  if (seconds === 0) return undefined;
  return plausible(
    fixFromParts({
      time: new Date(seconds * 1000),
      satellites: value[4]!,
      lat: value.readUInt32BE(7),
      lng: value.readUInt32BE(11),
      speed: value[15]!,
      flags: value.readUInt16BE(16),
    }),
  );
}
