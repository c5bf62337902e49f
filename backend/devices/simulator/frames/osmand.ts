/**
 * OsmAnd / Traccar Client, device side: one HTTP/1.1 keep-alive `GET /?id=…&lat=…` request per position
 * (speed in knots, as the apps send it), `GET /?id=…` as a heartbeat; and the server's responses, cut
 * by their `content-length` (a 200's body carries commands, one per line).
 */
import { SimulatorProtocolError } from './common.js';
import type { Snapshot } from '../firmware/types.js';

const KNOTS_PER_KMH = 1 / 1.852;

function request(query: [string, string | number][]): Buffer {
  const text = query.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return Buffer.from(`GET /?${text} HTTP/1.1\r\nhost: gateway\r\nuser-agent: dealer-console-simulator\r\n\r\n`, 'latin1');
}

export function position(id: string, s: Snapshot): Buffer {
  return request([
    ['id', id],
    ['timestamp', Math.floor(s.time.getTime() / 1000)],
    ['lat', s.lat.toFixed(6)],
    ['lon', s.lng.toFixed(6)],
    ['speed', (s.speed * KNOTS_PER_KMH).toFixed(2)],
    ['bearing', Math.round(s.heading) % 360],
    ['altitude', Math.round(s.altitude)],
    ['batt', s.batteryPercent],
    ['valid', s.valid ? 'true' : 'false'],
  ]);
}

export const heartbeat = (id: string) => request([['id', id]]);

export interface ServerResponse {
  status: number;
  /** The status line and headers, without the blank line. */
  head: string;
  body: string;
  bytes: Buffer;
}

const MAX_HEAD = 4096;
const MAX_BODY = 64 * 1024;

/** Cuts HTTP responses: head to the blank line, then `content-length` bytes. */
export class OsmAndServerStream {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): ServerResponse[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: ServerResponse[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_HEAD) throw new SimulatorProtocolError(`no response head within ${MAX_HEAD} bytes`);
        return out;
      }
      const head = this.buffer.toString('latin1', 0, end);
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
      if (!status) throw new SimulatorProtocolError(`not an HTTP response: ${JSON.stringify(head.slice(0, 80))}`);
      const lengths = head.split('\r\n').filter((l) => /^content-length:/i.test(l));
      const length = lengths.length === 1 ? Number(lengths[0]!.slice(15).trim()) : NaN;
      if (!Number.isInteger(length) || length < 0 || length > MAX_BODY) throw new SimulatorProtocolError('response without one valid content-length');
      if (this.buffer.length < end + 4 + length) return out;
      const bytes = Buffer.from(this.buffer.subarray(0, end + 4 + length));
      this.buffer = this.buffer.subarray(end + 4 + length);
      out.push({ status: Number(status[1]), head, body: bytes.toString('utf8', end + 4), bytes });
    }
  }
}
