import type { ApiEnvelope, ApiFailure, ApiSuccess } from '../../shared/bridge';
import type { MethodPath, ParamsOf, ResultOf } from '../../shared/api/contract';
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

/** A method's parameters as call arguments: optional only when the spec requires none. */
export type ParamsArg<M extends MethodPath> = {} extends ParamsOf<M> ? [params?: ParamsOf<M>] : [params: ParamsOf<M>];

/** A method's success body (shared/api/contract.ts). */
export type Success<M extends MethodPath> = ApiSuccess & ResultOf<M>;

export interface Api {
  /** Resolves with the success body; rejects with ApiCallError. */
  call<M extends MethodPath>(path: M, ...params: ParamsArg<M>): Promise<Success<M>>;
  /** Resolves with the envelope whatever it says (for batch flows that summarize failures). */
  raw<M extends MethodPath>(path: M, ...params: ParamsArg<M>): Promise<Success<M> | ApiFailure>;
}

export interface ApiOptions {
  transport: Transport;
  hash(): string | undefined;
  /** Called when a call answers a session-invalid code (3, 4, ...): the UI returns to sign-in. */
  onSessionInvalid(code: number): void;
}

export function createApi(options: ApiOptions): Api {
  const send = async (path: MethodPath, params: object = {}): Promise<ApiEnvelope> => {
    const envelope = await options.transport.call(path, params as Record<string, unknown>, path === 'account/auth' ? undefined : options.hash());
    if (!envelope.success && path !== 'account/auth' && sessionInvalidCodes.has(envelope.status.code)) {
      options.onSessionInvalid(envelope.status.code);
    }
    return envelope;
  };
  return {
    // The envelope is what the server answered for `path`: its success body is the spec's result.
    raw: <M extends MethodPath>(path: M, ...[params]: ParamsArg<M>) => send(path, params) as Promise<Success<M> | ApiFailure>,
    async call<M extends MethodPath>(path: M, ...[params]: ParamsArg<M>) {
      const envelope = await send(path, params);
      if (!envelope.success) throw new ApiCallError(path, envelope);
      return envelope as Success<M>;
    },
  };
}
