import type { QueryClient } from '@tanstack/react-query';
import { invalidateAll } from '../../../api/use-write';

/** After any tracker write: the table, cards and activity re-read what they show. */
export const trackerQueries = [['tracker/list'], ['tracker/read'], ['user/list']] as const;

export function invalidateTrackers(queryClient: QueryClient): Promise<void> {
  return invalidateAll(queryClient, trackerQueries);
}
