/**
 * Replays fixture frames through a decoder and compares with what Traccar did: the exact reply
 * bytes, and lat/lng/speed (km/h)/time/validity/heading of every position Traccar produced from
 * data in the frame (`outdated: false`).
 */
import { KNOTS_TO_KMH, type PositionRecord } from '../../vocabulary.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';
import type { Capture } from './captures.js';

/** The instant Traccar's harness stamped time-carrying replies with (seen in the fixture). */
export const FIXTURE_NOW = new Date('2026-11-25T20:56:52.000Z');

export const fixtureContext: DecodeContext = { now: () => FIXTURE_NOW, registered: () => true };

export interface Verdict {
  id: string;
  pass: boolean;
  problems: string[];
  result?: DecodeResult;
  error?: DecodeError;
}

const LATLNG_TOLERANCE = 1e-6; // degrees (~0.1 m)
const SPEED_TOLERANCE = 0.01; // km/h
const TIME_TOLERANCE = 1000; // ms: Traccar stamps frames without a time with its clock, ms included

/** `yyyyMMddHHmmss` in UTC, the time placeholder of the H02 replies in the fixture. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Traccar's reply to `entry`, with the fixture's time placeholder filled, or undefined for none. */
export function expectedReply(entry: Capture): Buffer | undefined {
  const responses = entry.traccar?.responses ?? [];
  const [first] = responses;
  if (!first) return undefined;
  if (first.text !== undefined) return Buffer.from(first.text.replace('{yyyyMMddHHmmss}', stamp(FIXTURE_NOW)), 'latin1');
  return Buffer.from(first.hex ?? '', 'hex');
}

/** Differences between one of our records and the `index`-th of Traccar's positions from the frame. */
export function comparePosition(ours: PositionRecord, theirs: Capture['traccar'] & object, index: number): string[] {
  const expected = theirs.positions!.filter((p) => !p.outdated)[index]!;
  const problems: string[] = [];
  const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
  if (!near(ours.lat, expected.latitude, LATLNG_TOLERANCE)) problems.push(`lat ${ours.lat} ≠ ${expected.latitude}`);
  if (!near(ours.lng, expected.longitude, LATLNG_TOLERANCE)) problems.push(`lng ${ours.lng} ≠ ${expected.longitude}`);
  const speed = expected.speedKnots * KNOTS_TO_KMH;
  if (!near(ours.speed, speed, SPEED_TOLERANCE)) problems.push(`speed ${ours.speed} km/h ≠ ${speed}`);
  const time = Date.parse(expected.fixTime ?? '');
  if (!near(ours.time.getTime(), time, TIME_TOLERANCE)) problems.push(`time ${ours.time.toISOString()} ≠ ${expected.fixTime}`);
  if (ours.valid !== expected.valid) problems.push(`valid ${ours.valid} ≠ ${expected.valid}`);
  if (!near(ours.heading, expected.course, 0.01)) problems.push(`heading ${ours.heading} ≠ ${expected.course}`);
  return problems.map((p) => `position ${index}: ${p}`);
}

/** Decodes one fixture frame and compares it with Traccar's reply and positions. */
export function replayEntry(decoder: ProtocolDecoder, entry: Capture, context = fixtureContext): Verdict {
  const frame = Buffer.from(entry.hex, 'hex');
  let result: DecodeResult | undefined;
  let error: DecodeError | undefined;
  try {
    result = decoder.decode(frame, context);
  } catch (caught) {
    if (!(caught instanceof DecodeError)) throw caught; // anything else is a bug, fail loudly
    error = caught;
  }
  const problems: string[] = [];
  const want = expectedReply(entry);
  const got = result?.reply;
  if (want?.toString('hex') !== got?.toString('hex')) {
    problems.push(`reply ${got?.toString('hex') ?? 'none'} ≠ ${want?.toString('hex') ?? 'none'}`);
  }
  const ours = (result?.messages ?? []).flatMap((m) => (m.type === 'position' ? [m.record] : []));
  const theirs = (entry.traccar?.positions ?? []).filter((p) => !p.outdated);
  if (ours.length !== theirs.length) {
    problems.push(`${ours.length} positions ≠ Traccar's ${theirs.length}${error ? ` (${error.message})` : ''}`);
  } else {
    ours.forEach((record, index) => problems.push(...comparePosition(record, entry.traccar!, index)));
  }
  return { id: entry.id, pass: problems.length === 0, problems, ...(result ? { result } : {}), ...(error ? { error } : {}) };
}

/** One line per failing frame, for the test log. */
export function summarize(protocol: string, verdicts: Verdict[]): string {
  const failing = verdicts.filter((v) => !v.pass);
  const lines = failing.map((v) => `  ${v.id}: ${v.problems.join('; ')}`);
  return [`${protocol}: ${verdicts.length - failing.length}/${verdicts.length} frames pass fully`, ...lines].join('\n');
}
