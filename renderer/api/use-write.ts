import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { MethodPath, ParamsOf } from '../../shared/api/contract';
import { useApi } from '../app/api-context';
import type { ParamsArg, Success } from './client';

/** What a write was sent with, for callbacks that need it (the params, the time it left). */
export interface Sent<M extends MethodPath> {
  params: ParamsOf<M>;
  /** Date.now() just before the call. */
  at: number;
}

export interface WriteOptions<M extends MethodPath> {
  /** Query keys (or key prefixes) read again after a success, before `onSuccess`. */
  invalidate?: readonly QueryKey[];
  /** After the success and the re-reads; the write stays busy until it settles (close a dialog, read what it wrote). */
  onSuccess?(result: Success<M>, sent: Sent<M>): unknown;
}

export interface Write<M extends MethodPath> {
  /** Sends `path` with `params`; a failure ends up in `error`, never thrown. */
  write(...params: ParamsArg<M>): void;
  /** From the call until the re-reads and `onSuccess` are done. */
  busy: boolean;
  /** The last failure (an ApiCallError, in words), null otherwise; cleared by the next write. */
  error: unknown;
  /** The last success body. */
  result: Success<M> | undefined;
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
 * Parameters and result are the method's (shared/api/contract.ts).
 */
export function useWrite<M extends MethodPath>(path: M, options: WriteOptions<M> = {}): Write<M> {
  const api = useApi();
  const queryClient = useQueryClient();
  const { invalidate = [], onSuccess } = options;
  const mutation = useMutation({
    mutationFn: (params: ParamsOf<M>) => api.call(path, ...([params] as ParamsArg<M>)),
    onMutate: () => ({ at: Date.now() }),
    onSuccess: async (result, params, context) => {
      await invalidateAll(queryClient, invalidate);
      await onSuccess?.(result, { params, at: context.at });
    },
  });
  return {
    write: (...[params]) => mutation.mutate(params ?? ({} as ParamsOf<M>)),
    busy: mutation.isPending,
    error: mutation.error,
    result: mutation.data,
    reset: mutation.reset,
  };
}
