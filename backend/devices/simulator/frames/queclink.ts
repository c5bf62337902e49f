/**
 * Queclink @Track, device side (GV300-style text): `+RESP:GTFRI` fixed reports with one point,
 * `+ACK:GTHBD` heartbeats, `+ACK:GT<command>` answers to `AT+GT…$` commands; the server's
 * `+SACK:…$` acknowledgements and commands cut from its stream at `$`.
 */
import { SimulatorProtocolError } from './common.js';
import type { Snapshot } from '../firmware/types.js';

export const PROTOCOL_VERSION = '060100'; // GV300 (06), protocol 01.00

/** `yyyyMMddHHmmss` UTC. */
const stamp = (at: Date) => at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const hex4 = (count: number) => (count & 0xffff).toString(16).toUpperCase().padStart(4, '0');

/**
 * `+RESP:GTFRI,<ver>,<imei>,<name>,<supply mV>,<report type>,1,<hdop>,<speed>,<course>,<alt>,<lon>,<lat>,<fix time>,
 * <mcc>,<mnc>,<lac>,<cell>,00,<mileage km>,,,,<battery %>,<status>,,,,<send time>,<count>$`.
 */
export function fixedReport(imei: string, s: Snapshot, count: number): Buffer {
  const fields = [
    '+RESP:GTFRI',
    PROTOCOL_VERSION,
    imei,
    'gv300',
    String(s.powerMv),
    '10',
    '1',
    s.valid ? '1' : '0',
    s.speed.toFixed(1),
    String(Math.round(s.heading) % 360),
    s.altitude.toFixed(1),
    s.lng.toFixed(6),
    s.lat.toFixed(6),
    stamp(s.time),
    String(s.cell.mcc).padStart(4, '0'),
    String(s.cell.mnc).padStart(4, '0'),
    s.cell.lac.toString(16).toUpperCase().padStart(4, '0'),
    s.cell.cid.toString(16).toUpperCase().padStart(4, '0'),
    '00',
    (s.odometer / 1000).toFixed(1), // km
    '',
    '',
    '',
    String(s.batteryPercent),
    s.ignition ? '210000' : '110000',
    '',
    '',
    '',
    stamp(s.time),
    hex4(count),
  ];
  return Buffer.from(`${fields.join(',')}$`, 'latin1');
}

export function heartbeat(imei: string, at: Date, count: number): Buffer {
  return Buffer.from(`+ACK:GTHBD,${PROTOCOL_VERSION},${imei},gv300,${stamp(at)},${hex4(count)}$`, 'latin1');
}

/** `+ACK:GT<command>,<ver>,<imei>,<name>,<serial>,<send time>,<count>$`. */
export function commandAck(imei: string, command: string, serial: string, at: Date, count: number): Buffer {
  return Buffer.from(`+ACK:GT${command},${PROTOCOL_VERSION},${imei},gv300,${serial},${stamp(at)},${hex4(count)}$`, 'latin1');
}

/** What the server sends, cut at `$`. */
export class QueclinkServerStream {
  private buffer = '';
  push(chunk: Buffer): string[] {
    this.buffer += chunk.toString('latin1');
    const out: string[] = [];
    for (let end = this.buffer.indexOf('$'); end >= 0; end = this.buffer.indexOf('$')) {
      out.push(this.buffer.slice(0, end + 1));
      this.buffer = this.buffer.slice(end + 1);
    }
    if (this.buffer.length > 1024) throw new SimulatorProtocolError("no '$' within 1024 characters");
    return out;
  }
}
