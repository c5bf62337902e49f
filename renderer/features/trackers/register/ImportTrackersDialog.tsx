import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import { useApi } from '../../../app/api-context';
import { useTariffs } from '../../../app/lookups';
import { BATCH_REGISTER_MAX } from '../../../../shared/api/tracker';
import { describeFailure } from '../../../api/error-words';
import { BatchProgress, emptyBatch, type BatchFailure, type BatchState } from '../../../ui/BatchProgress';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { ErrorText } from '../../../ui/ErrorText';
import { download, toCsv, type ExportColumn } from '../../../ui/export';
import { invalidateTrackers } from '../actions/invalidate';
import { checkRows, parseCsvTable, parseXlsxTable, rowsFromTable, type CheckedRow } from './import-rows';
import { useModels } from './RegisterTrackerDialog';

/**
 * Rows per tracker/batch_register call: at most the server's bound, and a tenth of the file for
 * small files so the progress bar moves (and Cancel can land between calls).
 */
export const rowsPerCall = (rows: number) => Math.min(BATCH_REGISTER_MAX, Math.max(1, Math.ceil(rows / 10)));
/** Rows shown in the preview table; the counts and the error report cover all. */
const PREVIEW_ROWS = 200;

interface ReportLine {
  row: number;
  device_id: string;
  label: string;
  outcome: string;
}

const reportColumns: ExportColumn<ReportLine>[] = [
  { header: 'row', value: (r) => r.row },
  { header: 'device_id', value: (r) => r.device_id },
  { header: 'label', value: (r) => r.label },
  { header: 'error', value: (r) => r.outcome },
];

async function readTable(file: File): Promise<string[][]> {
  if (/\.xlsx$/i.test(file.name)) return parseXlsxTable(await file.arrayBuffer());
  return parseCsvTable(await file.text());
}

/**
 * Bulk registration from a CSV or XLSX file with the columns of Navixy's bulk activation. Every
 * row is checked before anything is written; rows with problems are not registered. The valid
 * rows go to tracker/batch_register in chunks of up to 1,000 (each row stands alone: a refused row
 * does not undo the others), with a progress bar per chunk, Cancel (chunks not yet sent stay
 * unregistered) and an error report.
 */
