import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportName, safeCell, toCsv, toXlsx, type ExportColumn } from './export';

interface Row {
  id: number;
  label: string;
  balance: number;
}
const columns: ExportColumn<Row>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'Label', value: (r) => r.label },
  { header: 'Balance', value: (r) => r.balance },
];
const rows: Row[] = [
  { id: 1, label: 'Truck, "big"', balance: -2.5 },
  { id: 2, label: '=HYPERLINK("x")', balance: 10 },
];

describe('table exports', () => {
  it('writes CSV with a BOM, quoting, and formulas defused', () => {
    expect(toCsv(columns, rows)).toBe('\uFEFFID,Label,Balance\r\n1,"Truck, ""big""",-2.5\r\n2,"\'=HYPERLINK(""x"")",10\r\n');
    expect(safeCell('-12.5')).toBe('-12.5');
    expect(safeCell('+49 151')).toBe("'+49 151");
    expect(safeCell(null)).toBe('');
    expect(safeCell(true)).toBe('yes');
  });

  it('writes an XLSX sheet that reads back with the same rows', async () => {
    const blob = await toXlsx(columns, rows, 'Trackers');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await blob.arrayBuffer());
    const sheet = workbook.getWorksheet('Trackers')!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['ID', 'Label', 'Balance'],
      [1, 'Truck, "big"', -2.5],
      [2, '\'=HYPERLINK("x")', 10],
    ]);
  });

  it('names the file after the table and the day', () => {
    expect(exportName('trackers', 'xlsx', new Date('2026-12-03T10:00:00Z'))).toBe('trackers-2026-12-03.xlsx');
  });
});
