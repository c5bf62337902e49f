/** The JT808 captures of `device-captures-2.json` as they go on the wire, for tests. */
import { readFileSync } from 'node:fs';
import { decoderEntries, parseCaptures2, type Capture } from './captures.js';
import { escapeFrame } from '../jt808/frame.js';
import { FIXTURE_NOW } from './replay.js';

const captures = parseCaptures2(readFileSync(new URL('./device-captures-2.json', import.meta.url), 'utf8'));
/**
 * Traccar's decoder tests feed its protocol decoder frames its frame decoder has already
 * unescaped, so the fixture's frames are unescaped content between 7E delimiters (a literal 7D 01
 * in them is two bytes of data). On the wire they are escaped: that is what our decoder reads.
 */
export function toWire(entry: Capture): Capture {
  const bytes = Buffer.from(entry.hex, 'hex');
  if (bytes[0] !== 0x7e || bytes.length < 2) return entry;
  return { ...entry, hex: escapeFrame(bytes.subarray(1, -1)).toString('hex') };
}
export const jt808Entries = decoderEntries(captures.jt808).map(toWire);

/** The BASE,2 time reply with the fixture clock in place of the time Traccar's run had. */
export function jt808Reply(entry: Capture): Capture {
  const [first] = entry.traccar?.responses ?? [];
  if (!first?.nondeterministic || !first.hex) return entry;
  const text = Buffer.from(first.hex, 'hex').toString('latin1').replace(/\d{14}\)$/, `${FIXTURE_NOW.toISOString().replace(/[-:T]/g, '').slice(0, 14)})`);
  return { ...entry, traccar: { ...entry.traccar, responses: [{ hex: Buffer.from(text, 'latin1').toString('hex') }] } };
}

