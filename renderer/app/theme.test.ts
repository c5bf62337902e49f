// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { resolveTheme, setTheme, THEME_KEY } from './theme';

describe('theme', () => {
  it('follows the system for System, else the choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('applies the pick to <html data-theme> and remembers it', () => {
    setTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    setTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    setTheme('system');
    expect(localStorage.getItem(THEME_KEY)).toBe('system');
  });
});
