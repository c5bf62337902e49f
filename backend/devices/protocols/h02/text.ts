import { emptyState, KNOTS_TO_KMH, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import { applyStatusBits } from './status.js';

/** A text frame `*HQ,<id>,<type>,<fields...>#` cut into its parts. */
export interface TextFrame {
  id: string;
  type: string; // upper case
  fields: string[]; // after the type
  body: string; // everything after `<type>,`, commas included (free-text SMS)
}

export function parseTextFrame(frame: Buffer): TextFrame {
  const text = frame.toString('latin1').trimEnd();
  if (!text.startsWith('*') || !text.endsWith('#')) throw new DecodeError('h02', 'text frame is not *...#');
  const parts = text.slice(1, -1).split(',');
  if (parts.length < 3) throw new DecodeError('h02', 'text frame without id and type');
  const [, id, type] = parts as [string, string, string];
  const head = parts.slice(0, 3).join(',').length + 1;
  return { id, type: type.toUpperCase(), fields: parts.slice(3), body: text.slice(1, -1).slice(head) };
}

/** `hhmmss` + `ddmmyy` (UTC), or undefined when either is missing. */
export function parseTime(hhmmss: string | undefined, ddmmyy: string | undefined): Date | undefined {
  if (!hhmmss || !ddmmyy || !/^\d{6}$/.test(hhmmss) || !/^\d{6}$/.test(ddmmyy)) return undefined;
  const n = (s: string, i: number) => Number(s.slice(i, i + 2));
  return new Date(Date.UTC(2000 + n(ddmmyy, 4), n(ddmmyy, 2) - 1, n(ddmmyy, 0), n(hhmmss, 0), n(hhmmss, 2), n(hhmmss, 4)));
}

/**
 * A coordinate in one of the forms H02 firmwares send: `ddmm.mmmm` (degrees may be short or
 * empty: `38.6508` = 0°38.6508′), `-dd-mm.mmmm`, or digits without a dot (`37573392` = 37°57.3392′).
 */
export function parseCoordinate(value: string, hemisphere: string): number {
  let degrees: number;
  let minutes: number;
  const dashed = /^-?(\d+)-(\d+(?:\.\d+)?)$/.exec(value);
  if (dashed) {
    degrees = Number(dashed[1]);
    minutes = Number(dashed[2]);
  } else if (value.includes('.')) {
    const [whole, fraction] = value.split('.') as [string, string];
    degrees = Math.floor(Number(whole || '0') / 100);
    minutes = (Number(whole || '0') % 100) + Number(`0.${fraction}`);
  } else {
    degrees = Number(value.slice(0, -6));
    minutes = Number(value.slice(-6)) / 10000;
  }
  const result = degrees + minutes / 60;
  return hemisphere === 'S' || hemisphere === 'W' ? -result : result;
}

/**
 * The location part shared by V1, V2, V4, V5, V6, V8, V19, VI1...: time, validity, lat, N/S,
 * lon, E/W, speed (knots), course, [one stray field on some firmwares,] date, status, extras.
 */
const LOCATION =
  /^(\d{6})?,([AVB0-9]?),(-?[\d.]+(?:-[\d.]+)?),([NS]),(-?[\d.]+(?:-[\d.]+)?),([EW]),\s*([\d.]*),([\d.]*),(?:\d+,)?(\d{6})?(?:,([0-9A-Fa-f]{8})?((?:,.*)?))?$/s;

/** A fix from `text`, or undefined when it is not a location; `now` stands in for a missing time. */
export function parseLocation(text: string, now: () => Date): PositionRecord | undefined {
  const m = LOCATION.exec(text);
  if (!m) return undefined;
  const [, hhmmss, validity, lat, ns, lon, ew, speed, course, ddmmyy, status, extras] = m;
  const record: PositionRecord = {
    ...emptyState(),
    time: parseTime(hhmmss, ddmmyy) ?? now(),
    valid: validity !== '' && validity !== 'V', // A, and digit codes on some firmwares
    lat: parseCoordinate(lat!, ns!),
    lng: parseCoordinate(lon!, ew!),
    speed: Number(speed || 0) * KNOTS_TO_KMH, // knots → km/h
    heading: Number(course || 0),
  };
  if (status) applyStatusBits(record, parseInt(status, 16));
  addExtras(record, (extras ?? '').slice(1).split(','));
  return record;
}

/** Trailing fields whose meaning depends on the model: kept as `io1..ioN`. */
export function addExtras(state: DeviceState, extras: string[]): void {
  extras.forEach((value, i) => {
    if (value.trim() !== '') state.attributes[`io${i + 1}`] = value.trim();
  });
}

/** Date and status at the end of cell/status reports: the last `ddmmyy,XXXXXXXX` pair. */
export function statusTail(fields: string[], hhmmss: string | undefined): DeviceState & { time?: Date } {
  const state: DeviceState & { time?: Date } = emptyState();
  for (let i = fields.length - 1; i > 0; i--) {
    if (/^[0-9A-Fa-f]{8}$/.test(fields[i]!) && /^\d{6}$/.test(fields[i - 1]!)) {
      const time = parseTime(hhmmss, fields[i - 1]);
      if (time) state.time = time;
      applyStatusBits(state, parseInt(fields[i]!, 16));
      break;
    }
  }
  return state;
}
