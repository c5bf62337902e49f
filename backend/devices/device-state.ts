import { utcDateTime } from '../../shared/clock.js';
import type { ConnectionStatus } from '../../shared/connection-status.js';
import type { DeviceState, PositionRecord, StatusRecord } from './vocabulary.js';

/** Speed under which a tracker counts as stopped, km/h. */
export const MOVING_SPEED_KMH = 3;
/** Stopped with ignition off (or for longer than this) counts as parked, ms. */
export const PARKED_AFTER_MS = 5 * 60 * 1000;

/** The last known state of a source, merged from every record (each part keeps its own time). */
export interface LastState {
  gps?: { updated: string; lat: number; lng: number; speed: number; heading: number; alt: number | null; satellites: number | null; valid: boolean };
  gsm?: { updated: string; signal_level: number | null };
  battery?: { updated: string; level: number };
  inputs?: { updated: string; values: boolean[] };
  outputs?: { updated: string; values: boolean[] };
  ignition?: boolean;
  powerVoltage?: number; // V
  batteryVoltage?: number; // V
  odometer?: number; // m
  alarms?: string[];
  stoppedSince?: string; // UTC date-time the speed dropped under MOVING_SPEED_KMH
  lastUpdate?: string; // UTC date-time of the last record
}

/**
 * Folds one record into the last state (at = server receive time). `gps.updated` is the fix time
 * the device reported; a fix older than the one held (a record buffered while offline and sent
 * later) does not replace it, unless the one held claims a time after its receipt (a device clock
 * set in the future must not freeze the location).
 */
export function applyRecord(state: LastState, kind: 'position' | 'status', record: PositionRecord | StatusRecord, at: Date): LastState {
  const when = utcDateTime(at);
  const next: LastState = { ...state, lastUpdate: when };
  if (kind === 'position') {
    const p = record as PositionRecord;
    const fixTime = Number.isNaN(p.time.getTime()) ? when : utcDateTime(p.time);
    const held = state.gps?.updated;
    if (held === undefined || fixTime >= held || held > when) {
      next.gps = {
        updated: fixTime,
        lat: p.lat,
        lng: p.lng,
        speed: Math.round(p.speed),
        heading: Math.round(p.heading),
        alt: p.altitude ?? null,
        satellites: p.satellites ?? null,
        valid: p.valid,
      };
      if (p.speed >= MOVING_SPEED_KMH) delete next.stoppedSince;
      else next.stoppedSince ??= when;
    }
  }
  const s: DeviceState = record;
  if (s.gsmSignal !== undefined) next.gsm = { updated: when, signal_level: Math.round(s.gsmSignal) };
  if (s.batteryLevel !== undefined) next.battery = { updated: when, level: Math.round(s.batteryLevel) };
  if (s.inputs) next.inputs = { updated: when, values: s.inputs };
  if (s.outputs) next.outputs = { updated: when, values: s.outputs };
  if (s.ignition !== undefined) next.ignition = s.ignition;
  if (s.powerVoltage !== undefined) next.powerVoltage = s.powerVoltage;
  if (s.batteryVoltage !== undefined) next.batteryVoltage = s.batteryVoltage;
  if (s.odometer !== undefined) next.odometer = s.odometer;
  if (s.alarms.length) next.alarms = s.alarms;
  return next;
}

export function movementStatus(state: LastState, now: Date): 'moving' | 'stopped' | 'parked' {
  if (!state.gps) return 'parked';
  if (state.gps.speed >= MOVING_SPEED_KMH) return 'moving';
  if (state.ignition === false) return 'parked';
  const since = state.stoppedSince ? Date.parse(`${state.stoppedSince.replace(' ', 'T')}Z`) : now.getTime();
  return now.getTime() - since >= PARKED_AFTER_MS ? 'parked' : 'stopped';
}

/** The `state` object of the Navixy user-API `tracker/get_state` (dates UTC). */
export function presentState(sourceId: number, state: LastState, connection: ConnectionStatus, now: Date) {
  return {
    source_id: sourceId,
    gps: {
      updated: state.gps?.updated ?? null,
      signal_level: state.gps?.satellites == null ? null : Math.min(100, Math.round((state.gps.satellites / 12) * 100)),
      location: state.gps ? { lat: state.gps.lat, lng: state.gps.lng } : null,
      heading: state.gps?.heading ?? 0,
      speed: state.gps?.speed ?? 0,
      alt: state.gps?.alt ?? 0,
    },
    connection_status: connection,
    movement_status: movementStatus(state, now),
    gsm: state.gsm ? { updated: state.gsm.updated, signal_level: state.gsm.signal_level, network_name: null, roaming: null } : null,
    last_update: state.lastUpdate ?? null,
    battery_level: state.battery?.level ?? null,
    battery_update: state.battery?.updated ?? null,
    inputs: state.inputs?.values ?? [],
    inputs_update: state.inputs?.updated ?? null,
    outputs: state.outputs?.values ?? [],
    outputs_update: state.outputs?.updated ?? null,
    additional: {},
  };
}

const bits = (values: boolean[]) => String(values.reduce((mask, on, i) => mask | ((on ? 1 : 0) << i), 0));

/** The console's `status` frame: [name, value] pairs of what the device reported. */
export function statusPairs(kind: 'position' | 'status', record: PositionRecord | StatusRecord): [string, string][] {
  const pairs: [string, string][] = [];
  if (record.time) pairs.push(['Time', record.time.toISOString().replace('T', ' ').replace('Z', '')]);
  if (kind === 'position') {
    const p = record as PositionRecord;
    pairs.push(['Location valid', p.valid ? 'yes' : 'no'], ['Latitude', String(p.lat)], ['Longitude', String(p.lng)]);
    pairs.push(['Speed', String(Math.round(p.speed))], ['Heading', String(Math.round(p.heading))], ['Moving', String(p.speed >= MOVING_SPEED_KMH)]);
    if (p.altitude !== undefined) pairs.push(['Altitude', String(p.altitude)]);
    if (p.satellites !== undefined) pairs.push(['Satellites', String(p.satellites)]);
  }
  if (record.odometer !== undefined) pairs.push(['Hardware mileage', (record.odometer / 1000).toFixed(2)]);
  if (record.ignition !== undefined) pairs.push(['Ignition', String(record.ignition)]);
  if (record.inputs) pairs.push(['Digital input status', bits(record.inputs)]);
  if (record.outputs) pairs.push(['Digital output status', bits(record.outputs)]);
  if (record.powerVoltage !== undefined) pairs.push(['board_voltage', record.powerVoltage.toFixed(3)]);
  if (record.batteryVoltage !== undefined) pairs.push(['Battery voltage', record.batteryVoltage.toFixed(3)]);
  if (record.batteryLevel !== undefined) pairs.push(['Battery level', String(record.batteryLevel)]);
  if (record.gsmSignal !== undefined) pairs.push(['GSM Level', String(record.gsmSignal)]);
  if (record.alarms.length) pairs.push(['Alarms', record.alarms.join(',')]);
  for (const [key, value] of Object.entries(record.attributes)) pairs.push([key, String(value)]);
  return pairs;
}
