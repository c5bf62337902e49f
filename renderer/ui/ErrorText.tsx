import { ApiCallError } from '../api/client';
import { describeFailure } from '../api/error-words';
import { useT } from '../i18n';

/** An error in words (never raw JSON), announced to screen readers. */
export function ErrorText({ error, prefix }: { error: unknown; prefix?: string }) {
  useT(); // re-render in a newly picked language
  if (!error) return null;
  // An API failure is put in words now, so a language picked after it happened applies.
  const words = error instanceof ApiCallError ? describeFailure(error.failure, error.path) : error instanceof Error ? error.message : String(error);
  return (
    <p className="error-text" role="alert">
      {prefix ? `${prefix}: ` : ''}
      {words}
    </p>
  );
}

export function errorWords(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
