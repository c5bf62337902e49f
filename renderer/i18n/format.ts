import { i18n } from './index';

/** The Intl locale for a console language (English keeps US number grouping). */
export function intlLocale(language: string = i18n.language): string {
  return language === 'en' ? 'en-US' : language;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, digits: number | null): Intl.NumberFormat {
  const key = `n|${locale}|${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, digits === null ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `d|${locale}|${withTime}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** A count or measure in the current language's digits and grouping. */
export function formatNumber(value: number, language?: string): string {
  return numberFormat(intlLocale(language), null).format(value);
}

/** A money amount (the dealer's currency units, two decimals) in the current language. */
export function formatMoney(value: number, language?: string): string {
  return numberFormat(intlLocale(language), 2).format(value);
}

/** A fixed number of decimals (coordinates) in the current language. */
export function formatFixed(value: number, digits: number, language?: string): string {
  return numberFormat(intlLocale(language), digits).format(value);
}

const SERVER_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * The server's UTC timestamps ("2026-03-15 08:30:00") and dates ("2026-03-15") in the current
 * language, still in UTC (the screens say so). Anything else is shown as it came.
 */
export function formatServerTime(text: string | null | undefined, language?: string): string {
  if (!text) return '';
  const m = SERVER_TIME.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  if (Number.isNaN(at.getTime())) return text;
  return dateFormat(intlLocale(language), h !== undefined).format(at);
}
