import { MapTilesSettings } from '../map/MapTilesSettings';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { DeviceGatewaySettings } from '../../../shared/api/settings';
import { Code } from '../../../shared/errors';
import { ApiCallError } from '../../api/client';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { ErrorText } from '../../ui/ErrorText';

export const DEVICE_GATEWAY_KEY = ['settings/device_gateway/read'] as const;

/** Protocols always listed (with "Not listening" when they have no port); any other protocol the server reports follows under its own name. */
const protocols: { key: string; name: string }[] = [
  { key: 'teltonika', name: 'Teltonika' },
  { key: 'gt06', name: 'GT06 (Concox)' },
  { key: 'h02', name: 'H02' },
];

interface PortRow {
  key: string;
  name: string;
  port: number | undefined;
}
const col = dataColumns<PortRow>();
const portColumns = col.columns([
  col.accessor('name', { header: 'Protocol', meta: { rowHeader: true } }),
  col.accessor('port', {
    header: 'Port',
    cell: ({ getValue }) => {
      const port = getValue();
      return port ? <span className="mono">{port}</span> : <span className="muted">Not listening</span>;
    },
  }),
]);
const portKey = (p: PortRow) => p.key;

/** Where the effective host comes from, in words. */
export function sourceWords(settings: Pick<DeviceGatewaySettings, 'effective_source'>): string {
  switch (settings.effective_source) {
    case 'flag':
      return 'set by --public-host at start; overrides this setting';
    case 'setting':
      return 'this setting';
    case 'listen address':
      return 'the address the server listens on (--host), as no setting is stored';
    default:
      return '';
  }
}

/** The server's words for `parameter` on a 7, if it named it. */
function parameterProblem(error: unknown, parameter: string): string | undefined {
  if (!(error instanceof ApiCallError) || error.code !== Code.InvalidParameters) return undefined;
  const found = (error.failure.errors ?? []).filter((e) => e.parameter === parameter).map((e) => e.error);
  return found.length ? found.join('; ') : undefined;
}

function PublicHostForm({ settings }: { settings: DeviceGatewaySettings }) {
  const can = useCan();
  const id = useId();
  const canUpdate = can('settings/device_gateway/update');
  // null: untouched, the field shows the stored value (and follows it after a save).
  const [draft, setDraft] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const stored = settings.public_host ?? '';
  const value = draft ?? stored;

  const save = useWrite('settings/device_gateway/update', {
    invalidate: [DEVICE_GATEWAY_KEY],
    onSuccess: (_body, sent) => {
      setDraft(null);
      setNotice(sent.params.public_host === null ? 'The public address was cleared.' : `Saved: ${String(sent.params.public_host)}.`);
    },
  });
  const send = (publicHost: string | null) => {
    setNotice(null);
    save.write({ public_host: publicHost });
  };
  const problem = parameterProblem(save.error, 'public_host');
  const trimmed = value.trim();
  const changed = trimmed !== stored;

  return (
    <form
      className="settings-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (canUpdate && trimmed && changed && !save.busy) send(trimmed);
      }}
    >
      <h2 id={`${id}-title`}>Device gateway</h2>
      <div className="field">
        <label htmlFor={`${id}-host`}>Public address for devices</label>
        <input
          id={`${id}-host`}
          className="settings-host"
          value={value}
          maxLength={253}
          placeholder="gps.example.com"
          spellCheck={false}
          autoComplete="off"
          readOnly={!canUpdate}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem ${id}-hint` : `${id}-hint`}
          onChange={(e) => {
            setDraft(e.target.value);
            if (save.error) save.reset();
            setNotice(null);
          }}
        />
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <p className="hint" id={`${id}-hint`}>
          The host name or IP address trackers are told to connect to by Retry activation. It must be reachable from the devices&apos; mobile network: not
          127.0.0.1, localhost or 0.0.0.0.
        </p>
      </div>
      {canUpdate && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.busy || !trimmed || !changed}>
            Save
          </button>
          <button type="button" onClick={() => send(null)} disabled={save.busy || settings.public_host === null}>
            Clear
          </button>
        </div>
      )}
      {!canUpdate && <p className="muted">This account may not change it (service settings: update).</p>}
      {save.error && !problem ? <ErrorText error={save.error} /> : null}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}

function EffectiveAddress({ settings }: { settings: DeviceGatewaySettings }) {
  const ports = useMemo(() => {
    const others = Object.keys(settings.ports).filter((key) => !protocols.some((p) => p.key === key));
    return [...protocols, ...others.map((key) => ({ key, name: key }))].map((p): PortRow => ({ ...p, port: settings.ports[p.key] }));
  }, [settings.ports]);
  const flagIgnored = settings.flag_host !== null && settings.effective_source !== 'flag';
  return (
    <section className="card-section" aria-labelledby="settings-effective-title">
      <h2 id="settings-effective-title">What devices are told now</h2>
      {settings.effective_host ? (
        <dl className="fields compact">
          <div>
            <dt>Address</dt>
            <dd className="mono">{settings.effective_host}</dd>
          </div>
          <div>
            <dt>From</dt>
            <dd>{sourceWords(settings)}</dd>
          </div>
        </dl>
      ) : (
        <p className="warning" role="note">
          No address devices can reach is known (the server listens on loopback or an unspecified address). Retry activation is refused until a public address
          is set here.
        </p>
      )}
      {flagIgnored && (
        <p className="muted">
          --public-host <span className="mono">{settings.flag_host}</span> was given at start but is ignored: devices could not reach it.
        </p>
      )}
      <DataTable label="Device ports" className="ports-table" columns={portColumns} rows={ports} rowId={portKey} />
    </section>
  );
}

/** Settings: the device gateway's public address (the desktop app has no command line). */
export function SettingsScreen() {
  const api = useApi();
  const query = useQuery({
    queryKey: DEVICE_GATEWAY_KEY,
    queryFn: () => api.call('settings/device_gateway/read'),
    retry: false,
  });
  const settings = query.data?.settings;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      {query.isPending && <p role="status">Loading settings…</p>}
      <ErrorText error={query.error} />
      {settings && (
        <div className="card-columns">
          <section className="card-section">
            <PublicHostForm settings={settings} />
          </section>
          <EffectiveAddress settings={settings} />
        </div>
      )}
      <MapTilesSettings />
    </section>
  );
}
