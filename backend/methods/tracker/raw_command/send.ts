import { z } from 'zod';
import { isPrintableCommand } from '../../../../shared/console-text.js';
import { ApiError } from '../../../api/api-error.js';
import { bool, oneOf } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/**
 * Sends a command, encoded for the device's protocol. `reliable` (default): kept until the device
 * answers and sent again on reconnect — queued if the device is offline now. Unreliable: sent only
 * if the device is online now (213 otherwise), never retried. The answer says which: `sent`.
 */
export default defineMethod({
  path: 'tracker/raw_command/send',
  permissions: { trackers: ['update'] },
  params: z
    .object({
      device_id: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(64, 'Must be at most 64 characters'),
      command: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(1000, 'Must be at most 1000 characters'),
      type: oneOf(['text', 'hex']).default('text'),
      reliable: bool().default(true),
    })
    .superRefine((p, ctx) => {
      if (p.type === 'hex' && !/^([0-9a-fA-F]{2})+$/.test(p.command.replace(/\s+/g, ''))) {
        ctx.addIssue({ code: 'custom', path: ['command'], message: 'Non-hex string' });
      } else if (p.type === 'text' && !isPrintableCommand(p.command)) {
        ctx.addIssue({ code: 'custom', path: ['command'], message: 'Must consist of printable characters' });
      }
    }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const source = backend.store.get<{ id: number; corrupted: number }>(
      'SELECT id, corrupted FROM sources WHERE device_id = ? AND dealer_id = ? ORDER BY corrupted LIMIT 1',
      [params.device_id, dealerId],
    );
    if (!source) throw new ApiError(201);
    if (source.corrupted === 1) throw new ApiError(252);
    const command = params.type === 'hex' ? params.command.replace(/\s+/g, '').toLowerCase() : params.command;
    const { id, sent } = await backend.gateway.sendCommand(source.id, command, params.type, params.reliable);
    return { id, sent };
  },
});
