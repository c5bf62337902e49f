import type { Snapshot } from '../firmware/types.js';

/** A fixed device snapshot (Berlin, driving) for frame and firmware tests. */
export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    time: new Date('2026-03-01T11:59:58Z'),
    valid: true,
    lat: 52.51627,
    lng: 13.3777,
    speed: 42.4,
    heading: 181,
    altitude: 41,
    moving: true,
    ignition: true,
    odometer: 1_234_567,
    satellites: 9,
    gsm: 80,
    powerMv: 13_900,
    batteryMv: 4_150,
    batteryPercent: 100,
    cell: { mcc: 262, mnc: 1, lac: 1050, cid: 23456 },
    ...over,
  };
}
