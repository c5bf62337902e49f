import { hexBytes } from '../encoding.js';
import type { DeviceCommand } from '../types.js';

/**
 * Text as TK103-style firmware takes it: `**,imei:<IMEI>,<code>` (`B` one position, `C,30s` every 30 s,
 * `D` stop, `J`/`K` engine stop/resume, `L`/`M` arm/disarm). A text that already starts `**,` goes as
 * it is. Hex: raw bytes.
 */
export function encodeGps103Command(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') return hexBytes(command.payload, 'gps103');
  const text = command.payload.startsWith('**,') ? command.payload : `**,imei:${command.imei},${command.payload}`;
  return Buffer.from(text, 'latin1');
}
