/** Server-side paging under a table: where the shown rows are, first/previous/next/last, rows per page. */
export function Pager({
  count,
  page,
  pageSize,
  onPage,
  onPageSize,
}: {
  count: number;
  page: number;
  pageSize: number;
  onPage(page: number): void;
  onPageSize(size: number): void;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const from = count === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(count, (page + 1) * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span role="status" aria-live="polite">
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {count.toLocaleString('en-US')}
      </span>
      <button type="button" onClick={() => onPage(0)} disabled={page === 0}>
        First page
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
        Previous page
      </button>
      <span>
        Page {page + 1} of {pages.toLocaleString('en-US')}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
        Next page
      </button>
      <button type="button" onClick={() => onPage(pages - 1)} disabled={page + 1 >= pages}>
        Last page
      </button>
      <label>
        Rows per page{' '}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {[20, 50, 100, 200].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
