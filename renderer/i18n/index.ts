import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { ar } from './locales/ar';
import { en, type Messages } from './locales/en';
import { es } from './locales/es';
import { ptBR } from './locales/pt-BR';
import { ru } from './locales/ru';
import { tr } from './locales/tr';

/**
 * The console's languages (issue 13): every user-visible string is a key of locales/en.ts, and
 * every other language has the same keys (the type checker and i18n.test.ts both fail otherwise).
 */
export const languages = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'pt-BR', name: 'Português (Brasil)', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];

export const resources = { en, es, 'pt-BR': ptBR, ru, tr, ar } satisfies Record<LanguageCode, Messages>;

/** The picked language, remembered by this installation (Electron keeps localStorage in its profile). */
export const LANGUAGE_KEY = 'dealer-console.language';

function isLanguage(value: unknown): value is LanguageCode {
  return languages.some((l) => l.code === value);
}

/** A remembered choice, else the first system language we have (pt-* → pt-BR), else English. */
export function initialLanguage(stored: string | null | undefined, preferred: readonly string[]): LanguageCode {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    if (isLanguage(tag)) return tag;
    const base = tag.split('-')[0]!.toLowerCase();
    if (base === 'pt') return 'pt-BR';
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function languageDir(code: string): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === code)?.dir ?? 'ltr';
}

/** <html lang dir>: the browser's own right-to-left layout, fonts and screen-reader language. */
function applyToDocument(code: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = code;
  document.documentElement.dir = languageDir(code);
}

const navigatorLanguages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);

void i18next.use(initReactI18next).init({
  resources: Object.fromEntries(Object.entries(resources).map(([code, messages]) => [code, { translation: messages }])),
  lng: initialLanguage(readStored(), navigatorLanguages),
  fallbackLng: 'en',
  // Resources are bundled: ready before the first render.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18next.language);
i18next.on('languageChanged', applyToDocument);

export const i18n = i18next;

/** Switch language now and remember it for the next start. */
export function setLanguage(code: LanguageCode): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, code);
  } catch {
    // storage unavailable: the choice lasts as long as the page
  }
  void i18next.changeLanguage(code);
}

/** The translate function for the current language; components re-render when it changes. */
export function useT() {
  return useTranslation().t;
}

/** The current language code, re-rendering on change. */
export function useLanguage(): LanguageCode {
  const { i18n: instance } = useTranslation();
  return isLanguage(instance.language) ? instance.language : 'en';
}

/** Translate outside React (error words built in a call's catch, table cells). */
export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options ?? {});
