import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './api-error.js';
import { envelopeFor, zodIssuesToErrors } from './dispatch.js';
import { array, bool, decimal, id, int, json, nullable, object, oneOf, paging, text, trackerComment, trackerLabel } from '../../shared/api/params.js';

/** The parsed value, or the list of error messages. */
function parse(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: result.error.issues.map((i) => i.message) };
}
const accepts = (schema: z.ZodType, value: unknown, expected: unknown) =>
  expect(parse(schema, value), JSON.stringify(value)).toEqual({ ok: true, value: expected });
const rejects = (schema: z.ZodType, value: unknown) => expect(parse(schema, value).ok, JSON.stringify(value)).toBe(false);

describe('int()', () => {
  it('accepts numbers and their decimal spellings', () => {
    for (const [input, out] of [
      [0, 0],
      ['0', 0],
      ['42', 42],
      [' 42 ', 42],
      ['-7', -7],
      [-7, -7],
      ['2147483647', 2147483647],
      ['-2147483648', -2147483648],
    ] as const) {
      accepts(int(), input, out);
    }
  });

  it('rejects non-integers, other spellings and out-of-range values', () => {
    for (const input of [
      'abc',
      '1.5',
      1.5,
      '1e3',
      '0x10',
      '',
      ' ',
      '12abc',
      'NaN',
      NaN,
      Infinity,
      true,
      'true',
      null,
      [],
      {},
      [1],
      '2147483648',
      2 ** 31,
      '-2147483649',
    ]) {
      rejects(int(), input);
    }
  });

  it('applies its bounds with a readable message; an absent value is "Required"', () => {
    expect(parse(int(1, 10), '0')).toEqual({ ok: false, errors: ['Must be at least 1'] });
    expect(parse(int(1, 10), 11)).toEqual({ ok: false, errors: ['Must be at most 10'] });
    expect(parse(int(), undefined)).toEqual({ ok: false, errors: ['Required'] });
    expect(parse(int(), 'abc')).toEqual({ ok: false, errors: ['Must be an integer'] });
    accepts(int(1, 10), '10', 10);
    accepts(int().optional(), undefined, undefined);
  });

  it('id() is 1 … 2^31-1', () => {
    accepts(id(), '1', 1);
    accepts(id(), 2147483647, 2147483647);
    for (const input of [0, '0', -1, '-1', 2 ** 31, 'abc']) rejects(id(), input);
  });
});

describe('decimal()', () => {
  it('accepts numbers and decimal text, rejects other text', () => {
    accepts(decimal(), '12.55', 12.55);
    accepts(decimal(), '-3', -3);
    accepts(decimal(), 0.5, 0.5);
    for (const input of ['1,5', '.5', 'abc', '1e3', '', Infinity, NaN, true]) rejects(decimal(), input);
    rejects(decimal(0, 100), '100.01');
  });
});

describe('bool()', () => {
  it('accepts true/false as booleans and as the text true/false', () => {
    accepts(bool(), true, true);
    accepts(bool(), false, false);
    accepts(bool(), 'true', true);
    accepts(bool(), 'false', false);
  });

  it('rejects every other spelling', () => {
    for (const input of ['TRUE', 'False', '1', '0', 1, 0, 'yes', 'no', 'on', '', ' true', null, [], {}]) rejects(bool(), input);
    expect(parse(bool(), 'yes')).toEqual({ ok: false, errors: ['Must be true or false'] });
    expect(parse(bool(), undefined)).toEqual({ ok: false, errors: ['Required'] });
  });
});

describe('array()', () => {
  it('accepts arrays and JSON array text, with item coercion', () => {
    accepts(array(id()), [1, 2], [1, 2]);
    accepts(array(id()), '[1,2,3]', [1, 2, 3]);
    accepts(array(id()), ' [1, 2] ', [1, 2]);
    accepts(array(id()), ['1', '2'], [1, 2]);
    accepts(array(id()), '[]', []);
  });

  it('rejects non-arrays, malformed JSON, bad items and too many items', () => {
    for (const input of ['1,2', '1', '[1,2', '{"a":1}', 'abc', '', 5, { 0: 1 }, null]) rejects(array(id()), input);
    expect(parse(array(id()), '[1,0]')).toEqual({ ok: false, errors: ['Must be at least 1'] });
    expect(parse(array(id()), '1,2')).toEqual({ ok: false, errors: ['Must be a JSON array'] });
    rejects(array(id(), 2), [1, 2, 3]);
    accepts(array(id(), 2), [1, 2], [1, 2]);
  });
});

describe('object()', () => {
  const schema = object({ login: z.string(), activated: bool().optional() });

  it('accepts objects and JSON object text; nested values keep their coercion', () => {
    accepts(schema, { login: 'a' }, { login: 'a' });
    accepts(schema, '{"login":"a","activated":"false"}', { login: 'a', activated: false });
    accepts(schema, ' {"login":"a"} ', { login: 'a' });
  });

  it('rejects non-objects and malformed JSON text', () => {
    for (const input of ['{"login":', 'login=a', '[{"login":"a"}]', '', 'null', 5, [], null]) rejects(schema, input);
    expect(parse(schema, 'abc')).toEqual({ ok: false, errors: ['Must be a JSON object'] });
    expect(parse(schema, undefined)).toEqual({ ok: false, errors: ['Required'] });
  });

  it('json() lets any schema arrive as JSON text', () => {
    accepts(json(z.record(z.string(), z.array(z.string()))), '{"trackers":["read"]}', { trackers: ['read'] });
    accepts(json(z.array(z.number())), '[1]', [1]);
  });
});

