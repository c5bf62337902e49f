/**
 * End-to-end replay of fixture captures over the real listener: every frame goes over TCP to the
 * gateway, its reply is read back byte for byte, and the records it stored are read back through
 * `tracker/history/read` and compared with what the reference decoder (Traccar) produced.
 *
 * One connection speaks for one device (README Devices), so a frame that logs in another device
 * starts a new connection; every device id the captures log in with is registered first. After
 * each frame a probe frame with a known reply is sent: replies leave in frame order, so whatever
 * arrives before the probe's reply is the frame's own reply (or nothing).
 */
import { connect, type Socket } from 'node:net';
import { FixedClock, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { type Capture } from '../protocols/__fixtures__/captures.js';
import { comparePosition, FIXTURE_NOW, fixtureContext } from '../protocols/__fixtures__/replay.js';
import { DecodeError } from '../protocols/errors.js';
import { protocols } from '../protocols/index.js';
import type { ProtocolName } from '../protocols/types.js';
import type { PositionRecord } from '../vocabulary.js';

export interface TcpReplayPlan {
  protocol: ProtocolName;
  model: string; // a model code of the protocol, to register the devices with
  entries: Capture[];
  /** The reply Traccar sent, or undefined for none (with the fixture's time placeholders filled). */
  expectedReply(entry: Capture): Buffer | undefined;
  /**
   * A frame from `deviceId` whose reply is known and that stores no position. Absent for a
   * protocol that never replies (Suntech): then each frame is given until its fixes are stored
   * (at most 1 s; 150 ms when none are expected).
   */
  probe?(deviceId: string): { frame: Buffer; reply: Buffer };
  /** The frame that logs `deviceId` in when a connection must be opened for it (absent: none needed). */
  login?(deviceId: string): Buffer;
  /** Device id to start with, for frames before the first login in the captures. */
  firstDevice?: string;
}

export interface EntryOutcome {
  id: string;
  device: string | undefined;
  expectedReply?: string; // hex
  reply: string; // hex, '' for none
  replyOk: boolean;
  fixes: number; // Traccar positions from data in the frame
  fixesOk: number; // of those, read back from history with matching values
  problems: string[];
}

export interface TcpReplayReport {
  outcomes: EntryOutcome[];
  replies: { exact: number; expected: number; unexpected: number };
  fixes: { readBack: number; expected: number };
  /** The test backend, still open, for further checks (get_state); close it when done. */
  t: TestBackend;
  trackers: Map<string, number>;
}

const DEVICE_ID = /^[0-9A-Za-z]{1,32}$/;

/** Which device each entry logs in (decoded with one decoder in fixture order, as Traccar did). */
function loginsOf(plan: TcpReplayPlan): (string | undefined)[] {
  const decoder = protocols[plan.protocol].createDecoder();
  return plan.entries.map((entry) => {
    try {
      const result = decoder.decode(Buffer.from(entry.hex, 'hex'), fixtureContext);
      const login = result.messages.find((m) => m.type === 'login');
      return login?.type === 'login' && DEVICE_ID.test(login.imei) ? login.imei : undefined;
    } catch (error) {
      if (error instanceof DecodeError) return undefined;
      throw error;
    }
  });
}

class Peer {
  buffer = Buffer.alloc(0);
  closed = false;
  private wake: (() => void) | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }
  static open(port: number): Promise<Peer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Peer(socket)));
      socket.once('error', reject);
    });
  }
  /** Everything received up to and including `tail`; undefined if the connection closed first or time ran out. */
  async until(tail: Buffer, timeoutMs = 2000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf(tail);
      if (at >= 0) {
        const taken = this.buffer.subarray(0, at + tail.length);
        this.buffer = this.buffer.subarray(at + tail.length);
        return taken;
      }
      if (this.closed || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
  }
  close(): void {
    this.socket.destroy();
  }
}

