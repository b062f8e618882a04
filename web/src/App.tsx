// The app shell: header with navigation, language and theme switches, the session; and the pages.
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from './auth/session';
import { LANGUAGES, setLanguage, type UiLanguage } from './i18n';
import { useTheme } from './theme';
import { ErrorNotice } from './components/ErrorNotice';
import { LoginPage } from './pages/LoginPage';
import { DataPage } from './pages/DataPage';
import { AskPage } from './pages/AskPage';
import { SqlPage } from './pages/SqlPage';
import { JobsPage } from './pages/JobsPage';
import { SystemPage } from './pages/SystemPage';
import { DashboardsPage } from './pages/DashboardsPage';
import { DashboardPage } from './pages/DashboardPage';
import { ReportsPage } from './pages/ReportsPage';
import { PublicDashboardPage } from './pages/PublicDashboardPage';
import { FeedbackPage } from './pages/FeedbackPage';
import { ForecastPage } from './pages/ForecastPage';
import { PipelinesPage } from './pages/PipelinesPage';
import { KnowledgePage } from './pages/KnowledgePage';
import { ModelsPage } from './pages/ModelsPage';
import { PublicReportPage } from './pages/PublicReportPage';

function Header() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { theme, toggle } = useTheme();
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const nav = [
    { to: '/ask', label: t('nav.ask') },
    { to: '/data', label: t('nav.data') },
    { to: '/sql', label: t('nav.sql') },
    { to: '/dashboards', label: t('nav.dashboards') },
    { to: '/reports', label: t('reportsNav') },
    { to: '/feedback', label: t('toolsNav.feedback') },
    { to: '/forecast', label: t('toolsNav.forecast') },
    { to: '/pipelines', label: t('toolsNav.pipelines') },
    { to: '/knowledge', label: t('toolsNav.knowledge') },
    ...(session.can('admin') ? [{ to: '/models', label: t('modelsNav') }] : []),
    { to: '/jobs', label: t('nav.jobs') },
    { to: '/system', label: t('nav.system') },
  ];
  const signedIn = session.state === 'signed-in';
  const logout = async () => {
    await session.logout();
    queries.clear();
    navigate('/login');
  };
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <NavLink to="/ask" className="brand" aria-label={t('nav.home')}>
        <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="currentColor" />
          <path d="M8 22l5-6 4 3 7-9" fill="none" stroke="var(--brand-ink)" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>Sagaz</span>
      </NavLink>
      {session.state !== 'signed-out' && (
        <nav className="main-nav" aria-label={t('nav.label')}>
          {nav.map((n) => (
            <NavLink key={n.to} to={n.to}>
              {n.label}
            </NavLink>
          ))}
        </nav>
      )}
      <div className="header-tools">
        <label className="visually-hidden" htmlFor="ui-language">
          {t('header.language')}
        </label>
        <select
          id="ui-language"
          className="select small"
          value={i18n.language}
          onChange={(e) => setLanguage(e.target.value as UiLanguage)}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button small ghost"
          onClick={toggle}
          aria-pressed={theme === 'dark'}
          title={t('header.theme')}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
          <span className="visually-hidden">{t('header.theme')}</span>
        </button>
        {signedIn && session.me && (
          <>
            <span className="user" data-testid="current-user">
              {session.me.username ?? t('header.apiKey')} <span className="badge">{t(`roles.${session.me.role}`)}</span>
            </span>
            <button type="button" className="button small" onClick={() => void logout()}>
              {t('header.logout')}
            </button>
          </>
        )}
        {session.state === 'anonymous' && location.pathname !== '/login' && (
          <>
            <span className="badge" title={t('header.readOnlyHint')}>
              {t('header.readOnly')}
            </span>
            <NavLink className="button small primary" to={`/login?next=${encodeURIComponent(location.pathname)}`}>
              {t('header.login')}
            </NavLink>
          </>
        )}
      </div>
    </header>
  );
}

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  let content;
  if (location.pathname.startsWith('/public/') || location.pathname.startsWith('/embed/') || location.pathname === '/report') {
    // A shared or embedded dashboard: no session needed, whatever the session's state.
    content = (
      <Routes>
        <Route path="/public/dashboards/:token" element={<PublicDashboardPage />} />
        <Route path="/embed/dashboards/:token" element={<PublicDashboardPage embedded />} />
        <Route path="/report" element={<PublicReportPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    );
  } else if (session.state === 'loading') {
    content = (
      <p className="muted center" role="status">
        {t('common.loading')}
      </p>
    );
  } else if (session.state === 'error') {
    content = <ErrorNotice error={session.error} onRetry={() => void session.reload()} />;
  } else if (session.state === 'signed-out' && location.pathname !== '/login') {
    content = <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  } else {
    content = (
      <Routes>
        <Route path="/" element={<Navigate to="/ask" replace />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/ask" element={<AskPage />} />
        <Route path="/data" element={<DataPage />} />
        <Route path="/data/:name" element={<DataPage />} />
        <Route path="/sql" element={<SqlPage />} />
        <Route path="/dashboards" element={<DashboardsPage />} />
        <Route path="/dashboards/:id" element={<DashboardPage />} />
        <Route path="/reports" element={<ReportsPage />} />
        <Route path="/feedback" element={<FeedbackPage />} />
        <Route path="/forecast" element={<ForecastPage />} />
        <Route path="/pipelines" element={<PipelinesPage />} />
        <Route path="/knowledge" element={<KnowledgePage />} />
        <Route path="/models" element={<ModelsPage />} />
        <Route path="/jobs" element={<JobsPage />} />
        <Route path="/system" element={<SystemPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    );
  }
  return (
    <div className="app">
      <Header />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <NavLink to="/ask">{t('notFound.back')}</NavLink>
      </p>
    </section>
  );
}
