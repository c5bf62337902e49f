/**
 * Wialon IPS 1.1, device side: `#L#<imei>;NA` login (answered `#AL#1`), `#D#` data (answered `#AD#1`),
 * `#P#` pings (answered `#AP#`), `#M#` answers to commands; and the server's lines, cut at CR LF.
 */
import { SimulatorProtocolError } from './common.js';
import type { Snapshot } from '../firmware/types.js';

const two = (n: number) => String(n).padStart(2, '0');

function nmea(value: number, degreeDigits: number, positive: string, negative: string): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  return `${String(degrees).padStart(degreeDigits, '0')}${((abs - degrees) * 60).toFixed(4).padStart(7, '0')};${value < 0 ? negative : positive}`;
}

const line = (text: string) => Buffer.from(`${text}\r\n`, 'latin1');

export const login = (imei: string) => line(`#L#${imei};NA`);
export const ping = () => line('#P#');
export const message = (text: string) => line(`#M#${text}`);

/** `#D#ddMMyy;HHmmss;lat;N;lon;E;speed;course;alt;sats;hdop;inputs;outputs;;NA;pwr_ext:2:<V>`. */
export function data(s: Snapshot): Buffer {
  const t = s.time;
  const date = `${two(t.getUTCDate())}${two(t.getUTCMonth() + 1)}${two(t.getUTCFullYear() % 100)}`;
  const time = `${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}`;
  const fields = [date, time, nmea(s.lat, 2, 'N', 'S'), nmea(s.lng, 3, 'E', 'W'), Math.round(s.speed), Math.round(s.heading) % 360, Math.round(s.altitude)];
  const sats = s.valid ? s.satellites : 0;
  return line(`#D#${fields.join(';')};${sats};1.0;0;0;;NA;pwr_ext:2:${(s.powerMv / 1000).toFixed(2)}`);
}

export class WialonServerStream {
  private buffer = '';

  push(chunk: Buffer): string[] {
    this.buffer += chunk.toString('latin1');
    const out: string[] = [];
    for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
      out.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
    }
    if (this.buffer.length > 1024) throw new SimulatorProtocolError('no CR LF within 1024 characters');
    return out;
  }
}
