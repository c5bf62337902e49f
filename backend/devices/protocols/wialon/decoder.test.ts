import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { WialonDecoder } from './decoder.js';
import { withServerTime, WIALON_DIVERGENCES } from '../__fixtures__/wialon.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.wialon).map(withServerTime);

describe('wialon decoder replaying the fixture in order', () => {
  const decoder = new WialonDecoder();
  const verdicts: Verdict[] = entries.map((entry) => replayEntry(decoder, entry));

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('wialon', verdicts));
    expect(verdicts.filter((v) => !v.pass).map((v) => v.id)).toEqual(WIALON_DIVERGENCES.flatMap(([, ids]) => ids));
  });
});

const entry = (id: string) => entries.find((e) => e.id === id)!;
const decode = (id: string) => new WialonDecoder().decode(Buffer.from(entry(id).hex, 'hex'), fixtureContext);

describe('wialon packets', () => {
  it('logins (1.1, 2.0, UDP prefix) and their answers; an unknown unit gets #AL#0', () => {
    expect(decode('wialon-006')).toEqual({ messages: [{ type: 'login', imei: '123456789012345' }], reply: Buffer.from('#AL#1\r\n'), integrity: {} });
    expect(decode('wialon-001')).toMatchObject({ messages: [{ type: 'login', imei: '42001300083' }], integrity: { crcOk: false } });
    expect(decode('wialon-010').messages.map((m) => m.type)).toEqual(['login', 'position']);
    const unknown = new WialonDecoder().decode(Buffer.from('#L#123;x'), { ...fixtureContext, registered: () => false });
    expect(unknown.reply?.toString()).toBe('#AL#0\r\n');
  });

  it('a UDP prefix is [version;]<id> of 1–32 letters and digits, and a login in it names the same id', () => {
    const context = fixtureContext;
    const ok = new WialonDecoder().decode(Buffer.from('2.0;356307042441013#P#\r\n'), context);
    expect(ok.messages).toEqual([{ type: 'login', imei: '356307042441013' }, { type: 'heartbeat' }]);
    for (const bad of ['a;b;356307042441013#P#', `${'1'.repeat(33)}#P#`, '3563 07#P#', `${'9'.repeat(70)}#P#`, '35630704244101\u00e9#P#'])
      expect(() => new WialonDecoder().decode(Buffer.from(bad, 'latin1'), context), bad).toThrow(DecodeError);
    expect(() => new WialonDecoder().decode(Buffer.from('356307042441013#L#356307042441021;NA'), context)).toThrow(/another id/);
    expect(new WialonDecoder().decode(Buffer.from('356307042441013#L#356307042441013;NA'), context).reply?.toString()).toBe('#AL#1\r\n');
  });

  it('data, black box, ping; the v2.0 CRC is checked', () => {
    expect(decode('wialon-003')).toMatchObject({
      integrity: { crcOk: true },
      messages: [{ type: 'position', record: { altitude: 59, satellites: 11, valid: true, attributes: { d_battr: 94, di_light: 1 } } }],
    });
    expect(decode('wialon-011').messages[0]).toMatchObject({ record: { speed: 87, inputs: [true, false, false, false, true, true, true, true] } });
    const box = decode('wialon-020');
    expect(box.reply?.toString()).toBe('#AB#2\r\n');
    expect(box.messages).toHaveLength(2);
    expect(decode('wialon-008')).toMatchObject({ messages: [{ type: 'heartbeat' }], reply: Buffer.from('#AP#\r\n') });
    expect(decode('wialon-026').messages[0]).toMatchObject({ type: 'status', record: { batteryLevel: 99 } });
    expect(new WialonDecoder().decode(Buffer.from('#M#OK reboot'), fixtureContext).messages).toEqual([{ type: 'command_reply', text: 'OK reboot' }]);
    expect(() => new WialonDecoder().decode(Buffer.from('garbage'), fixtureContext)).toThrow(DecodeError);
    expect(() => new WialonDecoder().decode(Buffer.from('#SD#1;2;3'), fixtureContext)).toThrow(DecodeError);
  });
});
