import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The rows of an uploaded CSV or XLSX file as text cells (header row first). */
export async function readTable(bytes: Buffer): Promise<string[][]> {
  // An XLSX file is a ZIP archive: "PK\x03\x04".
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).text ?? ''));
    });
    return rows;
  }
  return parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** Takes off the apostrophe user/export puts before text a spreadsheet would run as a formula. */
export function unquoteFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
