import { describe, expect, it } from 'vitest';
import { ceilDiv, fromCents, roundHalfUpDiv, toCents } from './money.js';

describe('cents', () => {
  it('converts 2-decimal amounts exactly', () => {
    expect(toCents(12.55)).toBe(1255);
    expect(toCents(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(toCents(1.005)).toBe(100); // 1.005 is 1.00499999... as a double
    expect(toCents(-3.1)).toBe(-310);
    expect(Object.is(toCents(-0.001), 0)).toBe(true);
    expect(fromCents(1255)).toBe(12.55);
    expect(fromCents(-310)).toBe(-3.1);
    expect(() => toCents(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips every cent value', () => {
    for (let c = -100_000; c <= 100_000; c += 7) expect(toCents(fromCents(c))).toBe(c);
  });
});

describe('integer division', () => {
  it('ceils exactly', () => {
    expect(ceilDiv(2800, 2800)).toBe(1);
    expect(ceilDiv(2801, 2800)).toBe(2);
    expect(ceilDiv(0, 31)).toBe(0);
    expect(ceilDiv(112 * 25, 28 * 100)).toBe(1); // float: Math.ceil(1.12 * 25 / 28) === 2
  });

  it('rounds halves up', () => {
    expect(roundHalfUpDiv(1000, 31)).toBe(32); // 32.26
    expect(roundHalfUpDiv(15, 10)).toBe(2);
    expect(roundHalfUpDiv(14, 10)).toBe(1);
    expect(roundHalfUpDiv(1, 2)).toBe(1);
  });

  it('refuses negative or fractional operands', () => {
    expect(() => ceilDiv(-1, 2)).toThrow(RangeError);
    expect(() => ceilDiv(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1.5, 2)).toThrow(RangeError);
  });
});
