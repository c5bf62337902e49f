import {
  createColumnHelper,
  functionalUpdate,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Header,
  type Row,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useT } from '../i18n';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type HTMLAttributes, type ReactNode } from 'react';

/** Per-column settings beyond TanStack's: the server's sort key, the cell's class, a row header cell. */
export interface DataColumnMeta {
  /** The `order_by` value that sorts by this column on the server; the header becomes a "Sort by …" button. */
  sort?: string;
  /** Extra class on the column's cells (every cell also gets `col-<column id>`). */
  className?: string;
  /** The cell names its row: `<th scope="row">` instead of `<td>`. */
  rowHeader?: boolean;
}

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnMeta: metaHelper<DataColumnMeta>() });
type Features = typeof features;

/** One column; a list mixes value types, as TanStack's own helper.columns() returns. */
export type DataColumn<T extends RowData> = ColumnDef<Features, T, any>;

/**
 * Column definitions for a DataTable of T, with TanStack's helper:
 * `const col = dataColumns<User>(); const columns = col.columns([col.accessor('login', { header: 'Login' }), …])`.
 */
export const dataColumns = <T extends RowData>() => createColumnHelper<Features, T>();

/** Server-side sort: the table shows it and asks for a new one; the screen re-queries with `order_by`/`ascending`. */
export interface DataSort {
  orderBy: string;
  ascending: boolean;
  onSort(orderBy: string, ascending: boolean): void;
}

/** Row checkboxes: the selection is kept by the screen (it spans pages), the table reports what the user changed. */
export interface DataSelection<T extends RowData> {
  /** Selected row ids (as the table's `rowId` gives them), on this page or others. */
  selected: RowSelectionState;
  /** The rows of this page whose checkbox changed, with their new state. */
  onChange(changes: { row: T; selected: boolean }[]): void;
  /** The row checkbox's accessible name ("Select tracker Bus 010"). */
  rowLabel(row: T): string;
  /** The header checkbox's accessible name ("Select all trackers on this page"). */
  allLabel: string;
}

export interface DataTableProps<T extends RowData> {
  /** The table's accessible name. */
  label?: string;
  columns: readonly DataColumn<T>[];
  rows: readonly T[];
  /** A stable id per row (needed with `selection`); without it rows are told apart by position. */
  rowId?(row: T): string | number;
  /** A page is loading (aria-busy; the rows dim). */
  busy?: boolean;
  sort?: DataSort;
  selection?: DataSelection<T>;
  /** Extra class for a row (e.g. the one the screen shows details of). */
  rowClassName?(row: T): string | undefined;
  /** Extra class on the <table>. */
  className?: string;
  /** Attributes for the wrapping <div class="table-wrap"> (e.g. data-* for tests). */
  wrapProps?: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string>;
}

/** Pages longer than this render only the rows in view (plus some), inside a scrolling frame. */
export const VIRTUAL_FROM_ROWS = 100;
const ROW_HEIGHT_ESTIMATE = 33;
/** Until the frame is measured (first render), assume it shows this much: the first paint already has rows. */
const FRAME_ESTIMATE = { width: 0, height: 600 };

const noSorting: SortingState = [];
const noSelection: RowSelectionState = {};

/** TanStack's id for a definition: its id, else its accessor key (sortable columns need one of the two). */
function columnId<T extends RowData>(def: DataColumn<T>): string | undefined {
  return def.id ?? ('accessorKey' in def ? String(def.accessorKey) : undefined);
}

function headerTitle<T extends RowData>(header: Header<Features, T>): string {
  const def = header.column.columnDef.header;
  return typeof def === 'string' ? def : header.column.id;
}

/**
 * The data table every screen uses: TanStack Table over column definitions, server-side sorting
 * (manual: the screen's query sorts), optional row selection, and a virtualised body for long pages.
 * Markup is a plain <table>, so roles, names and keyboard use are the browser's own.
 */
