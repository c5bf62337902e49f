import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { DeviceModel } from '../../../../shared/entities';
import { Code } from '../../../../shared/errors';
import { ApiCallError } from '../../../api/client';
import { useWrite } from '../../../api/use-write';
import { useApi } from '../../../app/api-context';
import { useTariffs } from '../../../app/lookups';
import { navigate } from '../../../app/router';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { ErrorText } from '../../../ui/ErrorText';
import { UserPicker } from '../../../ui/UserPicker';
import { trackerQueries } from '../actions/invalidate';
import { deviceIdHint } from './import-rows';

export function useModels() {
  const api = useApi();
  return useQuery({ queryKey: ['tracker/list_models'], staleTime: 300_000, queryFn: () => api.call('tracker/list_models') });
}

/** "Teltonika FMB920": the name, with the vendor in front when the name lacks it. */
export function modelName(m: Pick<DeviceModel, 'name' | 'vendor'>): string {
  return m.name.toLowerCase().startsWith(m.vendor.toLowerCase()) ? m.name : `${m.vendor} ${m.name}`;
}

type Field = 'user_id' | 'model' | 'label' | 'device_id' | 'phone' | 'tariff_id';

/** Which field a refusal is about: the 7's `errors[]` by parameter, the documented codes by meaning. */
export function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiCallError)) return {};
  if (error.code === Code.InvalidParameters) {
    const out: Partial<Record<Field, string>> = {};
    for (const e of error.failure.errors ?? []) {
      const key = e.parameter.split('.')[0] as Field;
      out[key] = out[key] ? `${out[key]}; ${e.error}` : e.error;
    }
    return out;
  }
  switch (error.code) {
    case 220:
      return { model: error.message };
    case 223:
      return { phone: error.message };
    case 224:
      return { device_id: error.message };
    default:
      return {};
  }
}

/** tracker/register: one device for one of the dealer's users. On success the new tracker's card opens. */
export function RegisterTrackerDialog({ onClose }: { onClose(): void }) {
  const id = useId();
  const models = useModels();
  const tariffs = useTariffs();
  const [userId, setUserId] = useState<number | null>(null);
  const [modelSearch, setModelSearch] = useState('');
  const [form, setForm] = useState({ model: '', label: '', device_id: '', phone: '', tariff_id: '' });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const { busy, error, write, reset } = useWrite('tracker/register', {
    invalidate: trackerQueries,
    onSuccess: (result) => {
      onClose();
      navigate({ screen: 'tracker', id: result.id });
    },
  });
  const problems = fieldErrors(error);
  const shownModels = useMemo(() => {
    const q = modelSearch.trim().toLowerCase();
    const list = models.data?.list ?? [];
    return q ? list.filter((m) => `${m.vendor} ${m.name} ${m.code}`.toLowerCase().includes(q) || m.code === form.model) : list;
  }, [models.data, modelSearch, form.model]);
  const model = models.data?.list.find((m) => m.code === form.model);
  const hint = form.device_id.trim() ? deviceIdHint(form.device_id.trim(), model) : null;
  const generalError = error && Object.keys(problems).length === 0 ? error : null;

  const submit = () => {
    if (userId === null) return;
    write({
      user_id: userId,
      label: form.label,
      model: form.model,
      device_id: form.device_id.trim(),
      ...(form.phone.trim() ? { phone: form.phone.trim().replace(/^\+/, '') } : {}),
      ...(form.tariff_id ? { tariff_id: Number(form.tariff_id) } : {}),
    });
  };

  const problem = (field: Field) =>
    problems[field] ? (
      <p id={`${id}-${field}-problem`} className="field-problem" role="alert">
        {problems[field]}
      </p>
    ) : null;
  const described = (field: Field, extra?: string) => [problems[field] ? `${id}-${field}-problem` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;

  return (
    <Dialog
      title="Register tracker"
      onClose={onClose}
      busy={busy}
      wide
      footer={
        <DialogFooter
          action="Register tracker"
          form={`${id}-form`}
          onClose={onClose}
          busy={busy}
          disabled={userId === null || !form.model || !form.label.trim() || !form.device_id.trim()}
          error={generalError}
          errorPrefix="Not registered"
        />
      }
    >
      <form
        id={`${id}-form`}
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onChange={() => error && reset()}
      >
        <div>
          <UserPicker
            label="Owner"
            value={userId}
            onChange={(v) => {
              setUserId(v);
              if (error) reset();
            }}
          />
          {problem('user_id')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-model-search`}>Model: search</label>
          <input
            id={`${id}-model-search`}
            type="search"
            value={modelSearch}
            placeholder="Vendor, name or code"
            onChange={(e) => setModelSearch(e.target.value)}
          />
          <label htmlFor={`${id}-model`}>Model</label>
          <select
            id={`${id}-model`}
            size={Math.min(6, Math.max(2, shownModels.length))}
            value={form.model}
            onChange={(e) => set({ model: e.target.value })}
            aria-invalid={problems.model ? true : undefined}
            aria-describedby={described('model')}
          >
            {shownModels.map((m) => (
              <option key={m.code} value={m.code}>
                {modelName(m)} ({m.code})
              </option>
            ))}
          </select>
          <ErrorText error={models.error} />
          {problem('model')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <input
            id={`${id}-label`}
            value={form.label}
            maxLength={60}
            onChange={(e) => set({ label: e.target.value })}
            aria-invalid={problems.label ? true : undefined}
            aria-describedby={described('label')}
          />
          {problem('label')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-device`}>Device ID (IMEI)</label>
          <input
            id={`${id}-device`}
            className="mono"
            value={form.device_id}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set({ device_id: e.target.value })}
            aria-invalid={problems.device_id ? true : undefined}
            aria-describedby={described('device_id', `${id}-device-hint`)}
          />
          <p id={`${id}-device-hint`} className={hint ? 'field-problem' : 'hint'}>
            {hint ?? (model ? `${modelName(model)}: the id the device reports, usually its IMEI (15 digits)` : 'The id the device reports')}
          </p>
          {problem('device_id')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-phone`}>Phone of the SIM card (optional)</label>
          <input
            id={`${id}-phone`}
            type="tel"
            value={form.phone}
            onChange={(e) => set({ phone: e.target.value })}
            aria-invalid={problems.phone ? true : undefined}
            aria-describedby={described('phone')}
          />
          {problem('phone')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-tariff`}>Plan</label>
          <select
            id={`${id}-tariff`}
            value={form.tariff_id}
            onChange={(e) => set({ tariff_id: e.target.value })}
            aria-invalid={problems.tariff_id ? true : undefined}
            aria-describedby={described('tariff_id')}
          >
            <option value="">The owner's default plan</option>
            {tariffs.data?.list
              .filter((t) => t.device_type === 'tracker')
              .map((t) => (
                <option key={t.id} value={t.id}>
                  #{t.id} {t.name}
                </option>
              ))}
          </select>
          {problem('tariff_id')}
        </div>
      </form>
    </Dialog>
  );
}