/** Replays the plan's entries; see the module comment. */
export async function replayOverTcp(plan: TcpReplayPlan): Promise<TcpReplayReport> {
  // The server clock Traccar's harness had: replies carrying the time match byte for byte.
  const t = await openTestBackend({ clock: new FixedClock(FIXTURE_NOW.toISOString()) });
  const ports = Object.fromEntries(Object.keys(protocols).map((name) => [name, name === plan.protocol ? 0 : null]));
  await t.backend.gateway.start({ host: '127.0.0.1', ports, stateFlushMs: 20 });
  const port = t.backend.gateway.ports.get(plan.protocol)!;
  const logins = loginsOf(plan);
  const devices = [...new Set([plan.firstDevice, ...logins].filter((d): d is string => d !== undefined))];
  const trackers = new Map<string, number>();
  const tariff = (await t.ok('tariff/create', { tariff: { name: 'Replay', type: 'monthly', price: 1, device_limit: 100000 } })).id;
  const user = (await t.ok('user/create', { user: { login: 'replay@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
  for (const [n, deviceId] of devices.entries()) {
    const id = (await t.ok('tracker/register', { user_id: user, label: `Replay ${n}`, model: plan.model, device_id: deviceId, tariff_id: tariff }))
      .id as number;
    trackers.set(deviceId, id);
  }
  const now = t.clock.now().getTime();
  const window = {
    from: new Date(now - 86_400_000).toISOString().slice(0, 19).replace('T', ' '),
    to: new Date(now + 86_400_000).toISOString().slice(0, 19).replace('T', ' '),
  };
  const seen = new Map<string, number>(); // history records already compared, per device
  const history = async (deviceId: string) =>
    (await t.ok('tracker/history/read', { tracker_id: trackers.get(deviceId), ...window, limit: 1000 })).list as Record<string, any>[];
  /** Waits (at most `ms`) until `count` records past those already compared are stored for the device. */
  const fixesStored = async (deviceId: string, count: number, ms: number) => {
    const deadline = Date.now() + ms;
    const want = (seen.get(deviceId) ?? 0) + count;
    while (Date.now() < deadline && (await history(deviceId)).length < want) await new Promise((r) => setTimeout(r, 10));
  };

  let peer: Peer | undefined;
  let device = plan.firstDevice;
  const connectAs = async (deviceId: string, withLogin: boolean) => {
    peer?.close();
    peer = await Peer.open(port);
    device = deviceId;
    if (withLogin && plan.login && plan.probe) {
      const { frame, reply } = plan.probe(deviceId);
      peer.socket.write(plan.login(deviceId));
      peer.socket.write(frame);
      await peer.until(reply);
    }
  };

  const outcomes: EntryOutcome[] = [];
  for (const [index, entry] of plan.entries.entries()) {
    const login = logins[index];
    if (login !== undefined && (login !== device || !peer || peer.closed)) await connectAs(login, false);
    else if (!peer || peer.closed) await connectAs(device ?? devices[0]!, true);
    const current = device!;
    const frame = Buffer.from(entry.hex, 'hex');
    const want = plan.expectedReply(entry);
    const theirs = (entry.traccar?.positions ?? []).filter((p) => !p.outdated);
    let reply: Buffer;
    let received: Buffer | undefined;
    if (plan.probe) {
      const probe = plan.probe(current);
      peer!.socket.write(frame);
      peer!.socket.write(probe.frame);
      received = await peer!.until(probe.reply);
      reply = received === undefined ? peer!.buffer : received.subarray(0, received.length - probe.reply.length);
      if (received === undefined) peer!.close();
      else if (reply.length === 0 && want?.equals(probe.reply)) {
        // The frame's reply is the probe's: the first copy was the frame's, wait for the probe's.
        if (await peer!.until(probe.reply)) reply = probe.reply;
      }
      // A frame that gets no reply of its own may still be in the group commit when the probe's
      // reply (which stores nothing) comes back: give its fixes the same second to be stored.
      if (theirs.length) await fixesStored(current, theirs.length, 1000);
    } else {
      peer!.socket.write(frame);
      if (theirs.length) await fixesStored(current, theirs.length, 1000);
      else await new Promise((r) => setTimeout(r, 150));
      reply = peer!.buffer;
      peer!.buffer = Buffer.alloc(0);
      received = reply;
    }
    const problems: string[] = [];
    const replyOk = (want?.toString('hex') ?? '') === reply.toString('hex');
    if (!replyOk)
      problems.push(`reply ${reply.toString('hex') || 'none'} ≠ ${want?.toString('hex') ?? 'none'}${received === undefined ? ' (connection closed)' : ''}`);
    const list = await history(current);
    const fresh = list.slice(seen.get(current) ?? 0).filter((r) => r.kind === 'position');
    seen.set(current, list.length);
    let fixesOk = 0;
    if (fresh.length !== theirs.length) problems.push(`${fresh.length} positions read back ≠ Traccar's ${theirs.length}`);
    else {
      fresh.forEach((stored, i) => {
        const record = { ...stored, time: new Date(stored.time) } as unknown as PositionRecord;
        const diff = comparePosition(record, entry.traccar!, i);
        if (diff.length === 0) fixesOk++;
        problems.push(...diff);
      });
    }
    outcomes.push({
      id: entry.id,
      device: current,
      ...(want ? { expectedReply: want.toString('hex') } : {}),
      reply: reply.toString('hex'),
      replyOk,
      fixes: theirs.length,
      fixesOk,
      problems,
    });
  }
  peer?.close();
  const withReply = outcomes.filter((o) => o.expectedReply !== undefined);
  return {
    outcomes,
    replies: {
      exact: withReply.filter((o) => o.replyOk).length,
      expected: withReply.length,
      unexpected: outcomes.filter((o) => o.expectedReply === undefined && o.reply !== '').length,
    },
    fixes: { readBack: outcomes.reduce((n, o) => n + o.fixesOk, 0), expected: outcomes.reduce((n, o) => n + o.fixes, 0) },
    t,
    trackers,
  };
}

/** One line per entry that differs, for the test log. */
export function summarizeTcp(protocol: string, report: TcpReplayReport): string {
  const { replies, fixes } = report;
  const lines = report.outcomes.filter((o) => o.problems.length).map((o) => `  ${o.id}: ${o.problems.join('; ')}`);
  return [
    `${protocol} over TCP: replies byte-exact ${replies.exact}/${replies.expected} (${replies.unexpected} replies where Traccar sent none), fixes read back ${fixes.readBack}/${fixes.expected}`,
    ...lines,
  ].join('\n');
}
