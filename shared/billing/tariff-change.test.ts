import { describe, expect, it } from 'vitest';
import type { LegalType, Tariff } from './tariff.js';
import { checkTariffChange, docTypeAllows, planTariffChange, type TariffChangePlanInput, type TariffChangeSubject } from './tariff-change.js';

const DEALER = 7;

function tariff(over: Partial<Tariff> = {}): Tariff {
  return { id: 1, dealer_id: DEALER, type: 'monthly', price: 31, device_type: 'tracker', doc_type: 0, device_limit: 10, ...over };
}

function subject(over: Partial<TariffChangeSubject> = {}): TariffChangeSubject {
  return {
    dealer: { id: DEALER, effectiveDealerId: DEALER },
    tracker: {
      id: 100,
      user_id: 5,
      clone: false,
      deleted: false,
      source: {
        tariff_id: 1,
        tariff_end: false,
        tariff_end_date: '2024-02-01',
        last_charged_date: '2024-01-01',
        blocked: false,
        creation_date: '2023-06-01',
        corrupted: false,
      },
    },
    owner: { id: 5, dealer_id: DEALER, legal_type: 'individual', balance: 10 },
    currentTariff: tariff({ id: 1 }),
    newTariff: tariff({ id: 2 }),
    ownerTrackerCount: 3,
    ...over,
  };
}

function withTracker(over: Partial<NonNullable<TariffChangeSubject['tracker']>>, sourceOver = {}): TariffChangeSubject {
  const base = subject();
  return subject({ tracker: { ...base.tracker!, ...over, source: { ...base.tracker!.source, ...sourceOver } } });
}

describe('checkTariffChange: each condition', () => {
  it('allows a valid change', () => {
    expect(checkTariffChange(subject())).toEqual({ ok: true });
  });

  it.each<[string, TariffChangeSubject, number]>([
    ['tracker missing', subject({ tracker: null }), 201],
    ['owner missing', subject({ owner: null }), 201],
    ['owner of another dealer', subject({ owner: { id: 5, dealer_id: 8, legal_type: 'individual', balance: 0 } }), 201],
    ['owner is not the tracker user', subject({ owner: { id: 6, dealer_id: DEALER, legal_type: 'individual', balance: 0 } }), 201],
    ['source corrupted', withTracker({}, { corrupted: true }), 252],
    ['tracker deleted', withTracker({ deleted: true }), 250],
    ['clone', withTracker({ clone: true }), 219],
    ['current tariff missing', subject({ currentTariff: null }), 237],
    ['current tariff of another dealer', subject({ currentTariff: tariff({ id: 1, dealer_id: 8 }) }), 237],
    ['current tariff is not the source tariff', subject({ currentTariff: tariff({ id: 3 }) }), 237],
    ['new tariff missing', subject({ newTariff: null }), 239],
    ['new tariff of another dealer', subject({ newTariff: tariff({ id: 2, dealer_id: 8 }) }), 239],
    ['same tariff', subject({ newTariff: tariff({ id: 1 }) }), 238],
    ['camera tariff', subject({ newTariff: tariff({ id: 2, device_type: 'camera' }) }), 238],
    ['socket tariff', subject({ newTariff: tariff({ id: 2, device_type: 'socket' }) }), 238],
    ['doc_type for legal entities, individual user', subject({ newTariff: tariff({ id: 2, doc_type: 2 }) }), 238],
    ['device limit below tracker count', subject({ newTariff: tariff({ id: 2, device_limit: 2 }) }), 221],
  ])('%s → %i', (_name, input, code) => {
    expect(checkTariffChange(input)).toEqual({ ok: false, code });
  });

  it('allows a device limit equal to the tracker count', () => {
    expect(checkTariffChange(subject({ newTariff: tariff({ id: 2, device_limit: 3 }) }))).toEqual({ ok: true });
  });

  it('checks tariffs against the effective dealer, the owner against the session dealer', () => {
    const parent = 1;
    const input = subject({
      dealer: { id: DEALER, effectiveDealerId: parent },
      currentTariff: tariff({ id: 1, dealer_id: parent }),
      newTariff: tariff({ id: 2, dealer_id: parent }),
    });
    expect(checkTariffChange(input)).toEqual({ ok: true });
    expect(checkTariffChange({ ...input, newTariff: tariff({ id: 2, dealer_id: DEALER }) })).toEqual({ ok: false, code: 239 });
  });
});

