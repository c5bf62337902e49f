import { crc16Kermit } from '../crc.js';
import { hexBytes } from '../encoding.js';
import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';

/** Server → device: `u16 length | u8 command | payload | u16 CRC-16/KERMIT of command + payload`. */
export function buildServerFrame(command: number, payload: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([command]), payload]);
  const frame = Buffer.alloc(body.length + 4);
  frame.writeUInt16BE(body.length, 0);
  body.copy(frame, 2);
  frame.writeUInt16BE(crc16Kermit(body), body.length + 2);
  return frame;
}

const SMS_VIA_GPRS = 108; // a configuration/SMS command as text; answered with command 7

/**
 * Text: SMS-via-GPRS (command 108) with the text as the device would get it by SMS. Hex: `u8
 * command + payload` of any server command, framed and CRC'd.
 */
export function encodeRuptelaCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') {
    const bytes = hexBytes(command.payload, 'ruptela');
    return buildServerFrame(bytes[0]!, bytes.subarray(1));
  }
  if (command.payload.length > 1000) throw new EncodeError('ruptela', 'command text longer than 1000 bytes');
  return buildServerFrame(SMS_VIA_GPRS, Buffer.from(command.payload, 'latin1'));
}
