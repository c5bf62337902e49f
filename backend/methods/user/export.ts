import { NO_LIMIT } from '../../../shared/api/params.js';
import { defaultUserExportColumns, userExport, type UserExportColumn } from '../../../shared/api/user.js';
import type { User } from '../../../shared/entities.js';
import type { FileDownload } from '../../api/file-download.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser, type Users } from '../../storage/repositories/users.js';
import { LOOKUP_CHUNK } from '../../storage/repositories/sql-helpers.js';
import type { Cell, RowChunks } from './user-file-writers.js';

/** The selected users' rows, LOOKUP_CHUNK at a time, by the ids chosen when the call was made. */
async function* rowChunks(users: Users, dealerId: number, ids: number[], columns: readonly UserExportColumn[]): RowChunks {
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await users.byIds(dealerId, ids.slice(i, i + LOOKUP_CHUNK));
    yield rows.map((row) => {
      const user = presentUser(row) as unknown as Record<keyof User, Cell>;
      return columns.map((c) => user[c] ?? null);
    });
  }
}

/**
 * user/export: user/list's selection (filter, hide_inactive, order, paging) as an XLSX (default)
 * or CSV file of the requested columns. The matching ids are fixed when the call is made; rows are
 * then read and written a chunk at a time, at the pace the receiver reads.
 */
export default defineMethod(userExport, async ({ params, dealerId, services: { users } }) => {
  const ids = await users.listIds(dealerId, {
    filter: params.filter,
    orderBy: params.order_by ?? 'id',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
    hideInactive: params.hide_inactive ?? false,
  });
  const columns = params.columns ?? defaultUserExportColumns;
  // Loaded on first use: the spreadsheet writer (exceljs) costs ~0.4 s of every start otherwise.
  const { CSV_CONTENT_TYPE, writeCsv, writeXlsx, XLSX_CONTENT_TYPE } = await import('./user-file-writers.js');
  const csv = params.format === 'csv';
  const file: FileDownload = {
    name: csv ? 'users.csv' : 'users.xlsx',
    contentType: csv ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
    write: (out) => (csv ? writeCsv : writeXlsx)(out, [...columns], rowChunks(users, dealerId, ids, columns)),
  };
  return { file };
});
