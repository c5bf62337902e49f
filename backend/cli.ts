#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, defaultDataDir } from './config.js';
import { DataFolderInUseError } from './storage/data-folder-lock.js';
import { createStaticRenderer, findRendererDir } from './http/static-renderer.js';
import { serveBackend } from './serve.js';
import { effectivePublicHost, unreachableReason } from './devices/public-address.js';
import { Backend } from './backend.js';
import { isIsoDate, todayUtc } from '../shared/billing/dates.js';
import { runSimulateCommand } from './devices/simulator/cli.js';
import { loadTlsFiles, ServeConfigError } from './http/tls.js';
import { SharedDataFolderError } from './storage/private-files.js';
import { AdminResetError, DEFAULT_ADMIN_LOGIN, resetAdminPasswordInFolder } from './accounts/admin-password.js';

const usage = `Usage: dealer-console simulate --help   (simulated Teltonika / GT06 / H02 devices)
       dealer-console bill --date <YYYY-MM-DD> [--data <dir>]   (the daily billing run for one UTC day, backend stopped)
       dealer-console admin reset-password [--data <dir>] [--login <admin login>]   (a new administrator password, backend stopped)
       dealer-console serve [--data <dir>] [--api-host <host>] [--api-port <port>] [--device-host <host>]
                            [--tls-cert <pem> --tls-key <pem>] [--insecure-http] [--api-allowed-host <name>]...
                            [--session-ttl-hours <h>] [--audit-retention-days <d>] [--teltonika-port <n>] [--gt06-port <n>] [--h02-port <n>]
                            [--jt808-port <n>] [--ruptela-port <n>] [--suntech-port <n>] [--queclink-port <n>]
                            [--gps103-port <n>] [--wialon-port <n>] [--osmand-port <n>] [--meitrack-port <n>]
                            [--public-host <host>] [--device-max-connections <n>] [--device-max-per-address <n>]
                            [--device-refusals-per-address <n>] [--device-max-rate <bytes/s>] [--allow-shared-data-folder]
                            [--database <postgres://...>]

  --data               data folder (default: ${defaultDataDir()})
  --api-host           address of the panel API, /console and the UI (default: ${DEFAULT_HOST}); beyond
                       loopback it needs --tls-cert/--tls-key or --insecure-http. Alias: --host
  --api-port           panel API port (default: ${DEFAULT_PORT}; 0 picks a free one). Alias: --port
  --device-host        address of the device TCP listeners (default: ${DEFAULT_HOST}; 0.0.0.0 for trackers
                       on the internet)
  --tls-cert, --tls-key  PEM certificate (chain) and private key: serve the API over HTTPS (console: wss://)
  --insecure-http      allow a non-loopback --api-host over plain HTTP (prints a warning)
  --api-allowed-host   a further name (or name:port) browsers and clients may use in Host/Origin, e.g. the
                       name a reverse proxy forwards; repeatable. Always accepted: the bound address,
                       localhost, 127.0.0.1 and [::1] with the API port
  --session-ttl-hours  API session lifetime (default: 720, i.e. 30 days)
  --audit-retention-days  days audit rows are kept (default: 400; older ones are deleted at start
                       and every 6 hours)
  --database           a PostgreSQL database (postgres://user:password@host:port/name) instead of the
                       data folder's embedded database; the data folder still holds device history.
                       Default: DEALER_CONSOLE_DATABASE_URL, else the embedded database
  --allow-shared-data-folder  start even though the data folder can be read or written by other users
                       (group/other permission bits set); without it such a folder is refused (exit 2).
                       Also taken by bill and admin reset-password
  --teltonika-port     device TCP port for Teltonika (default 5027; 0 disables)
  --gt06-port          device TCP port for GT06 / Concox (default 5023; 0 disables)
  --h02-port           device TCP port for H02 (default 5013; 0 disables)
  --jt808-port         device TCP port for JT/T 808 (default 5015; 0 disables)
  --ruptela-port       device TCP port for Ruptela (default 5046; 0 disables)
  --suntech-port       device TCP port for Suntech (default 5011; 0 disables)
  --queclink-port      device TCP port for Queclink @Track (default 5004; 0 disables)
  --gps103-port        device TCP port for GPS103 / TK103 (Coban) (default 5001; 0 disables)
  --wialon-port        device TCP port for Wialon IPS (default 5039; 0 disables)
  --osmand-port        device HTTP port for OsmAnd / Traccar Client phone apps (default 5055; 0 disables)
  --meitrack-port      device TCP port for Meitrack (default 5020; 0 disables)
  --public-host        address devices are told to connect to on activation (default: the stored
                       setting, else --device-host when it is not loopback/unspecified)
  --device-max-connections     open device connections per protocol listener (default 10000)
  --device-max-per-address     open device connections per remote address (default 1000)
  --device-refusals-per-address  refused logins per remote address per 10 minutes before every
                       login from there is closed unanswered until the window ends (default 30)
  --device-max-rate    bytes per second one device connection may send on average, with bursts of
                       512 KiB; past it the connection is not read until it is back under (default 65536)

Environment: DEALER_CONSOLE_ADMIN_PASSWORD sets the administrator's password on the first start
of an empty data folder; without it a random password is generated and printed once, when the
server is listening (a start that fails before creates nothing). A lost administrator password:
stop the server, then dealer-console admin reset-password.`;

