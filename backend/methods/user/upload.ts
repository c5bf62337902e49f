import { z } from 'zod';
import {
  USER_UPLOAD_MAX_BYTES,
  USER_UPLOAD_MAX_ROWS,
  userFields,
  userPassword,
  userProfileFields,
  userUpload,
  userUploadColumns,
} from '../../../shared/api/user.js';
import { Code } from '../../../shared/errors.js';
import { hashPassword } from '../../accounts/passwords.js';
import { ApiError, type ParameterError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import type { NewUser } from '../../storage/repositories/users.js';

const fileError = (error: string) => ApiError.invalidParameters([{ parameter: 'file', error }]);

/** One row as user/create's user object takes it (an empty cell = not given), plus its password. */
const rowSchema = z.object({
  login: userFields.login,
  legal_type: userFields.legal_type,
  activated: userFields.activated,
  verified: userFields.verified,
  password: userPassword().optional(),
  ...Object.fromEntries(userProfileFields.map((f) => [f, userFields[f]])),
});
type Row = z.output<typeof rowSchema>;

/**
 * user/upload: the whole file is read and every row checked (fields as user/create checks them,
 * a login repeated in the file or already in use) before anything is written; then one
 * transaction creates every user. Any error: 7 listing each bad row's fields, nothing created.
 */
export default defineMethod(userUpload, async ({ params, dealerId, services: { users } }) => {
  // base64 text is 4/3 of the bytes: refuse a too large file before decoding it.
  if (params.file.length > Math.ceil(USER_UPLOAD_MAX_BYTES / 3) * 4) throw new ApiError(Code.FileTooLarge);
  const bytes = Buffer.from(params.file, 'base64');
  // Loaded on first use: the spreadsheet reader (exceljs) costs ~0.4 s of every start otherwise.
  const { readTable, unquoteFormula } = await import('./user-file-reader.js');
  let table: string[][];
  try {
    table = await readTable(bytes);
  } catch {
    throw fileError('Must be a CSV or XLSX file');
  }
  const [header, ...body] = table;
  const names = (header ?? []).map((h) => h.trim());
  const known = new Set<string>(userUploadColumns);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw fileError(`Unknown columns: ${unknown.join(', ')} (allowed: ${userUploadColumns.join(', ')})`);
  if (new Set(names).size !== names.length) throw fileError('A column is repeated');
  for (const required of ['login', 'legal_type']) if (!names.includes(required)) throw fileError(`Missing the ${required} column`);
  const rows = body.map((cells, i) => ({ line: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw fileError('Has no user rows');
  if (rows.length > USER_UPLOAD_MAX_ROWS) throw new ApiError(Code.TooManyEntities, {}, `Too many entities: at most ${USER_UPLOAD_MAX_ROWS} users per file`);

  const errors: ParameterError[] = [];
  const parsed: { line: number; user: Row }[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.length > names.length) errors.push({ parameter: `row ${line}`, error: `Has ${cells.length} cells, the header ${names.length}` });
    const raw: Record<string, string> = {};
    names.forEach((name, i) => {
      const cell = unquoteFormula((cells[i] ?? '').trim());
      if (cell !== '') raw[name] = cell;
    });
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      const named = new Set<string>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (named.has(field)) continue;
        named.add(field);
        errors.push({ parameter: `row ${line}.${field}`, error: issue.message });
      }
      continue;
    }
    const first = seen.get(result.data.login);
    if (first !== undefined) errors.push({ parameter: `row ${line}.login`, error: `Repeats the login of row ${first}` });
    else seen.set(result.data.login, line);
    parsed.push({ line, user: result.data });
  }
  const taken = await users.loginsInUse(dealerId, [...seen.keys()]);
  for (const { line, user } of parsed)
    if (taken.has(user.login) && seen.get(user.login) === line) errors.push({ parameter: `row ${line}.login`, error: 'Login already in use' });
  if (errors.length) throw ApiError.invalidParameters(errors);

  const created: NewUser[] = [];
  for (const { user } of parsed) {
    const activated = user.activated ?? true;
    created.push({
      login: user.login,
      passwordHash: user.password === undefined ? null : await hashPassword(user.password),
      activated,
      verified: user.verified ?? activated,
      legal_type: user.legal_type,
      profile: Object.fromEntries(userProfileFields.map((f) => [f, (user as Record<string, unknown>)[f] ?? ''])),
      time_zone: null,
      locale: null,
      discount: undefined,
      default_tariff_id: null,
    });
  }
  return { list: await users.createMany(dealerId, created) };
});
