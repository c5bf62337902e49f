import { addAlarm, emptyState, type DeviceMessage, type DeviceState, type PositionRecord, type StatusRecord } from '../../vocabulary.js';
import { crc16Ibm } from '../crc.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext, DecodeResult, FrameIntegrity, ProtocolDecoder } from '../types.js';

const PACKET = /^([^#]{0,64})#([A-Z]{1,2})#(.*)$/s; // [UDP prefix]#<type>#<body>
/** The UDP prefix: `[<version>;]<id>`, the id as the gateway takes identities (1–32 letters and digits). */
const UDP_PREFIX = /^(?:\d\.\d;)?([0-9A-Za-z]{1,32})$/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const COORDINATE = /^(\d+)(\d\d\.\d+)$/; // (d)ddmm.mmmm
const reply = (text: string) => Buffer.from(`${text}\r\n`, 'latin1');

const num = (text: string | undefined): number | undefined => (text !== undefined && NUMBER.test(text) ? Number(text) : undefined);

function coordinate(text: string | undefined, hemisphere: string | undefined, negative: string): number | undefined {
  const m = COORDINATE.exec(text ?? '');
  if (!m) return undefined;
  const value = Number(m[1]) + Number(m[2]) / 60;
  return hemisphere === negative ? -value : value;
}

/** Sets lines 1..n from a bit mask (bit 0 = line 1), at most 32 lines. */
function lines(mask: number): boolean[] {
  const result: boolean[] = [];
  for (let bit = 0; bit < 32 && mask >= 2 ** bit; bit++) result.push(Math.floor(mask / 2 ** bit) % 2 === 1);
  return result;
}

/** `name:type:value` parameters (type 1 integer, 2 decimal, 3 text), names kept lower-case like the reference does. */
function readParams(state: DeviceState, text: string): void {
  for (const item of text.split(',')) {
    const [name = '', type, ...rest] = item.split(':');
    const value = rest.join(':');
    if (!name || rest.length === 0 || name === 'NA') continue;
    const key = name.toLowerCase();
    const numeric = type === '1' || type === '2' ? num(value) : undefined;
    const stored: string | number | boolean = numeric ?? (value === 'true' ? true : value === 'false' ? false : value);
    state.attributes[key] = stored;
    if (key === 'sos' && numeric === 1) addAlarm(state, 'sos');
    if (key === 'bat' && num(value) !== undefined) state.batteryLevel = Number(value);
  }
}

/**
 * One record: `date;time;lat;N|S;lon;E|W;speed km/h;course;altitude;sats` (SD) and, for D, `;hdop;inputs;
 * outputs;adc list;ibutton;params`; a v2.0 CRC may follow. `NA` is "not known"; no time → the server
 * clock (the reference does the same); no coordinates → a status; valid = 3 or more satellites.
 */
function readRecord(fields: string[], extended: boolean, now: Date): DeviceMessage {
  const [date = '', time = ''] = fields;
  const lat = coordinate(fields[2], fields[3], 'S');
  const lng = coordinate(fields[4], fields[5], 'W');
  const state: DeviceState = emptyState();
  let at = now;
  if (/^\d{6}$/.test(date) && /^\d{6}$/.test(time)) {
    at = new Date(Date.UTC(2000 + +date.slice(4, 6), +date.slice(2, 4) - 1, +date.slice(0, 2), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6)));
  }
  const satellites = num(fields[9]);
  if (extended) {
    const hdop = num(fields[10]);
    if (hdop !== undefined) state.attributes.hdop = hdop;
    const inputs = num(fields[11]);
    if (inputs !== undefined && Number.isInteger(inputs)) {
      state.attributes.input = inputs;
      state.inputs = lines(inputs);
    }
    const outputs = num(fields[12]);
    if (outputs !== undefined && Number.isInteger(outputs)) {
      state.attributes.output = outputs;
      state.outputs = lines(outputs);
    }
    (fields[13] ?? '').split(',').forEach((adc, i) => {
      if (num(adc) !== undefined) state.attributes[`adc${i + 1}`] = Number(adc);
    });
    const ibutton = fields[14];
    if (ibutton && ibutton !== 'NA') state.attributes.driverUniqueId = ibutton;
    if (fields[15]) readParams(state, fields[15]);
  }
  if (lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    const status: StatusRecord = { ...state, ...(at !== now ? { time: at } : {}) };
    if (satellites !== undefined) status.attributes.sat = satellites;
    return { type: 'status', record: status };
  }
  const record: PositionRecord = {
    ...state,
    time: at,
    valid: satellites !== undefined && satellites >= 3,
    lat,
    lng,
    speed: num(fields[6]) ?? 0,
    heading: num(fields[7]) ?? 0,
  };
  const altitude = num(fields[8]);
  if (altitude !== undefined) record.altitude = altitude;
  if (satellites !== undefined && Number.isInteger(satellites)) record.satellites = satellites;
  return { type: 'position', record };
}

/** A v2.0 body ends with a CRC-16/ARC of everything up to its last `;`, in hex (`7A01`, `0x9b0`). */
function checkCrc(body: string, fieldCount: number, v1Fields: number): { fields: string[]; integrity: FrameIntegrity } {
  const fields = body.split(';');
  if (fields.length <= v1Fields) return { fields, integrity: {} };
  const stated = fields[fields.length - 1]!;
  const cut = body.lastIndexOf(';');
  const computed = crc16Ibm(Buffer.from(body.slice(0, cut + 1), 'latin1'));
  const statedValue = /^(?:0x)?[0-9A-Fa-f]{1,4}$/.test(stated) ? parseInt(stated.replace(/^0x/, ''), 16) : undefined;
  return { fields: fields.slice(0, fieldCount), integrity: { crcOk: statedValue === computed } };
}

/**
 * Wialon IPS 1.1 / 2.0 decoder for one connection. `#L#` logs in (`imei;password`, v2.0
 * `2.0;imei;password;crc`) and is answered `#AL#1` (`#AL#0` for an unknown unit); `#SD#`/`#D#` are
 * answered `#AD#1`, a black box `#B#` `#AB#<records>`, `#P#` `#AP#`, a message `#M#` (a command
 * answer) `#AM#1`, each after storage. Over UDP every packet starts with `[2.0;]<imei>` before its
 * `#`: that is its login. A wrong v2.0 CRC is reported, not refused (the CRC policy in ../types.ts).
 */
export class WialonDecoder implements ProtocolDecoder {
  private id: string | undefined;

  private login(messages: DeviceMessage[], id: string): void {
    if (id === this.id) return;
    this.id = id;
    messages.push({ type: 'login', imei: id });
  }

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    const packet = PACKET.exec(frame.toString('latin1').replace(/\r?\n$/, ''));
    if (!packet) throw new DecodeError('wialon', 'not a #<type>#<body> packet');
    const [, prefix = '', type, body = ''] = packet;
    const messages: DeviceMessage[] = [];
    let prefixId: string | undefined;
    if (prefix) {
      prefixId = UDP_PREFIX.exec(prefix)?.[1];
      if (!prefixId) throw new DecodeError('wialon', 'the prefix before # is not [2.0;]<id> (1–32 letters and digits)');
      this.login(messages, prefixId);
    }
    const now = context.now();
    switch (type) {
      case 'L': {
        const parts = body.split(';');
        const v2 = parts[0] === '2.0';
        const id = v2 ? parts[1] : parts[0];
        if (!id) throw new DecodeError('wialon', 'login without an id');
        if (prefixId !== undefined && id !== prefixId) throw new DecodeError('wialon', 'a login for another id than its UDP prefix');
        const integrity: FrameIntegrity = v2 ? checkCrc(body, 4, 3).integrity : {};
        this.login(messages, id);
        return { messages, reply: reply(context.registered(id) ? '#AL#1' : '#AL#0'), integrity };
      }
      case 'P':
        messages.push({ type: 'heartbeat' });
        return { messages, reply: reply('#AP#'), integrity: {} };
      case 'SD':
      case 'D': {
        const extended = type === 'D';
        const { fields, integrity } = checkCrc(body, extended ? 16 : 10, extended ? 16 : 10);
        if (fields.length < 10) throw new DecodeError('wialon', `${type} packet with ${fields.length} fields`);
        messages.push(readRecord(fields, extended, now));
        return { messages, reply: reply('#AD#1'), integrity };
      }
      case 'B': {
        const records = body.split('|').filter((r) => r.length);
        for (const text of records) {
          const fields = text.split(';');
          if (fields.length < 10) throw new DecodeError('wialon', `black-box record with ${fields.length} fields`);
          const message = readRecord(fields, fields.length >= 16, now);
          if (message.type === 'position' || message.type === 'status') message.record.attributes.archive = true;
          messages.push(message);
        }
        return { messages, reply: reply(`#AB#${records.length}`), integrity: {} };
      }
      case 'M':
        messages.push({ type: 'command_reply', text: body.replace(/;[0-9A-Fa-f]{4}$/, '') });
        return { messages, reply: reply('#AM#1'), integrity: {} };
      default:
        throw new DecodeError('wialon', `packet type ${type} not taken`);
    }
  }
}
