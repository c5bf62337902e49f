import { describe, expect, it } from 'vitest';
import { allSpecs, contract } from '../../shared/api/contract.js';
import { allMethods } from '../methods/index.js';
import { MethodRegistry } from './registry.js';

/**
 * The contract in shared/api is what the renderer is typed by and gates on: the backend must serve
 * exactly its paths, each with the spec's schema, permissions and auth (a method that redeclared
 * its own schema would disagree with what the client was compiled against).
 */
describe('API contract vs registered methods', () => {
  const registry = new MethodRegistry(allMethods);
  const specPaths = allSpecs.flatMap((s) => [s.path, ...(s.aliases ?? [])]).sort();

  it('registers every path of the contract and nothing else', () => {
    expect(registry.paths()).toEqual(specPaths);
  });

  it('each registered method uses its spec: the same schema object, permissions, auth and writes flag', () => {
    const mismatches: string[] = [];
    for (const spec of allSpecs) {
      for (const path of [spec.path, ...(spec.aliases ?? [])]) {
        const method = registry.get(path);
        if (!method) continue; // reported by the test above
        if (method.params !== spec.params) mismatches.push(`${path}: params`);
        if (JSON.stringify(method.permissions) !== JSON.stringify(spec.permissions)) mismatches.push(`${path}: permissions`);
        if ((method.auth ?? 'session') !== (spec.auth ?? 'session')) mismatches.push(`${path}: auth`);
        if (Boolean(method.writes) !== Boolean(spec.writes)) mismatches.push(`${path}: writes`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the contract is keyed by each spec path, with no path declared twice', () => {
    expect(Object.keys(contract).sort()).toEqual(allSpecs.map((s) => s.path).sort());
    expect(new Set(specPaths).size).toBe(specPaths.length);
  });
});
