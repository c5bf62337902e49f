#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here; otherwise the same UI in browser mode
// through `dealer-console serve`, with one line saying why Electron did not start.
// Never require('electron') from Node: its index.js tries to download the binary when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable if node_modules/electron has one, else the reason it cannot start. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'node_modules/electron has no binary (path.txt is missing: its download was not possible here)' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `the Electron binary ${binary} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  return { binary };
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds when an output is missing or older than the sources. */
function buildIfNeeded() {
  const outputs = ['dist/backend/cli.js', 'dist/renderer/index.html', 'dist/electron/main.js', 'dist/electron/preload.cjs'].map((p) => join(root, p));
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const sources = Math.max(...['backend', 'shared', 'renderer', 'electron'].map((d) => newest(join(root, d))));
  if (built && built >= sources) return;
  console.log(built ? 'Sources changed since the last build: building…' : 'Not built yet: building…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
const electron = electronBinary();
let child;
if (electron.binary) {
  child = spawn(electron.binary, [root, ...args], { cwd: root, stdio: 'inherit' });
} else {
  const serveArgs = args.length ? args : [];
  child = spawn(process.execPath, [join(root, 'bin', 'dealer-console.js'), 'serve', ...serveArgs], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    buffered += chunk.toString();
    const match = /Dealer Console API ready at (https?:\/\/\S+?)\/v2\/panel\//.exec(buffered);
    if (match) {
      buffered = '';
      // After the server's own start-up lines.
      setTimeout(() => {
        console.log(`\nOpen ${match[1]}/ in a browser.`);
        console.log(`Electron did not start: ${electron.reason}; serving the UI in browser mode instead.`);
      }, 200);
    }
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
