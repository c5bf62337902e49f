import { crc16X25 } from '../crc.js';
import { hexBytes } from '../encoding.js';
import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';

export interface Gt06FrameParts {
  extended: boolean; // 7979 header with a u16 length
  type: number;
  content: Buffer;
  serial: number; // u16
}

/** `7878 L | P | content | serial | CRC | 0D0A` (or 7979 with u16 L); CRC-16/X-25 over L..serial. */
export function buildFrame({ extended, type, content, serial }: Gt06FrameParts): Buffer {
  const lengthBytes = extended ? 2 : 1;
  const frame = Buffer.alloc(2 + lengthBytes + 1 + content.length + 6);
  frame.fill(extended ? 0x79 : 0x78, 0, 2);
  const length = 1 + content.length + 4; // type + content + serial + CRC
  if (extended) frame.writeUInt16BE(length, 2);
  else frame.writeUInt8(length, 2);
  let at = 2 + lengthBytes;
  frame.writeUInt8(type, at++);
  content.copy(frame, at);
  at += content.length;
  frame.writeUInt16BE(serial & 0xffff, at);
  frame.writeUInt16BE(crc16X25(frame.subarray(2, at + 2)), at + 2);
  frame.writeUInt16BE(0x0d0a, at + 4);
  return frame;
}

const ONLINE_COMMAND = 0x80;

/**
 * Online command 0x80: `u8 (4 + length)`, `u32 server flag` (echoed in the 0x15/0x21 reply),
 * the command (ASCII text, or raw bytes for `hex`). Example: `Relay,1#` cuts the engine.
 */
export function encodeGt06Command(command: DeviceCommand): Buffer {
  const body = command.kind === 'hex' ? hexBytes(command.payload, 'gt06') : Buffer.from(command.payload, 'latin1');
  if (body.length > 240) throw new EncodeError('gt06', 'command longer than 240 bytes does not fit a 7878 frame');
  const content = Buffer.alloc(5 + body.length);
  content.writeUInt8(4 + body.length, 0);
  content.writeUInt32BE((command.serverFlag ?? 0) >>> 0, 1);
  body.copy(content, 5);
  return buildFrame({ extended: false, type: ONLINE_COMMAND, content, serial: command.serial ?? 0 });
}
