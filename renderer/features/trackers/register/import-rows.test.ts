import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../../../shared/imei';
import { checkRows, detectDelimiter, parseCsvTable, parseXlsxTable, rowsFromTable, type ImportContext } from './import-rows';

const imei1 = withCheckDigit('35630704200001');
const imei2 = withCheckDigit('35630704200002');
const badLuhn = `${imei1.slice(0, 14)}${(Number(imei1[14]) + 1) % 10}`;

const context: ImportContext = {
  users: [
    { id: 3, login: 'ann@example.com' },
    { id: 4, login: 'bob@example.com' },
  ],
  models: [
    { code: 'telfmb920', name: 'FMB920', protocol: 'teltonika' },
    { code: 'h02generic', name: 'H02', protocol: 'h02' },
  ],
  tariffs: [
    { id: 1, name: 'Basic', device_type: 'tracker' },
    { id: 2, name: 'Twin', device_type: 'tracker' },
    { id: 3, name: 'Twin', device_type: 'tracker' },
    { id: 9, name: 'Cam', device_type: 'camera' },
  ],
};

describe('bulk registration rows', () => {
  it('reads comma and semicolon CSV with a BOM and quoted cells', () => {
    expect(detectDelimiter('user_id;model;label\n1;2;3')).toBe(';');
    expect(detectDelimiter('a,b\tc,d')).toBe(',');
    const table = parseCsvTable(`\uFEFFuser_id;model;label;device_id\n3;telfmb920;"Truck; 1";${imei1}\n\n`);
    expect(table).toEqual([
      ['user_id', 'model', 'label', 'device_id'],
      ['3', 'telfmb920', 'Truck; 1', imei1],
    ]);
  });

  it('maps Navixy bulk activation headers in any order and refuses a file without the required columns', () => {
    const { rows, problem } = rowsFromTable([
      ['Label', 'IMEI', 'Model', 'User login', 'Phone', 'Plan', 'Comment'],
      ['Van', imei1, 'telfmb920', 'ann@example.com', '+49 151 000', 'Basic', 'front'],
      ['', '', '', '', '', '', ''],
    ]);
    expect(problem).toBeNull();
    expect(rows).toEqual([
      { row: 2, user: 'ann@example.com', model: 'telfmb920', label: 'Van', device_id: imei1, phone: '+49 151 000', plan: 'Basic', comment: 'front' },
    ]);
    expect(rowsFromTable([['user_id', 'label']]).problem).toBe('The header row lacks the columns model, device_id (found: user_id, label)');
    expect(rowsFromTable([['user_id', 'model', 'label', 'device_id']]).problem).toBe('The file has a header but no rows');
    expect(rowsFromTable([]).problem).toBe('The file is empty');
  });

  it('checks every row in words and builds the register call for the good ones', () => {
    const { rows } = rowsFromTable([
      ['user_id', 'model', 'label', 'device_id', 'phone', 'plan'],
      ['ANN@example.com', 'TELFMB920', 'Truck 1', imei1, '+4915100001', 'basic'],
      ['4', 'telfmb920', 'Truck 2', imei1, '4915100001', ''],
      ['77', 'nope', '', 'a b', '12', 'Twin'],
      ['4', 'telfmb920', 'Truck <3>', badLuhn, '', '9'],
      ['4', 'h02generic', 'Bike', '4106000001', '', '2'],
      ['4', 'telfmb920', 'Short', '12345', '', ''],
    ]);
    const checked = checkRows(rows, context);
    expect(checked[0]!.register).toEqual({ user_id: 3, label: 'Truck 1', model: 'telfmb920', device_id: imei1, phone: '4915100001', tariff_id: 1 });
    expect(checked[1]!.problems).toEqual(['Device ID: repeats row 2', 'Phone: repeats row 2']);
    expect(checked[2]!.problems).toEqual([
      'User: no user with id or login 77',
      'Model: unknown model code nope',
      'Label: missing',
      'Device ID: must be 3 to 64 letters, digits or - _ . :',
      'Phone: must be 5 to 20 digits',
      'Plan: 2 tracker plans are named Twin; give its id',
    ]);
    expect(checked[3]!.problems).toEqual([
      "Label: must not contain '<' or '>'",
      'Device ID: Looks like an IMEI, but its check digit (Luhn) is wrong',
      'Plan: no tracker plan with id or name 9',
    ]);
    expect(checked[4]!.register).toEqual({ user_id: 4, label: 'Bike', model: 'h02generic', device_id: '4106000001', tariff_id: 2 });
    expect(checked[5]!.problems).toEqual(['Device ID: This model usually reports its 15-digit IMEI; this id has 5 digits']);
    expect(checked.filter((r) => r.register).length).toBe(2);
  });

  it('reads the first worksheet of an XLSX file, long numbers with every digit', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Trackers');
    sheet.addRow(['user_id', 'model', 'label', 'device_id']);
    sheet.addRow([3, 'telfmb920', { richText: [{ text: 'Van ' }, { text: '7' }] }, Number(imei2)]);
    sheet.addRow([4, 'telfmb920', 'Car', imei1]);
    const buffer = await workbook.xlsx.writeBuffer();
    const table = await parseXlsxTable(buffer as ArrayBuffer);
    expect(table).toEqual([
      ['user_id', 'model', 'label', 'device_id'],
      ['3', 'telfmb920', 'Van 7', imei2],
      ['4', 'telfmb920', 'Car', imei1],
    ]);
  });
});
