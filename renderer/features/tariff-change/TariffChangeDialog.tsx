import { useId, useMemo, useState } from 'react';
import type { UserTransaction as Transaction } from '../../../shared/api/user';
import { repaymentDetail, type RepaymentRefusal } from '../../../shared/billing/tariff-change';
import { utcDate, utcDateTime } from '../../../shared/clock';
import type { Tariff, Tracker } from '../../../shared/entities';
import type { Api } from '../../api/client';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { useTariffs } from '../../app/lookups';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { ErrorText } from '../../ui/ErrorText';
import { trackerQueries } from '../trackers/actions/invalidate';

/** Why the rules give no repayment, in words. */
const refusalWords: Record<RepaymentRefusal, string> = {
  not_requested: 'Repay is not ticked',
  not_monthly: 'Only a monthly plan is repaid',
  free_tariff: 'The current plan is free',
  tariff_ended: 'The paid period of the current plan has already ended',
  no_end_date: 'The current plan period has no end date',
  free_period: "The tracker's free period has not passed",
  no_days_left: 'No paid days are left on the current plan',
};

/**
 * The repayment the tariff/change rules (shared/billing/tariff-change.ts) give, shown before the
 * change. The client sees neither the free period nor whether the paid period has ended
 * (`tariff_end`): the estimate assumes the free period has passed and the period still runs; the
 * server's answer is what counts.
 */
export function estimateRepayment(input: { repay: boolean; current: Pick<Tariff, 'type' | 'price'> | undefined; tracker: Tracker; today: string }) {
  const { repay, current, tracker, today } = input;
  if (!current) return { amount: 0, reason: repay ? 'The current plan is unknown' : refusalWords.not_requested, remainder: 0, daysInMonth: 0 };
  const source = { tariff_end: false, tariff_end_date: tracker.source.tariff_end_date, creation_date: tracker.source.creation_date };
  const detail = repaymentDetail({ repay, currentTariff: current, source, freeDays: 0, today });
  return { ...detail, reason: detail.refusal && refusalWords[detail.refusal] };
}

const col = dataColumns<Transaction>();
const transactionColumns = col.columns([
  col.accessor('timestamp', { header: 'Time (UTC)' }),
  col.accessor((t) => `${t.type} / ${t.subtype}`, { id: 'type', header: 'Type' }),
  col.accessor('description', { header: 'Description' }),
  col.accessor((t) => t.amount.toFixed(2), { id: 'amount', header: 'Amount' }),
  col.accessor((t) => `${t.old_balance.toFixed(2)} → ${t.new_balance.toFixed(2)}`, { id: 'balance', header: 'Balance' }),
]);

function planLine(t: Tariff | undefined): string {
  if (!t) return 'Unknown plan';
  const unit = t.type === 'activeday' ? 'per active day' : t.type === 'everyday' ? 'per month, charged daily' : 'per month';
  return `#${t.id} ${t.name} — ${t.price.toFixed(2)} ${unit} (${t.type})`;
}

/** The transactions a change sent at `sentAt` wrote for the tracker: from a little before the call to a little after. */
async function transactionsWritten(api: Api, tracker: Tracker, sentAt: number): Promise<Transaction[]> {
  const from = utcDateTime(new Date(sentAt - 60_000));
  const to = utcDateTime(new Date(Date.now() + 60_000));
  const list = await api.call('user/transaction/list', { user_id: tracker.user_id, from, to });
  return list.list.filter((t) => !t.tracker_id || t.tracker_id === tracker.id);
}

