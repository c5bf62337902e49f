/**
 * Queclink captures with the per-report ACK filled in. The fixture shows only the heartbeat's
 * `+SACK:GTHBD,…$`, because Traccar acknowledges other reports only with its `gl200.ack` option
 * on; we always acknowledge a text `+RESP`/`+BUFF` report once stored, in the format Traccar
 * sends with that option: `+SACK:<count number>$` (the report's last field).
 */
import type { Capture } from './captures.js';

export function withSack(entry: Capture): Capture {
  const text = entry.text;
  if (!text || entry.traccar?.responses?.length || !/^\+(?:RESP|BUFF):GT/.test(text)) return entry;
  const count = text.replace(/\$$/, '').split(',').pop() ?? '';
  if (!/^[0-9A-Fa-f]{4}$/.test(count)) return entry;
  return { ...entry, traccar: { ...entry.traccar, responses: [{ text: `+SACK:${count}$` }] } };
}
