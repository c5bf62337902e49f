import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ServeConfigError } from './tls.js';

/**
 * Browser-facing checks run on every request before anything else (issue 9, rule 2):
 *
 * - `Host` must name this server: the bound address, `localhost`, `127.0.0.1` or `[::1]` with the
 *   listening port, or a name given with `--api-allowed-host` (DNS rebinding: a page on
 *   `evil.example` resolved to 127.0.0.1 still sends `Host: evil.example:8383`) → 421 otherwise.
 * - On the API and the console WebSocket, an `Origin` header, when present, must be this server's
 *   own origin (http/https + an allowed host) and `Sec-Fetch-Site`, when present, must be
 *   `same-origin` or `none` (typed or bookmarked) → 403 otherwise. Browsers send `Origin` on every
 *   cross-origin POST, form post and WebSocket, and `Sec-Fetch-Site` also on `<img>`/link GETs;
 *   curl, Node's fetch and other integrations send neither, so they are not affected.
 */

export interface Refusal {
  status: 403 | 421;
  reason: string;
}

export type RequestKind = 'api' | 'console' | 'ui';

export interface RequestGuard {
  /** undefined: admitted. */
  check(req: IncomingMessage, kind: RequestKind): Refusal | undefined;
  /** Every accepted `Host` value (lower case; `name` alone means the client left the port out). */
  readonly hosts: ReadonlySet<string>;
}

export interface GuardOptions {
  scheme: 'http' | 'https';
  /** The address the API is bound to, as given (`0.0.0.0`, `::`, `192.0.2.7`, `localhost`...). */
  boundHost: string;
  /** The port actually listening. */
  port: number;
  /** `--api-allowed-host` values: `name` or `name:port` (IPv6 in brackets). */
  allowedHosts?: readonly string[];
  /** The machine's addresses, for a server bound to an unspecified address (tests pass their own). */
  interfaceAddresses?: () => string[];
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]', '']);

/** `::1` → `[::1]`; names and IPv4 lower-cased as they are. */
function hostPart(host: string): string {
  const h = host.trim().toLowerCase();
  return isIP(h) === 6 ? `[${h}]` : h;
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [info.address.replace(/%.*$/, '')] : []));
}

/** Splits `name:port` / `[v6]:port` / `name`; undefined for something that is not a host. */
export function parseHostEntry(entry: string): { host: string; port?: number } | undefined {
  const text = entry.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  let host = match[1]!;
  let port = match[2] === undefined ? undefined : Number(match[2]);
  // A bare IPv6 address has colons of its own: `::1` is a host, not `:` + port 1.
  if (!host.startsWith('[') && host.includes(':')) {
    if (isIP(text) !== 6) return undefined;
    host = `[${text}]`;
    port = undefined;
  }
  if (host.startsWith('[') && isIP(host.slice(1, -1)) !== 6) return undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host, port };
}

/** Throws a ServeConfigError naming the first `--api-allowed-host` value that is not a host. */
export function checkAllowedHosts(entries: readonly string[]): void {
  for (const entry of entries) {
    if (!parseHostEntry(entry)) throw new ServeConfigError(`--api-allowed-host ${entry}: not a host name or address`);
  }
}

export function createRequestGuard(options: GuardOptions): RequestGuard {
  const hosts = new Set<string>();
  const defaultPort = options.scheme === 'https' ? 443 : 80;
  const addName = (name: string, port = options.port, bareToo = false) => {
    hosts.add(`${name}:${port}`);
    if (bareToo || port === defaultPort) hosts.add(name);
  };
  for (const name of ['localhost', '127.0.0.1', '[::1]']) addName(name);
  const bound = hostPart(options.boundHost);
  if (UNSPECIFIED.has(bound)) {
    for (const address of (options.interfaceAddresses ?? localAddresses)()) addName(hostPart(address));
  } else {
    addName(bound);
  }
  for (const entry of options.allowedHosts ?? []) {
    const parsed = parseHostEntry(entry);
    if (!parsed) throw new ServeConfigError(`--api-allowed-host ${entry}: not a host name or address`);
    // A name without a port: this port, or none at all (a reverse proxy on 80/443 forwarding `Host: name`).
    if (parsed.port === undefined) addName(parsed.host, options.port, true);
    else addName(parsed.host, parsed.port);
  }

  // The origins a page of this server sends, as browsers serialise them (lower case, default port
  // left out): one Set lookup for the UI's own requests; anything else is parsed.
  const origins = new Set<string>();
  for (const host of hosts) {
    const bare = !/:\d+$/.test(host);
    for (const scheme of ['http', 'https'] as const) {
      const port = bare ? (scheme === 'https' ? '443' : '80') : host.slice(host.lastIndexOf(':') + 1);
      const name = bare ? host : host.slice(0, host.lastIndexOf(':'));
      origins.add(port === (scheme === 'https' ? '443' : '80') ? `${scheme}://${name}` : `${scheme}://${name}:${port}`);
    }
  }

  const originAllowed = (origin: string): boolean => {
    if (origins.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, data: URLs) and anything unparsable
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return hosts.has(`${url.hostname}:${port}`) || (!url.port && hosts.has(url.hostname));
  };

  return {
    hosts,
    check(req, kind) {
      const host = req.headers.host;
      if (!host || !hosts.has(host.toLowerCase())) {
        return { status: 421, reason: `Misdirected request: this server does not answer for Host "${host ?? ''}" (see --api-allowed-host)` };
      }
      if (kind === 'ui') return undefined;
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(origin)) {
        return { status: 403, reason: `Cross-origin request refused (Origin ${origin})` };
      }
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return { status: 403, reason: `Cross-origin request refused (Sec-Fetch-Site ${site})` };
      }
      return undefined;
    },
  };
}
