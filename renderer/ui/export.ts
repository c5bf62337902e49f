import { stringify } from 'csv-stringify/browser/esm/sync';

/** One column of an exported table: its header and the cell for a row (numbers stay numbers in XLSX). */
export interface ExportColumn<T> {
  header: string;
  value(row: T): string | number | boolean | null | undefined;
}

export type ExportFormat = 'csv' | 'xlsx';

/** Spreadsheet programs read a cell starting with = + - @ as a formula: such text gets a leading quote. */
export function safeCell(value: string | number | boolean | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV with a header row, UTF-8 with a byte order mark (so Excel reads the accents). */
export function toCsv<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) => columns.map((c) => safeCell(c.value(row))));
  return `\uFEFF${stringify([columns.map((c) => c.header), ...records], { record_delimiter: '\r\n' })}`;
}

/** One worksheet with a bold, frozen header row; written by exceljs (loaded on first use). */
export async function toXlsx<T>(columns: readonly ExportColumn<T>[], rows: readonly T[], sheetName: string): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dealer Console';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: Math.min(40, Math.max(10, c.header.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => safeCell(c.value(row))));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

export async function exportBlob<T>(format: ExportFormat, columns: readonly ExportColumn<T>[], rows: readonly T[], sheetName: string): Promise<Blob> {
  return format === 'csv' ? new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }) : toXlsx(columns, rows, sheetName);
}

/** Saves a blob through the browser's download (Electron asks where to save it). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `trackers-2026-12-03.csv`: the table's name and today's date. */
export function exportName(table: string, format: ExportFormat, now = new Date()): string {
  return `${table}-${now.toISOString().slice(0, 10)}.${format}`;
}
