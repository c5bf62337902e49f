import { emptyState, KNOTS_TO_KMH, type Attributes, type DeviceMessage, type DeviceState, type PositionRecord } from '../../vocabulary.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';
import { formPairs, HttpRefusal, parseRequest, response, withClose, type HttpRequest } from './http.js';

/** Requests one connection may make per second on average, and at once above that (a backlog upload). */
export interface OsmAndLimits {
  requestsPerSecond: number;
  burstRequests: number;
}

export const DEFAULT_OSMAND_LIMITS: OsmAndLimits = { requestsPerSecond: 50, burstRequests: 500 };

const MAX_ATTRIBUTES = 64;
const MAX_LOCATIONS = 100; // per JSON request (a batch sync)
const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

const ok = () => response(200);

/** A number from a parameter, or undefined when absent; `HttpRefusal` 400 when it is not one. */
function numberParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!NUMBER.test(value.trim())) throw new HttpRefusal(400, `${name} is not a number`);
  return Number(value);
}

/** Unix seconds (or milliseconds when it is that large), with a fraction or not, or date text (UTC unless it says). */
export function parseTimestamp(value: string): Date {
  const text = value.trim();
  let at: number;
  if (/^\d+$/.test(text)) at = text.length > 11 ? Number(text) : Number(text) * 1000;
  else if (/^\d+\.\d+$/.test(text)) at = Math.round(Number(text) * 1000);
  else if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.test(text)) {
    const iso = text.replace(' ', 'T');
    at = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
  } else at = NaN;
  if (!Number.isFinite(at)) throw new HttpRefusal(400, 'unreadable timestamp');
  return new Date(at);
}

function checkedLatLng(lat: number, lng: number): void {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new HttpRefusal(400, 'coordinates out of range');
}

/** 0–359.99: a negative course (the phone's "unknown") is 0. */
function course(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value < 0) return 0;
  return value % 360;
}

/** An extra key/value pair, typed as it reads (true/false, a number, else text), if there is room. */
function addAttribute(attributes: Attributes, key: string, value: unknown): void {
  if (!ATTRIBUTE_KEY.test(key) || Object.keys(attributes).length >= MAX_ATTRIBUTES) return;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) attributes[key] = value;
  else if (typeof value === 'string') {
    if (value === 'true' || value === 'false') attributes[key] = value === 'true';
    else if (NUMBER.test(value) && value.length <= 24) attributes[key] = Number(value);
    else attributes[key] = value.slice(0, 256);
  }
}

const FORM_KEYS = new Set(['id', 'deviceid', 'valid', 'timestamp', 'lat', 'lon', 'location', 'cell', 'wifi', 'speed', 'bearing', 'heading', 'altitude']);

