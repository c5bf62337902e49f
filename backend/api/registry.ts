import type { z } from 'zod';
import type { MethodSpec, ResultOfSpec } from '../../shared/api/define.js';
import type { Permissions } from '../../shared/permissions.js';
import type { Session } from '../accounts/session.js';
import type { MethodServices } from './services.js';

export type { Session };

export interface MethodContext<P> {
  params: P;
  /** Present for every method except those declared `auth: 'none'`. */
  session: Session;
  dealerId: number;
  /** The narrow services a method may use. */
  services: MethodServices;
  requestId: string;
  /** The caller's network address (HTTP), undefined for in-process transports (Electron IPC). */
  remoteAddress?: string;
}

export interface MethodDeclaration<S extends z.ZodType = z.ZodType> {
  /** The documented path below /panel/, e.g. `tracker/bundle/assign`. */
  path: string;
  /** Alternative documented paths served by the same declaration. */
  aliases?: string[];
  /** `none` only for account/auth. */
  auth?: 'session' | 'none';
  permissions: Permissions;
  params: S;
  /** Whether the method changes stored data (used by the console UI and the docs). */
  writes?: boolean;
  run(context: MethodContext<z.output<S>>): Promise<Record<string, unknown>> | Record<string, unknown>;
}

type RunOf<S extends MethodSpec> = (context: MethodContext<z.output<S['params']>>) => Promise<ResultOfSpec<S>> | ResultOfSpec<S>;

/**
 * A method implementing its spec from `shared/api/`: the body it answers must be the spec's
 * result type. (The one-argument form is the older declaration with an inline schema.)
 */
export function defineMethod<S extends MethodSpec>(spec: S, run: RunOf<S>): MethodDeclaration<S['params']>;
export function defineMethod<S extends z.ZodType>(declaration: MethodDeclaration<S>): MethodDeclaration<S>;
export function defineMethod(spec: MethodSpec | MethodDeclaration, run?: (context: MethodContext<unknown>) => unknown): MethodDeclaration {
  if (!run) return spec as MethodDeclaration;
  const { path, aliases, auth, permissions, params, writes } = spec;
  return { path, aliases: aliases ? [...aliases] : undefined, auth, permissions, params, writes, run: run as MethodDeclaration['run'] };
}

export class MethodRegistry {
  private readonly byPath = new Map<string, MethodDeclaration>();
  private readonly handlers = new Set<string>();

  constructor(declarations: MethodDeclaration[]) {
    for (const declaration of declarations) {
      for (const path of [declaration.path, ...(declaration.aliases ?? [])]) {
        if (this.byPath.has(path)) throw new Error(`method ${path} declared twice`);
        this.byPath.set(path, declaration);
        this.handlers.add(path.split('/').slice(0, -1).join('/'));
      }
    }
  }

  get(path: string): MethodDeclaration | undefined {
    return this.byPath.get(path);
  }

  /** True when `path` names a known resource (handler) but not a known action on it. */
  isKnownHandler(path: string): boolean {
    return this.handlers.has(path.split('/').slice(0, -1).join('/'));
  }

  paths(): string[] {
    return [...this.byPath.keys()].sort();
  }
}