function fail(message: string): never {
  console.error(`dealer-console: ${message}`);
  process.exit(2);
}

function portOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) fail(`--${name} must be a port number 0-65535, got ${value}`);
  return port;
}

/** A device port option: absent → the protocol's default, 0 → disabled. */
function devicePort(value: string | undefined, name: string): number | null | undefined {
  if (value === undefined) return undefined;
  const port = portOption(value, name, 0);
  return port === 0 ? null : port;
}

/** A positive whole number option; absent → the default. */
function countOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1_000_000) fail(`--${name} must be a whole number 1-1000000, got ${value}`);
  return n;
}

/** Bytes per second, 1 KiB/s to 1 GiB/s; absent → the default. */
function rateOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1024 || n > 1024 ** 3) fail(`--${name} must be a whole number of bytes per second, 1024-1073741824, got ${value}`);
  return n;
}

/** `--database`: a postgres:// or postgresql:// URL, or nothing (the embedded database). */
function databaseOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('--database must be a URL: postgres://user:password@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') fail(`--database must be a postgres:// URL, got ${url.protocol}//...`);
  return value;
}

/** The database for a log line: host, port and name, never the password. */
function describeDatabase(value: string): string {
  const url = new URL(value);
  return `PostgreSQL ${url.hostname || url.searchParams.get('host') || 'local socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** `--api-host` and its older name `--host` (likewise the ports): either, or both when they agree. */
function aliased(value: string | undefined, alias: string | undefined, name: string, aliasName: string): string | undefined {
  if (value !== undefined && alias !== undefined && value !== alias) fail(`--${aliasName} is another name for --${name}: give one of them`);
  return value ?? alias;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      'api-host': { type: 'string' },
      'api-port': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'device-host': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'insecure-http': { type: 'boolean' },
      'api-allowed-host': { type: 'string', multiple: true },
      'session-ttl-hours': { type: 'string' },
      'audit-retention-days': { type: 'string' },
      'teltonika-port': { type: 'string' },
      'gt06-port': { type: 'string' },
      'h02-port': { type: 'string' },
      'jt808-port': { type: 'string' },
      'ruptela-port': { type: 'string' },
      'suntech-port': { type: 'string' },
      'queclink-port': { type: 'string' },
      'gps103-port': { type: 'string' },
      'wialon-port': { type: 'string' },
      'osmand-port': { type: 'string' },
      'meitrack-port': { type: 'string' },
      'public-host': { type: 'string' },
      'device-max-connections': { type: 'string' },
      'device-max-per-address': { type: 'string' },
      'device-refusals-per-address': { type: 'string' },
      'device-max-rate': { type: 'string' },
      'allow-shared-data-folder': { type: 'boolean' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const ttlHours = values['session-ttl-hours'] === undefined ? undefined : Number(values['session-ttl-hours']);
  if (ttlHours !== undefined && !(ttlHours > 0)) fail('--session-ttl-hours must be a positive number');
  const retentionText = values['audit-retention-days'];
  const auditRetentionDays = retentionText === undefined ? undefined : Number(retentionText);
  if (auditRetentionDays !== undefined && !(Number.isInteger(auditRetentionDays) && auditRetentionDays >= 1 && auditRetentionDays <= 36_500)) {
    fail('--audit-retention-days must be a whole number of days from 1 to 36500');
  }
  const apiHost = aliased(values['api-host'], values.host, 'api-host', 'host') ?? DEFAULT_HOST;
  const apiPortText = aliased(values['api-port'], values.port, 'api-port', 'port');
  const tls = loadTlsFiles(values['tls-cert'], values['tls-key']);
  const databaseUrl = databaseOption(values.database ?? (process.env.DEALER_CONSOLE_DATABASE_URL || undefined));
  const running = await serveBackend({
    dataDir: values.data ?? defaultDataDir(),
    databaseUrl,
    apiHost,
    apiPort: portOption(apiPortText, values['api-port'] === undefined && values.port !== undefined ? 'port' : 'api-port', DEFAULT_PORT),
    deviceHost: values['device-host'] ?? DEFAULT_HOST,
    tls,
    insecureHttp: values['insecure-http'] ?? false,
    allowedHosts: values['api-allowed-host'] ?? [],
    sessionTtlMs: ttlHours === undefined ? undefined : ttlHours * 3600 * 1000,
    auditRetentionDays,
    adminPassword: process.env.DEALER_CONSOLE_ADMIN_PASSWORD || undefined,
    allowSharedDataFolder: values['allow-shared-data-folder'] ?? false,
    log: { info: (line) => console.log(line), error: (line) => console.error(line) },
    devicePorts: {
      teltonika: devicePort(values['teltonika-port'], 'teltonika-port'),
      gt06: devicePort(values['gt06-port'], 'gt06-port'),
      h02: devicePort(values['h02-port'], 'h02-port'),
      jt808: devicePort(values['jt808-port'], 'jt808-port'),
      ruptela: devicePort(values['ruptela-port'], 'ruptela-port'),
      suntech: devicePort(values['suntech-port'], 'suntech-port'),
      queclink: devicePort(values['queclink-port'], 'queclink-port'),
      gps103: devicePort(values['gps103-port'], 'gps103-port'),
      wialon: devicePort(values['wialon-port'], 'wialon-port'),
      osmand: devicePort(values['osmand-port'], 'osmand-port'),
      meitrack: devicePort(values['meitrack-port'], 'meitrack-port'),
    },
    publicHost: values['public-host'],
    deviceLimits: {
      maxConnections: countOption(values['device-max-connections'], 'device-max-connections'),
      maxConnectionsPerAddress: countOption(values['device-max-per-address'], 'device-max-per-address'),
      refusalsPerAddress: countOption(values['device-refusals-per-address'], 'device-refusals-per-address'),
      maxBytesPerSecondPerConnection: rateOption(values['device-max-rate'], 'device-max-rate'),
    },
    // Browser mode: the built renderer at `/` (npm start uses this when Electron cannot run).
    fallback: () => createStaticRenderer(findRendererDir()),
  });
  if (running.backend.generatedAdminPassword) {
    console.log(`First start: administrator login "admin", password "${running.backend.generatedAdminPassword}" (shown only this once).`);
  }
  const devices = [...running.backend.gateway.ports].map(([name, port]) => `${name} ${port}`).join(', ');
  console.log(
    `Dealer Console API ready at ${running.http.url}/v2/panel/ (data: ${running.backend.dataDir}${databaseUrl ? `; database: ${describeDatabase(databaseUrl)}` : ''}; device ports: ${devices ? `${devices} on ${values['device-host'] ?? DEFAULT_HOST}` : 'none'})`,
  );
  const publicHost = effectivePublicHost(running.backend.publicAddress, await running.backend.serverSettings.get(1, 'device_public_host'));
  const ignoredFlag = values['public-host'] ? unreachableReason(values['public-host']) : undefined;
  if (ignoredFlag) console.log(`warning: --public-host ${values['public-host']} is ignored: ${ignoredFlag}`);
  if (!publicHost)
    console.log(
      'Devices: no public host (listening on loopback or an unspecified address); tracker/register_retry refuses until --public-host or the Settings screen gives one',
    );
  console.log(findRendererDir() ? `Dealer Console UI at ${running.http.url}/` : 'Dealer Console UI not built (npm run build); serving the API only');

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    console.log(`${signal}: stopping; everything acknowledged is being written out`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`dealer-console: stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The daily billing run for one UTC day, for every dealer, on a data folder whose backend is not
 * running (the folder lock refuses it otherwise). A day already billed charges nothing again.
 */
async function bill(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, date: { type: 'string' }, 'allow-shared-data-folder': { type: 'boolean' } },
    strict: true,
  });
  if (!values.date || !isIsoDate(values.date)) fail('--date YYYY-MM-DD is required');
  if (values.date > todayUtc(new Date())) fail('--date must not be in the future');
  const backend = await Backend.open({
    dataDir: values.data ?? defaultDataDir(),
    allowSharedDataFolder: values['allow-shared-data-folder'] ?? false,
    // An empty folder gets no administrator here: its generated password would never be shown.
    deferFirstAdmin: true,
    log: { info: () => {}, error: (line) => console.error(line) },
  });
  try {
    for (const id of await backend.dealers.ids()) {
      const summary = await backend.services.billing.runDay(id, values.date);
      console.log(
        `dealer ${id}, ${summary.date}: ${summary.charged} charged (${summary.amount.toFixed(2)}), ${summary.blocked} blocked, ${summary.unblocked} unblocked`,
      );
    }
  } finally {
    await backend.close();
  }
}

