import type { ApiEnvelope, ApiFailure, ApiSuccess } from '../../shared/bridge';
import { sessionInvalidCodes } from '../../shared/errors';
import type { Transport } from '../transport/transport';
import { describeFailure } from './error-words';

/** A failed call, carrying the envelope and its words. */
export class ApiCallError extends Error {
  readonly code: number;
  constructor(
    readonly path: string,
    readonly failure: ApiFailure,
  ) {
    super(describeFailure(failure, path));
    this.name = 'ApiCallError';
    this.code = failure.status.code;
  }
}

export interface Api {
  /** Resolves with the success body; rejects with ApiCallError. */
  call<T extends object = Record<string, unknown>>(path: string, params?: Record<string, unknown>): Promise<ApiSuccess & T>;
  /** Resolves with the envelope whatever it says (for batch flows that summarize failures). */
  raw(path: string, params?: Record<string, unknown>): Promise<ApiEnvelope>;
}

export interface ApiOptions {
  transport: Transport;
  hash(): string | undefined;
  /** Called when a call answers a session-invalid code (3, 4, ...): the UI returns to sign-in. */
  onSessionInvalid(code: number): void;
}

export function createApi(options: ApiOptions): Api {
  const raw = async (path: string, params: Record<string, unknown> = {}) => {
    const envelope = await options.transport.call(path, params, path === 'account/auth' ? undefined : options.hash());
    if (!envelope.success && path !== 'account/auth' && sessionInvalidCodes.has(envelope.status.code)) {
      options.onSessionInvalid(envelope.status.code);
    }
    return envelope;
  };
  return {
    raw,
    async call<T extends object>(path: string, params: Record<string, unknown> = {}) {
      const envelope = await raw(path, params);
      if (!envelope.success) throw new ApiCallError(path, envelope);
      return envelope as ApiSuccess & T;
    },
  };
}
