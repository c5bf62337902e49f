/**
 * What every repository needs and writes the same way: booleans at the boundary, substring
 * filters, paging, ordering from an allow-list, chunked lookups and inserts. Portable between the
 * engines under the rules in ../README.md.
 */
import type { Queries, SqlParam, Tx } from '../store.js';

/** A stored 0/1 flag as a boolean (the repository boundary: nothing above compares with 1). */
export const bool = (value: number | boolean | null | undefined): boolean => value === 1 || value === true;

/** A boolean as the stored 0/1 flag. */
export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/** `%text%` for `LIKE ? ESCAPE '\'`: the filter's own `%`, `_` and `\` match themselves. */
export function likePattern(filter: string): string {
  return `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One `LIKE ? ESCAPE '\'` condition per expression, OR-ed, with the pattern once per expression. */
export function anyLike(expressions: readonly string[], filter: string): { sql: string; params: string[] } {
  const like = likePattern(filter);
  return { sql: `(${expressions.map((e) => `${e} LIKE ? ESCAPE '\\'`).join(' OR ')})`, params: expressions.map(() => like) };
}

export interface PageRequest {
  offset: number;
  limit: number;
}

/**
 * "No limit" for both engines: a non-finite limit (an omitted `limit`) returns every row.
 * (SQLite's -1 is an error in PostgreSQL; its NULL is not SQLite's.)
 */
export function sqlLimit(limit: number): number {
  return Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER;
}

/** ` LIMIT ? OFFSET ?` and its two parameters; `limit: Infinity` means every row. */
export function page(request: PageRequest): { sql: string; params: number[] } {
  return { sql: ' LIMIT ? OFFSET ?', params: [sqlLimit(request.limit), request.offset] };
}

/**
 * ` ORDER BY <column> <dir>, <tiebreak> <dir>` where the column comes from the repository's own
 * allow-list (never from the request) and the tiebreak makes pages stable.
 */
export function orderBy<K extends string>(
  columns: Readonly<Record<K, string>>,
  key: K,
  ascending: boolean,
  tiebreak: string,
  nullable: readonly K[] = [],
): string {
  const dir = ascending ? 'ASC' : 'DESC';
  // A column that may be NULL: NULL sorts lowest on both engines, as SQLite orders it
  // (PostgreSQL would put it last in ASC and first in DESC).
  const nulls = nullable.includes(key) ? `(${columns[key]} IS NULL) ${ascending ? 'DESC' : 'ASC'}, ` : '';
  return ` ORDER BY ${nulls}${columns[key]} ${dir}, ${tiebreak} ${dir}`;
}

/** `?, ?, ?` for an `IN (...)` of `count` values. */
export const placeholders = (count: number): string => Array(count).fill('?').join(', ');

/** Rows per multi-row INSERT and values per `IN (...)` lookup in bulk writes. */
const INSERT_CHUNK = 100;
export const LOOKUP_CHUNK = 500;

/**
 * Which of `values` already exist in `column` of the dealer's rows, in the order of `values`.
 * Always binds LOOKUP_CHUNK placeholders (padding with NULL, which matches nothing) so one
 * prepared statement serves every call.
 */
export async function existingValues(db: Queries, table: string, column: string, dealerId: number, values: string[], extraWhere = ''): Promise<string[]> {
  const found = new Set<string>();
  const sql = `SELECT ${column} FROM ${table} WHERE dealer_id = ?${extraWhere} AND ${column} IN (${placeholders(LOOKUP_CHUNK)})`;
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const chunk: SqlParam[] = values.slice(i, i + LOOKUP_CHUNK);
    while (chunk.length < LOOKUP_CHUNK) chunk.push(null);
    for (const value of await db.column<string>(sql, [dealerId, ...chunk])) found.add(value);
  }
  return values.filter((v) => found.has(v));
}

/**
 * Inserts many rows with multi-row INSERTs of INSERT_CHUNK rows (the remainder one by one), so a
 * bulk import costs a few statements per hundred rows and two prepared statements in all.
 */
export async function insertMany(tx: Tx, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  const tuple = `(${placeholders(columns.length)})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const chunkSql = head + Array(INSERT_CHUNK).fill(tuple).join(', ');
  let i = 0;
  for (; i + INSERT_CHUNK <= rows.length; i += INSERT_CHUNK) await tx.run(chunkSql, rows.slice(i, i + INSERT_CHUNK).flat());
  for (; i < rows.length; i++) await tx.run(head + tuple, rows[i]!);
}

/**
 * A text field of a JSON column (a user's profile), the one place SQL reaches into JSON: SQLite's
 * `json_extract`, PostgreSQL's `->>`. `field` is a name from the repository's own list.
 */
export function jsonText(dialect: 'sqlite' | 'postgres', column: string, field: string): string {
  if (!/^[a-z_]+$/.test(field)) throw new Error(`not a JSON field name: ${field}`);
  return dialect === 'postgres' ? `(${column}::jsonb ->> '${field}')` : `json_extract(${column}, '$.${field}')`;
}
