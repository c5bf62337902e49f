import { useEffect, useRef, useState } from 'react';
import { useWrite } from '../../api/use-write';
import { Preferences } from '../../app/Preferences';
import { useSession } from '../../app/session-store';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

/** Sign in as the administrator or a staff login (account/auth). */
export function LoginScreen() {
  const notice = useSession((s) => s.notice);
  const signIn = useSession((s) => s.signIn);
  const t = useT();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  // The sign-in form is all this screen offers: its first field takes focus when the screen opens.
  const loginField = useRef<HTMLInputElement>(null);
  useEffect(() => loginField.current?.focus(), []);

  const auth = useWrite('account/auth', {
    onSuccess: (result, sent) => signIn({ hash: result.hash, login: sent.params.login, permissions: result.permissions }),
  });

  return (
    <main className="login-page">
      <form
        className="login-form"
        aria-labelledby="login-title"
        onSubmit={(e) => {
          e.preventDefault();
          auth.write({ login: login.trim(), password });
        }}
      >
        <h1 id="login-title">{t('app.brand')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {notice && (
          <p className="warning" role="status">
            {notice}
          </p>
        )}
        <div className="field">
          <label htmlFor="login">{t('login.login')}</label>
          <input ref={loginField} id="login" name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button type="submit" className="primary wide" disabled={auth.busy || !login || !password}>
          {auth.busy ? t('login.busy') : t('login.submit')}
        </button>
        <ErrorText error={auth.error} />
        <Preferences />
      </form>
    </main>
  );
}
