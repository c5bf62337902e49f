import { parse } from 'csv-parse/browser/esm/sync';
import type { DeviceModel, Tariff, User } from '../../../../shared/entities';
import { luhnValid } from '../../../../shared/imei';

/** One row of a bulk registration file, as read (every cell a trimmed string). */
export interface ImportRow {
  /** 1-based row number in the file, the header being row 1. */
  row: number;
  user: string;
  model: string;
  label: string;
  device_id: string;
  phone: string;
  plan: string;
  comment: string;
}

/** A row checked against the dealer's users, models and plans: the register call, or why not. */
export interface CheckedRow extends ImportRow {
  problems: string[];
  register?: { user_id: number; label: string; model: string; device_id: string; phone?: string; tariff_id?: number };
}

type Column = Exclude<keyof ImportRow, 'row'>;

/** Header words (lower case, spaces and dashes as _) for each column: Navixy's bulk activation names and common variants. */
const headerNames: Record<Column, string[]> = {
  user: ['user_id', 'user', 'user_login', 'login', 'owner', 'owner_id'],
  model: ['model', 'model_code', 'device_model'],
  label: ['label', 'name', 'tracker_label'],
  device_id: ['device_id', 'imei', 'device', 'deviceid'],
  phone: ['phone', 'phone_number', 'sim_phone', 'msisdn'],
  plan: ['plan', 'tariff', 'tariff_id', 'plan_id'],
  comment: ['comment', 'note', 'notes'],
};

export const REQUIRED_COLUMNS: Column[] = ['user', 'model', 'label', 'device_id'];

/** Most rows one file may hold: beyond this the preview alone would make the window sluggish. */
export const MAX_IMPORT_ROWS = 50_000;

const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The CSV's delimiter: the header line's most frequent of `,`, `;` and tab. */
export function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

export function parseCsvTable(text: string): string[][] {
  const clean = text.replace(/^\uFEFF/, '');
  return parse(clean, { delimiter: detectDelimiter(clean), relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
}

/** The first worksheet's cells as text (numbers as typed, so long IMEIs keep every digit when stored as text). */
export async function parseXlsxTable(data: ArrayBuffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    table.push(Array.from(cells, (c) => c ?? ''));
  });
  return table;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (v.text !== undefined) return String(v.text).trim();
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value).trim();
}

/** Rows of a table whose first row is the header; a file without the required columns is refused in words. */
export function rowsFromTable(table: string[][]): { rows: ImportRow[]; problem: string | null } {
  const [header, ...body] = table;
  if (!header) return { rows: [], problem: 'The file is empty' };
  const names = header.map(normalizeHeader);
  const index = {} as Record<Column, number>;
  for (const column of Object.keys(headerNames) as Column[]) index[column] = names.findIndex((n) => headerNames[column].includes(n));
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) {
    return { rows: [], problem: `The header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.join(', ')})` };
  }
  if (body.length > MAX_IMPORT_ROWS) return { rows: [], problem: `The file has ${body.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once` };
  const rows: ImportRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => !c || !c.trim())) return;
    const cell = (c: Column) => (index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '');
    rows.push({
      row: i + 2,
      user: cell('user'),
      model: cell('model'),
      label: cell('label'),
      device_id: cell('device_id'),
      phone: cell('phone'),
      plan: cell('plan'),
      comment: cell('comment'),
    });
  });
  return { rows, problem: rows.length ? null : 'The file has a header but no rows' };
}

export interface ImportContext {
  users: Pick<User, 'id' | 'login'>[];
  models: Pick<DeviceModel, 'code' | 'name' | 'protocol'>[];
  tariffs: Pick<Tariff, 'id' | 'name' | 'device_type'>[];
}

/** Words for a device id that does not look like what the model expects; null when it looks right. */
export function deviceIdHint(deviceId: string, model: Pick<DeviceModel, 'protocol'> | undefined): string | null {
  if (!/^\d{15}$/.test(deviceId)) {
    if (model && usesImei(model) && /^\d+$/.test(deviceId)) return `This model usually reports its 15-digit IMEI; this id has ${deviceId.length} digits`;
    return null;
  }
  if (model && !usesImei(model)) return null;
  return luhnValid(deviceId) ? null : 'Looks like an IMEI, but its check digit (Luhn) is wrong';
}

