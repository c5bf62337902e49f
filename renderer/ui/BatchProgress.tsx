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
}

export const emptyBatch = (total: number): BatchState => ({ total, done: 0, succeeded: 0, failures: [], finished: false });

/** A progress bar while a group action runs, then the result summary with each failure's reason. */
export function BatchProgress({ state, verb }: { state: BatchState; verb: string }) {
  return (
    <div className="batch-progress">
      <progress max={state.total} value={state.done} aria-label={`${verb}: ${state.done} of ${state.total}`} />
      <p role="status" aria-live="polite">
        {state.finished ? `${verb}: ${state.succeeded}${state.failures.length ? `, ${state.failures.length} failed` : ''}` : `${state.done} of ${state.total}…`}
      </p>
      {state.finished && state.failures.length > 0 && (
        <ul className="failure-list" aria-label="Failures">
          {state.failures.map((f) => (
            <li key={f.id}>
              #{f.id}
              {f.label ? ` ${f.label}` : ''}: {f.words}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Runs `task` for every id, `concurrency` at a time, reporting progress after each. */
export async function runBatch<T extends { id: number; label?: string }>(
  items: T[],
  task: (item: T) => Promise<void>,
  onProgress: (state: BatchState) => void,
  concurrency = 4,
): Promise<BatchState> {
  let state = emptyBatch(items.length);
  onProgress(state);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
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
  state = { ...state, finished: true };
  onProgress(state);
  return state;
}
