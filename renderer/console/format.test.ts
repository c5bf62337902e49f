import { describe, expect, it } from 'vitest';
import { deviceConnectionIn, formatOutputLine, isHexCommand, toHex } from './format';
import { CommandHistory } from './history';

const at = new Date(2026, 2, 15, 9, 5, 7, 42);

describe('console output formatting', () => {
  it('prefixes the arrival time and keeps text as text', () => {
    expect(formatOutputLine('GTFRI,OK', at, 'text', true)).toBe('\x1b[90m09:05:07.042\x1b[0m GTFRI,OK');
    expect(formatOutputLine('GTFRI,OK', at, 'text', false)).toBe('GTFRI,OK');
  });

  it('makes control characters visible so a device cannot drive the terminal', () => {
    expect(formatOutputLine('a\x1b[2Jb\x07', at, 'text', false)).toBe('a^[[2Jb^G');
    // C1 controls (CSI U+009B, OSC U+009D) and DEL are shown, not interpreted.
    expect(formatOutputLine('x\u009b2J\u009d0;t\u007fy', at, 'text', false)).toBe('x<9B>2J<9D>0;t^?y');
  });

  it('shows hex: spaced bytes for binary traffic, the bytes of text otherwise', () => {
    expect(formatOutputLine('2026-03-15 09:05:07 < 78780d01', at, 'hex', false)).toBe('2026-03-15 09:05:07 < 78 78 0D 01');
    expect(formatOutputLine('OK', at, 'hex', false)).toBe('4F 4B');
    expect(toHex('Ä')).toBe('C3 84');
  });

  it('checks hex commands', () => {
    expect(isHexCommand('01 a0 FF')).toBe(true);
    expect(isHexCommand('0')).toBe(false);
    expect(isHexCommand('zz')).toBe(false);
  });

  it("reads the gateway's online/offline lines", () => {
    expect(deviceConnectionIn('2026-03-15 10:00:00 device went offline')).toBe('offline');
    expect(deviceConnectionIn('console of tracker 5: device online')).toBe('online');
    expect(deviceConnectionIn('2026-03-15 10:00:00 < 000f')).toBeNull();
  });
});

describe('command history', () => {
  it('recalls older commands with up, newer with down, and keeps the draft', () => {
    const h = new CommandHistory();
    h.push('getver');
    h.push('getstatus');
    h.push('getstatus');
    expect(h.size).toBe(2);
    expect(h.up('draft')).toBe('getstatus');
    expect(h.up('getstatus')).toBe('getver');
    expect(h.up('getver')).toBe('getver');
    expect(h.down()).toBe('getstatus');
    expect(h.down()).toBe('draft');
  });
});
