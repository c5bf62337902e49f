import { loggableId } from '../../shared/console-text.js';
import type { TrackerIndexChange } from '../storage/repositories/tracker-index.js';
import type { DeviceSession, FrameVerdict } from './device-session.js';
import type { AddressLimits, GatewayLimits } from './gateway-limits.js';
import { DEVICE_ID, type DeviceIdentities } from './identities.js';

/** What follows from a binding: the connection facts, the console and the open commands. */
export interface BindingEvents {
  /** `session` speaks for `sourceId` now (it replaced any other connection of the source). */
  bound(session: DeviceSession, sourceId: number, at: string): void;
  /** `sourceId` has no connection any more; `line` is what the console shows. */
  offline(sourceId: number, line: string): void;
}

/** The login bounds of the listeners: refusals are counted per address. */
export interface LoginLimits {
  readonly addresses: AddressLimits;
  readonly limits: GatewayLimits;
}

/**
 * Which connection speaks for which registered source: logins (one identity per connection, the
 * last login of a source replaces the connection before it, refused logins counted per address),
 * and re-resolving connections whose registration may have changed.
 */
export class SessionBindings {
  private readonly bySource = new Map<number, DeviceSession>();
  /** Connections by the IMEI they claimed (registered or not), so a registration can bind them. */
  private readonly byClaim = new Map<string, Set<DeviceSession>>();

  constructor(
    private readonly identities: DeviceIdentities,
    private readonly logins: LoginLimits,
    private readonly events: BindingEvents,
    private readonly now: () => string,
    private readonly log: (line: string) => void,
  ) {}

  registered(imei: string): boolean {
    return this.identities.lookup(imei) !== undefined;
  }

  /** The open connection of a source, if it has one. */
  sessionOf(sourceId: number): DeviceSession | undefined {
    return this.bySource.get(sourceId);
  }

  isOnline(sourceId: number): boolean {
    return this.bySource.get(sourceId)?.open ?? false;
  }

  /**
   * Whether the connection speaks for a registered, non-corrupted source now; re-resolves its IMEI
   * when a registration change marked it stale.
   */
  bound(session: DeviceSession): boolean {
    if (session.stale && session.claimedImei) this.bind(session, session.claimedImei, this.now());
    return session.sourceId !== undefined;
  }

  /** A login message. Returns the verdict when the connection is refused. */
  login(session: DeviceSession, imei: string, at: string): FrameVerdict | undefined {
    const address = session.remoteAddress;
    if (this.logins.addresses.blocked(address)) return { reply: false, close: 'login refused: too many refusals from this address', quiet: true };
    if (!DEVICE_ID.test(imei)) return this.refuse(session, `invalid device id ${loggableId(imei)}`);
    if (session.claimedImei !== undefined && session.claimedImei !== imei) {
      // One connection speaks for one device: a second identity would close the real device's session.
      return { reply: false, close: `second identity ${loggableId(imei)} on a connection of ${session.claimedImei} refused` };
    }
    if (session.claimedImei === undefined) {
      session.claimedImei = imei;
      let set = this.byClaim.get(imei);
      if (!set) this.byClaim.set(imei, (set = new Set()));
      set.add(session);
    }
    // Resolved again on every login: the tracker may have been registered since the last one.
    this.bind(session, imei, at);
    if (session.sourceId === undefined) return this.refuse(session, `unknown device ${imei}`);
    return undefined;
  }

  /** The protocol's refusal (the decoder chose its bytes), then the connection ends. */
  private refuse(session: DeviceSession, reason: string): FrameVerdict {
    const reachedLimit = this.logins.addresses.refused(session.remoteAddress);
    if (reachedLimit) {
      const seconds = Math.round(this.logins.limits.refusalWindowMs / 1000);
      this.log(`${session.codec.name} ${session.remoteAddress}: too many refused logins; logins from this address are shut out for ${seconds} s`);
    }
    return { reply: 'refusal', close: reason };
  }

  /** Points the session at the registered source of `imei` now, or at nothing. */
  private bind(session: DeviceSession, imei: string, at: string): void {
    session.stale = false;
    const source = this.identities.lookup(imei);
    if (session.sourceId !== undefined && session.sourceId !== source?.id) this.unbind(session, 'device registration changed');
    if (!source) return;
    session.imei = imei;
    session.dealerId = source.dealerId;
    if (session.sourceId === source.id && this.bySource.get(source.id) === session) return;
    session.sourceId = source.id;
    const previous = this.bySource.get(source.id);
    // Only a login that passed (a registered identity, the connection's only one) replaces a session.
    if (previous && previous !== session) previous.close('replaced by a new connection');
    this.bySource.set(source.id, session);
    this.events.bound(session, source.id, at);
  }

  private unbind(session: DeviceSession, why: string): void {
    const sourceId = session.sourceId;
    session.sourceId = undefined;
    session.dealerId = undefined;
    session.imei = undefined;
    if (sourceId === undefined || this.bySource.get(sourceId) !== session) return;
    this.bySource.delete(sourceId);
    this.events.offline(sourceId, `device went offline (${why})`);
  }

  /**
   * Follows a change of trackers or sources: the identities first, then the connections it may
   * concern are marked to resolve again before they store anything.
   */
  identitiesChanged(change: TrackerIndexChange, sessions: () => Iterable<DeviceSession>): void {
    this.identities.apply(change);
    if (change.all) {
      for (const session of sessions()) session.stale = true;
      return;
    }
    for (const id of change.sourceIds) {
      const session = this.bySource.get(id);
      if (session) session.stale = true;
    }
    for (const deviceId of change.deviceIds) {
      for (const session of this.byClaim.get(deviceId) ?? []) session.stale = true;
    }
  }

  /** A connection ended: it no longer claims an IMEI nor speaks for a source. */
  closed(session: DeviceSession): void {
    if (session.claimedImei !== undefined) {
      const set = this.byClaim.get(session.claimedImei);
      set?.delete(session);
      if (set?.size === 0) this.byClaim.delete(session.claimedImei);
    }
    const sourceId = session.sourceId;
    if (sourceId === undefined || this.bySource.get(sourceId) !== session) return;
    this.bySource.delete(sourceId);
    this.events.offline(sourceId, 'device went offline');
  }
}
