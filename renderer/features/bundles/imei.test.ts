import { describe, expect, it } from 'vitest';
import { imeiProblem, luhnValid, parseImeiText } from './imei';

describe('IMEI checks', () => {
  it('accepts 15 digits with a valid Luhn digit', () => {
    expect(luhnValid('356307042441013')).toBe(true);
    expect(imeiProblem('356307042441013')).toBeNull();
    expect(imeiProblem('356307042441014')).toBe('Wrong check digit (Luhn)');
    expect(imeiProblem('35630704244101')).toBe('Must be 15 digits, has 14');
    expect(imeiProblem('35630704244101x')).toBe('Only digits are allowed');
  });

  it('checks every line of pasted text, skipping blanks and flagging repeats', () => {
    const { lines, valid } = parseImeiText('356307042441013\n\n  490154203237518 , 356307042441014\n356307042441013\r\n');
    expect(valid).toEqual(['356307042441013', '490154203237518']);
    expect(lines.map((l) => [l.line, l.problem])).toEqual([
      [1, null],
      [3, null],
      [3, 'Wrong check digit (Luhn)'],
      [4, 'Repeats line 1'],
    ]);
  });
});
