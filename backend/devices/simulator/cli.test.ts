import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSimulateArgs, runSimulateCommand, simulateUsage } from './cli.js';
import { imeiSequence } from './imei.js';
import { BUENOS_AIRES } from './route.js';
import { formatStats, formatSummary, startSimulator } from './simulator.js';
import { startTestGateway, until } from './test-support/gateway.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('simulate arguments', () => {
  it('defaults', () => {
    for (const [protocol, port] of [
      ['teltonika', 5027],
      ['gt06', 5023],
      ['h02', 5013],
    ] as const) {
      expect(parseSimulateArgs(['--protocol', protocol])).toEqual({
        help: false,
        options: { protocol, devices: 1, rate: 1, host: '127.0.0.1', port, imeiStart: '356307042440000', window: 1, statsIntervalMs: 5000 },
      });
    }
  });

  it('every option', () => {
    const parsed = parseSimulateArgs([
      '--protocol',
      'gt06',
      '--devices',
      '500',
      '--rate',
      '0.5',
      '--host',
      '10.0.0.2',
      '--port',
      '6000',
      '--imei-start',
      '49015420323751',
      '--duration',
      '30',
      '--window',
      '8',
      '--route',
      'buenos-aires',
      '--stats-interval',
      '0',
    ]);
    expect(parsed).toEqual({
      help: false,
      durationMs: 30_000,
      options: {
        protocol: 'gt06',
        devices: 500,
        rate: 0.5,
        host: '10.0.0.2',
        port: 6000,
        imeiStart: '49015420323751',
        window: 8,
        route: BUENOS_AIRES,
        statsIntervalMs: 0,
      },
    });
    expect(parseSimulateArgs(['-h']).help).toBe(true);
    expect(parseSimulateArgs(['--protocol', 'meitrack', '--udp']).options.device).toEqual({ transport: 'udp' });
    expect(parseSimulateArgs(['--protocol', 'meitrack']).options.device).toBeUndefined();
  });

  it('rejects bad input with a message', () => {
    expect(() => parseSimulateArgs([])).toThrow(/--protocol must be one of teltonika, gt06, h02/);
    expect(() => parseSimulateArgs(['--protocol', 'tk103'])).toThrow(/--protocol/);
    expect(() => parseSimulateArgs(['--protocol', 'teltonika', '--udp'])).toThrow(/--udp: teltonika has no UDP form/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--devices', '0'])).toThrow(/--devices must be a whole number/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--rate=0'])).toThrow(/--rate must be a number above 0/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--port', '70000'])).toThrow(/--port/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--imei-start', '12ab'])).toThrow(/--imei-start/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--route', 'mars'])).toThrow(/--route must be one of berlin, buenos-aires/);
    expect(() => parseSimulateArgs(['--protocol', 'h02', '--bogus'])).toThrow();
  });

  it('runSimulateCommand prints usage and sets exit code 2 on bad input', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await runSimulateCommand(['--protocol', 'nope']);
    expect(process.exitCode).toBe(2);
    expect(error.mock.calls[0]![0]).toContain(simulateUsage);
  });
});

describe('runSimulateCommand', () => {
  it('runs for --duration against a gateway and prints stats lines and a summary', async () => {
    const gw = await startTestGateway('h02');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await runSimulateCommand([
        '--protocol',
        'h02',
        '--port',
        String(gw.port),
        '--devices',
        '3',
        '--rate',
        '10',
        '--duration',
        '1.2',
        '--stats-interval',
        '0.5',
      ]);
    } finally {
      await gw.close();
    }
    expect(process.exitCode).toBeUndefined();
    expect(lines[0]).toMatch(/^Simulating 3 h02 device\(s\) at 10 msg\/s each → 127\.0\.0\.1:\d+ \(IMEIs from 35630704244000\d, window 1, 1\.2 s\)$/);
    expect(
      lines.some((l) =>
        /^\[\d+s\] h02 3\/3 online \| records \d+ sent, \d+ acked \(\d+\.\d\/s\) \| ack p50 [\d.]+ ms p99 [\d.]+ ms \| mismatched 0 missing 0 \| commands 0 \| reconnects 0$/.test(
          l,
        ),
      ),
    ).toBe(true);
    const summary = lines.at(-1)!;
    expect(summary).toMatch(/^Simulated 3 h02 device\(s\) for 1\.\d s/);
    expect(summary).toMatch(/ACKs: +\d+ as specified, 0 mismatched, 0 missing, 0 unexpected/);
    const sent = Number(/records: +(\d+) sent, (\d+) acked/.exec(summary)![1]);
    expect(sent).toBeGreaterThanOrEqual(20);
    expect(summary).toContain(`records:     ${sent} sent, ${sent} acked`);
  });

  it('sets exit code 1 when an ACK did not match the spec', async () => {
    const gw = await startTestGateway('teltonika', { reply: (reply) => (reply?.length === 4 ? Buffer.from('00000002', 'hex') : reply) });
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await runSimulateCommand(['--protocol', 'teltonika', '--port', String(gw.port), '--rate', '20', '--duration', '0.3', '--stats-interval', '0']);
    } finally {
      await gw.close();
    }
    expect(process.exitCode).toBe(1);
    expect(lines.at(-1)).toMatch(/ACKs: +1 as specified, [1-9]\d* mismatched/);
  });

  it('an unanswered login counts as a missing ACK', async () => {
    const gw = await startTestGateway('gt06', { registered: () => false });
    try {
      const sim = startSimulator({ protocol: 'gt06', port: gw.port, statsIntervalMs: 0, device: { ackTimeoutMs: 50, reconnectMinMs: 10 } });
      await until(() => sim.stats().acks.missing >= 1);
      const stats = await sim.stop();
      expect(stats.logins.accepted).toBe(0);
      expect(formatSummary(stats)).toMatch(/0 mismatched, [1-9]\d* missing/);
    } finally {
      await gw.close();
    }
  });
});

describe('simulator handle', () => {
  it('gives IMEIs from --imei-start, logs stats lines, stops idempotently', async () => {
    const gw = await startTestGateway('teltonika');
    const lines: string[] = [];
    const sim = startSimulator({
      protocol: 'teltonika',
      port: gw.port,
      devices: 5,
      rate: 20,
      imeiStart: '49015420323751',
      statsIntervalMs: 100,
      log: (l) => lines.push(l),
    });
    try {
      expect(sim.devices.map((d) => d.imei)).toEqual(imeiSequence('49015420323751', 5));
      await until(() => lines.length >= 2 && sim.stats().records.acked >= 10);
      const [first, second] = await Promise.all([sim.stop({ drainMs: 1000 }), sim.stop()]);
      expect(first).toBe(second);
      expect(first.online).toBe(0);
      expect(first.logins.accepted).toBe(5);
      expect(lines[0]).toMatch(/^\[0s\] teltonika \d\/5 online/);
      expect(new Set(gw.messages.filter((m) => m.message.type === 'login').map((m) => m.imei))).toEqual(new Set(imeiSequence('49015420323751', 5)));
    } finally {
      await gw.close();
    }
  });

  it('formats a stats line with rates since the previous line', () => {
    const sim = startSimulator({ protocol: 'h02', port: 1, statsIntervalMs: 0, rampUpMs: 1_000_000, devices: 2 });
    const base = sim.stats();
    void sim.stop();
    const later = { ...base, elapsedMs: base.elapsedMs + 2000, records: { ...base.records, sent: 40, acked: 38, queued: 2 } };
    expect(formatStats(later, base)).toContain('records 40 sent, 38 acked (19.0/s), 2 queued');
    expect(formatStats(later, base)).toContain('0/2 online');
  });
});
