/**
 * Suntech, device side: ST300-style `ST300STT` status reports and `ST300ALV` keep-alives (the
 * server answers neither), `ST300CMD;Res` answers to `CMD;<id>;<group>;<action>` commands; and a
 * parser for the commands the server sends (text ending with CR).
 */
import { SimulatorProtocolError } from './common.js';

export interface SuntechFix {
  time: Date;
  valid: boolean;
  lat: number;
  lng: number;
  speed: number; // km/h
  heading: number;
  satellites: number;
  odometer: number; // m
  powerMv: number;
  ignition: boolean;
}

const pad = (n: number, width: number, decimals: number) => {
  const text = Math.abs(n).toFixed(decimals).padStart(width, '0');
  return `${n < 0 ? '-' : '+'}${text}`;
};

/** `ST300STT;<id>;04;706;<yyyymmdd>;<hh:mm:ss>;<cell>;<lat>;<lon>;<speed>;<course>;<sats>;<fix>;<odometer>;<power>;<io>;<mode>;<msg no>` + CR. */
export function statusReport(id: string, f: SuntechFix, count: number): Buffer {
  const iso = f.time.toISOString();
  const fields = [
    'ST300STT',
    id,
    '04',
    '706',
    iso.slice(0, 10).replace(/-/g, ''),
    iso.slice(11, 19),
    '1e3f9',
    pad(f.lat, 9, 6),
    pad(f.lng, 10, 6),
    f.speed.toFixed(3).padStart(7, '0'),
    f.heading.toFixed(2).padStart(6, '0'),
    String(f.satellites),
    f.valid ? '1' : '0',
    String(Math.round(f.odometer)),
    (f.powerMv / 1000).toFixed(2),
    f.ignition ? '100000' : '000000',
    '1',
    String(count % 10000).padStart(4, '0'),
  ];
  return Buffer.from(`${fields.join(';')}\r`, 'latin1');
}

export function keepAlive(id: string): Buffer {
  return Buffer.from(`ST300ALV;${id}\r`, 'latin1');
}

export function commandAnswer(id: string, text: string): Buffer {
  return Buffer.from(`ST300CMD;Res;${id};${text}\r`, 'latin1');
}

/** Commands from the server: text lines ending with CR. */
export class SuntechServerStream {
  private buffer = '';

  push(chunk: Buffer): string[] {
    this.buffer += chunk.toString('latin1');
    const out: string[] = [];
    for (let end = this.buffer.indexOf('\r'); end >= 0; end = this.buffer.indexOf('\r')) {
      out.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1).replace(/^\n/, '');
    }
    if (this.buffer.length > 1024) throw new SimulatorProtocolError('no CR within 1024 characters');
    return out;
  }
}
