import { randomBytes } from 'node:crypto';
import { ApiError, type ParameterError } from './api-error.js';
import type { MethodRegistry } from './registry.js';
import { isFileDownload, type FileDownload } from './file-download.js';
import type { Session } from '../accounts/session.js';
import { Code, errorInfo, isKnownErrorCode, type ErrorCode } from '../../shared/errors.js';
import { StorageUnavailableError } from '../storage/storage-health.js';
import { hasPermissions } from '../../shared/permissions.js';
import type { MethodServices } from './services.js';
import type { z } from 'zod';
import { AuditCall, auditParams, paramTargets, runAudited, type AuditActor } from './audit.js';

/**
 * Request ids for log lines: a random prefix per process and a counter, so ids from two runs do
 * not collide and no request pays for a call into the random source (that was a measurable share
 * of a small write).
 */
const REQUEST_ID_PREFIX = randomBytes(4).toString('hex');
let requestCounter = 0;
function nextRequestId(): string {
  requestCounter = (requestCounter + 1) % 0x1000000;
  return `${REQUEST_ID_PREFIX}${requestCounter.toString(16).padStart(6, '0')}`;
}

export interface DispatchRequest {
  /** Path below /panel/, slashes trimmed or not. */
  path: string;
  params: Record<string, unknown>;
  /** The session hash as the transport found it (body, then query, then Authorization header). */
  hash?: unknown;
  /** The caller's network address when the transport has one (HTTP: the socket's peer); IPC leaves it out. */
  remoteAddress?: string;
}

export interface DispatchResult {
  httpStatus: number;
  body: Record<string, unknown>;
  /** A method answering a file (user/export): the body is then only `{success: true}`. */
  file?: FileDownload;
}

const HASH_FORMAT = /^[0-9a-f]{32}$/i;

export function envelopeFor(error: ApiError): DispatchResult {
  const info = errorInfo(error.code);
  return {
    httpStatus: info.http,
    body: { success: false, status: { code: error.code, description: error.message }, ...error.extra },
  };
}

function isLimitTooBig(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'too_big' && issue.path.length === 1 && issue.path[0] === 'limit';
}

export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[]): ParameterError[] {
  const seen = new Set<string>();
  const errors: ParameterError[] = [];
  for (const issue of issues) {
    const parameter = issue.path.length ? issue.path.map(String).join('.') : '(parameters)';
    if (seen.has(parameter)) continue;
    seen.add(parameter);
    errors.push({ parameter, error: issue.message });
  }
  return errors;
}

function actorOf(session: Session): AuditActor {
  return { dealerId: session.dealerId, accountId: session.accountId, login: session.login, isAdmin: session.isAdmin };
}

/** IPC requests carry no network address. */
const transportOf = (request: DispatchRequest): 'ipc' | 'http' => (request.remoteAddress === undefined ? 'ipc' : 'http');

/** An audit row written on its own; a storage fault is logged and does not change the answer. */
async function writeAuditAlone(services: MethodServices, call: AuditCall, resultCode: number): Promise<void> {
  try {
    await services.auditTrail.writeAlone(call, resultCode);
  } catch (error) {
    services.log.error(`audit row for ${call.action} (code ${resultCode}) not written: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** A refusal for missing permission is recorded (code 13) with the parameters it was refused with. */
async function auditRefusal(services: MethodServices, path: string, request: DispatchRequest, session: Session): Promise<void> {
  const { hash: _ignored, ...rawParams } = request.params;
  const call = new AuditCall(actorOf(session), path, transportOf(request), request.remoteAddress, auditParams(rawParams));
  await writeAuditAlone(services, call, Code.OperationNotPermitted);
  call.open = false;
}

/**
 * The one entry point for every transport (HTTP today, Electron IPC in the desktop app):
 * authentication, permission check, parameter validation and the error envelope happen here once.
 */
export async function dispatch(services: MethodServices, registry: MethodRegistry, request: DispatchRequest): Promise<DispatchResult> {
  const requestId = nextRequestId();
  try {
    const path = request.path.replace(/^\/+|\/+$/g, '');
    const method = registry.get(path);
    if (!method) throw new ApiError(registry.isKnownHandler(path) ? Code.WrongMethod : Code.WrongHandler);

    let session: Session | undefined;
    if (method.auth !== 'none') {
      const hash = request.hash;
      if (typeof hash !== 'string' || !HASH_FORMAT.test(hash)) throw new ApiError(Code.WrongUserHash);
      session = await services.accounts.resolve(hash.toLowerCase());
      if (!session) throw new ApiError(Code.SessionEnded);
      if (!hasPermissions(session.permissions, method.permissions)) {
        await auditRefusal(services, path, request, session);
        throw new ApiError(Code.OperationNotPermitted);
      }
    }

    const { hash: _ignored, ...rawParams } = request.params;
    const parsed = method.params.safeParse(rawParams);
    if (!parsed.success) {
      // The docs answer a page size above the maximum with 212, not with the generic 7.
      if (parsed.error.issues.some(isLimitTooBig)) throw new ApiError(Code.LimitTooBig);
      throw ApiError.invalidParameters(zodIssuesToErrors(parsed.error.issues));
    }

    const context = {
      params: parsed.data,
      session: session as Session,
      dealerId: session?.dealerId ?? 0,
      services,
      requestId,
      remoteAddress: request.remoteAddress,
    };
    if (!method.writes) {
      const result = await method.run(context);
      if (isFileDownload(result.file)) return { httpStatus: 200, body: { success: true }, file: result.file };
      return { httpStatus: 200, body: { success: true, ...result } };
    }

    // An audited write: its row goes into the first transaction it commits (backend/api/audit.ts).
    const call = new AuditCall(session && actorOf(session), path, transportOf(request), request.remoteAddress, auditParams(rawParams));
    for (const target of paramTargets(parsed.data)) call.addTarget(target);
    try {
      const result = await runAudited(call, async () => method.run(context));
      // A write that committed nothing of its own (a command sent, not stored) still gets its row.
      if (call.auditId === undefined) await writeAuditAlone(services, call, 0);
      return { httpStatus: 200, body: { success: true, ...result } };
    } finally {
      call.open = false;
    }
  } catch (error) {
    if (error instanceof ApiError) return envelopeFor(error);
    // A refused write during a storage fault: the fault was logged once when it started.
    if (error instanceof StorageUnavailableError) return envelopeFor(new ApiError(error.apiCode, {}, error.message));
    // Never send a stack trace to a client: log it with the request id and answer the documented code
    // (an error that names its own code keeps it; anything else is 6 "Unexpected error").
    services.log.error(`request ${requestId} ${request.path} failed: ${(error as Error)?.stack ?? String(error)}`);
    const { apiCode, apiDescription } = (error ?? {}) as { apiCode?: number; apiDescription?: string };
    const code = apiCode !== undefined && isKnownErrorCode(apiCode) ? (apiCode as ErrorCode) : Code.UnexpectedError;
    return envelopeFor(new ApiError(code, {}, apiDescription));
  }
}
