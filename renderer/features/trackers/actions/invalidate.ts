import type { QueryClient } from '@tanstack/react-query';

/** After any tracker write: the table, cards and activity re-read what they show. */
export function invalidateTrackers(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['tracker/list'] }),
    queryClient.invalidateQueries({ queryKey: ['tracker/read'] }),
    queryClient.invalidateQueries({ queryKey: ['user/list'] }),
  ]).then(() => undefined);
}
