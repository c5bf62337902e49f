import { languages, setLanguage, useLanguage, useT, type LanguageCode } from '../i18n';
import { setTheme, useThemeChoice, type ThemeChoice } from './theme';

/** The language and theme pickers (remembered on this computer), in the top bar and on the sign-in screen. */
export function Preferences() {
  const t = useT();
  const language = useLanguage();
  const theme = useThemeChoice();
  return (
    <div className="preferences" role="group" aria-label={t('app.preferences')}>
      <label className="field inline">
        <span>{t('prefs.language')}</span>
        <select value={language} onChange={(e) => setLanguage(e.target.value as LanguageCode)}>
          {languages.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span>{t('prefs.theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          <option value="system">{t('prefs.themeSystem')}</option>
          <option value="light">{t('prefs.themeLight')}</option>
          <option value="dark">{t('prefs.themeDark')}</option>
        </select>
      </label>
    </div>
  );
}
