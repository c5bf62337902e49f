import { useEffect, useRef, useState } from 'react';
import { useWrite } from '../../api/use-write';
import { useSession } from '../../app/session-store';
import { ErrorText } from '../../ui/ErrorText';

/** Sign in as the administrator or a staff login (account/auth). */
export function LoginScreen() {
  const notice = useSession((s) => s.notice);
  const signIn = useSession((s) => s.signIn);
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
        <h1 id="login-title">Dealer Console</h1>
        <p className="muted">Sign in with the administrator or a staff login.</p>
        {notice && (
          <p className="warning" role="status">
            {notice}
          </p>
        )}
        <div className="field">
          <label htmlFor="login">Login</label>
          <input ref={loginField} id="login" name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
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
          {auth.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorText error={auth.error} />
      </form>
    </main>
  );
}
