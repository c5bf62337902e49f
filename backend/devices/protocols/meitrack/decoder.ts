import { addAlarm, emptyState, setLine, type Alarm, type DeviceMessage, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import { ByteReader } from '../reader.js';
import type { DecodeContext, DecodeResult, FrameIntegrity, ProtocolDecoder } from '../types.js';
import { meitrackChecksum, meitrackFrame } from './frame.js';

const EPOCH_2000 = Date.UTC(2000, 0, 1);
/** Event codes that are alarms (the rest, e.g. 35 interval report, are plain reports). */
const ALARMS: Record<number, Alarm> = { 1: 'sos', 17: 'low_battery', 19: 'overspeed', 20: 'geofence_enter', 21: 'geofence_exit', 23: 'power_cut' };

const gsmPercent = (level: number) => Math.round((Math.min(31, Math.max(0, level)) * 100) / 31);

function eventState(event: number): DeviceState {
  const state = emptyState();
  state.attributes.event = event;
  addAlarm(state, ALARMS[event]);
  return state;
}

/** The IO status byte pair: inputs in the first byte, outputs in the second (bit 0 = line 1). */
function ioLines(state: DeviceState, inputs: number, outputs: number): void {
  for (let bit = 0; bit < 8; bit++) {
    if (inputs >> bit) state.inputs = setLine(state.inputs, bit + 1, ((inputs >> bit) & 1) === 1);
    if (outputs >> bit) state.outputs = setLine(state.outputs, bit + 1, ((outputs >> bit) & 1) === 1);
  }
  state.inputs ??= [];
  state.outputs ??= [];
}

/** `yyMMddHHmmss` UTC. */
function textTime(text: string): Date {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (!m) throw new DecodeError('meitrack', 'unreadable time');
  const [, yy, mo, dd, hh, mi, ss] = m.map(Number) as number[];
  return new Date(Date.UTC(2000 + yy!, mo! - 1, dd!, hh!, mi!, ss!));
}

const num = (text: string | undefined) => (text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined);

/**
 * AAA (and AFF after its extra field): event, lat, lon, time, A/V, satellites, GSM 0–31, speed
 * km/h, course, HDOP, altitude, odometer m, runtime s, `mcc|mnc|lac|cid`, IO status hex,
 * `adc1|adc2|adc3|battery|supply` (hex 0.01 V; newer firmware: decimal `battery|supply|…`), more.
 */
function textPosition(fields: string[]): PositionRecord {
  const [event, lat, lng, time, validity, sats, gsm, speed, course, hdop, altitude, odometer, runtime, cell, io, adc] = fields;
  const latitude = num(lat);
  const longitude = num(lng);
  if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180)
    throw new DecodeError('meitrack', 'unreadable coordinates');
  const state = eventState(num(event) ?? 0);
  const record: PositionRecord = {
    ...state,
    time: textTime(time ?? ''),
    valid: validity === 'A',
    lat: latitude,
    lng: longitude,
    speed: num(speed) ?? 0,
    heading: (num(course) ?? 0) % 360,
  };
  const satellites = num(sats);
  if (satellites !== undefined) record.satellites = satellites;
  const signal = num(gsm);
  if (signal !== undefined) record.gsmSignal = gsmPercent(signal);
  const h = num(hdop);
  if (h !== undefined) record.attributes.hdop = h;
  const alt = num(altitude);
  if (alt !== undefined) record.altitude = alt;
  const odo = num(odometer);
  if (odo !== undefined) record.odometer = odo;
  const run = num(runtime);
  if (run !== undefined) record.attributes.runtime = run;
  const [mcc, mnc, lac, cid] = (cell ?? '').split('|');
  if (/^\d+$/.test(mcc ?? '') && /^\d+$/.test(mnc ?? '') && /^[0-9A-Fa-f]+$/.test(lac ?? '') && /^[0-9A-Fa-f]+$/.test(cid ?? ''))
    Object.assign(record.attributes, { mcc: Number(mcc), mnc: Number(mnc), lac: parseInt(lac!, 16), cid: parseInt(cid!, 16) });
  if (/^[0-9A-Fa-f]{4}$/.test(io ?? '')) ioLines(record, parseInt(io!.slice(0, 2), 16), parseInt(io!.slice(2, 4), 16));
  const parts = (adc ?? '').split('|');
  if (parts.length >= 5 && parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p))) {
    record.batteryVoltage = parseInt(parts[3]!, 16) / 100;
    record.powerVoltage = parseInt(parts[4]!, 16) / 100;
  } else if (parts.length >= 2 && parts.every((p) => /^\d+(\.\d+)?$/.test(p)) && parts[0]!.includes('.')) {
    record.batteryVoltage = Number(parts[0]);
    record.powerVoltage = Number(parts[1]);
  }
  return record;
}