/** Models whose devices identify themselves by IMEI (H02 units and phone apps use other ids). */
export function usesImei(model: Pick<DeviceModel, 'protocol'>): boolean {
  return model.protocol !== 'h02' && model.protocol !== 'mobile';
}

/**
 * Every row checked before anything is written: the user (id or login), model code, label, device
 * id and phone in the API's rules, the plan (id or name, a tracker plan), and repeats of a device
 * id or phone inside the file. What only the server knows (a device id already registered, a
 * plan's device limit) is answered per row when the row is registered.
 */
export function checkRows(rows: ImportRow[], context: ImportContext): CheckedRow[] {
  const byId = new Map(context.users.map((u) => [String(u.id), u.id]));
  const byLogin = new Map(context.users.map((u) => [u.login.toLowerCase(), u.id]));
  const models = new Map(context.models.map((m) => [m.code.toLowerCase(), m]));
  const trackerPlans = context.tariffs.filter((t) => t.device_type === 'tracker');
  const plansById = new Map(trackerPlans.map((t) => [String(t.id), t.id]));
  const plansByName = new Map<string, number[]>();
  for (const t of trackerPlans) plansByName.set(t.name.toLowerCase(), [...(plansByName.get(t.name.toLowerCase()) ?? []), t.id]);
  const deviceRows = new Map<string, number>();
  const phoneRows = new Map<string, number>();

  return rows.map((r) => {
    const problems: string[] = [];
    const userId = byId.get(r.user) ?? byLogin.get(r.user.toLowerCase());
    if (!r.user) problems.push('User: missing');
    else if (userId === undefined) problems.push(`User: no user with id or login ${r.user}`);
    const model = models.get(r.model.toLowerCase());
    if (!r.model) problems.push('Model: missing');
    else if (!model) problems.push(`Model: unknown model code ${r.model}`);
    if (!r.label) problems.push('Label: missing');
    else if (r.label.length > 60) problems.push('Label: must be at most 60 characters');
    else if (/[<>]/.test(r.label)) problems.push("Label: must not contain '<' or '>'");
    if (!r.device_id) problems.push('Device ID: missing');
    else if (!/^[0-9A-Za-z_.:-]{3,64}$/.test(r.device_id)) problems.push('Device ID: must be 3 to 64 letters, digits or - _ . :');
    else {
      const hint = deviceIdHint(r.device_id, model);
      if (hint) problems.push(`Device ID: ${hint}`);
      const seen = deviceRows.get(r.device_id);
      if (seen !== undefined) problems.push(`Device ID: repeats row ${seen}`);
      else deviceRows.set(r.device_id, r.row);
    }
    const phone = r.phone.replace(/^\+/, '').replace(/[\s()-]/g, '');
    if (phone) {
      if (!/^\d{5,20}$/.test(phone)) problems.push('Phone: must be 5 to 20 digits');
      else {
        const seen = phoneRows.get(phone);
        if (seen !== undefined) problems.push(`Phone: repeats row ${seen}`);
        else phoneRows.set(phone, r.row);
      }
    }
    let tariffId: number | undefined;
    if (r.plan) {
      const named = plansByName.get(r.plan.toLowerCase());
      tariffId = plansById.get(r.plan) ?? (named?.length === 1 ? named[0] : undefined);
      if (tariffId === undefined)
        problems.push(named ? `Plan: ${named.length} tracker plans are named ${r.plan}; give its id` : `Plan: no tracker plan with id or name ${r.plan}`);
    }
    if (r.comment.length > 3000) problems.push('Comment: must be at most 3000 characters');
    if (problems.length || userId === undefined || !model) return { ...r, problems };
    return {
      ...r,
      problems,
      register: {
        user_id: userId,
        label: r.label,
        model: model.code,
        device_id: r.device_id,
        ...(phone ? { phone } : {}),
        ...(tariffId !== undefined ? { tariff_id: tariffId } : {}),
      },
    };
  });
}
