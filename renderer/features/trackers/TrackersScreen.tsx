import { FleetMap } from '../map/FleetMap';
import { useFleetView } from '../map/fleet-view';
import { useT } from '../../i18n';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi, useCan } from '../../app/api-context';
import { ErrorText } from '../../ui/ErrorText';
import { ExportButtons } from '../../ui/ExportButtons';
import { Pager } from '../../ui/Pager';
import { trackerExport } from '../exports';
import { BulkActions } from './BulkActions';
import { ImportTrackersDialog } from './register/ImportTrackersDialog';
import { RegisterTrackerDialog } from './register/RegisterTrackerDialog';
import { TrackerFilters } from './TrackerFilters';
import { TrackerTable } from './TrackerTable';
import { trackerListParams, useTrackersView } from './trackers-view';

function exportParams({ offset: _offset, limit: _limit, ...rest }: ReturnType<typeof trackerListParams>) {
  return rest;
}

export function TrackersScreen() {
  const api = useApi();
  const can = useCan();
  const [open, setOpen] = useState<'register' | 'import' | null>(null);
  const view = useTrackersView();
  const t = useT();
  const mode = useFleetView((s) => s.mode);
  const setMode = useFleetView((s) => s.setMode);
  const params = trackerListParams(view);
  const query = useQuery({
    queryKey: ['tracker/list', params],
    queryFn: () => api.call('tracker/list', params),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.list ?? [];
  const count = query.data?.count ?? 0;

  return (
    <section className="screen" aria-labelledby="trackers-title">
      <header className="screen-header">
        <h1 id="trackers-title">{t('trackers.title')}</h1>
        <div className="header-actions">
          <div className="view-switch" role="group" aria-label={t('trackers.views')}>
            <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>
              {t('trackers.viewTable')}
            </button>
            <button type="button" aria-pressed={mode === 'map'} onClick={() => setMode('map')}>
              {t('trackers.viewMap')}
            </button>
          </div>
          {can('tracker/register') && (
            <>
              <button type="button" onClick={() => setOpen('import')}>
                Import trackers…
              </button>
              <button type="button" className="primary" onClick={() => setOpen('register')}>
                Register tracker
              </button>
            </>
          )}
        </div>
      </header>
      <TrackerFilters />
      <div className="table-tools">
        <BulkActions />
        {/* Every row of the current filter and sort: the same parameters without offset and limit. */}
        <ExportButtons
          name="trackers"
          sheet="Trackers"
          columns={trackerExport}
          rows={() => api.call('tracker/list', exportParams(params)).then((r) => r.list)}
          disabled={count === 0}
        />
      </div>
      <ErrorText error={query.error} />
      {query.isPending ? (
        <p role="status">{t('trackers.loading')}</p>
      ) : (
        <>
          {mode === 'map' ? <FleetMap trackers={rows} /> : <TrackerTable rows={rows} busy={query.isFetching} filter={params.filter ?? ''} />}
          {rows.length === 0 && <p className="empty">{t('trackers.empty')}</p>}
          <Pager
            count={count}
            page={view.page}
            pageSize={view.pageSize}
            onPage={(page) => view.set({ page })}
            onPageSize={(pageSize) => view.set({ pageSize, page: 0 })}
          />
        </>
      )}
      {open === 'register' && <RegisterTrackerDialog onClose={() => setOpen(null)} />}
      {open === 'import' && <ImportTrackersDialog onClose={() => setOpen(null)} />}
    </section>
  );
}
