/**
 * How one API method is described once for both sides: its path, its parameters (the zod schema
 * the server validates with), the permissions it needs and the type of its success body. The
 * backend implements a spec (`defineMethod(spec, run)`); the renderer's client and its permission
 * gating read the same specs (`shared/api/contract.ts`).
 */
import type { z } from 'zod';
import type { Permissions } from '../permissions.js';

export interface MethodSpec<P extends z.ZodType = z.ZodType, R extends object = object> {
  /** The documented path below /panel/, e.g. `tracker/bundle/assign`. */
  readonly path: string;
  /** Alternative documented paths served by the same method. */
  readonly aliases?: readonly string[];
  /** `none` only for account/auth. */
  readonly auth?: 'session' | 'none';
  readonly permissions: Permissions;
  readonly params: P;
  /** Whether the method changes stored data. */
  readonly writes?: boolean;
  /** Never set: carries the success body's type (without `success`). */
  readonly result?: R;
}

/**
 * `spec<Result>()({...})`: a method spec whose success body is `Result` (curried so that the
 * schema's type is inferred while the result type is written out).
 */
export function spec<R extends object>() {
  return <const P extends z.ZodType, const S extends Omit<MethodSpec<P, R>, 'result'>>(s: S & { params: P }): S & { readonly result?: R } => s;
}

/** A spec's success body. */
export type ResultOfSpec<S> = S extends { readonly result?: infer R } ? R : never;

/**
 * What a caller passes: the keys (and which are optional) of the schema's input, with the types
 * of its parsed output (so `tracker_id: number`, not the `unknown` of the query-string spelling).
 */
export type ParamsOfSpec<S> = S extends { params: infer P extends z.ZodType }
  ? { [K in keyof z.input<P>]: K extends keyof z.output<P> ? z.output<P>[K] : z.input<P>[K] }
  : never;

/**
 * What a method that answers a file (user/export) declares as its result: `{file: FileAnswer}`.
 * Over HTTP the bytes are the response body itself (with this name and media type); over the
 * desktop IPC they come as `file.data`.
 */
export interface FileAnswer {
  readonly name: string;
  readonly contentType: string;
  /** Only over IPC: the whole file. */
  readonly data?: Uint8Array;
}
