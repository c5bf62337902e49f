import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopListenOptions, parseDesktopSettings, readDesktopSettings } from './desktop-settings.js';
import { makeSelfSignedCert } from './http/test-support/tls-cert.js';
import { ServeConfigError } from './http/tls.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dealer-console-settings-'));
  dirs.push(dir);
  return dir;
}

describe('desktop settings.json', () => {
  it('no file: every listener on 127.0.0.1, the default port with a fallback', () => {
    const { file, settings } = readDesktopSettings(tempDir());
    expect(file).toMatch(/settings\.json$/);
    expect(settings).toEqual({});
    expect(desktopListenOptions(settings, {})).toEqual({
      apiHost: '127.0.0.1',
      apiPort: undefined,
      deviceHost: '127.0.0.1',
      publicHost: undefined,
      tls: undefined,
      insecureHttp: false,
      allowedHosts: [],
    });
  });

  it('reads every field; TLS files are loaded; DEALER_CONSOLE_PORT still wins over apiPort', () => {
    const cert = makeSelfSignedCert();
    dirs.push(cert.dir);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        apiHost: '0.0.0.0',
        apiPort: 9443,
        deviceHost: '0.0.0.0',
        publicHost: 'gps.example.com',
        tlsCert: cert.certPath,
        tlsKey: cert.keyPath,
        insecureHttp: false,
        allowedHosts: ['console.example.com'],
      }),
    );
    const options = desktopListenOptions(readDesktopSettings(dir).settings, {});
    expect(options).toEqual({
      apiHost: '0.0.0.0',
      apiPort: 9443,
      deviceHost: '0.0.0.0',
      publicHost: 'gps.example.com',
      tls: { cert: cert.cert, key: cert.key },
      insecureHttp: false,
      allowedHosts: ['console.example.com'],
    });
    expect(desktopListenOptions({ apiPort: 9443 }, { DEALER_CONSOLE_PORT: '8500' }).apiPort).toBe(8500);
  });

  it('names every problem: bad JSON, unknown keys, wrong types, half a TLS pair, a bad allowed host', () => {
    expect(() => parseDesktopSettings('{', 'settings.json')).toThrow(/settings\.json is not valid JSON/);
    const many = () => parseDesktopSettings(JSON.stringify({ apiPort: 70000, insecureHttp: 'yes', apiHots: 'x', allowedHosts: ['a b'] }), 'settings.json');
    expect(many).toThrow(ServeConfigError);
    try {
      many();
    } catch (error) {
      const text = (error as Error).message;
      for (const part of ['apiPort', 'insecureHttp', 'apiHots', 'allowedHosts.0']) expect(text).toContain(part);
    }
    expect(() => parseDesktopSettings(JSON.stringify({ tlsCert: '/x.pem' }))).toThrow(/tlsCert and tlsKey go together/);
    expect(() => desktopListenOptions({ tlsCert: '/nonexistent/cert.pem', tlsKey: '/nonexistent/key.pem' }, {})).toThrow(/cannot read the TLS certificate/);
  });
});
