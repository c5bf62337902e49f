import { emptyState, type DeviceMessage, type PositionRecord } from '../../vocabulary.js';
import { crc16X25 } from '../crc.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';
import type { DecodeContext, DecodeResult, FrameIntegrity, ProtocolDecoder } from '../types.js';
import { readCell, readFix, readStatusBlock } from './blocks.js';
import { extendedLocation, location34, location61, location95, tlvReport, xt40Location } from './vendor.js';
import { commandReply15, commandReply21 } from './command-replies.js';
import { buildFrame } from './encoder.js';
import { WIFI_TYPES } from './frame.js';

export type { Gt06Frame, Handled } from './handler-types.js';
import type { Gt06Frame, Handled } from './handler-types.js';

type Handler = (frame: Gt06Frame, context: DecodeContext) => Handled;

const position = (record: PositionRecord): DeviceMessage => ({ type: 'position', record });

/** 0x01: 8-byte BCD terminal id (IMEI = its hex without the first digit), type code, timezone. */
const login: Handler = ({ content }, context) => {
  const imei = content.bytes(8, 'terminal id').toString('hex').slice(1);
  return { messages: [{ type: 'login', imei }], ...(context.registered(imei) ? {} : { reply: 'none' }) };
};

/**
 * 0x12: GPS + cell, then either nothing, 3 bytes (ACC, upload mode, re-upload) or a u32 odometer;
 * other tails are vendor extensions and are left alone. Like every GPS type, an implausible GPS
 * block means a vendor layout we do not know: ACK, but decode nothing.
 */
const location12: Handler = (frame, context) => {
  const r = frame.content;
  const record = readFix(r.fork());
  if (!record) return location61(frame, context); // QH302R: the terminal id first
  r.skip(18, 'GPS block');
  readCell(r, record);
  if (r.remaining === 3) readUploadFlags(r, record);
  else if (r.remaining === 4) record.odometer = r.u32('mileage'); // m
  return { messages: [position(record)] };
};

/** 0x22: GPS + cell + ACC + upload mode + re-upload (+ u32 odometer); other tails are vendor layouts. */
const location22: Handler = (frame, context) => {
  const r = frame.content;
  const record = readFix(r.fork());
  if (!record) return xt40Location(frame, context); // NT20 / XT40: the terminal id and device time first
  r.skip(18, 'GPS block');
  readCell(r, record);
  if (r.remaining === 3 || r.remaining === 7) readUploadFlags(r, record);
  if (r.remaining === 4) record.odometer = r.u32('mileage'); // m
  return { messages: [position(record)] };
};

function readUploadFlags(r: ByteReader, record: PositionRecord): void {
  record.ignition = r.u8('ACC') > 0;
  record.attributes.event = r.u8('upload mode');
  record.attributes.archive = r.u8('re-upload') > 0; // 1: buffered while offline, sent later
}

/** 0x13: terminal info, voltage level, GSM level, `u16` alarm << 8 | language. No fix. */
const status: Handler = ({ content: r }) => {
  const record = emptyState();
  readStatusBlock(r, record);
  return { messages: [{ type: 'status', record }] };
};

/**
 * 0x16 / 0x26: GPS + cell block + status block (info, voltage, GSM, alarm, language). The status
 * block is the last 5 bytes; firmwares disagree on the cell block before it (with or without its
 * length byte, which itself may or may not count itself), so the cell is read best-effort.
 */
const alarm: Handler = ({ content: r }) => {
  const record = readFix(r);
  if (!record) return { messages: [] };
  const cell = r.bytes(r.remaining - 5, 'cell block');
  if (cell.length >= 8) readCell(new ByteReader(cell, 'gt06', cell.length > 8 ? 1 : 0), record);
  readStatusBlock(r, record);
  return { messages: [position(record)] };
};

/**
 * Vendor types whose content starts with the standard GPS block (GPS-only 0x10/0x11, 4G 0xA0,
 * multi-cell and alarm variants...). Only the fix is decoded, as what follows differs by type
 * and model. Some of these types also have cell-only layouts, which fail the plausibility check.
 */
const gpsFirst: Handler = ({ content: r }) => {
  const record = r.remaining >= 18 ? readFix(r) : undefined;
  return { messages: record ? [position(record)] : [] };
};

/** 0x8A: the device asks for the time; answer `YY MM DD hh mm ss` UTC. */
const timeRequest: Handler = (_frame, context) => {
  const now = context.now();
  const content = Buffer.from([
    now.getUTCFullYear() % 100,
    now.getUTCMonth() + 1,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
    now.getUTCSeconds(),
  ]);
  return { messages: [], reply: buildFrame({ extended: false, type: 0x8a, content, serial: 0 }) };
};

const NO_ADDRESS = 'NA&&NA&&0##';

