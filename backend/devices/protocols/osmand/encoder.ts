import { EncodeError } from '../errors.js';
import type { DeviceCommand } from '../types.js';
import { response, statusOf, withClose } from './http.js';

const MAX_COMMAND_BYTES = 1024;

/**
 * A command is text the app finds in the body of the next 200 reply (the HTTP connection cannot
 * push it). There is no binary form: a hex command is refused.
 */
export function encodeOsmAndCommand(command: DeviceCommand): Buffer {
  if (command.kind === 'hex') throw new EncodeError('osmand', 'OsmAnd commands are text in the HTTP reply');
  const text = Buffer.from(command.payload, 'utf8');
  if (text.length === 0 || text.length > MAX_COMMAND_BYTES) throw new EncodeError('osmand', `command text must be 1–${MAX_COMMAND_BYTES} bytes`);
  return text;
}

/** A 200 reply carrying the held commands, one per line; other replies carry none. */
export function attachOsmAndCommands(reply: Buffer, commands: Buffer[]): Buffer | undefined {
  if (statusOf(reply) !== 200) return undefined;
  const carried = response(200, { body: Buffer.from(commands.map((c) => c.toString('utf8')).join('\n'), 'utf8') });
  return /\r\nconnection: close\r\n/i.test(reply.toString('latin1')) ? withClose(carried) : carried;
}
