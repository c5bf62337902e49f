// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { errorInfo, isKnownErrorCode } from '../../shared/errors';
import { formatMoney, formatNumber, formatServerTime } from './format';
import { i18n, initialLanguage, languageDir, languages, resources } from './index';
import { en } from './locales/en';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const english = flatten(en);

describe('every language is complete', () => {
  for (const { code } of languages) {
    it(`${code} has every English key, no other, none empty, the same {{placeholders}}`, () => {
      const messages = flatten(resources[code] as Tree);
      const missing = [...english.keys()].filter((k) => !messages.has(k));
      const extra = [...messages.keys()].filter((k) => !english.has(k));
      expect(missing, `${code} misses keys`).toEqual([]);
      expect(extra, `${code} has keys English lacks`).toEqual([]);
      for (const [key, text] of messages) {
        expect(text.trim(), `${code} ${key} is empty`).not.toBe('');
        expect(placeholders(text), `${code} ${key} placeholders`).toEqual(placeholders(english.get(key)!));
      }
    });
  }

  it('the check itself notices a missing key', () => {
    const broken = structuredClone(resources.es) as unknown as Tree;
    delete (broken.login as Tree).password;
    expect(flatten(broken).has('login.password')).toBe(false);
    expect([...english.keys()].filter((k) => !flatten(broken).has(k))).toEqual(['login.password']);
  });

  it('English has words for every code of the error table, the same words', () => {
    const codes = Array.from({ length: 1000 }, (_, i) => i).filter(isKnownErrorCode);
    expect(codes.length).toBeGreaterThan(80);
    for (const code of codes) expect(en.errors[String(code) as keyof typeof en.errors], `code ${code}`).toBe(errorInfo(code).description);
    expect(
      Object.keys(en.errors)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(codes);
  });
});

/** Every literal key a renderer file asks for, e.g. t('card.edit'), must be an English key. */
describe('keys used in the renderer exist', () => {
  // The renderer's own sources as text (Vite's glob: no Node APIs in the renderer's types).
  const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!./locales/**'], { query: '?raw', import: 'default', eager: true });
  const files = Object.values(sources) as string[];

  it('finds the keys in the sources', () => {
    const used = new Set<string>();
    expect(files.length).toBeGreaterThan(50);
    for (const text of files) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1]!);
      // nav titles and other keys kept in tables: title: 'nav.trackers'
      for (const m of text.matchAll(/\b(?:title|key): '((?:nav|trackers|map|prefs)\.[\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const unknown = [...used].filter((k) => !english.has(k));
    expect(unknown).toEqual([]);
  });
});

describe('language choice and direction', () => {
  it('takes the remembered choice, else a system language, else English', () => {
    expect(initialLanguage('ru', ['es-ES'])).toBe('ru');
    expect(initialLanguage(null, ['es-MX', 'en'])).toBe('es');
    expect(initialLanguage(null, ['pt-PT'])).toBe('pt-BR');
    expect(initialLanguage('xx', ['de-DE', 'ar-EG'])).toBe('ar');
    expect(initialLanguage(null, ['de-DE'])).toBe('en');
  });

  it('lays Arabic out right to left, the others left to right', () => {
    expect(languageDir('ar')).toBe('rtl');
    expect(languages.filter((l) => l.dir === 'rtl').map((l) => l.code)).toEqual(['ar']);
  });

  it('translates and switches at run time', async () => {
    await i18n.changeLanguage('es');
    expect(i18n.t('errors.201')).toBe('No encontrado en la base de datos');
    expect(document.documentElement.dir).toBe('ltr');
    await i18n.changeLanguage('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    await i18n.changeLanguage('en');
    expect(document.documentElement.dir).toBe('ltr');
  });
});

describe('numbers, money and dates per language', () => {
  it('groups and decimals as each language writes them', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'es')).toBe('1.234.567');
    expect(formatMoney(1234.5, 'en')).toBe('1,234.50');
    expect(formatMoney(1234.5, 'pt-BR')).toBe('1.234,50');
    expect(formatMoney(1234.5, 'ru')).toMatch(/^1\s234,50$/);
  });

  it('shows server UTC times in the language, still in UTC', () => {
    expect(formatServerTime('2026-03-15 08:05:09', 'en')).toBe('Mar 15, 2026, 08:05:09');
    expect(formatServerTime('2026-03-15', 'en')).toBe('Mar 15, 2026');
    expect(formatServerTime('2026-03-15 08:05:09', 'ru')).toMatch(/15 мар\.? 2026/);
    expect(formatServerTime('not a time', 'en')).toBe('not a time');
    expect(formatServerTime(null)).toBe('');
  });
});
