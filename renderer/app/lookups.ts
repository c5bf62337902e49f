import { useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '../../shared/api/params';
import type { User } from '../../shared/entities';
import { useApi, useCan } from './api-context';

/** Users for selects and owner filters: the first page the server allows, by id (server-side search narrows larger sets). */
export function useUserOptions(filter = '') {
  const api = useApi();
  const can = useCan();
  return useQuery({
    queryKey: ['user/list', 'options', filter],
    enabled: can('user/list'),
    staleTime: 30_000,
    queryFn: () => api.call('user/list', { limit: filter ? 100 : MAX_PAGE_SIZE, order_by: 'id', ...(filter ? { filter } : {}) }),
  });
}

export function useTariffs() {
  const api = useApi();
  const can = useCan();
  return useQuery({
    queryKey: ['tariff/list', 'all'],
    enabled: can('tariff/list'),
    staleTime: 30_000,
    queryFn: () => api.call('tariff/list', { limit: MAX_PAGE_SIZE }),
  });
}

export function userName(user: Pick<User, 'first_name' | 'last_name' | 'legal_name' | 'login'>): string {
  const person = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return user.legal_name || person || user.login;
}
