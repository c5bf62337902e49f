import { formatNumber } from '../i18n/format';
import { useT } from '../i18n';

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
  const t = useT();
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const from = count === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(count, (page + 1) * pageSize);
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <span role="status" aria-live="polite">
        {t('pager.range', { from: formatNumber(from), to: formatNumber(to), count: formatNumber(count) })}
      </span>
      <button type="button" onClick={() => onPage(0)} disabled={page === 0}>
        {t('pager.first')}
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.page', { page: formatNumber(page + 1), pages: formatNumber(pages) })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
        {t('pager.next')}
      </button>
      <button type="button" onClick={() => onPage(pages - 1)} disabled={page + 1 >= pages}>
        {t('pager.last')}
      </button>
      <label>
        {t('pager.rowsPerPage')}{' '}
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