describe('checkTariffChange: precedence', () => {
  const everythingWrong = (): TariffChangeSubject => {
    const s = withTracker({ deleted: true, clone: true }, { corrupted: true });
    return {
      ...s,
      currentTariff: null,
      newTariff: tariff({ id: 1, device_type: 'camera', doc_type: 9, device_limit: 0 }),
    };
  };

  it('walks 201 → 252 → 250 → 219 → 237 → 239 → 238 (same) → 238 (device) → 238 (doc) → 221', () => {
    const seen: number[] = [];
    let input = subject({ ...everythingWrong(), owner: null });
    const step = (fix: (i: TariffChangeSubject) => TariffChangeSubject): void => {
      const r = checkTariffChange(input);
      seen.push(r.ok ? 0 : r.code);
      input = fix(input);
    };
    const src = (i: TariffChangeSubject, o: object) => ({ ...i, tracker: { ...i.tracker!, ...o } });
    step((i) => ({ ...i, owner: subject().owner }));
    step((i) => ({ ...i, tracker: { ...i.tracker!, source: { ...i.tracker!.source, corrupted: false } } }));
    step((i) => src(i, { deleted: false }));
    step((i) => src(i, { clone: false }));
    step((i) => ({ ...i, currentTariff: tariff({ id: 1 }), newTariff: null }));
    step((i) => ({ ...i, newTariff: tariff({ id: 1, device_type: 'camera', doc_type: 9, device_limit: 0 }) }));
    step((i) => ({ ...i, newTariff: { ...i.newTariff!, id: 2 } }));
    step((i) => ({ ...i, newTariff: { ...i.newTariff!, device_type: 'tracker' } }));
    step((i) => ({ ...i, newTariff: { ...i.newTariff!, doc_type: 0 } }));
    step((i) => ({ ...i, newTariff: { ...i.newTariff!, device_limit: 3 } }));
    step((i) => i);
    expect(seen).toEqual([201, 252, 250, 219, 237, 239, 238, 238, 238, 221, 0]);
  });

  it('answers 201, not 252/250, for another dealer’s broken tracker', () => {
    const input = { ...everythingWrong(), owner: { id: 5, dealer_id: 8, legal_type: null, balance: 0 } };
    expect(checkTariffChange(input)).toEqual({ ok: false, code: 201 });
  });
});

describe('doc_type × legal type', () => {
  const legalTypes: (LegalType | null)[] = ['individual', 'legal_entity', 'sole_trader', null];
  // rows: doc_type 0..4; columns: individual, legal_entity, sole_trader, unknown
  const matrix: Record<number, boolean[]> = {
    0: [true, true, true, true],
    1: [true, false, false, false],
    2: [false, true, true, false],
    3: [true, true, true, true],
    4: [false, false, false, false],
  };
  for (const [docType, row] of Object.entries(matrix)) {
    legalTypes.forEach((legalType, i) => {
      it(`doc_type ${docType}, ${legalType ?? 'no legal type'} → ${row[i] ? 'ok' : '238'}`, () => {
        expect(docTypeAllows(Number(docType), legalType)).toBe(row[i]);
        const input = subject({
          owner: { id: 5, dealer_id: DEALER, legal_type: legalType, balance: 0 },
          newTariff: tariff({ id: 2, doc_type: Number(docType) }),
        });
        expect(checkTariffChange(input)).toEqual(row[i] ? { ok: true } : { ok: false, code: 238 });
      });
    });
  }
});

describe('planTariffChange', () => {
  const plan = (over: Partial<TariffChangePlanInput> = {}) =>
    planTariffChange({ ...subject(), repay: true, charge: false, freeDays: 14, now: new Date('2024-01-15T10:20:30Z'), ...over });

  it('returns the check failure', () => {
    expect(plan({ newTariff: null })).toEqual({ ok: false, code: 239 });
  });

  it('credits the repayment as payment/monthly and writes the new state', () => {
    // 17 days left (Jan 15..31) of a 31.00 fee in a 31-day month: 17.00
    expect(plan()).toEqual({
      ok: true,
      source: {
        tariff_id: 2,
        tariff_change: '2024-01-15',
        tariff_end: false,
        tariff_end_date: '2024-02-01',
        last_charged_date: '2024-01-15',
        blocked: false,
      },
      repayment: 17,
      balance: { user_id: 5, old_balance: 10, new_balance: 27 },
      transactions: [
        {
          type: 'payment',
          subtype: 'monthly',
          description: 'Repayment of 17 unused day(s) of tariff #1 on change to tariff #2',
          amount: 17,
          dealer_id: DEALER,
          user_id: 5,
          tracker_id: 100,
          old_balance: 10,
          new_balance: 27,
          timestamp: '2024-01-15 10:20:30',
        },
      ],
    });
  });

  it('keeps cents exact in the balance', () => {
    const r = plan({ owner: { id: 5, dealer_id: DEALER, legal_type: 'individual', balance: 0.29 } });
    expect(r.ok && r.balance).toEqual({ user_id: 5, old_balance: 0.29, new_balance: 17.29 });
  });

  it('writes no transaction without repayment', () => {
    const r = plan({ repay: false });
    expect(r.ok && [r.repayment, r.transactions, r.balance]).toEqual([0, [], null]);
  });

  it('charge makes the next prolongation due tomorrow without writing a charge', () => {
    const r = plan({ repay: false, charge: true });
    expect(r.ok && r.source.tariff_end_date).toBe('2024-01-16');
    expect(r.ok && r.transactions).toEqual([]);
  });

  it('lifts a tariff-end block when the change clears tariff_end', () => {
    const input = withTracker({}, { tariff_end: true, blocked: true, tariff_end_date: '2024-01-10' });
    const r = plan({ ...input, charge: false });
    expect(r.ok && r.source).toMatchObject({ tariff_end: false, blocked: false, tariff_end_date: '2024-02-01' });
  });

  it('keeps the block when tariff_end stays (charge: the daily run charges and unblocks)', () => {
    const input = withTracker({}, { tariff_end: true, blocked: true, tariff_end_date: '2024-01-10' });
    const r = plan({ ...input, charge: true });
    expect(r.ok && r.source).toMatchObject({ tariff_end: true, blocked: true, tariff_end_date: '2024-01-15' });
    expect(r.ok && r.repayment).toBe(0); // tariff already ended: nothing to repay
  });

  it('keeps a dealer block on an active tariff', () => {
    const r = plan(withTracker({}, { blocked: true }));
    expect(r.ok && r.source.blocked).toBe(true);
  });
});
