/**
 * Parameter schemas and `order_by` values of the bundle, SIM card and order methods
 * (shared/api/bundle.ts, sim-card.ts, order.ts): kept apart so those modules export only specs and types.
 */
import { z } from 'zod';
import { luhnValid } from '../imei.js';
import { text } from './params.js';

/** The most IMEIs (bundle/import) or SIM cards (sim_card/import) one call takes. */
export const MAX_IMPORT = 10_000;

/**
 * bundle/list `order_by`: the original (2020-07) documented values, then the tracker-list values the
 * later docs show for bundle/list, mapped to the bundle's own columns (backend/storage/repositories/bundles.ts).
 */
export const bundleOrderKeys = [
  'id',
  'model_code',
  'imei',
  'iccid',
  'assign_time',
  'order_id',
  'label',
  'status',
  'model',
  'device_id',
  'phone',
  'creation_date',
  'user_id',
  'comment',
] as const;
export type BundleOrderKey = (typeof bundleOrderKeys)[number];

/** sim_card/list `order_by`. */
export const simCardOrderKeys = ['iccid', 'phone', 'apn', 'bundle_id'] as const;
export type SimCardOrderKey = (typeof simCardOrderKeys)[number];

/** order/list `order_by`. */
export const orderOrderKeys = ['id', 'creation_time', 'user_id', 'sum', 'status'] as const;
export type OrderOrderKey = (typeof orderOrderKeys)[number];

/** An IMEI as a string or an integer: 15 digits with a valid Luhn check digit. */
export function checkImei(value: unknown): { imei: string } | { error: string } {
  if (value === undefined || value === null) return { error: 'Required' };
  let imei: string;
  if (typeof value === 'string') imei = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) imei = String(value);
  else return { error: 'Must be a string of 15 digits' };
  if (!/^\d{15}$/.test(imei)) return { error: 'Must be 15 digits' };
  if (!luhnValid(imei)) return { error: 'Wrong check digit (Luhn)' };
  return { imei };
}

/** An IMEI parameter (string or integer), normalised to its 15-digit string. */
export const imei = () =>
  z.unknown().transform((value, ctx) => {
    const checked = checkImei(value);
    if ('error' in checked) {
      ctx.issues.push({ code: 'custom', message: checked.error, input: value });
      return z.NEVER;
    }
    return checked.imei;
  });

/** ICCID (bundle/assign doc): 3 to 20 printable characters. */
export const iccid = () => text(3, 20);

/** A SIM card's phone number: digits, as tracker/register takes it. */
export const simPhone = () => z.string({ error: 'Must be a string' }).regex(/^\d{5,20}$/, 'Must be 5 to 20 digits');

/** A SIM card's APN name. */
export const simApn = () => text(1, 100);

interface UniqueKey {
  /** The element's key, or null when it has none (a SIM card without a phone). */
  key: (element: any) => string | null;
  /** The element field the duplicate is reported on (`sim_cards[3].iccid`), or none (`imeis[3]`). */
  field?: string;
}

/**
 * Checks every element of the list parameter `list` against `item` and reports each bad element as
 * `list[i]` (or `list[i].field`), and each repeated key as a duplicate of its first occurrence.
 * Attach with `.superRefine(listItems(...), { when: () => true })` so it also runs when other
 * parameters failed: one answer then names every bad parameter.
 */
export function listItems(list: string, item: z.ZodType, unique: UniqueKey[] = []) {
  return (value: unknown, ctx: z.core.$RefinementCtx<unknown>) => {
    const elements = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[list] : undefined;
    if (!Array.isArray(elements) || elements.length > MAX_IMPORT) return;
    const seen = unique.map(() => new Map<string, number>());
    elements.forEach((element, i) => {
      const parsed = item.safeParse(element);
      if (!parsed.success) {
        const reported = new Set<string>();
        for (const issue of parsed.error.issues) {
          const parameter = `${list}[${i}]${issue.path.map((p) => `.${String(p)}`).join('')}`;
          if (reported.has(parameter)) continue;
          reported.add(parameter);
          ctx.addIssue({ code: 'custom', message: issue.message, path: [parameter] });
        }
        return;
      }
      unique.forEach(({ key, field }, k) => {
        const value = key(parsed.data);
        if (value === null) return;
        const suffix = field ? `.${field}` : '';
        const first = seen[k]!.get(value);
        if (first === undefined) seen[k]!.set(value, i);
        else ctx.addIssue({ code: 'custom', message: `Duplicate of ${list}[${first}]${suffix}`, path: [`${list}[${i}]${suffix}`] });
      });
    });
  };
}
