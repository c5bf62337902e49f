import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's source, run through tsx by the tests that start real `dealer-console` processes. */
export const cliSource = fileURLToPath(new URL('../cli.ts', import.meta.url));

export interface ServeProcess {
  /** `http(s)://host:port` of the API. */
  url: string;
  output: () => string;
  child: ChildProcess;
}

/**
 * Starts `dealer-console serve <args>` and resolves once it is ready: the API ready line and the UI
 * line after it (printed in the same tick the SIGTERM handler is installed, so a stop sent then is a
 * clean one). `shell` runs first in `sh` (e.g. `umask 000`). Rejects with the output if it exits.
 */
export function spawnServe(args: string[], options: { env?: NodeJS.ProcessEnv; shell?: string; track?: ChildProcess[] } = {}): Promise<ServeProcess> {
  const command = [process.execPath, '--import', 'tsx', cliSource, 'serve', ...args];
  const child = options.shell
    ? spawn('sh', ['-c', `${options.shell} && exec "$0" "$@"`, ...command], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0]!, command.slice(1), { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.track?.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Dealer Console API ready at (https?:\/\/[^/\s]+)\/v2\/panel\//.exec(output);
      if (match && /Dealer Console UI/.test(output)) setTimeout(() => resolve({ url: match[1]!, output: () => output, child }), 100);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}
