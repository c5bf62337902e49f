import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { Equipment } from '../../../shared/api/equipment';
import { Code } from '../../../shared/errors';
import { ApiCallError } from '../../api/client';
import { useWrite } from '../../api/use-write';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { ErrorText } from '../../ui/ErrorText';
import { parseImeiText } from './imei';

export function useEquipment() {
  const api = useApi();
  return useQuery({ queryKey: ['equipment/list'], staleTime: 60_000, queryFn: () => api.call('equipment/list') });
}

export function equipmentLine(e: Equipment): string {
  return `${e.vendor} ${e.name} (${e.model_code})`;
}

/** Import IMEIs (paste or a text file), one equipment for all, factory preset; every line is checked first. */
export function ImportBundlesDialog({ onClose }: { onClose(): void }) {
  const equipment = useEquipment();
  const id = useId();
  const [text, setText] = useState('');
  const [equipId, setEquipId] = useState<number | null>(null);
  const [factoryPreset, setFactoryPreset] = useState(false);
  const [imported, setImported] = useState<number | null>(null);
  const parsed = useMemo(() => parseImeiText(text), [text]);
  const bad = parsed.lines.filter((l) => l.problem);
  const { busy, error, write } = useWrite('tracker/bundle/import', {
    invalidate: [['tracker/bundle/list']],
    onSuccess: (_result, sent) => setImported(sent.params.imeis.length),
  });

  const submit = () => {
    if (equipId === null || bad.length || !parsed.valid.length) return;
    write({ imeis: parsed.valid, equip_id: equipId, factory_preset: factoryPreset });
  };

  const existing = error instanceof ApiCallError && error.code === Code.EntityExists && Array.isArray(error.failure.list) ? error.failure.list.map(String) : [];

  return (
    <Dialog
      title="Import bundles"
      onClose={onClose}
      busy={busy}
      wide
      footer={
        <DialogFooter
          action={`Import ${parsed.valid.length || ''} IMEIs`}
          onAction={submit}
          onClose={onClose}
          busy={busy}
          disabled={equipId === null || bad.length > 0 || parsed.valid.length === 0}
          done={imported !== null}
          error={error}
          errorPrefix="Nothing was imported"
        />
      }
    >
      {imported !== null ? (
        <p className="notice" role="status">
          Imported {imported} bundles.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-imeis`}>IMEIs, one per line</label>
            <textarea
              id={`${id}-imeis`}
              rows={8}
              className="mono"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-autofocus
              aria-describedby={`${id}-check`}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-file`}>Or read them from a text file</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".txt,.csv,text/plain,text/csv"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then(setText);
              }}
            />
          </div>
          <p id={`${id}-check`} role="status" className={bad.length ? 'error-text' : 'hint'}>
            {parsed.lines.length === 0 ? 'Each IMEI is 15 digits with a valid check digit.' : `${parsed.valid.length} valid, ${bad.length} with problems.`}
          </p>
          {bad.length > 0 && (
            <ul className="failure-list" aria-label="Lines with problems">
              {bad.slice(0, 100).map((l) => (
                <li key={`${l.line}-${l.value}`}>
                  Line {l.line}: {l.value} — {l.problem}
                </li>
              ))}
              {bad.length > 100 && <li>…and {bad.length - 100} more</li>}
            </ul>
          )}
          <div className="field">
            <label htmlFor={`${id}-equipment`}>Equipment</label>
            <select id={`${id}-equipment`} value={equipId ?? ''} onChange={(e) => setEquipId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">Choose equipment…</option>
              {equipment.data?.list.map((e) => (
                <option key={e.equip_id} value={e.equip_id}>
                  {equipmentLine(e)}
                </option>
              ))}
            </select>
            <ErrorText error={equipment.error} />
          </div>
          <div className="field checkbox">
            <input id={`${id}-preset`} type="checkbox" checked={factoryPreset} onChange={(e) => setFactoryPreset(e.target.checked)} />
            <label htmlFor={`${id}-preset`}>The device is already configured by the manufacturer (factory preset)</label>
          </div>
        </>
      )}
      {existing.length > 0 && <p className="hint">Already imported: {existing.slice(0, 50).join(', ')}</p>}
    </Dialog>
  );
}
