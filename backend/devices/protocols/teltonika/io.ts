import { addAlarm, setLine, type Alarm, type DeviceState } from '../../vocabulary.js';

/** One IO element value: the unsigned big-endian number (for 1–8 byte values) and its bytes. */
export interface IoValue {
  raw: bigint;
  bytes: Buffer;
}

type IoApply = (state: DeviceState, value: IoValue) => void;

const num = (value: IoValue): number => Number(value.raw);
const input =
  (line: number): IoApply =>
  (s, v) =>
    void (s.inputs = setLine(s.inputs, line, v.raw > 0n));
const output =
  (line: number): IoApply =>
  (s, v) =>
    void (s.outputs = setLine(s.outputs, line, v.raw > 0n));
const scaled =
  (key: string, divisor: number): IoApply =>
  (s, v) =>
    void (s.attributes[key] = num(v) / divisor);

const greenDriving: Record<number, Alarm> = { 1: 'hard_acceleration', 2: 'hard_braking', 3: 'hard_cornering' };

/**
 * Teltonika IO ids that mean the same on every model (FMB-only ids such as 24 speed or
 * 113 battery level are left raw as `io<id>`: the decoder does not know the model).
 */
const ioElements: Record<number, IoApply> = {
  1: input(1),
  2: input(2),
  3: input(3),
  4: input(4),
  179: output(1),
  180: output(2),
  239: (s, v) => void (s.ignition = v.raw > 0n),
  240: (s, v) => void (s.attributes.motion = v.raw > 0n),
  21: (s, v) => void (s.gsmSignal = Math.min(num(v), 5) * 20), // level 0–5 → %
  66: (s, v) => void (s.powerVoltage = num(v) / 1000), // mV → V
  67: (s, v) => void (s.batteryVoltage = num(v) / 1000), // mV → V
  16: (s, v) => void (s.odometer = num(v)), // m
  199: (s, v) => void (s.attributes.tripOdometer = num(v)), // m
  181: scaled('pdop', 10),
  182: scaled('hdop', 10),
  241: (s, v) => void (s.attributes.operator = num(v)), // MCC+MNC
  78: (s, v) => {
    // iButton id: the 8 bytes little-endian, printed as 16 hex digits; 0 = no key present
    if (v.raw !== 0n) s.attributes.driverUniqueId = Buffer.from(v.bytes).reverse().toString('hex').toUpperCase();
  },
  236: (s, v) => (v.raw > 0n ? addAlarm(s, 'general') : undefined),
  253: (s, v) => addAlarm(s, greenDriving[num(v)]),
};

/** Applies one IO element to the state; unknown ids become `io<id>` (raw unsigned, or hex for NX). */
export function applyIo(state: DeviceState, id: number, value: IoValue, variableLength = false): void {
  const apply = ioElements[id];
  if (apply && !variableLength) {
    apply(state, value);
  } else if (variableLength) {
    state.attributes[`io${id}`] = value.bytes.toString('hex');
  } else {
    const safe = value.raw <= BigInt(Number.MAX_SAFE_INTEGER);
    state.attributes[`io${id}`] = safe ? Number(value.raw) : value.raw.toString();
  }
}

export function ioValue(bytes: Buffer): IoValue {
  let raw = 0n;
  for (const byte of bytes) raw = (raw << 8n) | BigInt(byte);
  return { raw, bytes };
}
