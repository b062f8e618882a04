// Sign in with a user name and password (POST /auth/login). After signing in, go back to where the
// person was going (?next=).
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { ApiError } from '../api/errors';
import { ErrorNotice } from '../components/ErrorNotice';

function safeNext(next: string | null): string {
  // Only paths inside the app: never an absolute URL from the query string.
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/ask';
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session.state === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
      queries.clear();
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const wrong = error instanceof ApiError && error.status === 401;
  return (
    <section className="page login-page">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {session.state === 'open' && (
          <p className="notice notice-info" role="status">
            {t('login.noAuth')} <Link to="/ask">{t('login.continue')}</Link>
          </p>
        )}
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            className="input"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {wrong ? (
          <p className="notice notice-error" role="alert">
            {t('login.wrong')}
          </p>
        ) : (
          <ErrorNotice error={error} compact />
        )}
        <button type="submit" className="button primary wide" disabled={busy || !username || !password}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <p className="muted small">
          {t('login.accounts')} <code>{t('login.command')}</code>
        </p>
        <p className="muted small">{t('login.demoAccount')}</p>
        {session.state === 'anonymous' && (
          <p className="muted small">
            {t('login.anonymous')} <Link to={next}>{t('login.continueReadOnly')}</Link>
          </p>
        )}
      </form>
    </section>
  );
}
