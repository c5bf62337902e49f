/** `dealer-console simulate`: runs simulated trackers against a device port until Ctrl+C or --duration. */
import { parseArgs } from 'node:util';
import { protocols } from '../protocols/index.js';
import type { ProtocolName } from '../protocols/types.js';
import { isSimulated, SIMULATED_PROTOCOLS } from './firmware/index.js';
import { DEFAULT_IMEI_START, imeiSequence } from './imei.js';
import { ROUTES } from './route.js';
import { formatSummary, startSimulator, type SimulatorOptions } from './simulator.js';

export const simulateUsage = `Usage: dealer-console simulate --protocol teltonika|gt06|h02|jt808|ruptela|suntech|queclink|gps103|wialon|meitrack|osmand [--devices <n>] [--rate <msgs/s>]
                               [--host <host>] [--port <port>] [--imei-start <digits>]
                               [--duration <s>] [--window <n>] [--route berlin|buenos-aires]
                               [--stats-interval <s>] [--udp]

Simulated GPS trackers that speak the real device protocol: they log in, report positions along a
route (heartbeats while parked or idle), check every ACK against the protocol spec and answer
commands the way the firmware does.

  --protocol        teltonika, gt06, h02, jt808, ruptela, suntech, queclink, gps103, wialon, meitrack or osmand (required)
  --devices         number of devices (default 1)
  --rate            messages per second per device (default 1)
  --host            device gateway address (default 127.0.0.1)
  --port            device gateway port (default: teltonika 5027, gt06 5023, h02 5013, jt808 5015, ruptela 5046, suntech 5011, queclink 5004)
  --imei-start      first IMEI, 14 or 15 digits; devices count up from its first 14 digits and
                    get a Luhn check digit (default ${DEFAULT_IMEI_START})
  --duration        stop after this many seconds (default: run until Ctrl+C)
  --window          frames sent ahead of their ACK per device (default 1: wait for each ACK)
  --route           route driven by the fleet (default berlin)
  --stats-interval  seconds between statistics lines (default 5; 0 = none)
  --udp             send datagrams instead of a TCP connection (queclink, gps103, wialon, meitrack)

The exit code is 1 when any ACK was missing or did not match the spec.`;

/** The families whose gateway also takes datagrams (`backend/devices/udp-peers.ts`). */
const UDP_PROTOCOLS = new Set<string>(['queclink', 'gps103', 'wialon', 'meitrack']);

export interface SimulateArgs {
  options: SimulatorOptions;
  durationMs?: number;
  help: boolean;
}

/** Parses the command line; throws `Error` with a message for the user on bad input. */
export function parseSimulateArgs(args: string[]): SimulateArgs {
  const { values } = parseArgs({
    args,
    options: {
      protocol: { type: 'string' },
      devices: { type: 'string' },
      rate: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'imei-start': { type: 'string' },
      duration: { type: 'string' },
      window: { type: 'string' },
      route: { type: 'string' },
      'stats-interval': { type: 'string' },
      udp: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { options: { protocol: 'teltonika' }, help: true };
  const protocol = values.protocol as ProtocolName | undefined;
  if (!protocol || !isSimulated(protocol)) throw new Error(`--protocol must be one of ${SIMULATED_PROTOCOLS.join(', ')}`);
  const devices = integer(values.devices, 'devices', 1, 1, 1_000_000);
  const rate = positive(values.rate, 'rate', 1);
  const port = integer(values.port, 'port', protocols[protocol].defaultPort, 1, 65535);
  const window = integer(values.window, 'window', 1, 1, 10_000);
  const imeiStart = values['imei-start'] ?? DEFAULT_IMEI_START;
  try {
    imeiSequence(imeiStart, devices);
  } catch (error) {
    throw new Error(`--imei-start: ${(error as Error).message}`);
  }
  if (values.udp && !UDP_PROTOCOLS.has(protocol)) throw new Error(`--udp: ${protocol} has no UDP form (queclink, gps103, wialon, meitrack do)`);
  const route = values.route === undefined ? undefined : ROUTES[values.route];
  if (values.route !== undefined && !route) throw new Error(`--route must be one of ${Object.keys(ROUTES).join(', ')}`);
  const statsInterval = values['stats-interval'] === undefined ? 5 : nonNegative(values['stats-interval'], 'stats-interval');
  const duration = values.duration === undefined ? undefined : positive(values.duration, 'duration', 0);
  return {
    help: false,
    ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
    options: {
      protocol,
      devices,
      rate,
      host: values.host ?? '127.0.0.1',
      port,
      imeiStart,
      window,
      ...(route ? { route } : {}),
      statsIntervalMs: statsInterval * 1000,
      ...(values.udp ? { device: { transport: 'udp' as const } } : {}),
    },
  };
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be a whole number ${min}–${max}, got ${value}`);
  return n;
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a number above 0, got ${value}`);
  return n;
}

function nonNegative(value: string, name: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a number ≥ 0, got ${value}`);
  return n;
}

/**
 * Runs the simulator until SIGINT/SIGTERM or `--duration`, printing statistics lines and a summary.
 * Bad arguments print the message and usage and set exit code 2; ACK problems set exit code 1.
 */
export async function runSimulateCommand(args: string[]): Promise<void> {
  let parsed: SimulateArgs;
  try {
    parsed = parseSimulateArgs(args);
  } catch (error) {
    console.error(`dealer-console simulate: ${(error as Error).message}\n\n${simulateUsage}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(simulateUsage);
    return;
  }
  const { options } = parsed;
  const first = imeiSequence(options.imeiStart!, 1)[0];
  console.log(
    `Simulating ${options.devices} ${options.protocol} device(s) at ${options.rate} msg/s each → ${options.host}:${options.port}` +
      ` (IMEIs from ${first}, window ${options.window}${parsed.durationMs ? `, ${parsed.durationMs / 1000} s` : ', Ctrl+C to stop'})`,
  );
  const simulator = startSimulator({ ...options, log: (line) => console.log(line) });
  await new Promise<void>((resolve) => {
    const timer = parsed.durationMs === undefined ? undefined : setTimeout(done, parsed.durationMs);
    function done() {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    }
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const final = await simulator.stop({ drainMs: 2000 });
  console.log(formatSummary(final));
  if (final.acks.mismatched > 0 || final.acks.missing > 0) process.exitCode = 1;
}
