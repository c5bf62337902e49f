/**
 * GPS103 / TK103, device side: the `##,imei:<IMEI>,A;` handshake (answered `LOAD`), `imei:<IMEI>,tracker,…;`
 * reports (no answer), the IMEI alone as a heartbeat (answered `ON`); and a parser for what the server
 * sends: `LOAD`, `ON`, `**,imei:<IMEI>,E;` and `**,imei:<IMEI>,<code>` commands (commands carry no end byte,
 * so one runs to the next `**` or the end of the read).
 */
import { SimulatorProtocolError } from './common.js';
import type { Snapshot } from '../firmware/types.js';

const two = (n: number) => String(n).padStart(2, '0');
const KMH_TO_KNOTS = 1 / 1.852;

/** `ddmm.mmmm` / `dddmm.mmmm` and the hemisphere. */
function nmea(value: number, degreeDigits: number, positive: string, negative: string): [string, string] {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = (abs - degrees) * 60;
  return [`${String(degrees).padStart(degreeDigits, '0')}${minutes.toFixed(4).padStart(7, '0')}`, value < 0 ? negative : positive];
}

export function handshake(imei: string): Buffer {
  return Buffer.from(`##,imei:${imei},A;`, 'latin1');
}

export function heartbeat(imei: string): Buffer {
  return Buffer.from(`${imei};`, 'latin1');
}

/** `imei:<IMEI>,tracker,<yyMMddHHmm local (UTC here)>,,F,<HHmmss.000 UTC>,A|V,<lat>,N|S,<lon>,E|W,<speed kn>,<course>;`. */
export function report(imei: string, s: Snapshot, keyword = 'tracker'): Buffer {
  const t = s.time;
  const local = `${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(t.getUTCHours())}${two(t.getUTCMinutes())}`;
  const utc = `${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}.000`;
  const [lat, ns] = nmea(s.lat, 2, 'N', 'S');
  const [lon, ew] = nmea(s.lng, 3, 'E', 'W');
  const fields = [
    `imei:${imei}`,
    keyword,
    local,
    '',
    'F',
    utc,
    s.valid ? 'A' : 'V',
    lat,
    ns,
    lon,
    ew,
    (s.speed * KMH_TO_KNOTS).toFixed(2),
    s.heading.toFixed(2),
  ];
  return Buffer.from(`${fields.join(',')};`, 'latin1');
}

/** What the server sends, cut into acknowledgements and commands. */
export class Gps103ServerStream {
  push(chunk: Buffer): string[] {
    let text = chunk.toString('latin1');
    const out: string[] = [];
    while (text.length) {
      const ack = /^(LOAD|ON|\*\*,imei:[0-9A-Za-z]+,E;)/.exec(text);
      if (ack) {
        out.push(ack[1]!);
        text = text.slice(ack[1]!.length);
        continue;
      }
      if (!text.startsWith('**,')) throw new SimulatorProtocolError(`unexpected server bytes ${JSON.stringify(text.slice(0, 40))}`);
      const next = text.indexOf('**,', 3);
      const end = next < 0 ? text.length : next;
      out.push(text.slice(0, end));
      text = text.slice(end);
    }
    return out;
  }
}
