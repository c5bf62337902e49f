import { useState } from 'react';
import { ErrorText } from './ErrorText';
import { download, exportBlob, exportName, type ExportColumn, type ExportFormat } from './export';

/**
 * "Export CSV" and "Export XLSX" for a table: `rows()` fetches every row of the current filter and
 * sort (not the page); the buttons say so while it runs and a failure is shown in words.
 */
export function ExportButtons<T>({
  name,
  sheet,
  columns,
  rows,
  disabled,
}: {
  name: string;
  sheet: string;
  columns: readonly ExportColumn<T>[];
  rows(): Promise<readonly T[]>;
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const all = await rows();
      download(await exportBlob(format, columns, all, sheet), exportName(name, format));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-buttons" role="group" aria-label={`Export ${sheet}`}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <button key={format} type="button" onClick={() => void run(format)} disabled={disabled || busy !== null} aria-busy={busy === format || undefined}>
          {busy === format ? `Exporting ${format.toUpperCase()}…` : `Export ${format.toUpperCase()}`}
        </button>
      ))}
      <ErrorText error={error} prefix="Not exported" />
    </div>
  );
}
