import { languages, setLanguage, useLanguage, useT, type LanguageCode } from '../i18n';

/** The language picker (remembered on this computer), in the top bar and on the sign-in screen. */
export function Preferences() {
  const t = useT();
  const language = useLanguage();
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
    </div>
  );
}