export function DataTable<T extends RowData>({ label, columns, rows, rowId, busy, sort, selection, rowClassName, className, wrapProps }: DataTableProps<T>) {
  // TanStack sorts by column id; the server by its own key (meta.sort): the owner column sorts by user_id.
  const t = useT();
  const sortKeyOf = (id: string) => columns.find((c) => columnId(c) === id)?.meta?.sort;
  const sortedColumn = sort && columns.find((c) => c.meta?.sort === sort.orderBy);
  const sortedId = sortedColumn && columnId(sortedColumn);
  const sorting: SortingState = sortedId ? [{ id: sortedId, desc: !sort.ascending }] : noSorting;

  const table = useTable({
    features,
    columns: columns as DataColumn<T>[],
    data: rows,
    getRowId: (row, index) => String(rowId ? rowId(row) : index),
    manualSorting: true,
    enableSorting: !!sort,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: !!selection,
    enableRowRangeSelection: false,
    state: { sorting, rowSelection: selection?.selected ?? noSelection },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = functionalUpdate(updater, sorting)[0];
      const key = next && sortKeyOf(next.id);
      if (sort && next && key) sort.onSort(key, !next.desc);
    },
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => {
      if (!selection) return;
      const before = selection.selected;
      const after = functionalUpdate(updater, before);
      const changes = table.getRowModel().rows.filter((row) => !!before[row.id] !== !!after[row.id]);
      selection.onChange(changes.map((row) => ({ row: row.original, selected: !!after[row.id] })));
    },
  });
  const modelRows = table.getRowModel().rows;

  const wrapRef = useRef<HTMLDivElement>(null);
  const virtual = modelRows.length > VIRTUAL_FROM_ROWS;
  // The virtualizer is a mutable object re-read on every render (that is how it reports the rows in view); the React
  // Compiler, which this app does not build with, would skip memoising this component for it, and that is intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    enabled: virtual,
    count: modelRows.length,
    getScrollElement: () => wrapRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    getItemKey: (index) => modelRows[index]?.id ?? index,
    overscan: 12,
    initialRect: FRAME_ESTIMATE,
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const shown = virtual ? items.map((item) => modelRows[item.index]!) : modelRows;
  // Spacer rows above and below the rendered ones keep the frame's full scroll height.
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const columnCount = columns.length + (selection ? 1 : 0);

  const allOnPage = table.getIsAllPageRowsSelected();
  const someOnPage = !allOnPage && table.getIsSomePageRowsSelected();

  const renderRow = (row: Row<Features, T>, index: number): ReactNode => {
    const classes = [row.getIsSelected() ? 'selected' : '', rowClassName?.(row.original) ?? ''].filter(Boolean).join(' ');
    return (
      <tr
        key={row.id}
        className={classes || undefined}
        data-index={virtual ? index : undefined}
        ref={virtual ? virtualizer.measureElement : undefined}
        aria-rowindex={virtual ? index + 2 : undefined}
      >
        {selection && (
          <td className="select-col">
            <input
              type="checkbox"
              aria-label={selection.rowLabel(row.original)}
              checked={row.getIsSelected()}
              onChange={(e) => row.toggleSelected(e.target.checked)}
            />
          </td>
        )}
        {row.getAllCells().map((cell) => {
          const meta = cell.column.columnDef.meta;
          const cellClass = [`col-${cell.column.id}`, meta?.className].filter(Boolean).join(' ');
          return meta?.rowHeader ? (
            <th key={cell.id} scope="row" className={cellClass}>
              <table.FlexRender cell={cell} />
            </th>
          ) : (
            <td key={cell.id} className={cellClass}>
              <table.FlexRender cell={cell} />
            </td>
          );
        })}
      </tr>
    );
  };
  const pad = (height: number, key: string) =>
    height > 0 && (
      <tr key={key} className="virtual-pad" aria-hidden="true">
        <td colSpan={columnCount} style={{ height }} />
      </tr>
    );

  return (
    <div ref={wrapRef} {...wrapProps} className={virtual ? 'table-wrap table-scroll' : 'table-wrap'}>
      <table
        className={className ? `data-table ${className}` : 'data-table'}
        aria-label={label}
        aria-busy={busy}
        aria-rowcount={virtual ? modelRows.length + 1 : undefined}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={virtual ? 1 : undefined}>
              {selection && (
                <th scope="col" className="select-col">
                  <input
                    type="checkbox"
                    aria-label={selection.allLabel}
                    checked={allOnPage}
                    ref={(el) => {
                      if (el) el.indeterminate = someOnPage;
                    }}
                    onChange={(e) => table.toggleAllPageRowsSelected(e.target.checked)}
                  />
                </th>
              )}
              {group.headers.map((header) => {
                const sortable = !!sort && !!header.column.columnDef.meta?.sort;
                const sorted = sortable ? header.column.getIsSorted() : false;
                const title = headerTitle(header);
                return (
                  <th key={header.id} scope="col" aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {sortable ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => header.column.toggleSorting()}
                        aria-label={t('table.sortBy', { column: title })}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {pad(padTop, 'pad-top')}
          {shown.map((row) => renderRow(row, row.index))}
          {pad(padBottom, 'pad-bottom')}
        </tbody>
      </table>
    </div>
  );
}
