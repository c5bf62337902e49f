import { ApiCallError } from '../api/client';

/** An error in words (never raw JSON), announced to screen readers. */
export function ErrorText({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  const words = error instanceof ApiCallError ? error.message : error instanceof Error ? error.message : String(error);
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