/** The query form (GET, or POST with form parameters): one fix, or state without one. */
function formMessage(pairs: [string, string][], now: Date): DeviceMessage | undefined {
  const first = (key: string) => pairs.find(([k]) => k === key)?.[1];
  const state: DeviceState = emptyState();
  const cells: string[] = [];
  const wifi: string[] = [];
  for (const [key, value] of pairs) {
    if (key === 'cell') {
      const parts = value.split(',');
      if (parts.length >= 4 && parts.length <= 5 && parts.every((p) => /^-?\d{1,10}$/.test(p))) {
        if (!cells.length) Object.assign(state.attributes, { mcc: Number(parts[0]), mnc: Number(parts[1]), lac: Number(parts[2]), cid: Number(parts[3]) });
        cells.push(parts.map(Number).join(','));
      }
    } else if (key === 'wifi') {
      const [mac = '', signal = ''] = value.split(',');
      if (/^[0-9A-Fa-f]{2}([-:][0-9A-Fa-f]{2}){5}$/.test(mac) && /^-?\d{1,4}$/.test(signal)) wifi.push(`${mac.replace(/-/g, ':').toLowerCase()},${signal}`);
    } else if (key === 'batt') {
      const level = numberParam(value, 'batt');
      if (level !== undefined) state.batteryLevel = Math.max(0, Math.min(100, level));
    } else if (key === 'ignition') state.ignition = value === 'true' || value === '1';
    else if (key === 'odometer') {
      const odometer = numberParam(value, 'odometer');
      if (odometer !== undefined) state.odometer = odometer;
    } else if (key === 'charge') state.attributes.charge = value === 'true' || value === '1';
    else if (!FORM_KEYS.has(key)) addAttribute(state.attributes, key, value);
  }
  if (cells.length > 1) state.attributes.cells = cells.slice(0, 8).join(';');
  if (wifi.length) state.attributes.wifi = wifi.slice(0, 8).join(';');
  const stamp = first('timestamp');
  const time = stamp !== undefined && stamp !== '' ? parseTimestamp(stamp) : undefined;
  let lat = numberParam(first('lat'), 'lat');
  let lng = numberParam(first('lon'), 'lon');
  const location = first('location');
  if (location !== undefined && lat === undefined) {
    const [a, b, ...rest] = location.split(',');
    if (rest.length) throw new HttpRefusal(400, 'location is not lat,lon');
    lat = numberParam(a, 'location');
    lng = numberParam(b, 'location');
  }
  if (lat === undefined || lng === undefined) {
    const said = time !== undefined || Object.keys(state.attributes).length > 0 || Object.keys(state).length > 2;
    return said ? { type: 'status', record: { ...state, ...(time ? { time } : {}) } } : undefined;
  }
  checkedLatLng(lat, lng);
  const valid = first('valid');
  const altitude = numberParam(first('altitude'), 'altitude');
  const speed = numberParam(first('speed'), 'speed');
  const record: PositionRecord = {
    ...state,
    time: time ?? now,
    valid: valid === undefined || valid === 'true' || valid === '1',
    lat,
    lng,
    speed: speed !== undefined && speed > 0 ? speed * KNOTS_TO_KMH : 0, // the app sends knots
    heading: course(numberParam(first('heading'), 'heading') ?? numberParam(first('bearing'), 'bearing')),
    ...(altitude !== undefined ? { altitude } : {}),
  };
  return { type: 'position', record };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** One location of the Transistorsoft background-geolocation JSON (speed m/s, battery level 0–1). */
function jsonMessage(location: Record<string, unknown>, now: Date): DeviceMessage {
  const state = emptyState();
  const coords = isObject(location.coords) ? location.coords : {};
  const battery = isObject(location.battery) ? location.battery : {};
  const activity = isObject(location.activity) ? location.activity : {};
  const level = num(battery.level);
  if (level !== undefined && level >= 0) state.batteryLevel = Math.round(Math.min(1, level) * 100);
  if (typeof battery.is_charging === 'boolean') state.attributes.charge = battery.is_charging;
  const odometer = num(location.odometer);
  if (odometer !== undefined && odometer >= 0) state.odometer = odometer;
  if (typeof location.is_moving === 'boolean') state.attributes.motion = location.is_moving;
  if (typeof location.event === 'string') addAttribute(state.attributes, 'event', location.event);
  if (typeof activity.type === 'string') addAttribute(state.attributes, 'activity', activity.type);
  if (typeof location.mock === 'boolean') state.attributes.mock = location.mock;
  const accuracy = num(coords.accuracy);
  if (accuracy !== undefined && accuracy >= 0) state.attributes.accuracy = accuracy;
  if (isObject(location.extras)) for (const [key, value] of Object.entries(location.extras)) addAttribute(state.attributes, key, value);
  const stamp = location.timestamp;
  const time = typeof stamp === 'string' ? parseTimestamp(stamp) : typeof stamp === 'number' ? parseTimestamp(String(Math.trunc(stamp))) : undefined;
  const lat = num(coords.latitude);
  const lng = num(coords.longitude);
  if (lat === undefined || lng === undefined) return { type: 'status', record: { ...state, ...(time ? { time } : {}) } };
  checkedLatLng(lat, lng);
  const speed = num(coords.speed);
  const altitude = num(coords.altitude);
  const record: PositionRecord = {
    ...state,
    time: time ?? now,
    valid: true,
    lat,
    lng,
    speed: speed !== undefined && speed > 0 ? speed * 3.6 : 0,
    heading: course(num(coords.heading)),
    ...(altitude !== undefined ? { altitude } : {}),
  };
  return { type: 'position', record };
}

function isJson(request: HttpRequest): boolean {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  return type.includes('json') || (request.method === 'POST' && !type.includes('form') && (request.body[0] === 0x7b || request.body[0] === 0x5b));
}

/**
 * OsmAnd / Traccar Client decoder for one HTTP connection. Every request identifies itself (`id`
 * or `deviceid`, JSON `device_id`); a new id on the connection is its login. Replies as Traccar:
 * 200 with an empty body (a held command's text rides in it), 400 when the query form has no id or
 * an unknown one, 404 for an unknown device in the JSON form. A malformed request, a bad value or
 * too many requests get their status with `connection: close`, and the connection ends.
 */
export class OsmAndDecoder implements ProtocolDecoder {
  private id: string | undefined;
  private tokens: number;
  private tokensAt = performance.now();

  constructor(private readonly limits: OsmAndLimits = DEFAULT_OSMAND_LIMITS) {
    this.tokens = limits.burstRequests;
  }

  /** One request from the bucket; false when the connection is over its rate. */
  private take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.limits.burstRequests, this.tokens + ((now - this.tokensAt) * this.limits.requestsPerSecond) / 1000);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    try {
      if (!this.take()) return { messages: [], reply: response(429, { close: true, retryAfter: 1 }), integrity: {}, close: 'too many requests' };
      const request = parseRequest(frame);
      const json = isJson(request);
      const result = json ? this.decodeJson(request, context) : this.decodeForm(request, context);
      if (request.closeAfter && !result.close && result.reply) return { ...result, reply: withClose(result.reply), close: 'request asked to close' };
      return result;
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      return { messages: [], reply: response(error.status, { close: true }), integrity: {}, close: `HTTP ${error.status}: ${error.message}` };
    }
  }

  /** Login (when the id is new on the connection) and the data; the reply says whether the id is known. */
  private answer(id: string, data: DeviceMessage[], context: DecodeContext, unknownStatus: number): DecodeResult {
    const messages: DeviceMessage[] = [];
    if (id !== this.id) {
      this.id = id;
      messages.push({ type: 'login', imei: id });
    }
    if (!context.registered(id)) return { messages: [{ type: 'login', imei: id }], reply: response(unknownStatus, { close: true }), integrity: {} };
    messages.push(...data);
    return { messages, reply: ok(), integrity: {} };
  }

  private decodeForm(request: HttpRequest, context: DecodeContext): DecodeResult {
    const pairs = formPairs(request.query);
    if (request.method === 'POST' && request.body.length) pairs.push(...formPairs(request.body.toString('utf8')));
    const id = pairs.find(([k]) => k === 'id')?.[1] ?? pairs.find(([k]) => k === 'deviceid')?.[1];
    // As Traccar: a request without an id is a 400, and the connection may go on.
    if (!id) return { messages: [], reply: response(400), integrity: {} };
    const message = formMessage(pairs, context.now());
    return this.answer(id, message ? [message] : [{ type: 'heartbeat' }], context, 400);
  }

  private decodeJson(request: HttpRequest, context: DecodeContext): DecodeResult {
    let root: unknown;
    try {
      root = JSON.parse(request.body.toString('utf8'));
    } catch {
      throw new HttpRefusal(400, 'body is not JSON');
    }
    if (!isObject(root)) throw new HttpRefusal(400, 'JSON body is not an object');
    const rawId = root.device_id;
    const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : undefined;
    if (!id) throw new HttpRefusal(400, 'no device_id');
    const list = Array.isArray(root.location) ? root.location : root.location === undefined ? [] : [root.location];
    if (list.length > MAX_LOCATIONS) throw new HttpRefusal(413, `more than ${MAX_LOCATIONS} locations`);
    const now = context.now();
    const data = list.map((location) => {
      if (!isObject(location)) throw new HttpRefusal(400, 'location is not an object');
      return jsonMessage(location, now);
    });
    return this.answer(id, data.length ? data : [{ type: 'heartbeat' }], context, 404);
  }
}
