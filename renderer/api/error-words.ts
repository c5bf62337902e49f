import type { ApiFailure } from '../../shared/bridge';
import { isKnownErrorCode } from '../../shared/errors';
import { t } from '../i18n';
import { UNREACHABLE } from '../transport/http';

/**
 * The admin panel's own texts for tracker actions (docs/navixy-api-facts.md §8), where they say more than the
 * error table: errorWords.tracker.<code> in the locales; used for tracker/* methods.
 */
const trackerCodes = new Set([237, 238, 239, 246, 247, 249, 250, 264]);

function list(values: unknown[] | undefined): string {
  return (values ?? []).map(String).join(', ');
}

/**
 * One API failure in words for a person, in the current language: never raw JSON. `path` is the
 * method that failed. A parameter's own words for 7 come from the server and stay as they came.
 */
export function describeFailure(failure: Pick<ApiFailure, 'status'> & Partial<ApiFailure>, path = ''): string {
  const code = failure.status?.code;
  if (code === UNREACHABLE) return failure.status.description || t('errorWords.unreachable');
  if (typeof code !== 'number') return t('errorWords.unexpected');
  const table = isKnownErrorCode(code) ? t(`errors.${code}`) : failure.status.description || t('errorWords.unexpected');
  // The admin panel's tracker texts fit tracker actions, not bundles (tracker/bundle/...).
  const trackerAction = path.startsWith('tracker/') && !path.startsWith('tracker/bundle/');
  const base = trackerAction && trackerCodes.has(code) ? t(`errorWords.tracker.${code}`) : table;
  switch (code) {
    case 7: {
      const details = (failure.errors ?? []).map((e) => `${e.parameter}: ${e.error}`);
      return details.length ? `${base} — ${details.join('; ')}` : base;
    }
    case 13:
      return t('errorWords.permission', { base });
    case 111:
    case 112:
      return t('errorWords.missingMethod', { base, method: path || t('errorWords.thisMethod') });
    case 203: {
      const parts: string[] = [];
      if (failure.rules?.length) parts.push(t('errorWords.rules', { list: list(failure.rules) }));
      if (failure.vehicles?.length) parts.push(t('errorWords.vehicles', { list: list(failure.vehicles) }));
      const entities = failure.entities as { type?: string }[] | undefined;
      if (!parts.length && Array.isArray(entities)) parts.push(...entities.map((e) => String(e.type)));
      return parts.length ? t('errorWords.attached', { list: parts.join(', ') }) : base;
    }
    case 253:
      return failure.list?.length ? t('errorWords.hasClones', { list: list(failure.list) }) : base;
    default:
      return base;
  }
}

/** Whether a failure means the method is not on this server (yet). */
export function isMissingMethod(code: number | undefined): boolean {
  return code === 111 || code === 112;
}
