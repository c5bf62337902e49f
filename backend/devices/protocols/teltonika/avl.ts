import { emptyState, type DeviceMessage, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import type { ByteReader } from '../reader.js';
import { applyIo, ioValue } from './io.js';

/** Field widths that differ between Codec 8, 8 Extended and 16. */
interface AvlLayout {
  eventId: 1 | 2; // bytes
  generationType: boolean; // Codec 16 only: u8 after the event id
  totalCount: 1 | 2;
  groupCount: 1 | 2;
  ioId: 1 | 2;
  variableGroup: boolean; // Codec 8E: NX group of (u16 id, u16 length, bytes)
  group16: boolean; // some Codec 8 firmwares: a group of 16-byte values after the 8-byte group
}

export const codec8: AvlLayout = {
  eventId: 1,
  generationType: false,
  totalCount: 1,
  groupCount: 1,
  ioId: 1,
  variableGroup: false,
  group16: false,
};
export const codec8With16ByteGroup: AvlLayout = { ...codec8, group16: true };
export const codec8Extended: AvlLayout = {
  eventId: 2,
  generationType: false,
  totalCount: 2,
  groupCount: 2,
  ioId: 2,
  variableGroup: true,
  group16: false,
};
export const codec16: AvlLayout = {
  eventId: 2,
  generationType: true,
  totalCount: 1,
  groupCount: 1,
  ioId: 2,
  variableGroup: false,
  group16: false,
};

const read = (r: ByteReader, width: 1 | 2, what: string): number => (width === 1 ? r.u8(what) : r.u16(what));

/** `count` AVL records of Codec 8 / 8E / 16, one position each. */
export function avlRecords(r: ByteReader, count: number, layout: AvlLayout): DeviceMessage[] {
  const messages: DeviceMessage[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(Number(r.i64('timestamp'))); // ms since epoch, UTC
    const priority = r.u8('priority'); // 0 low, 1 high, 2 panic
    const lng = r.i32('longitude') / 1e7;
    const lat = r.i32('latitude') / 1e7;
    const altitude = r.i16('altitude'); // m
    const heading = r.u16('angle'); // degrees
    const satellites = r.u8('satellites');
    const speed = r.u16('speed'); // km/h
    const record: PositionRecord = {
      ...emptyState(),
      time,
      valid: satellites !== 0,
      lat,
      lng,
      speed,
      heading,
      altitude,
      satellites,
    };
    record.attributes.priority = priority;
    record.attributes.event = read(r, layout.eventId, 'event IO id');
    if (layout.generationType) record.attributes.generationType = r.u8('generation type');
    read(r, layout.totalCount, 'IO count'); // the per-group counts are what matter
    for (const width of layout.group16 ? [1, 2, 4, 8, 16] : [1, 2, 4, 8]) {
      const elements = read(r, layout.groupCount, `IO${width} count`);
      for (let e = 0; e < elements; e++) {
        const id = read(r, layout.ioId, 'IO id');
        applyIo(record, id, ioValue(r.bytes(width, `IO ${id} value`)), width > 8);
      }
    }
    if (layout.variableGroup) {
      const elements = r.u16('NX count');
      for (let e = 0; e < elements; e++) {
        const id = r.u16('NX id');
        applyIo(record, id, ioValue(r.bytes(r.u16('NX length'), `NX ${id} value`)), true);
      }
    }
    messages.push({ type: 'position', record });
  }
  return messages;
}

const GH3000_EPOCH = 1167609600; // s, 2007-01-01T00:00:00Z

/** `count` Codec 7 (GH3000) records: masks say which fields are present. */
export function gh3000Records(r: ByteReader, count: number): DeviceMessage[] {
  const messages: DeviceMessage[] = [];
  for (let i = 0; i < count; i++) {
    const stamp = r.u32('timestamp');
    const time = new Date(((stamp & 0x3fffffff) + GH3000_EPOCH) * 1000);
    const state = emptyState();
    state.attributes.priority = stamp >>> 30;
    const globalMask = r.u8('global mask');
    let fix: Omit<PositionRecord, keyof DeviceState> | undefined;
    if (globalMask & 0x01) {
      const mask = r.u8('location mask');
      const lat = mask & 0x01 ? r.f32('latitude') : undefined;
      const lng = mask & 0x01 ? r.f32('longitude') : undefined;
      const altitude = mask & 0x02 ? r.u16('altitude') : undefined; // m
      const heading = mask & 0x04 ? (r.u8('course') * 360) / 256 : 0; // 1/256 turn → degrees
      const speed = mask & 0x08 ? r.u8('speed') : 0; // km/h
      const satellites = mask & 0x10 ? r.u8('satellites') : undefined;
      if (mask & 0x20) {
        state.attributes.lac = r.u16('LAC');
        state.attributes.cid = r.u16('CID');
      }
      if (mask & 0x40) state.gsmSignal = Math.round((Math.min(r.u8('signal'), 31) * 100) / 31); // CSQ 0–31 → %
      if (mask & 0x80) state.attributes.operator = r.u32('operator');
      if (lat !== undefined && lng !== undefined) {
        fix = { time, valid: satellites === undefined || satellites > 0, lat, lng, speed, heading, altitude, satellites };
      }
    }
    for (const [bit, width] of [
      [0x02, 1],
      [0x04, 2],
      [0x08, 4],
    ] as const) {
      if (!(globalMask & bit)) continue;
      const elements = r.u8(`IO${width} count`);
      for (let e = 0; e < elements; e++) {
        const id = r.u8('IO id');
        applyIo(state, id, ioValue(r.bytes(width, `IO ${id} value`)));
      }
    }
    messages.push(fix ? { type: 'position', record: { ...state, ...fix } } : { type: 'status', record: { ...state, time } });
  }
  return messages;
}
