export type ConnectionStatus = 'active' | 'idle' | 'signal_lost' | 'offline' | 'just_registered';

/** Seconds without a record after which a connected device is "idle" (GPS not updated). */
export const IDLE_AFTER_S = 5 * 60;
/** Seconds after a disconnect during which the status is "signal_lost" rather than "offline". */
export const SIGNAL_LOST_FOR_S = 10 * 60;

export interface ConnectionFacts {
  /** Whether a TCP connection from the device is open now. */
  connected: boolean;
  /** UTC `YYYY-MM-DD HH:MM:SS` of the last frame received, or null if the device never connected. */
  lastConnection: string | null;
  /** UTC `YYYY-MM-DD HH:MM:SS` of the last decoded record, or null. */
  lastData: string | null;
}

function seconds(dateTime: string): number {
  return Date.parse(`${dateTime.replace(' ', 'T')}Z`) / 1000;
}

/**
 * The documented rules:
 * - never connected → just_registered;
 * - connected and a record within IDLE_AFTER_S → active; connected otherwise → idle;
 * - disconnected less than SIGNAL_LOST_FOR_S ago → signal_lost; longer → offline.
 */
export function connectionStatus(facts: ConnectionFacts, now: Date): ConnectionStatus {
  if (!facts.lastConnection) return 'just_registered';
  const nowS = now.getTime() / 1000;
  if (facts.connected) {
    return facts.lastData && nowS - seconds(facts.lastData) <= IDLE_AFTER_S ? 'active' : 'idle';
  }
  return nowS - seconds(facts.lastConnection) <= SIGNAL_LOST_FOR_S ? 'signal_lost' : 'offline';
}

/** Sort rank for order_by=status: the most alive first. */
export const statusRank: Record<ConnectionStatus, number> = {
  active: 0,
  idle: 1,
  signal_lost: 2,
  offline: 3,
  just_registered: 4,
};
