import { createServer, type Server, type Socket } from 'node:net';
import {
  DEFAULT_SESSION_LIMITS,
  DeviceSession,
  type DeviceSocket,
  IDLE_TIMEOUT_MS,
  PARTIAL_FRAME_TIMEOUT_MS,
  type SessionHost,
  type SessionLimits,
} from './device-session.js';
import { AddressLimits, DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from './gateway-limits.js';
import { protocols } from './protocols/index.js';
import { bindUdp, DatagramSplitter, UdpPeer } from './udp-peers.js';
import type { Socket as DatagramSocket } from 'node:dgram';
import type { ProtocolCodec, ProtocolName } from './protocols/types.js';

/** How the listeners run: ports, time-outs and bounds (the gateway's options). */
export interface ListenerOptions {
  host: string;
  /** TCP port per protocol: absent = the protocol's default, null = disabled, 0 = any free port. */
  ports: Partial<Record<ProtocolName, number | null>>;
  /** No whole frame for this long closes a connection, ms (default 10 min). */
  idleTimeoutMs?: number;
  /** A frame left partial for this long closes the connection, ms (default 60 s). */
  partialFrameTimeoutMs?: number;
  /** A connection that has not identified itself as a registered device by then is closed, ms (default 60 s). */
  loginTimeoutMs?: number;
  limits?: Partial<GatewayLimits>;
  session?: Partial<SessionLimits>;
}

const LOGIN_TIMEOUT_MS = 60 * 1000;

/** Families that also listen on UDP, on the same port number as their TCP listener (issue 11). */
export const UDP_FAMILIES: ReadonlySet<ProtocolName> = new Set<ProtocolName>(['queclink', 'gps103', 'wialon', 'meitrack']);

/**
 * One TCP listener per protocol and the connections they accepted: per-address bounds, the
 * time-outs that close a connection (idle, no login, partial frame, replies left unread) and the
 * byte budget every connection's frames in flight share.
 */
export class DeviceListeners {
  private readonly servers = new Map<ProtocolName, Server>();
  private readonly sessions = new Set<DeviceSession>();
  readonly ports = new Map<ProtocolName, number>();
  /** The UDP port of each family that has one. */
  readonly udpPorts = new Map<ProtocolName, number>();
  private readonly udpSockets: DatagramSocket[] = [];
  /** UDP sources as connections, by address:port; at most `maxConnections` per family, expired by the sweep like TCP connections. */
  private readonly udpPeers = new Map<string, UdpPeer>();
  /** The session of each UDP source, oldest first (eviction order). */
  private readonly udpSessions = new Map<string, DeviceSession>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private idleTimeoutMs = IDLE_TIMEOUT_MS;
  private partialFrameTimeoutMs = PARTIAL_FRAME_TIMEOUT_MS;
  private loginTimeoutMs = LOGIN_TIMEOUT_MS;
  private currentLimits: GatewayLimits = DEFAULT_GATEWAY_LIMITS;
  private sessionLimits: SessionLimits = DEFAULT_SESSION_LIMITS;
  private addressLimits = new AddressLimits(DEFAULT_GATEWAY_LIMITS);
  private bytesInFlight = 0;
  private budgetWaiters: (() => void)[] = [];
  private stopping = false;

  /** `host` handles every connection's frames (the gateway). */
  constructor(private readonly host: SessionHost) {}

  get limits(): GatewayLimits {
    return this.currentLimits;
  }

  /** Per-address connection counts and login refusals. */
  get addresses(): AddressLimits {
    return this.addressLimits;
  }

  async start(options: ListenerOptions): Promise<void> {
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.partialFrameTimeoutMs = options.partialFrameTimeoutMs ?? PARTIAL_FRAME_TIMEOUT_MS;
    this.loginTimeoutMs = options.loginTimeoutMs ?? LOGIN_TIMEOUT_MS;
    this.currentLimits = { ...DEFAULT_GATEWAY_LIMITS, ...options.limits };
    this.sessionLimits = { ...DEFAULT_SESSION_LIMITS, maxBytesPerSecond: this.currentLimits.maxBytesPerSecondPerConnection, ...options.session };
    this.addressLimits = new AddressLimits(this.currentLimits);
    for (const name of Object.keys(protocols) as ProtocolName[]) {
      const port = options.ports[name];
      if (port === null) continue;
      const codec = protocols[name];
      const server = createServer((socket) => this.accept(socket, codec));
      server.maxConnections = this.currentLimits.maxConnections;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port ?? codec.defaultPort, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      this.ports.set(name, typeof address === 'object' && address ? address.port : (port ?? codec.defaultPort));
      this.servers.set(name, server);
      if (UDP_FAMILIES.has(name)) await this.startUdp(name, codec, options.host, this.ports.get(name)!);
    }
    const sweepMs = Math.max(20, Math.min(1000, Math.floor(Math.min(this.idleTimeoutMs, this.partialFrameTimeoutMs, this.loginTimeoutMs) / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), sweepMs);
    this.sweepTimer.unref();
  }

  private async startUdp(name: ProtocolName, codec: ProtocolCodec, host: string, port: number): Promise<void> {
    const datagramCodec: ProtocolCodec = { ...codec, createSplitter: () => new DatagramSplitter(codec) };
    // A datagram is whole or dropped: no byte-rate deferral inside the session (the peer limits datagrams instead).
    const limits = { ...this.sessionLimits, maxBytesPerSecond: Infinity, burstBytes: Infinity };
    const socket = await bindUdp(host, port, (datagram, address, remotePort) => {
      const key = `${name}/${address}:${remotePort}`;
      let peer = this.udpPeers.get(key);
      if (!peer) {
        if (this.stopping) return;
        if (this.udpPeers.size >= this.currentLimits.maxConnections * UDP_FAMILIES.size && !this.evictUnidentifiedUdp()) return;
        if (!this.addressLimits.connect(address)) return;
        const created = new UdpPeer(socket, address, remotePort, () => {
          this.udpPeers.delete(key);
          this.udpSessions.delete(key);
        });
        this.udpPeers.set(key, created);
        // The methods a session calls are all there; their return types are the peer's own, which nothing reads.
        const session = new DeviceSession(created as unknown as DeviceSocket, datagramCodec, this.host, limits);
        this.sessions.add(session);
        this.udpSessions.set(key, session);
        peer = created;
      }
      peer.receive(datagram);
    });
    this.udpSockets.push(socket);
    const address = socket.address();
    this.udpPorts.set(name, address.port);
  }

  /**
   * UDP source addresses can be spoofed: a flood of datagrams from made-up sources would otherwise hold
   * every UDP slot until their no-login time-out. With the slots full, the oldest source that is not
   * (yet) a registered device makes room; a source that is one is never evicted. False: none to evict.
   */
  private evictUnidentifiedUdp(): boolean {
    for (const [key, session] of this.udpSessions) {
      if (session.sourceId !== undefined) continue;
      this.udpSessions.delete(key);
      this.udpPeers.delete(key);
      session.close('UDP sources full: the oldest unidentified one evicted', true);
      return true;
    }
    return false;
  }

  private accept(socket: Socket, codec: ProtocolCodec): void {
    const address = socket.remoteAddress ?? 'unknown';
    if (this.stopping || !this.addressLimits.connect(address)) {
      socket.destroy();
      return;
    }
    this.sessions.add(new DeviceSession(socket, codec, this.host, this.sessionLimits));
  }

  /**
   * Closes connections that sent no whole frame within the idle timeout, are not a registered
   * device a minute after connecting, held a partial frame past
   * the partial-frame timeout (a trickle of bytes does not reset it), or left our replies unread
   * that long.
   */
  private sweep(): void {
    const now = performance.now();
    for (const session of this.sessions) {
      const idleMs = Math.min(this.idleTimeoutMs, session.codec.idleTimeoutMs ?? Infinity);
      const partialMs = Math.min(this.partialFrameTimeoutMs, session.codec.partialFrameTimeoutMs ?? Infinity);
      if (now - session.lastFrameAt > idleMs) session.close('idle timeout', session.codec.idleTimeoutMs !== undefined);
      else if (session.sourceId === undefined && now - session.connectedAt > this.loginTimeoutMs) session.close('no login', !session.claimedImei);
      else if (session.partialSince !== undefined && now - session.partialSince > partialMs) session.close('partial frame timeout');
      else if (session.unreadSince !== undefined && now - session.unreadSince > this.partialFrameTimeoutMs) session.close('replies left unread');
    }
  }

  /** A connection ended: false when it was not (or no longer) one of ours. */
  closed(session: DeviceSession): boolean {
    if (!this.sessions.delete(session)) return false;
    this.addressLimits.disconnect(session.remoteAddress);
    return true;
  }

  /** Every open connection. */
  all(): Iterable<DeviceSession> {
    return this.sessions;
  }

  reserve(bytes: number): void {
    this.bytesInFlight += bytes;
  }

  release(bytes: number): void {
    this.bytesInFlight -= bytes;
    if (this.budgetWaiters.length && !this.overBudget()) for (const resume of this.budgetWaiters.splice(0)) resume();
  }

  overBudget(): boolean {
    return this.bytesInFlight >= this.currentLimits.maxBytesInFlight;
  }

  whenBudget(resume: () => void): void {
    this.budgetWaiters.push(resume);
  }

  /** Frame bytes held for storage by every connection now. */
  get heldBytes(): number {
    return this.bytesInFlight;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** Stops accepting, then ends the open connections and waits until they have settled. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    // A server closes only once its connections are gone.
    const closing = [...this.servers.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const open = [...this.sessions];
    for (const session of open) session.close('server stopping');
    await Promise.all(open.map((s) => s.settled().catch(() => {})));
    await Promise.all(closing);
    this.servers.clear();
    await Promise.all(this.udpSockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
