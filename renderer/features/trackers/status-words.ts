import type { ConnectionStatus } from '../../../shared/connection-status';

/** The admin panel's words for `source.connection_status` (docs/navixy-api-facts.md §4.2). */
export const statusWords: Record<ConnectionStatus, string> = {
  active: 'Online',
  signal_lost: 'Connection lost',
  offline: 'Offline',
  just_registered: 'Just registered',
  idle: 'GPS not updated',
};

export function statusWord(status: string): string {
  return statusWords[status as ConnectionStatus] ?? status;
}
