import type { DeviceMessage } from '../../vocabulary.js';
import { printableText } from '../encoding.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';
import type { DecodeContext, DecodeResult, FrameIntegrity, ProtocolDecoder } from '../types.js';
import { buildMessage, type Jt808Header } from './encoder.js';
import { DELIMITER, unescape } from './frame.js';
import { readLocation } from './location.js';
import { decodeVendorReport, VENDOR_REPORTS } from './vendor55.js';

/** One binary message cut into its parts (after unescaping). */
export interface Jt808Message {
  header: Jt808Header;
  body: ByteReader;
  integrity: FrameIntegrity;
}

interface Handled {
  messages: DeviceMessage[];
  /** Reply body as 0x8001 result (number) or a full reply (Buffer); absent: no reply. */
  reply?: number | Buffer;
}

type Handler = (message: Jt808Message, context: DecodeContext) => Handled;

const REGISTER = 0x0100;
const AUTHENTICATE = 0x0102;
const GENERAL_RESPONSE = 0x8001;
const REGISTER_RESPONSE = 0x8100;

const OK = 0;
const FAILED = 1;
const REGISTER_UNKNOWN_TERMINAL = 4; // 0x8100 result: no such terminal in the platform's database

/**
 * 0x0100 registration: answered with 0x8100 `u16 serial | result | auth code`. The auth code is
 * the terminal's phone digits (the device sends it back in 0x0102). An unknown terminal gets
 * result 4 and no code: the protocol's refusal.
 */
const register: Handler = ({ header }, context) => {
  const serial = Buffer.alloc(3);
  serial.writeUInt16BE(header.serial, 0);
  if (!context.registered(header.phone) && !context.registered(stripped(header.phone))) {
    serial.writeUInt8(REGISTER_UNKNOWN_TERMINAL, 2);
    return { messages: [], reply: reply(header, REGISTER_RESPONSE, serial) };
  }
  serial.writeUInt8(OK, 2);
  return { messages: [], reply: reply(header, REGISTER_RESPONSE, Buffer.concat([serial, Buffer.from(header.phone, 'latin1')])) };
};

/** 0x0102 authentication (the auth code): 0x8001 OK, or 0x8001 failure for an unknown terminal. */
const authenticate: Handler = ({ header }, context) => {
  const known = context.registered(header.phone) || context.registered(stripped(header.phone));
  return { messages: [], reply: known ? OK : FAILED };
};

/** 0x0002 heartbeat. */
const heartbeat: Handler = () => ({ messages: [{ type: 'heartbeat' }], reply: OK });

/** 0x0200 location report. */
const location: Handler = ({ body }) => ({ messages: [{ type: 'position', record: readLocation(body) }], reply: OK });

/** 0x0704 batch of buffered locations: `u16 count | u8 type (1: sent late) | (u16 length | location) × count`. */
const batch: Handler = ({ body, integrity }) => {
  const count = body.u16('count');
  const archive = body.u8('type') === 1;
  const messages: DeviceMessage[] = [];
  while (body.remaining >= 2) {
    const length = body.u16('item length');
    const item = new ByteReader(body.bytes(Math.min(length, body.remaining), 'location item'), 'jt808');
    const record = readLocation(item);
    if (archive) record.attributes.archive = true;
    messages.push({ type: 'position', record });
  }
  if (messages.length !== count) integrity.lengthOk = false;
  return { messages, reply: OK };
};

/** 0x0210 vendor report of several locations: `(u8 length | location) × n`. */
const locations: Handler = ({ body }) => {
  const messages: DeviceMessage[] = [];
  while (body.remaining >= 1) {
    const length = body.u8('item length');
    if (length < 28 || length > body.remaining) break; // not a location item (cell/WiFi layouts)
    messages.push({ type: 'position', record: readLocation(new ByteReader(body.bytes(length, 'location item'), 'jt808')) });
  }
  return { messages, reply: OK };
};

/** 0x0001 terminal general response: `u16 serial | u16 message id | u8 result` — the answer to a command. */
const terminalResponse: Handler = ({ body }) => {
  const serial = body.u16('serial');
  const id = body.u16('message id');
  const result = body.u8('result');
  const words = ['OK', 'failed', 'wrong message', 'not supported', 'alarm confirmed'][result] ?? `result ${result}`;
  return { messages: [{ type: 'command_reply', text: `0x${id.toString(16).padStart(4, '0')} #${serial}: ${words}` }] };
};

/** 0x6006: the text a terminal answers a text command with (vendor). */
const textReply: Handler = ({ body }) => {
  const bytes = body.bytes(body.remaining, 'text');
  const content = bytes.subarray(bytes[0]! < 0x20 ? 1 : 0); // a leading type byte below 0x20
  const text = printableText(content);
  return { messages: text ? [{ type: 'command_reply', text }] : [], reply: OK };
};

/** Acknowledged with 0x8001 and not decoded (logout, CAN data, driver card, events…). */
const ackOnly: Handler = () => ({ messages: [], reply: OK });

/** Message types by id. A type not listed decodes to nothing and gets no reply, as in the reference server. */
const handlers: Record<number, Handler> = {
  0x0001: terminalResponse,
  0x0002: heartbeat,
  0x0003: ackOnly, // logout
  [REGISTER]: register,
  [AUTHENTICATE]: authenticate,
  0x0200: location,
  0x0704: batch,
  0x0900: ackOnly, // transparent data: vendor payloads, not command answers
  0x6006: textReply,
  0x0107: ackOnly, // terminal attributes
  0x0210: locations, // vendor
  0x1007: ackOnly,
};

