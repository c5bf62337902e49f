import { emptyState, KNOTS_TO_KMH, type DeviceMessage, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import { applyStatusBits } from './status.js';

/** Two BCD digits of one byte, or undefined if a nibble is not a digit. */
function bcd(byte: number | undefined): number | undefined {
  if (byte === undefined || byte >> 4 > 9 || (byte & 0x0f) > 9) return undefined;
  return (byte >> 4) * 10 + (byte & 0x0f);
}

/** Whether `hhmmss ddmmyy` in BCD starts at `at`. */
function bcdTimeAt(frame: Buffer, at: number): boolean {
  const [hh, mi, ss, dd, mo, yy] = [0, 1, 2, 3, 4, 5].map((i) => bcd(frame[at + i]));
  if (hh === undefined || mi === undefined || ss === undefined || dd === undefined || mo === undefined || yy === undefined) {
    return false;
  }
  return hh < 24 && mi < 60 && ss < 60 && dd >= 1 && dd <= 31 && mo >= 1 && mo <= 12;
}

/**
 * Width of the BCD device id after the `$`: 5 bytes (10-digit id) or 8 (15-digit IMEI + filler),
 * told apart by where a valid BCD time follows. Undefined when neither fits (or too few bytes).
 */
export function binaryIdWidth(frame: Buffer): 5 | 8 | undefined {
  if (frame.length >= 12 && bcdTimeAt(frame, 6)) return 5;
  if (frame.length >= 15 && bcdTimeAt(frame, 9)) return 8;
  return undefined;
}

const digits = (bytes: Buffer): string => bytes.toString('hex');

/** Battery byte: levels 1–6 (two scales), a percent, or 0xF1–0xF6; 0 = not reported. */
function batteryLevel(value: number): number | undefined {
  if (value >= 1 && value <= 3) return (value - 1) * 10;
  if (value >= 4 && value <= 6) return (value - 1) * 20;
  if (value >= 7 && value <= 100) return value;
  if (value >= 0xf1 && value <= 0xf6) return value - 0xf0;
  return undefined;
}

/**
 * Binary frame: `$ | id BCD | hhmmss | ddmmyy | lat DDMMmmmm | u8 battery | lon DDDMMmmmm + flags
 * nibble | speed SSS + course CCC (BCD, knots and degrees) | u32 status | model-specific tail`.
 */
export function decodeBinary(frame: Buffer): { id: string; message: DeviceMessage } {
  const width = binaryIdWidth(frame);
  if (width === undefined) throw new DecodeError('h02', 'binary frame without a BCD time after its id');
  const at = 1 + width;
  if (frame.length < at + 23) throw new DecodeError('h02', `binary frame of ${frame.length} bytes is too short`);
  const id = digits(frame.subarray(1, at)).slice(0, width === 8 ? 15 : 10);
  const [hh, mi, ss, dd, mo, yy] = [0, 1, 2, 3, 4, 5].map((i) => bcd(frame[at + i])!);
  const lat = digits(frame.subarray(at + 6, at + 10)); // DDMMmmmm
  const lon = digits(frame.subarray(at + 11, at + 16)); // DDDMMmmmm + flags nibble
  const flags = frame[at + 15]! & 0x0f;
  const motion = digits(frame.subarray(at + 16, at + 19)); // SSSCCC
  if (!/^\d{8}$/.test(lat) || !/^\d{9}/.test(lon) || !/^\d{6}$/.test(motion)) {
    throw new DecodeError('h02', 'binary frame coordinates are not BCD');
  }
  const latitude = +lat.slice(0, 2) + +lat.slice(2, 8) / 10000 / 60;
  const longitude = +lon.slice(0, 3) + +lon.slice(3, 9) / 10000 / 60;
  const record: PositionRecord = {
    ...emptyState(),
    time: new Date(Date.UTC(2000 + yy!, mo! - 1, dd, hh, mi, ss)),
    valid: (flags & 0x2) !== 0,
    lat: flags & 0x4 ? latitude : -latitude, // 0x4: north
    lng: flags & 0x8 ? longitude : -longitude, // 0x8: east
    speed: +motion.slice(0, 3) * KNOTS_TO_KMH, // knots → km/h
    heading: +motion.slice(3, 6),
  };
  const battery = batteryLevel(frame[at + 10]!);
  if (battery !== undefined) record.batteryLevel = battery;
  applyStatusBits(record, frame.readUInt32BE(at + 19));
  return { id, message: { type: 'position', record } };
}
