import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';

/** `HHmmss` of the send time, UTC (Traccar uses server-local time; the device only echoes it). */
function hhmmss(at: Date): string {
  return at.toISOString().slice(11, 19).replace(/:/g, '');
}

/**
 * Text command `*HQ,<id>,<cmd>,<HHmmss>[,<params>]#`. The payload is `<cmd>[,<params>]`, for
 * example `S20,1,1` (engine stop) becomes `*HQ,<id>,S20,010203,1,1#`.
 */
export function encodeH02Command(command: DeviceCommand): Buffer {
  if (command.kind !== 'text') throw new EncodeError('h02', 'H02 commands are text');
  const [name, ...params] = command.payload.split(',');
  if (!name || /[*#]/.test(command.payload)) throw new EncodeError('h02', 'command needs a name and no * or #');
  const fields = ['*HQ', command.imei, name, hhmmss(command.time ?? new Date()), ...params];
  return Buffer.from(`${fields.join(',')}#`, 'latin1');
}
