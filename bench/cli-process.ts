import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the "API ready" line. */
  startMs: number;
  /** CPU time (user + system) the server had used by then, in ms; undefined off Linux. */
  startCpuMs?: number;
  output: string[];
  stop(): Promise<{ ms: number; code: number | null }>;
}

/** Starts `command args...` and waits for the CLI's ready line. */
export function startServer(command: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<ServerProcess> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    let pending = '';
    let done = false;
    const timer = setTimeout(() => fail(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output.join('\n')}`));
    }
    child.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        output.push(line);
        const ready = /API ready at (\S+)\/v2\/panel\//.exec(line);
        if (ready && !done) {
          done = true;
          clearTimeout(timer);
          const startMs = Number(process.hrtime.bigint() - started) / 1e6;
          resolve({
            child,
            url: ready[1]!,
            startMs,
            startCpuMs: cpuTimeOf(child.pid!),
            output,
            stop: () =>
              new Promise((resolveStop) => {
                const t0 = process.hrtime.bigint();
                if (child.exitCode !== null) return resolveStop({ ms: 0, code: child.exitCode });
                child.once('exit', (code) => resolveStop({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code }));
                child.kill('SIGTERM');
              }),
          });
        }
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`server exited (code ${code}, signal ${signal}) before it was ready`)));
  });
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14, 15)
  } catch {
    return undefined;
  }
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
