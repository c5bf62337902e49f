import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { withReplayClock } from '../__fixtures__/osmand.js';
import { FIXTURE_NOW, fixtureContext, replayEntry, summarize } from '../__fixtures__/replay.js';
import type { DecodeContext } from '../types.js';
import { OsmAndDecoder } from './decoder.js';
import { attachOsmAndCommands, encodeOsmAndCommand } from './encoder.js';
import { HttpSplitter } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.osmand).map(withReplayClock);
const entry = (id: string) => entries.find((e) => e.id === id)!;
const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';

function decode(request: string | Buffer, context: DecodeContext = fixtureContext, decoder = new OsmAndDecoder()) {
  const frames = new HttpSplitter().push(Buffer.isBuffer(request) ? request : Buffer.from(request, 'latin1'));
  expect(frames).toHaveLength(1);
  const result = decoder.decode(frames[0]!, context);
  return { ...result, text: result.reply?.toString('latin1') };
}

describe('osmand decoder replaying the fixture in order', () => {
  it('matches Traccar replies and positions on every request', () => {
    const decoder = new OsmAndDecoder();
    const verdicts = entries.map((e) => replayEntry(decoder, e));
    console.log(summarize('osmand', verdicts));
    expect(verdicts.filter((v) => !v.pass).map((v) => v.id)).toEqual([]);
  });
});