export function ImportTrackersDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const models = useModels();
  const tariffs = useTariffs();
  // Every user, for logins in the file (an omitted limit returns all rows).
  const users = useQuery({ queryKey: ['user/list', 'import'], staleTime: 30_000, queryFn: () => api.call('user/list', { order_by: 'id' }) });
  const [fileName, setFileName] = useState('');
  const [table, setTable] = useState<string[][] | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const [batch, setBatch] = useState<BatchState | null>(null);
  const abort = useRef<AbortController | null>(null);
  const [stopping, setStopping] = useState(false);
  const running = batch !== null && !batch.finished;

  const parsed = useMemo(() => (table ? rowsFromTable(table) : null), [table]);
  const checked = useMemo<CheckedRow[] | null>(() => {
    if (!parsed || parsed.problem || !users.data || !models.data || !tariffs.data) return null;
    return checkRows(parsed.rows, { users: users.data.list, models: models.data.list, tariffs: tariffs.data.list });
  }, [parsed, users.data, models.data, tariffs.data]);
  const valid = checked?.filter((r) => r.register) ?? [];
  const bad = checked?.filter((r) => !r.register) ?? [];

  const onFile = async (file: File | undefined) => {
    setTable(null);
    setReadError(null);
    setBatch(null);
    if (!file) return;
    setFileName(file.name);
    try {
      setTable(await readTable(file));
    } catch (error) {
      setReadError(new Error(`${file.name} cannot be read as ${/\.xlsx$/i.test(file.name) ? 'an XLSX workbook' : 'CSV'}: ${(error as Error).message}`));
    }
  };

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setStopping(false);
    let state = emptyBatch(valid.length);
    setBatch(state);
    const size = rowsPerCall(valid.length);
    // One call per chunk, one after another: the server writes each chunk in one transaction and
    // answers per row, so a refused row does not undo the others.
    for (let from = 0; from < valid.length && !controller.signal.aborted; from += size) {
      const chunk = valid.slice(from, from + size);
      let failures: BatchFailure[];
      let succeeded = 0;
      try {
        const { list } = await api.call('tracker/batch_register', {
          trackers: chunk.map((r) => ({ ...r.register!, ...(r.comment ? { comment: r.comment } : {}) })),
        });
        failures = [];
        list.forEach((result, i) => {
          if ('id' in result) succeeded++;
          else
            failures.push({
              id: chunk[i]!.row,
              label: chunk[i]!.device_id,
              words: describeFailure({ status: result.error, errors: result.error.errors }, 'tracker/register'),
            });
        });
      } catch (error) {
        failures = chunk.map((r) => ({ id: r.row, label: r.device_id, words: (error as Error).message }));
      }
      state = { ...state, done: state.done + chunk.length, succeeded: state.succeeded + succeeded, failures: [...state.failures, ...failures] };
      setBatch(state);
    }
    setBatch({ ...state, finished: true, ...(state.done < state.total ? { cancelled: true } : {}) });
    await invalidateTrackers(queryClient);
  };

  const report = (): ReportLine[] =>
    [
      ...bad.map((r) => ({ row: r.row, device_id: r.device_id, label: r.label, outcome: `not registered (checked before import): ${r.problems.join('; ')}` })),
      ...(batch?.failures ?? []).map((f) => {
        const row = valid.find((r) => r.row === f.id);
        return { row: f.id, device_id: row?.device_id ?? f.label ?? '', label: row?.label ?? '', outcome: f.words };
      }),
      ...(batch?.cancelled
        ? valid.slice(batch.done).map((r) => ({ row: r.row, device_id: r.device_id, label: r.label, outcome: 'not registered: the import was cancelled' }))
        : []),
    ].sort((a, b) => a.row - b.row);

  const downloadReport = () => {
    download(new Blob([toCsv(reportColumns, report())], { type: 'text/csv;charset=utf-8' }), `${fileName.replace(/\.[^.]+$/, '') || 'import'}-errors.csv`);
  };

  const lookupError = users.error ?? models.error ?? tariffs.error;
  const finished = batch?.finished ?? false;

  return (
    <Dialog
      title="Import trackers"
      onClose={onClose}
      busy={running}
      wide
      footer={
        running ? (
          <button
            type="button"
            onClick={() => {
              abort.current?.abort();
              setStopping(true);
            }}
            disabled={stopping}
            data-autofocus
          >
            {stopping ? 'Stopping…' : 'Cancel import'}
          </button>
        ) : (
          <DialogFooter
            action={`Register ${valid.length} tracker${valid.length === 1 ? '' : 's'}`}
            onAction={() => void start()}
            onClose={onClose}
            disabled={valid.length === 0}
            done={finished}
          >
            {(bad.length > 0 || (batch?.failures.length ?? 0) > 0 || batch?.cancelled) && (
              <button type="button" onClick={downloadReport}>
                Download error report
              </button>
            )}
          </DialogFooter>
        )
      }
    >
      {batch ? (
        <>
          <BatchProgress state={batch} verb="Registered" failureWords={(f) => `Row ${f.id} (${f.label}): ${f.words}`} />
          {finished && bad.length > 0 && (
            <p className="hint">{bad.length === 1 ? '1 row with problems was' : `${bad.length} rows with problems were`} not sent (see the error report).</p>
          )}
          {finished && (bad.length > 0 || batch.failures.length > 0 || batch.cancelled) && (
            <button type="button" onClick={downloadReport}>
              Download error report
            </button>
          )}
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-file`}>CSV or XLSX file</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => void onFile(e.target.files?.[0])}
              aria-describedby={`${id}-columns`}
              data-autofocus
            />
            <p id={`${id}-columns`} className="hint">
              A header row, then one tracker per row. Columns: user_id (or the user&apos;s login), model (its code), label, device_id, and optionally phone,
              plan (id or name) and comment. Comma, semicolon or tab separated.
            </p>
          </div>
          <ErrorText error={readError ?? lookupError} />
          {parsed?.problem && (
            <p className="error-text" role="alert">
              {parsed.problem}
            </p>
          )}
          {table && !parsed?.problem && !checked && !lookupError && <p role="status">Checking the rows…</p>}
          {checked && (
            <>
              <p role="status" className={bad.length ? 'error-text' : 'notice'}>
                {fileName}: {checked.length} rows, {valid.length} ready to register, {bad.length} with problems
                {bad.length ? ' (they will not be registered)' : ''}.
              </p>
              <div className="table-wrap">
                <table className="data-table" aria-label="Rows to import">
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">User</th>
                      <th scope="col">Model</th>
                      <th scope="col">Label</th>
                      <th scope="col">Device ID</th>
                      <th scope="col">Phone</th>
                      <th scope="col">Plan</th>
                      <th scope="col">Check</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...bad, ...valid].slice(0, PREVIEW_ROWS).map((r) => (
                      <tr key={r.row} className={r.register ? undefined : 'row-problem'}>
                        <th scope="row">{r.row}</th>
                        <td>{r.user}</td>
                        <td>{r.model}</td>
                        <td>{r.label}</td>
                        <td className="mono">{r.device_id}</td>
                        <td>{r.phone}</td>
                        <td>{r.plan}</td>
                        <td>{r.register ? 'OK' : r.problems.join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {checked.length > PREVIEW_ROWS && (
                <p className="hint">
                  Showing {PREVIEW_ROWS} of {checked.length} rows, those with problems first.
                </p>
              )}
            </>
          )}
        </>
      )}
    </Dialog>
  );
}
