import { hexBytes } from '../encoding.js';
import type { DeviceCommand } from '../types.js';

/**
 * Text as the unit takes it, ending with CR: `CMD;<id>;<group>;<action>` (e.g. `CMD;<id>;04;01`
 * output 1 on, `CMD;<id>;03;03` reboot); a text without the `CMD;` prefix gets `CMD;<id>;` put
 * before it. Hex: raw bytes.
 */
export function encodeSuntechCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') return hexBytes(command.payload, 'suntech');
  const text = /^[A-Z]{2,}\d*[A-Z]*;/.test(command.payload) ? command.payload : `CMD;${command.imei};${command.payload}`;
  return Buffer.from(`${text.replace(/\r$/, '')}\r`, 'latin1');
}
