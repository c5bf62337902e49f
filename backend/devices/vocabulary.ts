/**
 * The one vocabulary of decoded device data. Every protocol decoder (Teltonika, GT06, H02) emits
 * `DeviceMessage`s built from these types, in these units, so the gateway and storage never need
 * to know which protocol a value came from. Anything without a field here goes in `attributes`.
 */

/** Alarm names shared by all protocols (snake_case, as stored and shown in the panel). */
export type Alarm =
  | 'sos'
  | 'power_cut'
  | 'power_off'
  | 'vibration'
  | 'overspeed'
  | 'low_battery'
  | 'geofence'
  | 'geofence_enter'
  | 'geofence_exit'
  | 'tampering'
  | 'door'
  | 'removing'
  | 'tow'
  | 'accident'
  | 'jamming'
  | 'idle'
  | 'hard_acceleration'
  | 'hard_braking'
  | 'hard_cornering'
  | 'general';

/** Protocol-specific extras (raw IO values, cell ids, flags). Keys are camelCase. */
export type Attributes = Record<string, string | number | boolean>;

/**
 * Device state that may come with or without a GPS fix. Absent field = the frame did not say.
 * `inputs`/`outputs` are boolean arrays: index 0 is input/output 1; the array is as long as the
 * highest line the frame reported, and lines below it that the frame did not report are `false`.
 */
export interface DeviceState {
  ignition?: boolean;
  inputs?: boolean[]; // index 0 = IN1
  outputs?: boolean[]; // index 0 = OUT1
  powerVoltage?: number; // V, external supply
  batteryVoltage?: number; // V, internal backup battery
  batteryLevel?: number; // %, 0–100
  gsmSignal?: number; // %, 0–100 (each protocol's raw level scaled to percent)
  odometer?: number; // m, total distance as counted by the device
  alarms: Alarm[]; // empty when none
  attributes: Attributes;
}

/** A GPS fix with the state that came with it. */
export interface PositionRecord extends DeviceState {
  time: Date; // UTC, the fix time reported by the device
  valid: boolean; // the device claims a real satellite fix
  lat: number; // degrees, WGS84, south negative
  lng: number; // degrees, WGS84, west negative
  speed: number; // km/h
  heading: number; // degrees 0–359, clockwise from north
  altitude?: number; // m above sea level
  satellites?: number; // count in use
}

/** State without a fix (heartbeat with data, status report, cell-only report). */
export interface StatusRecord extends DeviceState {
  time?: Date; // UTC, when the device stamped it (absent if the frame carries no time)
}

/** The device identified itself (Teltonika handshake, GT06 login, first H02 frame on a connection). */
export interface LoginMessage {
  type: 'login';
  imei: string; // IMEI, or the device's own id where a protocol uses shorter ids (H02 10-digit ids)
}

export interface PositionMessage {
  type: 'position';
  record: PositionRecord;
}

export interface StatusMessage {
  type: 'status';
  record: StatusRecord;
}

/** The device answered a command. Exactly one of `text`/`hex`: text when printable, else hex. */
export type CommandReplyMessage = {
  type: 'command_reply';
  time?: Date; // UTC, when the device stamped the reply, if it did
  ref?: number; // correlation value echoed by the device (GT06 server flag), if any
} & ({ text: string } | { hex: string });

/** Alive, nothing else to say. */
export interface HeartbeatMessage {
  type: 'heartbeat';
}

export type DeviceMessage = LoginMessage | PositionMessage | StatusMessage | CommandReplyMessage | HeartbeatMessage;

/** An empty state, for decoders to fill in. */
export function emptyState(): DeviceState {
  return { alarms: [], attributes: {} };
}

/** Adds an alarm once (frames can report the same alarm through two fields). */
export function addAlarm(state: DeviceState, alarm: Alarm | undefined): void {
  if (alarm && !state.alarms.includes(alarm)) state.alarms.push(alarm);
}

/** Sets line `number` (1-based) of an inputs/outputs array, padding lower lines with false. */
export function setLine(lines: boolean[] | undefined, number: number, on: boolean): boolean[] {
  const result = lines ?? [];
  while (result.length < number) result.push(false);
  result[number - 1] = on;
  return result;
}

export const KNOTS_TO_KMH = 1.852;
