import { crc16Ibm } from '../crc.js';
import { hexBytes } from '../encoding.js';
import type { DeviceCommand } from '../types.js';

const CODEC12 = 0x0c;
const COMMAND_TYPE = 0x05; // server → device command

/**
 * Codec 12 command: `00000000 | u32 size | 0C | 01 | 05 | u32 len | command | 01 | u32 CRC-16/IBM`.
 * `text` commands go as ASCII; `hex` commands are sent as the raw bytes they spell.
 */
export function encodeTeltonikaCommand(command: DeviceCommand): Buffer {
  const body = command.kind === 'hex' ? hexBytes(command.payload, 'teltonika') : Buffer.from(command.payload, 'latin1');
  const data = Buffer.alloc(8 + body.length); // codec id .. count 2
  data.writeUInt8(CODEC12, 0);
  data.writeUInt8(1, 1);
  data.writeUInt8(COMMAND_TYPE, 2);
  data.writeUInt32BE(body.length, 3);
  body.copy(data, 7);
  data.writeUInt8(1, 7 + body.length);
  const frame = Buffer.alloc(data.length + 12);
  frame.writeUInt32BE(data.length, 4);
  data.copy(frame, 8);
  frame.writeUInt32BE(crc16Ibm(data), 8 + data.length);
  return frame;
}