/** 0x2A: the device asks for a street address to text its owner; answer 0x97 "no address". */
const addressRequest: Handler = () => {
  const text = Buffer.from(NO_ADDRESS, 'latin1');
  const content = Buffer.concat([Buffer.from([text.length, 0, 0, 0, 0]), text]); // length, u32 server flag 0
  return { messages: [], reply: buildFrame({ extended: true, type: 0x97, content, serial: 0 }) };
};

/** 0x7878 message types by protocol number. Types not listed are acknowledged and not decoded. */
const standardTypes: Record<number, Handler> = {
  0x01: login,
  0x12: location12,
  0x22: location22,
  0x13: status,
  0x16: alarm,
  0x26: alarm,
  0x15: commandReply15,
  0x8a: timeRequest,
  0x2a: addressRequest,
  0x25: xt40Location,
  0x34: location34,
  0x61: location61,
  0x95: location95,
  ...Object.fromEntries([0x10, 0x11, 0x17, 0x1e, 0x24, 0x27, 0x31, 0x32, 0x36, 0x37, 0xa0, 0xa2, 0xa3, 0xa4].map((t) => [t, gpsFirst])),
};

/** 0x7979 message types. */
const extendedTypes: Record<number, Handler> = {
  0x21: commandReply21,
  0x38: gpsFirst,
  0x32: extendedLocation,
  0x70: tlvReport,
};

const NOT_ACKED = new Set([0x80, 0x81, 0x82, 0x34, 0x94, 0xf3]); // server → device types some firmwares echo; types Traccar leaves unanswered
const EXTENDED_ACKED = new Set([0x32, 0x33]); // answered with a 7979 ACK
const EXTENDED_ACKED_SHORT = new Set([0x70, 0xf1, 0xf2]); // answered with a 7878 ACK

/** GT06 decoder for one connection. Dispatches on (header, protocol number) through tables. */
export class Gt06Decoder implements ProtocolDecoder {
  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    if (frame.length < 6 || frame[0] !== frame[1] || (frame[0] !== 0x78 && frame[0] !== 0x79)) {
      throw new DecodeError('gt06', 'not a 7878/7979 frame');
    }
    if (frame[0] === 0x78 && WIFI_TYPES.has(frame[3]!) && frame[2]! + 5 !== frame.length) return wifiFrame(frame);
    const parsed = parseFrame(frame);
    const handler = (parsed.extended ? extendedTypes : standardTypes)[parsed.type];
    const handled: Handled = handler ? handler(parsed, context) : { messages: [] };
    const reply = handled.reply === undefined ? defaultAck(parsed) : handled.reply === 'none' ? undefined : handled.reply;
    const integrity = checkFrame(frame);
    return reply ? { messages: handled.messages, reply, integrity } : { messages: handled.messages, integrity };
  }
}

function parseFrame(frame: Buffer): Gt06Frame {
  const extended = frame[0] === 0x79;
  const typeAt = extended ? 4 : 3;
  const serialAt = frame.length - 6; // serial, CRC, 0D0A close every frame
  if (serialAt < typeAt + 1) throw new DecodeError('gt06', `frame of ${frame.length} bytes has no room for content`);
  return {
    extended,
    type: frame[typeAt]!,
    content: new ByteReader(frame, 'gt06', typeAt + 1, serialAt),
    serial: frame.readUInt16BE(serialAt),
  };
}

/** `78 78 05 P serial CRC 0D0A` for standard frames; see the sets above for 7979 frames. */
function defaultAck({ extended, type, serial }: Gt06Frame): Buffer | undefined {
  if (!extended) return NOT_ACKED.has(type) ? undefined : buildFrame({ extended: false, type, content: Buffer.alloc(0), serial });
  if (EXTENDED_ACKED.has(type)) return buildFrame({ extended: true, type, content: Buffer.alloc(0), serial });
  if (EXTENDED_ACKED_SHORT.has(type)) return buildFrame({ extended: false, type, content: Buffer.alloc(0), serial });
  return undefined;
}

/** WiFi/cell list without length, serial or CRC: answer `78 78 00 P <its 6 time bytes> 0D 0A`. */
function wifiFrame(frame: Buffer): DecodeResult {
  if (frame.length < 12) throw new DecodeError('gt06', 'WiFi frame shorter than its time stamp');
  const reply = Buffer.concat([frame.subarray(0, 2), Buffer.from([0, frame[3]!]), frame.subarray(4, 10), Buffer.from('\r\n')]);
  return { messages: [], reply, integrity: {} };
}

/** Stated length against the frame, and the CRC-16/X-25 over length..serial. */
function checkFrame(frame: Buffer): FrameIntegrity {
  const stated = frame[0] === 0x79 ? frame.readUInt16BE(2) + 6 : frame[2]! + 5;
  const crcAt = frame.length - 4;
  return {
    crcOk: frame.readUInt16BE(crcAt) === crc16X25(frame.subarray(2, crcAt)),
    lengthOk: stated === frame.length,
  };
}
