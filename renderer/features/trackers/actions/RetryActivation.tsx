import { useEffect, useState } from 'react';
import type { Tracker } from '../../../../shared/entities';
import { Code } from '../../../../shared/errors';
import { ApiCallError } from '../../../api/client';
import { isMissingMethod } from '../../../api/error-words';
import { useApi } from '../../../app/api-context';
import { retrySecondsLeft, useRetryTimes } from '../retry-store';

/** Models that cannot be re-registered by commands (docs/navixy-api-facts.md §4.8). */
const NO_RETRY_MODELS = /^navixymobile|^mobile_unknown|^iosnavixytracker/;

/** What a retry said, for the card: `settings` asks for a link to the Settings screen. */
export interface RetryMessage {
  kind: 'ok' | 'error';
  text: string;
  settings?: boolean;
}

/** The server's words when it refuses because no public host is known (7 naming --public-host). */
export function publicHostProblem(error: unknown): string | undefined {
  if (!(error instanceof ApiCallError) || error.code !== Code.InvalidParameters) return undefined;
  return error.failure.errors?.find((e) => e.parameter === '--public-host')?.error;
}

export function retryAllowed(tracker: Tracker): boolean {
  return !tracker.clone && !tracker.source.blocked && !tracker.source.corrupted && !NO_RETRY_MODELS.test(tracker.source.model);
}

/** "Retry activation": disabled with a visible countdown for RETRY_INTERVAL_S after each request. */
export function RetryActivation({ tracker, onMessage }: { tracker: Tracker; onMessage(message: RetryMessage): void }) {
  const api = useApi();
  const last = useRetryTimes((s) => s.lastRequestAt[tracker.id]);
  const mark = useRetryTimes((s) => s.mark);
  const clear = useRetryTimes((s) => s.clear);
  const [now, setNow] = useState(() => Date.now());
  const [sending, setSending] = useState(false);
  const left = retrySecondsLeft(last, now);

  useEffect(() => {
    if (left <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [left]);

  const retry = async () => {
    setSending(true);
    const at = Date.now();
    try {
      await api.call('tracker/register_retry', { tracker_id: tracker.id });
      mark(tracker.id, at);
      onMessage({ kind: 'ok', text: 'Activation commands were sent to the device.' });
    } catch (error) {
      const code = error instanceof ApiCallError ? error.code : undefined;
      // The server arms its limiter on every request; a missing method or "no GSM module" does not.
      if (isMissingMethod(code) || code === Code.NotSupportedByDevice) clear(tracker.id);
      else mark(tracker.id, at);
      const noHost = publicHostProblem(error);
      if (noHost) onMessage({ kind: 'error', text: `Retry activation failed: ${noHost}`, settings: true });
      else onMessage({ kind: 'error', text: `Retry activation failed: ${(error as Error).message}` });
    } finally {
      setSending(false);
      setNow(Date.now());
    }
  };

  return (
    <button type="button" onClick={() => void retry()} disabled={sending || left > 0} aria-describedby={left > 0 ? `retry-wait-${tracker.id}` : undefined}>
      Retry activation
      {left > 0 && (
        <span id={`retry-wait-${tracker.id}`} className="countdown">
          {' '}
          (available in {left} s)
        </span>
      )}
    </button>
  );
}
