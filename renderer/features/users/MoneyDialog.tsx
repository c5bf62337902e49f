import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { UserTransaction } from '../../../shared/api/user';
import type { User } from '../../../shared/entities';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { userName } from '../../app/lookups';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { ExportButtons } from '../../ui/ExportButtons';
import type { ExportColumn } from '../../ui/export';

const col = dataColumns<UserTransaction>();
const money = (n: number) => n.toFixed(2);
const transactionColumns = col.columns([
  col.accessor('timestamp', { header: 'Time (UTC)' }),
  col.accessor((t) => `${t.type} / ${t.subtype}`, { id: 'type', header: 'Type' }),
  col.accessor('description', { header: 'Description' }),
  col.accessor((t) => t.tracker_id || '', { id: 'tracker', header: 'Tracker' }),
  col.accessor((t) => money(t.amount), { id: 'amount', header: 'Amount' }),
  col.accessor((t) => `${money(t.old_balance)} → ${money(t.new_balance)}`, { id: 'balance', header: 'Balance' }),
  col.accessor((t) => money(t.bonus_amount), { id: 'bonus_amount', header: 'Bonus amount' }),
  col.accessor((t) => `${money(t.old_bonus)} → ${money(t.new_bonus)}`, { id: 'bonus', header: 'Bonus' }),
]);

export const transactionExport: ExportColumn<UserTransaction>[] = [
  { header: 'timestamp', value: (t) => t.timestamp },
  { header: 'type', value: (t) => t.type },
  { header: 'subtype', value: (t) => t.subtype },
  { header: 'description', value: (t) => t.description },
  { header: 'tracker_id', value: (t) => t.tracker_id || null },
  { header: 'amount', value: (t) => t.amount },
  { header: 'old_balance', value: (t) => t.old_balance },
  { header: 'new_balance', value: (t) => t.new_balance },
  { header: 'bonus_amount', value: (t) => t.bonus_amount },
  { header: 'old_bonus', value: (t) => t.old_bonus },
  { header: 'new_bonus', value: (t) => t.new_bonus },
];

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** What a change does to the user's money, in words; null while the amount is not a number with at most 2 decimals. */
export function changeEffect(
  user: Pick<User, 'balance' | 'bonus'>,
  type: 'balance' | 'bonus',
  amountText: string,
): { words: string; negative: boolean } | null {
  const text = amountText.trim().replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(text) || Number(text) === 0) return null;
  const amount = Number(text);
  const before = type === 'balance' ? user.balance : user.bonus;
  const after = Math.round((before + amount) * 100) / 100;
  const what = type === 'balance' ? 'Balance' : 'Bonus balance';
  return { words: `${what}: ${money(before)} → ${money(after)} (${amount > 0 ? '+' : ''}${money(amount)})`, negative: after < 0 };
}

/** A user's transactions for a period, with export, and a balance or bonus change confirmed after its effect is shown. */
export function MoneyDialog({ user: initial, onClose }: { user: User; onClose(): void }) {
  const api = useApi();
  const can = useCan();
  const id = useId();
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(today());
  const [type, setType] = useState<'balance' | 'bonus'>('balance');
  const [amount, setAmount] = useState('');
  const [text, setText] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const user = useQuery({
    queryKey: ['user/read', initial.id],
    queryFn: () => api.call('user/read', { user_id: initial.id }).then((r) => r.value),
    initialData: initial,
  });
  const validPeriod = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const params = { user_id: initial.id, from: `${from} 00:00:00`, to: `${to} 23:59:59` };
  const transactions = useQuery({
    queryKey: ['user/transaction/list', params],
    enabled: validPeriod && can('user/transaction/list'),
    queryFn: () => api.call('user/transaction/list', params),
  });
  const rows = useMemo(() => [...(transactions.data?.list ?? [])].sort((a, b) => b.timestamp.localeCompare(a.timestamp)), [transactions.data]);
  const effect = changeEffect(user.data, type, amount);
  const { busy, error, write, reset } = useWrite('user/transaction/change_balance', {
    invalidate: [['user/list'], ['user/read', initial.id], ['user/transaction/list']],
    onSuccess: () => {
      setDone(effect?.words ?? 'Changed');
      setConfirming(false);
      setAmount('');
      setText('');
    },
  });
  const edit = (f: () => void) => {
    f();
    setConfirming(false);
    setDone(null);
    if (error) reset();
  };
  const textValid = text.trim().length >= 5;

  return (
    <Dialog title={`Money of ${userName(initial)}`} onClose={onClose} busy={busy} wide>
      <p>
        Balance <strong>{money(user.data.balance)}</strong>, bonus <strong>{money(user.data.bonus)}</strong>
      </p>
      {can('user/transaction/change_balance') && (
        <section className="card-section" aria-labelledby={`${id}-change`}>
          <h3 id={`${id}-change`}>Change balance</h3>
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              if (!effect || !textValid) return;
              if (!confirming) setConfirming(true);
              else write({ user_id: initial.id, type, amount: Number(amount.trim().replace(',', '.')), text: text.trim() });
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-type`}>Change</label>
              <select id={`${id}-type`} value={type} onChange={(e) => edit(() => setType(e.target.value as 'balance' | 'bonus'))}>
                <option value="balance">Balance (payment)</option>
                <option value="bonus">Bonus balance</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-amount`}>Amount (negative to deduct)</label>
              <input
                id={`${id}-amount`}
                inputMode="decimal"
                value={amount}
                onChange={(e) => edit(() => setAmount(e.target.value))}
                aria-describedby={`${id}-effect`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-text`}>Reason (at least 5 characters, kept with the transaction)</label>
              <input id={`${id}-text`} value={text} maxLength={1000} onChange={(e) => edit(() => setText(e.target.value))} />
            </div>
            <p id={`${id}-effect`} role="status" className={effect?.negative ? 'field-problem' : 'hint'}>
              {effect ? `${effect.words}${effect.negative ? ' — would be negative: the server refuses it' : ''}` : 'Enter an amount with at most 2 decimals.'}
            </p>
            <div className="form-actions">
              {confirming ? (
                <>
                  <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
                    Back
                  </button>
                  <button type="submit" className="primary" disabled={busy}>
                    Confirm: {effect?.words}
                  </button>
                </>
              ) : (
                <button type="submit" className="primary" disabled={!effect || !textValid}>
                  Review change
                </button>
              )}
            </div>
            <ErrorText error={error} prefix="Not changed" />
            {done && (
              <p className="notice" role="status">
                Done. {done}
              </p>
            )}
          </form>
        </section>
      )}
      <section className="card-section" aria-labelledby={`${id}-tx`}>
        <h3 id={`${id}-tx`}>Transactions</h3>
        <div className="filters">
          <div className="field inline">
            <label htmlFor={`${id}-from`}>From (UTC)</label>
            <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field inline">
            <label htmlFor={`${id}-to`}>To (UTC)</label>
            <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <ExportButtons
            name={`transactions-user-${initial.id}`}
            sheet="Transactions"
            columns={transactionExport}
            rows={() => Promise.resolve(rows)}
            disabled={!transactions.data}
          />
        </div>
        {!validPeriod && <p className="field-problem">Pick a start day not after the end day.</p>}
        <ErrorText error={transactions.error} />
        {transactions.data && rows.length === 0 && <p className="empty">No transactions in this period.</p>}
        {rows.length > 0 && <DataTable label="Transactions" columns={transactionColumns} rows={rows} />}
      </section>
    </Dialog>
  );
}
