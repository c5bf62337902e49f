import { emptyState, type DeviceMessage, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';

const DATE = /^\d{8}$/; // yyyymmdd
const TIME = /^\d\d:\d\d:\d\d$/;
const DECIMAL = /^[+-]?\d+\.\d+$/;

/** Report types that carry a fix (`STT` status, `ALT` alert, `EMG` emergency, `EVT` event, `UEX` extended, `BLE` beacon). */
const FIX_TYPES = new Set(['STT', 'ALT', 'EMG', 'EVT', 'UEX', 'BLE']);
const ALARM_TYPES: Record<string, 'sos' | 'general'> = { EMG: 'sos', Emergency: 'sos', ALT: 'general', Alert: 'general' };
/** Command answers: `RES;<id>;…`, `ST300CMD;Res;<id>;…`, `CRR;…`. */
const REPLY_TYPES = new Set(['RES', 'CMD', 'CRR']);

interface Header {
  type: string; // STT, ALT, … (ST910: Location, Emergency, Alert)
  id: string;
  st910: boolean;
}

/** `ST300STT;<id>` (model + type), `STT;<id>` (universal), `ST910;<type>;<id>`, `ST300CMD;Res;<id>`. */
function header(fields: string[]): Header | undefined {
  const [first = '', second = '', third = ''] = fields;
  if (/^ST\d+$/.test(first)) return { type: second, id: third, st910: true };
  const model = /^(?:ST|SA)\d+[A-Z]?(?=[A-Z]{3}$)/.exec(first);
  const type = model ? first.slice(model[0].length) : first;
  if (type === 'CMD') return { type, id: third, st910: false };
  return { type, id: second, st910: false };
}

/**
 * The fix of any text layout, found by shape: the first `yyyymmdd;hh:mm:ss` pair, then the first two
 * decimal fields after it (cell ids, MCC/MNC and signal fields between are integers or hex), then
 * speed (km/h) and course when decimal; then satellites and the fix flag (ST910: the fix flag
 * right after the course).
 */
function readFix(fields: string[], h: Header): PositionRecord | undefined {
  let at = fields.findIndex((f, i) => DATE.test(f) && TIME.test(fields[i + 1] ?? ''));
  if (at < 0) return undefined;
  const [date, time] = [fields[at]!, fields[at + 1]!];
  at += 2;
  while (at < fields.length && !DECIMAL.test(fields[at]!)) at++;
  const lat = Number(fields[at]);
  const lng = Number(fields[at + 1]);
  if (!DECIMAL.test(fields[at] ?? '') || !DECIMAL.test(fields[at + 1] ?? '') || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  const speedText = fields[at + 2] ?? '';
  const courseText = fields[at + 3] ?? '';
  const moving = DECIMAL.test(speedText) && DECIMAL.test(courseText);
  const stamp = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +time.slice(0, 2), +time.slice(3, 5), +time.slice(6, 8));
  if (Number.isNaN(stamp)) return undefined;
  const record: PositionRecord = {
    ...emptyState(),
    time: new Date(stamp),
    valid: true,
    lat,
    lng,
    speed: moving ? Number(speedText) : 0,
    heading: moving ? Number(courseText) : 0,
  };
  if (moving) {
    const fix = h.st910 ? fields[at + 4] : fields[at + 5];
    const satellites = h.st910 ? undefined : Number(fields[at + 4]);
    if (fix === '0' || fix === '1') record.valid = fix === '1';
    if (satellites !== undefined && Number.isInteger(satellites)) record.satellites = satellites;
  }
  const alarm = ALARM_TYPES[h.type];
  if (alarm) record.alarms.push(alarm);
  return record;
}

/** Suntech decoder for one connection: the device id is in every report; one login per id. */
export class SuntechDecoder implements ProtocolDecoder {
  private id: string | undefined;

  decode(frame: Buffer, _context: DecodeContext): DecodeResult {
    if (frame.length === 0) throw new DecodeError('suntech', 'empty frame');
    if (frame[0] === 0x02 || frame[0] === 0x81 || frame[0] === 0x82) return { messages: [], integrity: {} }; // binary reports: not decoded
    const text = frame.toString('latin1');
    const fields = text.split(';');
    const h = header(fields);
    if (!h || !/^[0-9A-Za-z]{1,32}$/.test(h.id)) throw new DecodeError('suntech', 'report without a device id');
    const messages: DeviceMessage[] = [];
    if (h.id !== this.id) {
      this.id = h.id;
      messages.push({ type: 'login', imei: h.id });
    }
    if (REPLY_TYPES.has(h.type) || h.type === 'Res') messages.push({ type: 'command_reply', text: fields.slice(h.type === 'CMD' ? 3 : 2).join(';') });
    else if (FIX_TYPES.has(h.type) || h.st910) {
      const record = readFix(fields, h);
      if (record) messages.push({ type: 'position', record });
    } else if (h.type === 'ALV' || h.type === 'ALIVE') messages.push({ type: 'heartbeat' });
    return { messages, integrity: {} }; // Suntech units expect no reply
  }
}
