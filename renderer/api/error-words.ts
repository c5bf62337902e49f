import type { ApiFailure } from '../../shared/bridge';
import { errorInfo, isKnownErrorCode } from '../../shared/errors';
import { UNREACHABLE } from '../transport/http';

/**
 * The admin panel's own texts for tracker actions (docs/navixy-api-facts.md §8), where they say more than the
 * error table. Keyed by code; used for tracker/* methods.
 */
const trackerWords: Record<number, string> = {
  237: 'Plan invalid',
  238: 'Changing plan is not allowed',
  239: 'New plan does not exist',
  246: 'User is incorrect: pick another user than the current owner',
  247: 'Clone already exists',
  249: 'The operation is available only for the clones',
  250: 'Not allowed for deleted devices',
  264: 'Timeout to perform reoperation has not expired',
};

function list(values: unknown[] | undefined): string {
  return (values ?? []).map(String).join(', ');
}

/** One API failure in words for a person: never raw JSON. `path` is the method that failed. */
export function describeFailure(failure: Pick<ApiFailure, 'status'> & Partial<ApiFailure>, path = ''): string {
  const code = failure.status?.code;
  if (code === UNREACHABLE) return failure.status.description || 'The Dealer Console server cannot be reached';
  if (typeof code !== 'number') return 'Unexpected error';
  const table = isKnownErrorCode(code) ? errorInfo(code).description : failure.status.description || errorInfo(code).description;
  // The admin panel's tracker texts fit tracker actions, not bundles (tracker/bundle/...).
  const trackerAction = path.startsWith('tracker/') && !path.startsWith('tracker/bundle/');
  const base = (trackerAction && trackerWords[code]) || table;
  switch (code) {
    case 7: {
      const details = (failure.errors ?? []).map((e) => `${e.parameter}: ${e.error}`);
      return details.length ? `${base} — ${details.join('; ')}` : base;
    }
    case 13:
      return `${base}: this account lacks the permission for it`;
    case 111:
    case 112:
      return `${base}: this server does not offer ${path || 'this method'} yet`;
    case 203: {
      const parts: string[] = [];
      if (failure.rules?.length) parts.push(`rules ${list(failure.rules)}`);
      if (failure.vehicles?.length) parts.push(`vehicles ${list(failure.vehicles)}`);
      const entities = failure.entities as { type?: string }[] | undefined;
      if (!parts.length && Array.isArray(entities)) parts.push(...entities.map((e) => String(e.type)));
      return parts.length ? `Tracker has attached: ${parts.join(', ')}` : base;
    }
    case 253:
      return failure.list?.length ? `The operation can not be performed, the tracker has the following clones. Clones ID: ${list(failure.list)}` : base;
    default:
      return base;
  }
}

/** Whether a failure means the method is not on this server (yet). */
export function isMissingMethod(code: number | undefined): boolean {
  return code === 111 || code === 112;
}
