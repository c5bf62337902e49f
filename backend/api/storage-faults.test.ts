import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../backend.js';
import { clearFaults, injectFault, type FaultCode } from '../storage/fault-injection.js';
import { crashCopy, FAULT_WORDS as WORDS, removeTempFolders } from '../storage/test-support/store-fixtures.js';
import { TEST_DATABASE_URL } from '../storage/test-support/pg-test-database.js';
import { openTestBackend, seedBasics, type TestBackend, type TestResult } from '../test-support/harness.js';
import { collectUnhandledRejections } from '../test-support/unhandled-rejections.js';

const unhandled = collectUnhandledRejections();

let t: TestBackend | undefined;
const opened: Backend[] = [];
afterEach(async () => {
  clearFaults();
  for (const backend of opened.splice(0)) await backend.close();
  await t?.close();
  t = undefined;
  removeTempFolders();
});

/** The Navixy envelope of a refused write: code 1, the disk's condition in words, no stack. */
export function expectStorageRefusal(result: TestResult, words: RegExp): void {
  expect(result.httpStatus).toBe(500);
  expect(result.body.success).toBe(false);
  expect(result.body.status.code).toBe(1);
  expect(result.body.status.description).toMatch(words);
  expect(result.body.status.description).toMatch(/nothing was changed/);
  expect(JSON.stringify(result.body)).not.toMatch(/\n\s+at |\.ts:\d+|journal-\d+\.log/);
}

// Faults injected into the data folder's journal (write, fdatasync) and a restart from a copy of
// that folder: the embedded engine only. On PostgreSQL there is no journal; a lost server is tested
// in backend/storage/pg-store.test.ts (code 1, nothing changed, reconnects by itself).
describe.skipIf(TEST_DATABASE_URL)('API writes during a journal fault', () => {
  const cases: [FaultCode, string][] = [
    ['ENOSPC', 'write'],
    ['EIO', 'fdatasync'],
  ];
  for (const [code, syscall] of cases) {
    it(`${code} once: code 1 in words, reads answer without the refused change, writes resume by themselves, a restart agrees`, async () => {
      const errors: string[] = [];
      t = await openTestBackend();
      const lines: string[] = [];
      // The backend's own logger: count what a refused write logs.
      Object.assign(t.backend.log, { error: (line: string) => errors.push(line), info: (line: string) => lines.push(line) });
      const s = await seedBasics(t);
      const balance = async () => ((await t!.ok('user/read', { user_id: s.userId })).value as { balance: number }).balance;
      const label = async () => ((await t!.ok('tracker/list')).list as { id: number; label: string }[]).find((x) => x.id === s.trackerId)!.label;
      await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 10, type: 'balance', text: 'first payment' });

      injectFault('journal', code, 1, syscall);
      // The rename hits the fault (its afterCommit has put the label in the tracker index by then);
      // the payment is queued behind it or refused up front.
      const [rename, pay] = await Promise.all([
        t.call('tracker/settings/update', { tracker_id: s.trackerId, label: 'Refused label' }),
        t.call('user/transaction/change_balance', { user_id: s.userId, amount: 25, type: 'balance', text: 'refused payment' }),
      ]);
      expectStorageRefusal(pay, WORDS[code]);
      expectStorageRefusal(rename, WORDS[code]);

      // Reads keep answering, from the durable state: neither refused change shows, nor does the
      // tracker index (an in-memory view) keep the refused label.
      expect(await balance()).toBe(10);
      expect(await label()).toBe('Truck 1');
      // A client retrying while the fault lasts is refused again, and nothing changes.
      expectStorageRefusal(
        await t.call('user/transaction/change_balance', { user_id: s.userId, amount: 25, type: 'balance', text: 'refused payment' }),
        WORDS[code],
      );
      expect(await balance()).toBe(10);

      // Writes come back by themselves (probe every second).
      const start = Date.now();
      let retried: TestResult;
      do {
        await new Promise((resolve) => setTimeout(resolve, 50));
        retried = await t.call('user/transaction/change_balance', { user_id: s.userId, amount: 25, type: 'balance', text: 'retried payment' });
      } while (!retried.body.success && Date.now() - start < 5000);
      expect(retried.body).toEqual({ success: true });
      expect(Date.now() - start).toBeLessThan(3000);
      await t.ok('tracker/settings/update', { tracker_id: s.trackerId, label: 'Truck 1b' });
      expect(await balance()).toBe(35); // 10 + the one retry that was acknowledged: never 25 twice
      expect(await label()).toBe('Truck 1b');

      // One line at the start of the fault, one at its end; refused requests log nothing each.
      expect(errors.filter((l) => l.startsWith('storage health'))).toHaveLength(2);
      expect(errors.filter((l) => !l.startsWith('storage health'))).toEqual([]);

      // Killed now and started again: the acknowledged writes, none of the refused ones.
      const after = await Backend.open({ dataDir: crashCopy(t.dir), log: { info: () => {}, error: () => {} } });
      opened.push(after);
      expect(after.store.get<{ c: number }>('SELECT balance_cents AS c FROM users WHERE id = ?', [s.userId])!.c).toBe(3500);
      expect(after.trackerIndex.get(1, s.trackerId)!.label).toBe('Truck 1b');
      const texts = after.store.column<string>('SELECT description FROM transactions WHERE user_id = ? ORDER BY id', [s.userId]);
      expect(texts.filter((x) => x.includes('payment'))).toEqual(['first payment', 'retried payment']);
    });
  }

  it('no unhandled rejection was raised', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