describe('osmand requests', () => {
  it('query form: knots, bearing, altitude, battery, cells and wifi, typed extras', () => {
    const r = decode(Buffer.from(entry('osmand-015').hex, 'hex'));
    expect(r.messages).toEqual([
      { type: 'login', imei: '123456789012345' },
      {
        type: 'position',
        record: expect.objectContaining({
          time: new Date('2017-09-07T05:56:50Z'),
          lat: 40.7232948571,
          lng: -74.0061408571,
          speed: 40 * 1.852,
          heading: 7.19889788244,
          ignition: true,
          attributes: { rpm: 933, fuel: 24 },
        }),
      },
    ]);
    expect(decode(Buffer.from(entry('osmand-013').hex, 'hex')).messages[1]).toMatchObject({ record: { batteryLevel: 87, time: FIXTURE_NOW } });
    expect(decode(Buffer.from(entry('osmand-005').hex, 'hex')).messages[1]).toEqual({
      type: 'status',
      record: {
        time: new Date('2013-08-22T13:14:27Z'),
        alarms: [],
        attributes: { mcc: 257, mnc: 2, lac: 16, cid: 2224, cells: '257,2,16,2224;257,2,16,2223,-90', wifi: '00:14:22:01:23:45,-80;00:1c:b3:09:85:15,-70' },
      },
    });
    expect(decode(Buffer.from(entry('osmand-009').hex, 'hex')).messages[1]).toMatchObject({ record: { time: new Date('2014-06-04T09:10:11Z') } });
  });

  it('JSON form: m/s to km/h, battery 0–1 to %, a negative heading or speed is 0, extras kept typed', () => {
    const r = decode(Buffer.from(entry('osmand-004').hex, 'hex'));
    expect(r.messages[1]).toMatchObject({ record: { speed: 18.67 * 3.6, heading: 63, altitude: 35.7, batteryLevel: 79, odometer: 0 } });
    expect(decode(Buffer.from(entry('osmand-003').hex, 'hex')).messages[1]).toMatchObject({ record: { speed: 0, heading: 0, attributes: { mock: true } } });
    expect(decode(Buffer.from(entry('osmand-002').hex, 'hex')).messages[1]).toMatchObject({
      record: { attributes: { device_bool_test: true, device_integer_twelve_test: 12, device_string_test: 'long_device_id', motion: false } },
    });
    const batch = JSON.stringify({
      device_id: '77',
      location: [1, 2].map((n) => ({ timestamp: `2025-01-01T00:00:0${n}Z`, coords: { latitude: n, longitude: n } })),
    });
    const many = decode(`POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${batch.length}\r\n\r\n${batch}`);
    expect(many.messages.map((m) => m.type)).toEqual(['login', 'position', 'position']);
  });

  it('a request with only an id is a heartbeat; a form POST body is read like the query', () => {
    expect(decode('GET /?id=42 HTTP/1.1\r\n\r\n').messages).toEqual([{ type: 'login', imei: '42' }, { type: 'heartbeat' }]);
    const body = 'id=42&lat=1.5&lon=2.5&timestamp=1700000000';
    const r = decode(`POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(r.messages[1]).toMatchObject({ type: 'position', record: { lat: 1.5, lng: 2.5, time: new Date(1700000000_000) } });
  });

  it('refusals: no id 400 (connection kept), unknown id 400 / 404 with connection: close, bad values 400 and close', () => {
    const none = decode('GET /?lat=1&lon=2 HTTP/1.1\r\n\r\n');
    expect([none.text, none.close, none.messages]).toEqual(['HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n', undefined, []]);
    const unknown: DecodeContext = { now: () => FIXTURE_NOW, registered: () => false };
    const query = decode('GET /?id=9&lat=1&lon=2 HTTP/1.1\r\n\r\n', unknown);
    expect([query.text, query.messages]).toEqual([
      'HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
      [{ type: 'login', imei: '9' }],
    ]);
    const json = decode(Buffer.from(entry('osmand-001').hex, 'hex'), unknown);
    expect(json.text).toBe('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    for (const bad of [
      'GET /?id=1&lat=91&lon=0 HTTP/1.1',
      'GET /?id=1&lat=x&lon=0 HTTP/1.1',
      'GET /?id=1&timestamp=soon HTTP/1.1',
      'GET /?id=%zz HTTP/1.1',
      'GET / HTTP/2.0',
      'BREW / HTTP/1.1',
    ]) {
      const r = decode(`${bad}\r\n\r\n`);
      expect(r.text, bad).toMatch(/^HTTP\/1\.1 (400|405|505) [A-Za-z ]+\r\ncontent-length: 0\r\nconnection: close\r\n\r\n$/);
      expect([r.close !== undefined, r.messages], bad).toEqual([true, []]);
    }
    const post = 'POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{x}';
    expect(decode(post).text).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('HTTP/1.0 and Connection: close get connection: close and end the connection after the reply', () => {
    const r = decode('GET /?id=42 HTTP/1.0\r\n\r\n');
    expect([r.text, r.close]).toEqual(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', 'request asked to close']);
    expect(decode('GET /?id=42 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n').text).toBe(OK);
    expect(decode('GET /?id=42 HTTP/1.1\r\nConnection: close\r\n\r\n').close).toBeDefined();
  });

  it('a connection over its request rate is answered 429 and closed', () => {
    const decoder = new OsmAndDecoder({ requestsPerSecond: 1, burstRequests: 3 });
    const texts = [1, 2, 3, 4].map(() => decode('GET /?id=42 HTTP/1.1\r\n\r\n', fixtureContext, decoder).text);
    expect(texts.slice(0, 3)).toEqual([OK, OK, OK]);
    expect(texts[3]).toBe('HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\nretry-after: 1\r\nconnection: close\r\n\r\n');
  });

  it('commands are text in the next 200 body; a refusal carries none; hex is refused', () => {
    const command = encodeOsmAndCommand({ kind: 'text', payload: 'report now', imei: '42' });
    expect(attachOsmAndCommands(Buffer.from(OK), [command, Buffer.from('stop')])?.toString()).toBe(
      'HTTP/1.1 200 OK\r\ncontent-length: 15\r\n\r\nreport now\nstop',
    );
    expect(attachOsmAndCommands(Buffer.from('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'), [command])).toBeUndefined();
    expect(() => encodeOsmAndCommand({ kind: 'hex', payload: '00', imei: '42' })).toThrow(/text/);
  });
});

describe('osmand splitter', () => {
  it('cuts pipelined requests coalesced and byte by byte, bodies by Content-Length', () => {
    const stream = Buffer.concat(entries.map((e) => Buffer.from(e.hex, 'hex')));
    const whole = new HttpSplitter().push(stream).map((f) => f.toString('hex'));
    expect(whole).toEqual(entries.map((e) => e.hex));
    const splitter = new HttpSplitter();
    const out: string[] = [];
    for (const byte of stream) out.push(...splitter.push(Buffer.from([byte])).map((f) => f.toString('hex')));
    expect(out).toEqual(whole);
    expect(splitter.pending).toBe(0);
  });

  it('an oversize head throws; an oversize or chunked body gives the head alone (413 / 411) and drops the rest', () => {
    expect(() => new HttpSplitter().push(Buffer.from(`GET /?${'a'.repeat(9000)} HTTP/1.1\r\n`))).toThrow(/head over/);
    const big = new HttpSplitter();
    const frames = big.push(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n{"a":'));
    expect(frames).toHaveLength(1);
    expect(big.push(Buffer.alloc(1000, 0x41))).toEqual([]);
    expect(big.pending).toBe(0);
    expect(new OsmAndDecoder().decode(frames[0]!, fixtureContext).reply?.toString()).toBe(
      'HTTP/1.1 413 Content Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
    );
    const chunked = new HttpSplitter().push(Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'));
    expect(new OsmAndDecoder().decode(chunked[0]!, fixtureContext).reply?.toString()).toMatch(/^HTTP\/1\.1 411 Length Required\r\n/);
  });
});
