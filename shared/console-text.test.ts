import { describe, expect, it } from 'vitest';
import { inertText, isPrintableCommand, loggableId } from './console-text.js';

describe('console text', () => {
  it('makes every C0, DEL and C1 control visible', () => {
    expect(inertText('a\u001b[2J\r\n\u0007')).toBe('a^[[2J^M^J^G');
    expect(inertText('x\u009b31m\u009d0;title\u007f')).toBe('x<9B>31m<9D>0;title^?');
    expect(inertText('plain ünïcode €')).toBe('plain ünïcode €');
  });

  it('accepts printable commands only', () => {
    expect(isPrintableCommand('setdigout 1 60')).toBe(true);
    expect(isPrintableCommand('RELAY,1#')).toBe(true);
    expect(isPrintableCommand('a\u009bb')).toBe(false);
    expect(isPrintableCommand('a\u001bb')).toBe(false);
    expect(isPrintableCommand('a\u007f')).toBe(false);
  });

  it('makes ids safe for a log line', () => {
    expect(loggableId('35630\u009b\n x')).toBe('35630\\x9b\\x0a_x');
    expect(loggableId('9'.repeat(60))).toHaveLength(43);
  });
});
