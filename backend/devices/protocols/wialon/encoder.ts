import { hexBytes } from '../encoding.js';
import type { DeviceCommand } from '../types.js';

/** A text line as Wialon IPS units take it (`reboot`, `VER?`, `USSD:*100#`, `L1=1` output 1 on), CR LF added. Hex: raw bytes. */
export function encodeWialonCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') return hexBytes(command.payload, 'wialon');
  return Buffer.from(`${command.payload.replace(/\r?\n?$/, '')}\r\n`, 'latin1');
}