/** tracker/tariff/change: current and new plan, repay/charge explained, the repayment the rules give, then the transactions written. */
export function TariffChangeDialog({ tracker, onClose }: { tracker: Tracker; onClose(): void }) {
  const api = useApi();
  const can = useCan();
  const tariffs = useTariffs();
  const id = useId();
  // The plan when the dialog opened: the card re-reads the tracker after the change, the dialog keeps saying what it changed from.
  const [planAtOpen] = useState(tracker.source.tariff_id);
  const [tariffId, setTariffId] = useState<number | null>(null);
  const [repay, setRepay] = useState(true);
  const [charge, setCharge] = useState(true);
  const [result, setResult] = useState<{
    /** The new plan's id, looked up in the plan list when shown. */
    after: number;
    answer: Record<string, unknown>;
    transactions: Transaction[] | null;
    transactionsError: unknown;
  } | null>(null);
  const { busy, error, write } = useWrite('tracker/tariff/change', {
    invalidate: trackerQueries,
    onSuccess: async ({ success: _s, ...answer }, sent) => {
      let transactions: Transaction[] | null = null;
      let transactionsError: unknown = null;
      if (can('user/transaction/list')) {
        try {
          transactions = await transactionsWritten(api, tracker, sent.at);
        } catch (e) {
          transactionsError = e;
        }
      }
      setResult({ after: sent.params.tariff_id, answer, transactions, transactionsError });
    },
  });

  const plan = (planId: number | null) => tariffs.data?.list.find((t) => t.id === planId);
  const current = plan(planAtOpen);
  const choices = (tariffs.data?.list ?? []).filter((t) => t.device_type === 'tracker' && t.id !== planAtOpen);
  const next = choices.find((t) => t.id === tariffId);
  const today = utcDate(new Date());
  const estimate = useMemo(() => estimateRepayment({ repay, current, tracker, today }), [repay, current, tracker, today]);

  const change = () => {
    if (tariffId !== null) write({ tracker_id: tracker.id, tariff_id: tariffId, repay, charge });
  };

  return (
    <Dialog
      title={`Change tariff of ${tracker.label}`}
      onClose={onClose}
      busy={busy}
      wide
      footer={
        <DialogFooter
          action="Change tariff"
          onAction={change}
          onClose={onClose}
          busy={busy}
          disabled={tariffId === null}
          done={result !== null}
          error={error}
          errorPrefix="The tariff was not changed"
        />
      }
    >
      <ErrorText error={tariffs.error} />
      <dl className="fields compact">
        <div>
          <dt>{result ? 'Previous plan' : 'Current plan'}</dt>
          <dd>{planAtOpen === null ? 'None' : planLine(current)}</dd>
        </div>
        <div>
          <dt>Paid until</dt>
          <dd>{tracker.source.tariff_end_date ?? '—'}</dd>
        </div>
      </dl>
      {!result && (
        <>
          <div className="field">
            <label htmlFor={`${id}-tariff`}>New plan</label>
            <select id={`${id}-tariff`} value={tariffId ?? ''} onChange={(e) => setTariffId(e.target.value ? Number(e.target.value) : null)} data-autofocus>
              <option value="">Choose a plan…</option>
              {choices.map((t) => (
                <option key={t.id} value={t.id}>
                  {planLine(t)}
                </option>
              ))}
            </select>
            {next && (
              <p className="hint">
                Device limit {next.device_limit} per user;{' '}
                {next.doc_type === 1 ? 'individuals only' : next.doc_type === 2 ? 'legal entities and sole traders only' : 'for everyone'}.
              </p>
            )}
          </div>
          <div className="field checkbox">
            <input id={`${id}-repay`} type="checkbox" checked={repay} onChange={(e) => setRepay(e.target.checked)} aria-describedby={`${id}-repay-help`} />
            <label htmlFor={`${id}-repay`}>Repay remainder of current plan payment</label>
          </div>
          <p id={`${id}-repay-help`} className="hint">
            The unused whole days of a paid monthly plan are credited back to the user: ceil(price × days left ÷ days in this month).
          </p>
          <div className="field checkbox">
            <input id={`${id}-charge`} type="checkbox" checked={charge} onChange={(e) => setCharge(e.target.checked)} aria-describedby={`${id}-charge-help`} />
            <label htmlFor={`${id}-charge`}>Charge user now (according to the new plan)</label>
          </div>
          <p id={`${id}-charge-help`} className="hint">
            Only for monthly and everyday plans: the new plan's next period is due today and the billing run charges it. Unticked, a monthly plan starts being
            charged on the first of next month.
          </p>
          <p className="repayment" role="status">
            {estimate.amount > 0
              ? `Repayment by the rules: ${estimate.amount} (${current?.price.toFixed(2)} × ${estimate.remainder} days left ÷ ${estimate.daysInMonth} days, rounded up), if the tracker's free period has passed.`
              : `No repayment: ${estimate.reason}.`}
          </p>
        </>
      )}
      {result && (
        <div className="tariff-result" role="status">
          <p className="notice">The plan was changed to {planLine(plan(result.after))}.</p>
          {Object.keys(result.answer).length > 0 && (
            <dl className="fields compact" aria-label="What the server answered">
              {Object.entries(result.answer)
                .filter(([, v]) => v === null || typeof v !== 'object')
                .map(([k, v]) => (
                  <div key={k}>
                    <dt>{k.charAt(0).toUpperCase() + k.slice(1).replace(/_/g, ' ')}</dt>
                    <dd>{typeof v === 'number' && /repay|amount|charge|balance/.test(k) ? v.toFixed(2) : String(v)}</dd>
                  </div>
                ))}
            </dl>
          )}
          <h3>Transactions</h3>
          <ErrorText error={result.transactionsError} prefix="Transactions could not be read" />
          {result.transactions && result.transactions.length === 0 && <p className="muted">No transactions were written.</p>}
          {result.transactions && result.transactions.length > 0 && <DataTable columns={transactionColumns} rows={result.transactions} />}
        </div>
      )}
    </Dialog>
  );
}