/** Phone digits without the leading zeros (the short form a dealer may register a unit with). */
function stripped(phone: string): string {
  return phone.replace(/^0+(?=\d)/, '');
}

/** A reply to `header`: same phone and header version, server serial 0. */
function reply(header: Jt808Header, id: number, body: Buffer): Buffer {
  return buildMessage({ id, phone: header.phone, serial: 0, ...(header.version !== undefined ? { version: header.version } : {}) }, body);
}

/** 0x8001: `u16 device serial | u16 message id | u8 result`. */
function generalResponse(header: Jt808Header, result: number): Buffer {
  const body = Buffer.alloc(5);
  body.writeUInt16BE(header.serial, 0);
  body.writeUInt16BE(header.id, 2);
  body.writeUInt8(result, 4);
  return reply(header, GENERAL_RESPONSE, body);
}

/**
 * Unescaped content `u16 id | u16 properties | [u8 version] | phone BCD 6 (10 in 2019) | u16 serial
 * | [u16 packets, u16 packet] | body | u8 XOR`. Properties: body length (bits 0–9), sub-packaged
 * (bit 13), 2019 header (bit 14).
 */
/** Phone digits (BCD, sometimes hex digits) as the device id. */
export function parseMessage(content: Buffer): Jt808Message {
  const r = new ByteReader(content, 'jt808', 0, Math.max(0, content.length - 1));
  const id = r.u16('message id');
  const properties = r.u16('properties');
  const v2019 = (properties & 0x4000) !== 0;
  const version = v2019 ? r.u8('protocol version') : undefined;
  const phone = r.bytes(v2019 ? 10 : 6, 'phone').toString('hex'); // BCD digits; some units put hex digits there
  const serial = r.u16('serial');
  if (properties & 0x2000) r.skip(4, 'sub-package counters');
  let xor = 0;
  for (let i = 0; i < content.length - 1; i++) xor ^= content[i]!;
  const integrity: FrameIntegrity = { crcOk: xor === content[content.length - 1], lengthOk: (properties & 0x3ff) === r.remaining };
  return { header: { id, phone, serial, ...(version !== undefined ? { version } : {}) }, body: r, integrity };
}

/** JT/T 808 decoder for one connection: remembers the terminal to emit one login per terminal. */
export class Jt808Decoder implements ProtocolDecoder {
  private phone: string | undefined;

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    if (frame[0] === 0x28) return this.decodeText(frame, context);
    if (frame.length < 2 || frame[0] !== DELIMITER || frame[frame.length - 1] !== DELIMITER) {
      throw new DecodeError('jt808', 'not a 7E-delimited frame');
    }
    const content = unescape(frame.subarray(1, frame.length - 1));
    if (content.length < 13) throw new DecodeError('jt808', `message of ${content.length} bytes is shorter than its header`);
    if (VENDOR_REPORTS.has(content.readUInt16BE(0))) {
      const report = decodeVendorReport(content);
      const login = this.login(report.phone, context);
      const result: DecodeResult = { messages: [...login.messages, { type: 'position', record: report.record }], integrity: report.integrity };
      if (report.reply && !login.unknown) result.reply = report.reply;
      return result;
    }
    const message = parseMessage(content);
    const login = this.login(message.header.phone, context);
    const handler = handlers[message.header.id];
    const handled: Handled = handler ? handler(message, context) : { messages: [] };
    if (login.unknown && typeof handled.reply === 'number' && message.header.id !== AUTHENTICATE) delete handled.reply; // only auth answers an unknown terminal
    const replyBytes = typeof handled.reply === 'number' ? generalResponse(message.header, handled.reply) : handled.reply;
    const result: DecodeResult = { messages: [...login.messages, ...handled.messages], integrity: message.integrity };
    if (replyBytes) result.reply = replyBytes;
    return result;
  }

  /**
   * `(phone,1,001,TYPE,…)` text frames. `BASE,2` asks for the time: answered with the same frame,
   * its last field replaced by the server's UTC `yyyyMMddHHmmss`. Other types decode to nothing.
   */
  private decodeText(frame: Buffer, context: DecodeContext): DecodeResult {
    const text = frame.toString('latin1');
    if (!text.endsWith(')')) throw new DecodeError('jt808', 'text frame without )');
    const fields = text.slice(1, -1).split(',');
    const phone = fields[0] ?? '';
    if (!/^\d{1,20}$/.test(phone)) throw new DecodeError('jt808', 'text frame without a terminal number');
    const login = this.login(phone, context);
    const result: DecodeResult = { messages: login.messages, integrity: {} };
    if (fields[3] === 'BASE' && fields[4] === '2' && !login.unknown) {
      const stamp = context.now().toISOString().replace(/[-:T]/g, '').slice(0, 14);
      result.reply = Buffer.from(`(${[...fields.slice(0, -1), stamp].join(',')})`, 'latin1');
    }
    return result;
  }

  /**
   * A login when this connection's terminal first appears (or changes). The device id is the
   * phone digits as sent, or their short form without leading zeros when that is the one
   * registered; `unknown` when neither is.
   */
  private login(phone: string, context: DecodeContext): { messages: DeviceMessage[]; unknown: boolean } {
    if (phone === this.phone) return { messages: [], unknown: false };
    const short = stripped(phone);
    const id = context.registered(phone) ? phone : context.registered(short) ? short : undefined;
    this.phone = phone;
    return { messages: [{ type: 'login', imei: id ?? phone }], unknown: id === undefined };
  }
}