describe('nullable()', () => {
  it('an empty value and null are null; other values go through the inner schema', () => {
    accepts(nullable(id()), '', null);
    accepts(nullable(id()), null, null);
    accepts(nullable(id()), '5', 5);
    accepts(nullable(z.string()), '', null);
    accepts(nullable(z.string()), 'x', 'x');
    rejects(nullable(id()), 'abc');
    rejects(nullable(id()), '0');
  });
});

describe('trackerLabel()', () => {
  it('accepts 1–60 printable characters', () => {
    for (const label of ['a', 'Truck 1', 'x'.repeat(60), 'Grüße – Fahrzeug №5', '123', ' padded ', '"quoted" & \'single\'', '🚚 van'])
      accepts(trackerLabel(), label, label);
  });

  it('keeps digit-only text a string', () => {
    accepts(trackerLabel(), '00123', '00123');
  });

  it('rejects empty, blank, too long, < >, control characters and non-strings', () => {
    const bad = [
      '',
      ' ',
      '   ',
      'x'.repeat(61),
      '<b>',
      'a<b',
      'a>b',
      'a\u0000b',
      'tab\t',
      'line\nbreak',
      'cr\r',
      'esc\u001b',
      'del\u007f',
      'c1\u0085',
      'c1\u009f',
      123,
      null,
      true,
      ['a'],
    ];
    for (const label of bad) rejects(trackerLabel(), label);
    expect(parse(trackerLabel(), '<b>')).toEqual({ ok: false, errors: ["Must not contain '<' or '>'"] });
    expect(parse(trackerLabel(), 'x'.repeat(61)).ok).toBe(false);
    expect(parse(trackerLabel(), undefined)).toEqual({ ok: false, errors: ['Required'] });
  });
});

describe('text(), trackerComment(), oneOf(), paging', () => {
  it('text() enforces length and printable characters', () => {
    accepts(text(2, 3), 'ab', 'ab');
    rejects(text(2, 3), 'a');
    rejects(text(2, 3), 'abcd');
    rejects(text(1, 10), 'a\u0007');
  });

  it('trackerComment() takes up to 3000 characters, line breaks included, and the empty string', () => {
    accepts(trackerComment(), '', '');
    accepts(trackerComment(), 'a\nb', 'a\nb');
    accepts(trackerComment(), 'c'.repeat(3000), 'c'.repeat(3000));
    rejects(trackerComment(), 'c'.repeat(3001));
    rejects(trackerComment(), 5);
  });

  it('oneOf() lists the allowed values in its message', () => {
    expect(parse(oneOf(['id', 'label']), 'name')).toEqual({ ok: false, errors: ['Must be one of: id, label'] });
    accepts(oneOf(['id', 'label']), 'label', 'label');
  });

  it('paging: limit 1–1000, offset ≥ 0, ascending boolean, filter ≤ 200 characters', () => {
    const schema = z.object(paging);
    accepts(
      schema,
      { limit: '1000', offset: '0', ascending: 'false', filter: 'f'.repeat(200) },
      { limit: 1000, offset: 0, ascending: false, filter: 'f'.repeat(200) },
    );
    accepts(schema, {}, {});
    for (const bad of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { ascending: 'no' }, { filter: 'f'.repeat(201) }, { filter: 5 }]) rejects(schema, bad);
  });
});

describe('error envelopes', () => {
  it('zodIssuesToErrors names each parameter once, with its dotted path', () => {
    const schema = z.object({ tracker_id: id(), user: object({ login: z.string(), phone: z.string().min(10).regex(/^\d+$/) }) });
    const result = schema.safeParse({ tracker_id: 'abc', user: { phone: 'x' } });
    expect(result.success).toBe(false);
    const errors = zodIssuesToErrors(result.error!.issues);
    expect(errors.map((e) => e.parameter)).toEqual(['tracker_id', 'user.login', 'user.phone']);
  });

  it("envelopeFor answers the table's HTTP status and extras next to status", () => {
    expect(envelopeFor(new ApiError(204))).toEqual({ httpStatus: 404, body: { success: false, status: { code: 204, description: 'Entity not found' } } });
    expect(envelopeFor(new ApiError(253, { list: [4, 5] }))).toEqual({
      httpStatus: 400,
      body: { success: false, status: { code: 253, description: 'Device has clones' }, list: [4, 5] },
    });
    expect(envelopeFor(ApiError.invalidParameters([{ parameter: 'a', error: 'b' }]))).toEqual({
      httpStatus: 400,
      body: { success: false, status: { code: 7, description: 'Invalid parameters' }, errors: [{ parameter: 'a', error: 'b' }] },
    });
    expect(envelopeFor(new ApiError(9)).httpStatus).toBe(412);
    expect(envelopeFor(new ApiError(15)).httpStatus).toBe(429);
    expect(envelopeFor(new ApiError(1)).httpStatus).toBe(500);
  });
});
