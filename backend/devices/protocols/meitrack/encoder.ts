import { hexBytes } from '../encoding.js';
import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';
import { meitrackFrame } from './frame.js';

/**
 * `@@<flag><length>,<IMEI>,<command>[,<parameters>]*<checksum>\r\n`, e.g. `A10` one position, `C01,0,12222`
 * outputs, `F02` reboot; the flag is a letter that changes with each command. Hex: raw bytes.
 */
export function encodeMeitrackCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') return hexBytes(command.payload, 'meitrack');
  const text = command.payload.trim();
  if (!/^[0-9A-Z]{3}(,[\x20-\x29\x2b-\x7e]*)?$/.test(text)) throw new EncodeError('meitrack', 'a command is its 3-character code, then ,parameters (no *)');
  const flag = String.fromCharCode(0x41 + ((command.serial ?? 0) % 26));
  return meitrackFrame(flag, command.imei, text);
}
