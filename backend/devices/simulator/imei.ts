/** IMEIs for simulated devices: 15 digits, the last one a Luhn check digit. */

import { isValidImei, luhnCheckDigit } from '../../../shared/imei.js';

export { isValidImei, luhnCheckDigit };

/** The default first IMEI body (a Teltonika-style TAC 35630704). */
export const DEFAULT_IMEI_START = '356307042440000';

/**
 * `count` consecutive IMEIs from `start`: its first 14 digits are the body of the first IMEI and
 * the check digit is (re)computed, so `356307042440000` gives 356307042440000's body + Luhn digit.
 * A 15-digit start with a valid check digit is itself the first IMEI.
 */
export function imeiSequence(start: string, count: number): string[] {
  if (!/^\d{14,15}$/.test(start)) throw new RangeError(`IMEI start must be 14 or 15 digits, got ${start}`);
  const body = BigInt(start.slice(0, 14));
  const imeis: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = (body + BigInt(i)).toString().padStart(14, '0');
    if (next.length > 14) throw new RangeError(`IMEI start ${start} + ${count} devices overflows 14 digits`);
    imeis.push(`${next}${luhnCheckDigit(next)}`);
  }
  return imeis;
}
