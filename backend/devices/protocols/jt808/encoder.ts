import { hexBytes } from '../encoding.js';
import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';
import { escapeFrame } from './frame.js';

export interface Jt808Header {
  id: number; // message id
  phone: string; // BCD digits as sent: 12 (2013) or 20 (2019)
  serial: number;
  version?: number; // 2019 protocol version byte; present = 2019 header
}

/** BCD bytes of a digit string (an odd count gets a leading 0). */
function bcdBytes(digits: string): Buffer {
  return Buffer.from(digits.length % 2 ? `0${digits}` : digits, 'hex');
}

/**
 * `7E | u16 id | u16 properties (body length; bit 14 + version byte: 2019) | phone BCD | u16 serial
 * | body | XOR checksum | 7E`, escaped.
 */
export function buildMessage(header: Jt808Header, body: Buffer): Buffer {
  if (body.length > 0x3ff) throw new EncodeError('jt808', 'message body longer than 1023 bytes');
  const v2019 = header.version !== undefined;
  const phone = bcdBytes(header.phone.padStart(v2019 ? 20 : 12, '0'));
  const head = Buffer.alloc(4 + (v2019 ? 1 : 0));
  head.writeUInt16BE(header.id, 0);
  head.writeUInt16BE(body.length | (v2019 ? 0x4000 : 0), 2);
  if (v2019) head.writeUInt8(header.version!, 4);
  const serial = Buffer.alloc(2);
  serial.writeUInt16BE(header.serial & 0xffff, 0);
  const content = Buffer.concat([head, phone, serial, body, Buffer.alloc(1)]);
  let xor = 0;
  for (let i = 0; i < content.length - 1; i++) xor ^= content[i]!;
  content[content.length - 1] = xor;
  return escapeFrame(content);
}

const TEXT_MESSAGE = 0x8300;
const TEXT_FLAG = 0x01; // "emergency": units run it as an SMS-style command instead of showing it

/**
 * Text: 0x8300 text message (`u8 flag | text`). Hex: `u16 message id | body` of any downlink
 * message, framed for the device (e.g. `8105 04` resets it). The terminal answers with 0x0001.
 */
export function encodeJt808Command(command: DeviceCommand): Buffer {
  const phone = command.imei.replace(/\D/g, '');
  if (!phone || phone.length > 20) throw new EncodeError('jt808', 'the device id is not a terminal phone number');
  const header = { phone, serial: command.serial ?? 0, ...(phone.length > 12 ? { version: 1 } : {}) };
  if (command.kind === 'hex') {
    const bytes = hexBytes(command.payload, 'jt808');
    if (bytes.length < 2) throw new EncodeError('jt808', 'a hex command starts with its 2-byte message id');
    return buildMessage({ ...header, id: bytes.readUInt16BE(0) }, bytes.subarray(2));
  }
  return buildMessage({ ...header, id: TEXT_MESSAGE }, Buffer.concat([Buffer.from([TEXT_FLAG]), Buffer.from(command.payload, 'latin1')]));
}
