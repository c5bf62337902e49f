import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../storage/journal.js';
import { openTestBackend, type TestBackend } from '../../../test-support/harness.js';
import { breakCheckDigit, bundleCount, expectError, expectInvalid, imeis } from './test-support/helpers.js';

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
});
afterEach(async () => t.close());

describe('tracker/bundle/import with 10,000 IMEIs', () => {
  it('imports 10,000 IMEIs in one call, one transaction, and they survive a reopen', async () => {
    const list = imeis(10_000, '86123405');
    const started = performance.now();
    await t.ok('tracker/bundle/import', { imeis: list, equip_id: 1, factory_preset: true });
    const ms = performance.now() - started;
    console.log(`tracker/bundle/import of 10,000 IMEIs: ${ms.toFixed(0)} ms (validation, existence check, insert, journal fdatasync)`);
    expect(ms).toBeLessThan(5000);

    expect(await bundleCount(t)).toBe(10_000);
    // One transaction = one journal record holding every bundle row (the embedded engine's journal;
    // on PostgreSQL the count above and the reopen below are what can be checked).
    if (!t.databaseUrl) {
      const records = readdirSync(t.dir)
        .filter((name) => name.startsWith('journal-'))
        .flatMap((name) => readJournal(join(t.dir, name)).records)
        .filter((r) => r.statements.some(([sql]) => sql.startsWith('INSERT INTO bundles')));
      expect(records).toHaveLength(1);
      expect(records[0]!.statements.filter(([sql]) => sql.startsWith('INSERT INTO bundles')).length).toBe(100);
    }
    const last = (await t.ok('tracker/bundle/list', { order_by: 'id', ascending: false, limit: 1 })).list[0];
    expect(last).toMatchObject({ imei: list[9_999], model_code: 'telfmb920', factory_preset: true });

    const dir = t.dir;
    await t.backend.close();
    const again = await openTestBackend({ dir, databaseUrl: t.databaseUrl });
    try {
      expect(await bundleCount(again)).toBe(10_000);
      expect((await again.ok('tracker/bundle/read', { imei: list[4_321] })).value.imei).toBe(list[4_321]);
    } finally {
      await again.close();
      t = await openTestBackend();
    }
  });

  it('one bad IMEI among 10,000: 7 names exactly it, nothing imported', async () => {
    const list = imeis(10_000, '86123406');
    list[7_777] = breakCheckDigit(list[7_777]!);
    const result = await t.call('tracker/bundle/import', { imeis: list, equip_id: 1, factory_preset: false });
    expectInvalid(result, ['imeis[7777]']);
    expect(await bundleCount(t)).toBe(0);
  });

  it('one existing IMEI among 10,000: 247 names it, nothing imported', async () => {
    const [existing] = imeis(1, '86123407');
    await t.ok('tracker/bundle/import', { imeis: [existing], equip_id: 1, factory_preset: false });
    const list = imeis(10_000, '86123408');
    list[9_999] = existing!;
    expectError(await t.call('tracker/bundle/import', { imeis: list, equip_id: 2, factory_preset: false }), 247, { list: [existing] });
    expect(await bundleCount(t)).toBe(1);
  });

  it('10,000 bad IMEIs: 7 names every one', async () => {
    const list = imeis(10_000, '86123409').map(breakCheckDigit);
    const result = await t.call('tracker/bundle/import', { imeis: list, equip_id: 1, factory_preset: false });
    expect(result.body.status).toEqual({ code: 7, description: 'Invalid parameters' });
    expect((result.body.errors as unknown[]).length).toBe(10_000);
    expect(await bundleCount(t)).toBe(0);
  });
});
