import { describe, expect, it } from 'vitest';
import { historyDescriptorBudget, openFileLimit } from './descriptor-budget.js';

describe('history descriptor budget', () => {
  it('reads the soft open-file limit from /proc/self/limits', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            20000                20000                files     \n';
    expect(openFileLimit(limits)).toBe(20000);
    expect(openFileLimit('nothing here')).toBeUndefined();
  });

  it('leaves 12,000 descriptors for sockets and the rest, within 512–16,384', () => {
    expect(historyDescriptorBudget(20_000)).toBe(8_000);
    expect(historyDescriptorBudget(1_048_576)).toBe(16_384);
    expect(historyDescriptorBudget(10_240)).toBe(512);
    expect(historyDescriptorBudget(null)).toBe(512);
  });
});
