// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { DataTable, dataColumns, VIRTUAL_FROM_ROWS, type DataSort } from './DataTable';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Item {
  id: number;
  label: string;
  owner: number;
}

const col = dataColumns<Item>();
const columns = col.columns([
  col.accessor('id', { header: 'ID', meta: { sort: 'id' } }),
  col.accessor('label', { header: 'Label', meta: { sort: 'label' }, cell: ({ getValue }) => <a href="#x">{getValue()}</a> }),
  col.accessor('owner', { id: 'owner', header: 'Owner', meta: { sort: 'user_id', className: 'mono' } }),
  col.display({ id: 'note', header: 'Note', cell: () => 'n/a' }),
]);
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `Item ${i + 1}`, owner: 100 + i }));

let root: Root | undefined;
let container: HTMLElement;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

async function render(ui: React.ReactNode) {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root!.render(ui));
}

const q = <E extends Element = HTMLElement>(selector: string) => container.querySelector<E & HTMLElement>(selector)!;
const all = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];

describe('DataTable', () => {
  it('renders a named table whose sortable headers ask the server for an order', async () => {
    const asked: [string, boolean][] = [];
    function Page() {
      const [sort, setSort] = useState({ orderBy: 'id', ascending: true });
      const dataSort: DataSort = { ...sort, onSort: (orderBy, ascending) => (asked.push([orderBy, ascending]), setSort({ orderBy, ascending })) };
      return <DataTable label="Things" columns={columns} rows={items(3)} rowId={(i) => i.id} busy={false} sort={dataSort} />;
    }
    await render(<Page />);
    expect(q('table').getAttribute('aria-label')).toBe('Things');
    expect(q('table').getAttribute('aria-busy')).toBe('false');
    expect(all('thead th').map((th) => th.textContent)).toEqual(['ID▲', 'Label', 'Owner', 'Note']);
    expect(all('thead button').map((b) => b.getAttribute('aria-label'))).toEqual(['Sort by ID', 'Sort by Label', 'Sort by Owner']);
    expect(all('thead th').map((th) => th.getAttribute('aria-sort'))).toEqual(['ascending', null, null, null]);
    expect(all('tbody tr')).toHaveLength(3);
    expect(q('tbody tr td.col-owner.mono').textContent).toBe('100');

    await act(async () => q('button[aria-label="Sort by Owner"]').click());
    expect(asked).toEqual([['user_id', true]]);
    expect(q('th[aria-sort]').textContent).toBe('Owner▲');
    await act(async () => q('button[aria-label="Sort by Owner"]').click());
    expect(asked.at(-1)).toEqual(['user_id', false]);
    expect(q('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
  });

  it('reports checkbox changes for the rows of the page and shows a partial page selection', async () => {
    const changes: string[] = [];
    function Page() {
      const [selected, setSelected] = useState<Record<string, true>>({ 99: true }); // on another page
      return (
        <DataTable
          label="Things"
          columns={columns}
          rows={items(3)}
          rowId={(i) => i.id}
          selection={{
            selected,
            allLabel: 'Select all things on this page',
            rowLabel: (i) => `Select thing ${i.label}`,
            onChange: (list) => {
              changes.push(list.map((c) => `${c.row.id}:${c.selected}`).join(' '));
              setSelected((old) => {
                const next = { ...old };
                for (const c of list) {
                  if (c.selected) next[c.row.id] = true;
                  else delete next[c.row.id];
                }
                return next;
              });
            },
          }}
        />
      );
    }
    await render(<Page />);
    const header = q<HTMLInputElement>('input[aria-label="Select all things on this page"]') as HTMLInputElement;
    const second = q<HTMLInputElement>('input[aria-label="Select thing Item 2"]') as HTMLInputElement;
    await act(async () => second.click());
    expect(changes).toEqual(['2:true']);
    expect(second.checked).toBe(true);
    expect(second.closest('tr')!.className).toBe('selected');
    expect(header.checked).toBe(false);
    expect(header.indeterminate).toBe(true);

    await act(async () => header.click());
    expect(changes.at(-1)).toBe('1:true 3:true');
    expect(header.checked).toBe(true);
    expect(header.indeterminate).toBe(false);
    await act(async () => header.click());
    expect(changes.at(-1)).toBe('1:false 2:false 3:false');
    expect(all('tbody tr.selected')).toHaveLength(0);
  });

  it('renders every row of a normal page, and only a window of a long one', async () => {
    await render(<DataTable label="Things" columns={columns} rows={items(50)} rowId={(i) => i.id} />);
    expect(all('tbody tr')).toHaveLength(50);
    expect(q('table').hasAttribute('aria-rowcount')).toBe(false);
    act(() => root!.unmount());
    container.remove();

    const n = VIRTUAL_FROM_ROWS * 2;
    // jsdom lays nothing out: give the scrolling frame a height and each row one.
    const client = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
    const offset = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!;
    Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 33 });
    onTestFinished(() => {
      Object.defineProperty(Element.prototype, 'clientHeight', client);
      Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offset);
    });
    await render(<DataTable label="Things" columns={columns} rows={items(n)} rowId={(i) => i.id} />);
    const rows = all('tbody tr:not(.virtual-pad)');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(n);
    expect(q('table').getAttribute('aria-rowcount')).toBe(String(n + 1));
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
    const frame = q('.table-wrap');
    expect(frame.classList.contains('table-scroll')).toBe(true);

    // Scrolled down, the rows in view change and a spacer keeps the height above them.
    Object.defineProperty(frame, 'scrollTop', { configurable: true, get: () => 100 * 33 });
    await act(async () => frame.dispatchEvent(new Event('scroll')));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 200)));
    const scrolled = all('tbody tr:not(.virtual-pad)');
    expect(Number(scrolled[0]!.getAttribute('aria-rowindex'))).toBeGreaterThan(80);
    expect(scrolled.some((r) => r.textContent?.includes('Item 101'))).toBe(true);
    expect(q<HTMLTableCellElement>('tr.virtual-pad td').style.height).not.toBe('');
  });
});
