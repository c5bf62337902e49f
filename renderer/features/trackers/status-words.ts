import type { ConnectionStatus } from '../../../shared/connection-status';
import { t } from '../../i18n';

const statuses: readonly ConnectionStatus[] = ['active', 'signal_lost', 'offline', 'just_registered', 'idle'];

/** The admin panel's words for `source.connection_status` (docs/navixy-api-facts.md §4.2), in the current language. */
export function statusWord(status: string): string {
  return statuses.includes(status as ConnectionStatus) ? t(`status.${status}`) : status;
}