/** CCC: u16 protocol, u16 record size, u32 records left in the unit, then 52-byte records (little-endian). */
function binaryC(data: Buffer): PositionRecord[] {
  const records: PositionRecord[] = [];
  if (data.length < 8) throw new DecodeError('meitrack', 'CCC frame too short');
  for (let at = 8; at + 52 <= data.length; at += 52) {
    const r = data.subarray(at, at + 52);
    const state = eventState(r.readUInt8(0));
    const record: PositionRecord = {
      ...state,
      lat: r.readInt32LE(1) / 1e6,
      lng: r.readInt32LE(5) / 1e6,
      time: new Date(EPOCH_2000 + r.readUInt32LE(9) * 1000),
      valid: r.readUInt8(13) === 1,
      satellites: r.readUInt8(14),
      gsmSignal: gsmPercent(r.readUInt8(15)),
      speed: r.readUInt16LE(16),
      heading: r.readUInt16LE(18) % 360,
      altitude: r.readInt16LE(22),
      odometer: r.readUInt32LE(24),
      batteryVoltage: r.readUInt16LE(44) / 100,
      powerVoltage: r.readUInt16LE(46) / 100,
    };
    Object.assign(record.attributes, {
      hdop: r.readUInt16LE(20) / 10,
      runtime: r.readUInt32LE(28),
      mcc: r.readUInt16LE(32),
      mnc: r.readUInt16LE(34),
      lac: r.readUInt16LE(36),
      cid: r.readUInt16LE(38),
      status: r.readUInt16LE(40),
    });
    records.push(record);
  }
  return records;
}

/** A CCE parameter id: one byte, or 0xFE and a second byte. */
function paramId(r: ByteReader): number {
  const id = r.u8('parameter id');
  return id === 0xfe ? 0xfe00 | r.u8('parameter id') : id;
}

/**
 * CCE: u32 records left, u16 packet count, then packets of u16 length (after itself), u16 parameter
 * count and groups of 1-, 2-, 4-byte and sized parameters (little-endian), each group led by its count.
 */
function binaryE(data: Buffer): (PositionRecord | DeviceState)[] {
  const r = new ByteReader(data, 'meitrack');
  r.skip(4, 'records left');
  const packets = r.bytes(2, 'packet count').readUInt16LE(0);
  const out: (PositionRecord | DeviceState)[] = [];
  for (let p = 0; p < packets; p++) {
    const length = r.bytes(2, 'packet length').readUInt16LE(0);
    const start = r.position;
    if (length > r.remaining) throw new DecodeError('meitrack', 'CCE packet longer than the frame');
    const packet = new ByteReader(data, 'meitrack', start, start + length);
    packet.skip(2, 'parameter count');
    const values = new Map<number, Buffer>();
    for (const size of [1, 2, 4]) {
      const n = packet.u8('group count');
      for (let i = 0; i < n; i++) {
        const id = paramId(packet);
        values.set(id, packet.bytes(size, 'parameter'));
      }
    }
    if (packet.remaining > 0) {
      const n = packet.u8('group count');
      for (let i = 0; i < n && packet.remaining > 0; i++) {
        const id = paramId(packet);
        const size = packet.u8('parameter size');
        if (size > packet.remaining) break; // sized parameters past the cell are not read
        values.set(id, packet.bytes(size, 'parameter'));
      }
    }
    r.skip(length, 'packet');
    out.push(cceRecord(values));
  }
  return out;
}

