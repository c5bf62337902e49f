import { addAlarm, type DeviceState } from '../../vocabulary.js';

const bit = (status: number, n: number): boolean => ((status >>> n) & 1) === 1;

/**
 * The 32-bit H02 status word. Alarm bits are active-low and reported one at a time, most
 * urgent first; bit 10 is ACC (active-high).
 */
export function applyStatusBits(state: DeviceState, status: number): void {
  state.attributes.status = status >>> 0;
  if (!bit(status, 0)) addAlarm(state, 'vibration');
  else if (!bit(status, 1) || !bit(status, 18)) addAlarm(state, 'sos');
  else if (!bit(status, 2)) addAlarm(state, 'overspeed');
  else if (!bit(status, 19)) addAlarm(state, 'power_cut');
  state.ignition = bit(status, 10);
}
