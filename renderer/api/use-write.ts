import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ApiSuccess } from '../../shared/bridge';
import { useApi } from '../app/api-context';

type Params = Record<string, unknown>;

/** What a write was sent with, for callbacks that need it (the params, the time it left). */
export interface Sent {
  params: Params;
  /** Date.now() just before the call. */
  at: number;
}

export interface WriteOptions<T extends object> {
  /** Query keys (or key prefixes) read again after a success, before `onSuccess`. */
  invalidate?: readonly QueryKey[];
  /** After the success and the re-reads; the write stays busy until it settles (close a dialog, read what it wrote). */
  onSuccess?(result: ApiSuccess & T, sent: Sent): unknown;
}

export interface Write<T extends object> {
  /** Sends `path` with `params`; a failure ends up in `error`, never thrown. */
  write(params?: Params): void;
  /** From the call until the re-reads and `onSuccess` are done. */
  busy: boolean;
  /** The last failure (an ApiCallError, in words), null otherwise; cleared by the next write. */
  error: unknown;
  /** The last success body. */
  result: (ApiSuccess & T) | undefined;
  /** Forgets error and result (e.g. when the user edits the field the error is about). */
  reset(): void;
}

/** Re-reads every query under each key prefix; resolves when they are fresh. */
export function invalidateAll(queryClient: QueryClient, keys: readonly QueryKey[]): Promise<void> {
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/**
 * One API write as a react-query mutation: `busy` and `error` in the shape dialogs show
 * (`<Dialog busy>`, `<DialogFooter busy error>`), the listed queries re-read on success.
 */
export function useWrite<T extends object = Params>(path: string, options: WriteOptions<T> = {}): Write<T> {
  const api = useApi();
  const queryClient = useQueryClient();
  const { invalidate = [], onSuccess } = options;
  const mutation = useMutation({
    mutationFn: (params: Params) => api.call<T>(path, params),
    onMutate: () => ({ at: Date.now() }),
    onSuccess: async (result, params, context) => {
      await invalidateAll(queryClient, invalidate);
      await onSuccess?.(result, { params, at: context.at });
    },
  });
  return {
    write: (params = {}) => mutation.mutate(params),
    busy: mutation.isPending,
    error: mutation.error,
    result: mutation.data,
    reset: mutation.reset,
  };
}
