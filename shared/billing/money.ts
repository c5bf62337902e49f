/**
 * Money inside billing is integer cents, so sums and comparisons are exact. API values (`price`,
 * `balance`, `amount`) are doubles holding 2-decimal amounts; the storage keeps `*_cents` integers.
 * `toCents(fromCents(c)) === c` for every realistic c, so either side converts without loss.
 */

/** An integer number of cents (1/100 of the currency unit). */
export type Cents = number;

/** A 2-decimal currency amount → cents. Anything finer than a cent is rounded to the nearest cent. */
export function toCents(amount: number): Cents {
  if (!Number.isFinite(amount)) throw new RangeError(`Not a finite amount: ${amount}`);
  return Math.round(amount * 100) + 0; // `+ 0` turns -0 into 0
}

export function fromCents(cents: Cents): number {
  return cents / 100;
}

function assertDivision(numerator: number, divisor: number): void {
  if (!Number.isSafeInteger(numerator) || numerator < 0 || !Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new RangeError(`Integer division needs n >= 0 and d > 0, got ${numerator} / ${divisor}`);
  }
}

/** ⌈n / d⌉ for integers, exact (a float `Math.ceil(n / d)` can land one too high). */
export function ceilDiv(numerator: number, divisor: number): number {
  assertDivision(numerator, divisor);
  const rest = numerator % divisor;
  return (numerator - rest) / divisor + (rest > 0 ? 1 : 0);
}

/** n / d rounded to the nearest integer, halves up, exact. */
export function roundHalfUpDiv(numerator: number, divisor: number): number {
  assertDivision(numerator, divisor);
  const rest = numerator % divisor;
  return (numerator - rest) / divisor + (2 * rest >= divisor ? 1 : 0);
}
