export interface BatchFailure {
  id: number;
  label?: string;
  words: string;
}

export interface BatchState {
  total: number;
  done: number;
  succeeded: number;
  failures: BatchFailure[];
  finished: boolean;
  /** Stopped by the user before every item ran: `total - done` items were not started. */
  cancelled?: boolean;
}

export const emptyBatch = (total: number): BatchState => ({ total, done: 0, succeeded: 0, failures: [], finished: false });

/** Failures listed on screen; the rest are counted (a screen reader would read thousands). */
const MAX_LISTED = 200;

/** A progress bar while a group action runs, then the result summary with each failure's reason. */
export function BatchProgress({ state, verb, failureWords }: { state: BatchState; verb: string; failureWords?(failure: BatchFailure): string }) {
  const notStarted = state.cancelled ? state.total - state.done : 0;
  return (
    <div className="batch-progress">
      <progress max={state.total} value={state.done} aria-label={`${verb}: ${state.done} of ${state.total}`} />
      <p role="status" aria-live="polite">
        {state.finished
          ? `${verb}: ${state.succeeded}${state.failures.length ? `, ${state.failures.length} failed` : ''}${notStarted ? `, ${notStarted} not started (cancelled)` : ''}`
          : `${state.done} of ${state.total}…`}
      </p>
      {state.finished && state.failures.length > 0 && (
        <ul className="failure-list" aria-label="Failures">
          {state.failures.slice(0, MAX_LISTED).map((f) => (
            <li key={f.id}>
              {failureWords ? (
                failureWords(f)
              ) : (
                <>
                  #{f.id}
                  {f.label ? ` ${f.label}` : ''}: {f.words}
                </>
              )}
            </li>
          ))}
          {state.failures.length > MAX_LISTED && <li>…and {state.failures.length - MAX_LISTED} more</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * Runs `task` for every id, `concurrency` at a time, reporting progress after each. An aborted
 * `signal` starts no further item (those running finish) and the result says `cancelled`.
 */
export async function runBatch<T extends { id: number; label?: string }>(
  items: T[],
  task: (item: T) => Promise<void>,
  onProgress: (state: BatchState) => void,
  concurrency = 4,
  signal?: AbortSignal,
): Promise<BatchState> {
  let state = emptyBatch(items.length);
  onProgress(state);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      try {
        await task(item);
        state = { ...state, done: state.done + 1, succeeded: state.succeeded + 1 };
      } catch (error) {
        state = { ...state, done: state.done + 1, failures: [...state.failures, { id: item.id, label: item.label, words: (error as Error).message }] };
      }
      onProgress(state);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  state = { ...state, finished: true, ...(state.done < state.total ? { cancelled: true } : {}) };
  onProgress(state);
  return state;
}