/**
 * `admin reset-password`: a new random password for an administrator (default `admin`) of a data
 * folder whose backend is stopped (refused while a server holds it); every session of the login ends.
 */
async function admin(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'reset-password') fail(`unknown admin action "${action ?? ''}": dealer-console admin reset-password [--data <dir>] [--login <admin login>]`);
  const { values } = parseArgs({
    args: rest,
    options: { data: { type: 'string' }, login: { type: 'string' }, 'allow-shared-data-folder': { type: 'boolean' } },
    strict: true,
  });
  const dataDir = values.data ?? defaultDataDir();
  const reset = await resetAdminPasswordInFolder(dataDir, {
    login: values.login ?? DEFAULT_ADMIN_LOGIN,
    allowSharedDataFolder: values['allow-shared-data-folder'] ?? false,
  });
  console.log(`New password for administrator "${reset.login}": ${reset.password}`);
  console.log(`(shown only this once; ${reset.sessionsEnded} session(s) of "${reset.login}" ended; data: ${dataDir})`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'simulate':
      return runSimulateCommand(rest);
    case 'bill':
      return bill(rest);
    case 'admin':
      return admin(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return;
    default:
      fail(`unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DataFolderInUseError || error instanceof ServeConfigError || error instanceof SharedDataFolderError || error instanceof AdminResetError)
    fail(error.message);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`the port is already in use (${(error as Error).message})`);
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) fail(`${error.message}\n\n${usage}`);
  console.error(error);
  process.exit(1);
});
