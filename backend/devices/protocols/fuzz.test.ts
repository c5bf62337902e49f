import { describe, expect, it } from 'vitest';
import { DecodeError, FrameError } from './errors.js';
import { protocols } from './index.js';
import type { ProtocolName } from './types.js';
import { mutate, prng } from '../test-support/fuzz.js';
import captures from './__fixtures__/device-captures.json' with { type: 'json' };
import { readFileSync } from 'node:fs';
import { parseCaptures2 } from './__fixtures__/captures.js';
import { jt808Entries } from './__fixtures__/jt808.js';

const wave2 = parseCaptures2(readFileSync(new URL('./__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));

/** Per protocol: 100,000 in CI; `npm run fuzz` sets FUZZ_ITERATIONS=1000000. */
const ITERATIONS = fuzzIterations(process.env.FUZZ_ITERATIONS);

function fuzzIterations(value: string | undefined): number {
  if (value === undefined || value === '') return 100_000;
  if (!/^\d+$/.test(value) || Number(value) < 1000) throw new Error(`FUZZ_ITERATIONS must be a whole number of at least 1000, got ${value}`);
  return Number(value);
}
const context = { now: () => new Date('2026-03-15T10:00:00Z'), registered: () => true };

function realFrames(name: ProtocolName): Buffer[] {
  if (name === 'jt808') return jt808Entries.map((e) => Buffer.from(e.hex, 'hex')); // wave 2, as on the wire
  if (name === 'queclink') return wave2.gl200.map((e) => Buffer.from(e.hex, 'hex'));
  if (name === 'ruptela' || name === 'suntech' || name === 'gps103' || name === 'wialon' || name === 'osmand' || name === 'meitrack')
    return wave2[name].map((e) => Buffer.from(e.hex, 'hex'));
  return (captures as unknown as Record<string, { hex?: string }[]>)[name]!.filter((e) => e.hex).map((e) => Buffer.from(e.hex!, 'hex'));
}

describe('protocol fuzz: only FrameError / DecodeError, never anything else', () => {
  for (const name of Object.keys(protocols) as ProtocolName[]) {
    it(
      `${name}: ${ITERATIONS} mutated and random frames`,
      () => {
        const codec = protocols[name];
        const seeds = realFrames(name);
        const random = prng(0xdea1e5 + name.length);
        let splitter = codec.createSplitter();
        let decoder = codec.createDecoder();
        const counts = { frames: 0, decoded: 0, decodeErrors: 0, frameErrors: 0 };
        for (let i = 0; i < ITERATIONS; i++) {
          const input = mutate(seeds[Math.floor(random() * seeds.length)]!, random);
          let frames: Buffer[] = [];
          try {
            frames = splitter.push(input);
          } catch (error) {
            if (!(error instanceof FrameError)) throw new Error(`iteration ${i}: splitter threw ${String(error)} on ${input.toString('hex')}`);
            counts.frameErrors++;
            // The gateway drops such a connection: start a fresh one.
            splitter = codec.createSplitter();
            decoder = codec.createDecoder();
            continue;
          }
          for (const frame of frames) {
            counts.frames++;
            try {
              const result = decoder.decode(frame, context);
              counts.decoded++;
              expect(Array.isArray(result.messages)).toBe(true);
              if (result.close) {
                // The gateway ends such a connection after the reply: start a fresh one.
                splitter = codec.createSplitter();
                decoder = codec.createDecoder();
                break;
              }
            } catch (error) {
              if (!(error instanceof DecodeError))
                throw new Error(`iteration ${i}: decoder threw ${String((error as Error).stack)} on ${frame.toString('hex')}`);
              counts.decodeErrors++;
            }
          }
          // The splitter must never hoard: bounded by its maximum frame size.
          expect(splitter.pending).toBeLessThan(1 << 16);
        }
        expect(counts.decoded + counts.decodeErrors).toBe(counts.frames);
        expect(counts.decoded).toBeGreaterThan(0);
      },
      Math.max(60_000, ITERATIONS / 2),
    );
  }
});
