import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { drained } from '../../api/file-download.js';

/** One cell of an exported user row. */
export type Cell = string | number | boolean | null;

/** Rows arrive in chunks (read from storage a chunk at a time), so a large export never sits in memory whole. */
export type RowChunks = AsyncIterable<Cell[][]>;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe in CSV (OWASP "CSV injection"); user/upload takes that apostrophe off again. XLSX
 * cells are typed text, never formulas, and need none.
 */
export function csvSafe(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

async function put(out: Writable, text: string | Buffer): Promise<void> {
  out.write(text);
  await drained(out);
}

/** RFC 4180 CSV with a UTF-8 byte order mark (so spreadsheet programs read it as UTF-8), CRLF line ends. */
export async function writeCsv(out: Writable, header: string[], chunks: RowChunks): Promise<void> {
  await put(out, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify([header], { record_delimiter: 'windows' }))]));
  for await (const rows of chunks) {
    if (rows.length)
      await put(
        out,
        stringify(
          rows.map((row) => row.map(csvSafe)),
          { record_delimiter: 'windows', cast: { boolean: (b) => String(b) } },
        ),
      );
  }
  out.end();
}

/** XLSX through exceljs's streaming writer: rows are committed as they come, one sheet "Users". */
export async function writeXlsx(out: Writable, header: string[], chunks: RowChunks): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Users');
  sheet.addRow(header).commit();
  for await (const rows of chunks) {
    for (const row of rows) sheet.addRow(row).commit();
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
}
