import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// madge ships no types; its API takes paths and answers the dependency graph.
// @ts-expect-error -- untyped CommonJS module
import madge from 'madge';

const root = fileURLToPath(new URL('..', import.meta.url));

interface MadgeResult {
  circular(): string[][];
}

/**
 * No import cycle, type-only imports included: a cycle through the composition root (backend.ts)
 * is how a "narrow" service ends up depending on the whole backend again.
 */
describe('import graph', () => {
  it('has no cycles in backend/, shared/, electron/ and renderer/', async () => {
    const graph = (await (madge as (paths: string[], config: object) => Promise<MadgeResult>)(['backend', 'shared', 'electron', 'renderer'], {
      baseDir: root,
      fileExtensions: ['ts', 'tsx'],
      tsConfig: `${root}tsconfig.json`,
      excludeRegExp: [/\.test\.tsx?$/, /node_modules/],
    })) as MadgeResult;
    expect(graph.circular().map((cycle) => cycle.join(' > '))).toEqual([]);
  }, 60_000);
});
