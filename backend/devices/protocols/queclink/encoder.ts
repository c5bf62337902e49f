import { hexBytes } from '../encoding.js';
import type { DeviceCommand } from '../types.js';

/**
 * `AT+GT<command>=<password>,…,<serial>$` text as the unit takes it (e.g. `AT+GTRTO=gl300,1,,,,,,FFFF$`
 * position request, `AT+GTOUT=gl300,1,,,0,0,0,0,0,0,0,,,,,,,FFFF$` output 1 on); a text without the
 * final `$` gets one. Hex: raw bytes.
 */
export function encodeQueclinkCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') return hexBytes(command.payload, 'queclink');
  const text = command.payload.trim();
  return Buffer.from(text.endsWith('$') ? text : `${text}$`, 'latin1');
}
