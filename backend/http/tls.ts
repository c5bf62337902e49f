import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';

/** PEM certificate chain and private key for serving the API over HTTPS. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** A start-up refusal the CLI turns into exit code 2 and the desktop app into a dialog. */
export class ServeConfigError extends Error {}

/** 127.0.0.0/8, ::1 (also ::ffff:127.x) and `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return /^(0*:)*:?0*1$/.test(h) || /^::ffff:127\./.test(h);
  return false;
}

/** Reads and checks the PEM files of `--tls-cert` / `--tls-key`. */
export function loadTlsFiles(certPath: string | undefined, keyPath: string | undefined): TlsFiles | undefined {
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (!certPath || !keyPath) throw new ServeConfigError('--tls-cert and --tls-key go together: give both PEM files');
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new ServeConfigError(`cannot read the TLS ${what} ${path}: ${(error as Error).message}`);
    }
  };
  const files = { cert: read(certPath, 'certificate'), key: read(keyPath, 'key') };
  try {
    createSecureContext(files);
  } catch (error) {
    throw new ServeConfigError(`the TLS certificate ${certPath} and key ${keyPath} are not a usable PEM pair: ${(error as Error).message}`);
  }
  return files;
}

/**
 * The API (money, raw commands to vehicles) may listen beyond loopback only over TLS, or when the
 * operator says `--insecure-http` (then a warning line is returned to print). Throws otherwise.
 */
export function checkApiExposure(apiHost: string, tls: TlsFiles | undefined, insecureHttp: boolean): string | undefined {
  if (tls || isLoopbackHost(apiHost)) return undefined;
  if (insecureHttp) {
    return `warning: the panel API, console and UI are served over plain HTTP on ${apiHost} (--insecure-http): passwords and session hashes cross the network in clear`;
  }
  throw new ServeConfigError(
    `refusing to serve the panel API on ${apiHost} over plain HTTP: give --tls-cert and --tls-key (PEM), ` +
      `or --insecure-http to accept the risk, or keep --api-host on loopback (devices listen on --device-host)`,
  );
}
