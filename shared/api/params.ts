import { z } from 'zod';

/**
 * Parameter schemas shared by method declarations.
 *
 * The same schema serves JSON bodies and query/form values. In query and form encoding Navixy's
 * admin panel sends every value as a string: numbers as digits, booleans as `true`/`false`,
 * arrays and objects as JSON text, and null as an empty value. The preprocessors below accept
 * those spellings and nothing looser, so `label=123` stays a string and `tracker_id=abc` fails.
 */

const INT32_MAX = 2_147_483_647;

function fromText(value: unknown, parse: (text: string) => unknown): unknown {
  return typeof value === 'string' ? parse(value) : value;
}

function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

const digits = /^-?\d{1,16}$/;

/** An integer, also from its decimal spelling. */
export function int(min = -2_147_483_648, max = INT32_MAX) {
  return z.preprocess(
    (v) => fromText(v, (t) => (digits.test(t.trim()) ? Number(t.trim()) : t === '' ? null : t)),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be an integer') })
      .int('Must be an integer')
      .min(min, `Must be at least ${min}`)
      .max(max, `Must be at most ${max}`),
  );
}

/** A positive 32-bit id. */
export const id = () => int(1, INT32_MAX);

/** A number (money, prices), also from its decimal spelling. */
export function decimal(min = -1e12, max = 1e12) {
  return z.preprocess(
    (v) => fromText(v, (t) => (/^-?\d+(\.\d+)?$/.test(t.trim()) ? Number(t.trim()) : t === '' ? null : t)),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be a number') })
      .finite()
      .min(min, `Must be at least ${min}`)
      .max(max, `Must be at most ${max}`),
  );
}

/** `true`/`false`, also spelled as text. */
export function bool() {
  return z.preprocess(
    (v) => fromText(v, (t) => (t === 'true' ? true : t === 'false' ? false : t === '' ? null : t)),
    z.boolean({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be true or false') }),
  );
}

/** An array, also as JSON text (`trackers=[1,2,3]`). */
export function array<T extends z.ZodType>(item: T, maxItems = 10_000) {
  return z.preprocess(
    (v) => fromText(v, parseJsonText),
    z.array(item, { error: (issue) => (issue.input === undefined ? 'Required' : 'Must be a JSON array') }).max(maxItems, `At most ${maxItems} items`),
  );
}

/** An object, also as JSON text (`user={"login":...}`). */
export function object<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(
    (v) => fromText(v, parseJsonText),
    z.object(shape, { error: (issue) => (issue.input === undefined ? 'Required' : 'Must be a JSON object') }),
  );
}

/** Any schema whose value may arrive as JSON text in query/form encoding. */
export function json<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => fromText(v, parseJsonText), schema);
}

/** Makes a parameter nullable; an empty form value means null. */
export function nullable<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? null : v), schema.nullable());
}

const requiredString = z.string({
  error: (issue) => (issue.input === undefined || issue.input === null ? 'Required' : 'Must be a string'),
});

/** Printable characters only: no control characters. */
const printable = /^[^\u0000-\u001f\u007f-\u009f]*$/u;

export function text(min: number, max: number) {
  return requiredString
    .min(min, min === 1 ? 'Must not be empty' : `Must be at least ${min} characters`)
    .max(max, `Must be at most ${max} characters`)
    .regex(printable, 'Must consist of printable characters');
}

/** Tracker/clone label: 1–60 printable characters without `<` and `>`. */
export const trackerLabel = () =>
  text(1, 60)
    .refine((s) => s.trim().length > 0, 'Must not be blank')
    .refine((s) => !/[<>]/.test(s), "Must not contain '<' or '>'");

/** Tracker comment: up to 3000 characters. */
export const trackerComment = () => requiredString.max(3000, 'Must be at most 3000 characters');

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => `Must be one of: ${values.join(', ')}` });
}

/**
 * Paging and sorting parameters of list methods. An omitted `limit` returns every matching row
 * (`NO_LIMIT`); a `limit` above MAX_PAGE_SIZE answers 212 "Requested limit is too big".
 */
export const MAX_PAGE_SIZE = 1000;
export const NO_LIMIT = Number.POSITIVE_INFINITY;
export const paging = {
  offset: int(0, INT32_MAX).optional(),
  limit: int(1, MAX_PAGE_SIZE).optional(),
  ascending: bool().optional(),
  filter: z.string({ error: 'Must be a string' }).max(200, 'Must be at most 200 characters').optional(),
};
