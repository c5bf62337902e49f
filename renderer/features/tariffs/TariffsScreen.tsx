import { useId, useMemo, useState } from 'react';
import type { ParamsOf } from '../../../shared/api/contract';
import type { Tariff, TariffType } from '../../../shared/entities';
import { useWrite } from '../../api/use-write';
import { useCan } from '../../app/api-context';
import { useTariffs } from '../../app/lookups';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { ShowTrackersButton } from '../trackers/ShowTrackersButton';
import { ErrorText } from '../../ui/ErrorText';

const typeWords: Record<TariffType, string> = { monthly: 'Monthly', everyday: 'Every day', activeday: 'Per active day' };
const docTypeWords = ['Everyone', 'Individuals', 'Legal entities and sole traders', 'PaaS'];

const col = dataColumns<Tariff>();
const tariffColumns = col.columns([
  col.accessor('id', { header: 'ID' }),
  col.accessor('name', { header: 'Name' }),
  col.accessor((t) => typeWords[t.type] ?? t.type, { id: 'type', header: 'Type' }),
  col.accessor((t) => t.price.toFixed(2), { id: 'price', header: 'Price' }),
  col.accessor('device_limit', { header: 'Device limit' }),
  col.accessor('device_type', { header: 'Device type' }),
  col.accessor((t) => docTypeWords[t.doc_type] ?? t.doc_type, { id: 'doc_type', header: 'For' }),
]);
const tariffId = (t: Tariff) => t.id;

function TariffDialog({ tariff, onClose }: { tariff?: Tariff; onClose(): void }) {
  const id = useId();
  const [form, setForm] = useState({
    name: tariff?.name ?? '',
    type: (tariff?.type ?? 'monthly') as TariffType,
    price: String(tariff?.price ?? 0),
    device_limit: String(tariff?.device_limit ?? 100),
    device_type: tariff?.device_type ?? 'tracker',
    doc_type: tariff?.doc_type ?? 0,
    active: tariff?.active ?? true,
  });
  const { busy, error, write } = useWrite(tariff ? 'tariff/update' : 'tariff/create', { invalidate: [['tariff/list']], onSuccess: onClose });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  const save = () => {
    const fields = {
      name: form.name,
      type: form.type,
      price: Number(form.price),
      device_limit: Number(form.device_limit),
      device_type: form.device_type,
      doc_type: form.doc_type,
      active: form.active,
    };
    if (tariff) write({ tariff: { ...tariff, ...fields } });
    // The fields left out take their defaults on the server (tariffFields); ParamsOf types the parsed tariff, which has them all.
    else write({ tariff: fields } as ParamsOf<'tariff/create'>);
  };

  return (
    <Dialog
      title={tariff ? `Edit plan #${tariff.id}` : 'New plan'}
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter
          action={tariff ? 'Save plan' : 'Create plan'}
          form={`${id}-form`}
          onClose={onClose}
          busy={busy}
          disabled={!form.name.trim()}
          error={error}
        />
      }
    >
      <form
        id={`${id}-form`}
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={form.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} data-autofocus />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={form.type} onChange={(e) => set({ type: e.target.value as TariffType })}>
            {Object.entries(typeWords).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-price`}>Price</label>
          <input id={`${id}-price`} inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>Device limit per user</label>
          <input id={`${id}-limit`} inputMode="numeric" value={form.device_limit} onChange={(e) => set({ device_limit: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-device`}>Device type</label>
          <select
            id={`${id}-device`}
            value={form.device_type}
            disabled={!!tariff}
            onChange={(e) => set({ device_type: e.target.value as Tariff['device_type'] })}
          >
            <option value="tracker">Tracker</option>
            <option value="camera">Camera</option>
            <option value="socket">Socket</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-doc`}>Who may use it</label>
          <select id={`${id}-doc`} value={form.doc_type} onChange={(e) => set({ doc_type: Number(e.target.value) as Tariff['doc_type'] })}>
            {docTypeWords.map((words, value) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input id={`${id}-active`} type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
          <label htmlFor={`${id}-active`}>Users may switch to it themselves</label>
        </div>
      </form>
    </Dialog>
  );
}

export function TariffsScreen() {
  const can = useCan();
  const tariffs = useTariffs();
  const [open, setOpen] = useState<{ tariff?: Tariff } | null>(null);
  const columns = useMemo(
    () => [
      ...tariffColumns,
      col.display({
        id: 'actions',
        header: 'Actions',
        meta: { className: 'row-actions' },
        cell: ({ row: { original: t } }) => (
          <>
            {can('tariff/update') && (
              <button type="button" onClick={() => setOpen({ tariff: t })} aria-label={`Edit plan ${t.name}`}>
                Edit
              </button>
            )}
            {t.device_type === 'tracker' && can('tracker/list') && <ShowTrackersButton filter={{ tariffId: t.id }} label={`Trackers on plan ${t.name}`} />}
          </>
        ),
      }),
    ],
    [can],
  );
  return (
    <section className="screen" aria-labelledby="tariffs-title">
      <header className="screen-header">
        <h1 id="tariffs-title">Plans</h1>
        {can('tariff/create') && (
          <button type="button" className="primary" onClick={() => setOpen({})}>
            New plan
          </button>
        )}
      </header>
      <ErrorText error={tariffs.error} />
      {tariffs.data && <DataTable label="Plans" columns={columns} rows={tariffs.data.list} rowId={tariffId} />}
      {open && <TariffDialog tariff={open.tariff} onClose={() => setOpen(null)} />}
    </section>
  );
}