function cceRecord(values: Map<number, Buffer>): PositionRecord | DeviceState {
  const u = (id: number) => {
    const b = values.get(id);
    return b?.length === 1 ? b.readUInt8(0) : b?.length === 2 ? b.readUInt16LE(0) : b?.length === 4 ? b.readUInt32LE(0) : undefined;
  };
  const state = eventState(u(0x40) ?? u(0x01) ?? 0);
  const satellites = u(0x06);
  const gsm = u(0x07);
  if (gsm !== undefined) state.gsmSignal = gsmPercent(gsm);
  const inputs = u(0x15);
  const outputs = u(0x14);
  if (inputs !== undefined || outputs !== undefined) ioLines(state, inputs ?? 0, outputs ?? 0);
  const battery = u(0x19);
  if (battery !== undefined) state.batteryVoltage = battery / 100;
  const power = u(0x1a);
  if (power !== undefined) state.powerVoltage = power / 100;
  const level = u(0xfe69);
  if (level !== undefined) state.batteryLevel = Math.min(100, level);
  const odometer = u(0x0c);
  if (odometer !== undefined) state.odometer = odometer;
  const hdop = u(0x0a);
  if (hdop !== undefined) state.attributes.hdop = hdop;
  const runtime = u(0x0d);
  if (runtime !== undefined) state.attributes.runtime = runtime;
  const cell = values.get(0x0e);
  if (cell && cell.length >= 10)
    Object.assign(state.attributes, {
      mcc: cell.readUInt16LE(0),
      mnc: cell.readUInt16LE(2),
      lac: cell.readUInt16LE(4),
      cid: cell.length >= 10 ? cell.readUInt32LE(6) : 0,
    });
  const lat = values.get(0x02);
  const lng = values.get(0x03);
  const time = u(0x04);
  if (!lat || lat.length !== 4 || !lng || lng.length !== 4 || time === undefined)
    return { ...state, ...(time !== undefined ? { time: new Date(EPOCH_2000 + time * 1000) } : {}) };
  const altitude = values.get(0x0b);
  return {
    ...state,
    time: new Date(EPOCH_2000 + time * 1000),
    valid: u(0x05) === 1,
    lat: lat.readInt32LE(0) / 1e6,
    lng: lng.readInt32LE(0) / 1e6,
    speed: u(0x08) ?? 0,
    heading: (u(0x09) ?? 0) % 360,
    ...(satellites !== undefined ? { satellites } : {}),
    ...(altitude && altitude.length === 2 ? { altitude: altitude.readInt16LE(0) } : {}),
  };
}

const isPosition = (r: PositionRecord | DeviceState): r is PositionRecord => 'lat' in r;

/**
 * Meitrack decoder for one connection: the IMEI is in every frame (a new one is the login). AAA/AFF
 * text reports and CCC/CCE binary batches are positions; CCC gets `CCC,<records>` and AAC its own
 * echo once stored, D03 (a photo taken) the D00 request for it, as the reference server does; AAA,
 * AFF and CCE get nothing. Other commands are answers to ours. A wrong checksum or length is
 * reported, not refused (the reference accepts them, and real units send them).
 */
export class MeitrackDecoder implements ProtocolDecoder {
  private imei: string | undefined;

  decode(frame: Buffer, _context: DecodeContext): DecodeResult {
    const text = frame.toString('latin1');
    const header = /^\$\$([\x21-\x7e])(\d{1,5}),([0-9A-Za-z]{1,20}),([0-9A-Z]{3})(,|\*)/.exec(text);
    if (!header) throw new DecodeError('meitrack', 'not a $$ frame');
    const [, flag, stated, imei, command] = header as unknown as [string, string, string, string, string];
    const tail = frame.length >= 2 && frame[frame.length - 2] === 0x0d && frame[frame.length - 1] === 0x0a ? 2 : 0;
    const star = frame.length - tail - 3;
    const integrity: FrameIntegrity = { lengthOk: Number(stated) === frame.length - 3 - stated.length };
    if (star >= 0 && frame[star] === 0x2a) integrity.crcOk = frame.toString('latin1', star + 1, star + 3) === meitrackChecksum(frame.subarray(0, star + 1));
    const dataStart = header[0].length;
    const body = frame.subarray(dataStart, star >= dataStart ? star : frame.length - tail);
    const messages: DeviceMessage[] = [];
    if (imei !== this.imei) {
      this.imei = imei;
      messages.push({ type: 'login', imei });
    }
    let reply: Buffer | undefined;
    const fields = () => body.toString('latin1').split(',');
    switch (command) {
      case 'AAA':
        messages.push({ type: 'position', record: textPosition(fields()) });
        break;
      case 'AFF':
        messages.push({ type: 'position', record: textPosition(fields().slice(1)) });
        break;
      case 'CCC': {
        const records = binaryC(body);
        for (const record of records) messages.push({ type: 'position', record });
        reply = meitrackFrame(flag, imei, `CCC,${records.length}`);
        break;
      }
      case 'CCE':
        for (const record of binaryE(body)) messages.push(isPosition(record) ? { type: 'position', record } : { type: 'status', record });
        break;
      case 'D00':
        break; // photo data: not stored
      case 'AAC':
        reply = meitrackFrame(flag, imei, `AAC,${body.toString('latin1')}`);
        break;
      default:
        messages.push({ type: 'command_reply', text: `${command}${body.length ? `,${body.toString('latin1')}` : ''}` });
        if (command === 'D03') reply = meitrackFrame('O', imei, 'D00,camera_picture.jpg,0');
    }
    return { messages, integrity, ...(reply ? { reply } : {}) };
  }
}
