import { emptyState, type DeviceMessage } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';
import { decodeBinary } from './binary.js';
import { addExtras, parseLocation, parseTextFrame, statusTail, type TextFrame } from './text.js';

interface Handled {
  messages: DeviceMessage[];
  reply?: string; // text to send back
}

type Handler = (frame: TextFrame, context: DecodeContext) => Handled;

/** `yyyyMMddHHmmss` UTC, the server time in V4 replies. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Location reports (V1, V2, V5, V6, V8, V19, VI1, ...): a fix, or DecodeError without coordinates. */
const location: Handler = ({ type, fields }, context) => {
  const record = parseLocation(fields.join(','), () => context.now());
  if (!record) throw new DecodeError('h02', `${type} without a usable location`);
  return { messages: [{ type: 'position', record }] };
};

/** V1 (the standard report) is answered with `V4,V1,<server time>`, when the device gave an id. */
const v1: Handler = (frame, context) => {
  const handled = location(frame, context);
  return frame.id === '' ? handled : { ...handled, reply: `*HQ,${frame.id},V4,V1,${stamp(context.now())}#` };
};

/** V4: the reply to a command (`<cmd>,<params...>,<its HHmmss>`), usually followed by a location. */
const commandReply: Handler = ({ fields }, context) => {
  for (let split = 1; split < fields.length; split++) {
    const record = parseLocation(fields.slice(split).join(','), () => context.now());
    if (record) {
      return {
        messages: [
          { type: 'command_reply', text: fields.slice(0, split).join(',') },
          { type: 'position', record },
        ],
      };
    }
  }
  return { messages: [{ type: 'command_reply', text: fields.join(',') }] };
};

/** NBR: `hhmmss, MCC, MNC, ?, count, (LAC, CID, signal) × count, ddmmyy, status` — cells, no fix. */
const neighbours: Handler = ({ id, fields }, context) => {
  const record = statusTail(fields, fields[0]);
  const [, mcc, mnc, , , lac, cid] = fields;
  Object.assign(record.attributes, { mcc: Number(mcc), mnc: Number(mnc), lac: Number(lac), cid: Number(cid) });
  return { messages: [{ type: 'status', record }], reply: `*HQ,${id},V4,NBR,${stamp(context.now())}#` };
};

/** LINK: `hhmmss, GSM (0–31), satellites, battery %, steps, turnovers, ddmmyy, status`. */
const link: Handler = ({ fields }) => {
  const record = statusTail(fields, fields[0]);
  const [, rssi, satellites, battery, steps, turnovers] = fields.map(Number);
  if (rssi !== undefined && rssi >= 0 && rssi <= 31) record.gsmSignal = Math.round((rssi * 100) / 31);
  if (battery !== undefined && battery >= 0 && battery <= 100) record.batteryLevel = battery;
  Object.assign(record.attributes, { satellites, steps, turnovers });
  return { messages: [{ type: 'status', record }] };
};

/** V3 and other cell reports: only the time, date and status are read. */
const cellReport: Handler = ({ fields }) => ({ messages: [{ type: 'status', record: statusTail(fields, fields[0]) }] });

/** HTBT / V0 heartbeat, optionally with battery %; echoed back as `HTBT`. */
const heartbeat: Handler = ({ id, fields }) => {
  const battery = Number(fields[0]);
  const messages: DeviceMessage[] =
    fields[0] && battery >= 0 && battery <= 100 ? [{ type: 'status', record: { ...emptyState(), batteryLevel: battery } }] : [{ type: 'heartbeat' }];
  return { messages, reply: `*HQ,${id},HTBT#` };
};

/** SMS: the device's answer to a text command, free text with commas and line breaks. */
const sms: Handler = ({ body }) => ({ messages: [{ type: 'command_reply', text: body }] });

/** VP1 (lowercase `*hq`): `A` + a fix with a date but no time of day (taken as 00:00 UTC), or `V` + cells. */
const vp1: Handler = ({ fields }, context) => {
  if (fields[0] !== 'A') {
    const record = emptyState();
    addExtras(record, fields.slice(1));
    return { messages: [{ type: 'status', record }] };
  }
  return location({ type: 'VP1', id: '', body: '', fields: ['000000', ...fields] }, context);
};

/** Text types; a type not listed (XT, BS, BASE...) decodes to nothing and gets no reply. */
const textTypes: Record<string, Handler> = {
  V1: v1,
  V2: location,
  V5: location,
  V6: location,
  V8: location,
  V19: location,
  VI1: location,
  V4: commandReply,
  NBR: neighbours,
  LINK: link,
  V3: cellReport,
  HTBT: heartbeat,
  V0: heartbeat,
  SMS: sms,
  VP1: vp1,
};

const BINARY_MARKERS = new Set([0x24, 0x58]); // '$', 'X'

/** H02 decoder for one connection: remembers the device id to emit one login per device. */
export class H02Decoder implements ProtocolDecoder {
  private id: string | undefined;

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    if (frame.length === 0) throw new DecodeError('h02', 'empty frame');
    if (BINARY_MARKERS.has(frame[0]!)) {
      const { id, message } = decodeBinary(frame);
      return { messages: [...this.login(id), message], integrity: {} };
    }
    const parsed = parseTextFrame(frame);
    const handler = textTypes[parsed.type];
    const handled: Handled = handler ? handler(parsed, context) : { messages: [] };
    const messages = [...this.login(parsed.id), ...handled.messages];
    return handled.reply === undefined ? { messages, integrity: {} } : { messages, reply: Buffer.from(handled.reply, 'latin1'), integrity: {} };
  }

  /** A login when this connection's device id first appears (or changes). */
  private login(id: string): DeviceMessage[] {
    if (id === '' || id === this.id) return [];
    this.id = id;
    return [{ type: 'login', imei: id }];
  }
}
