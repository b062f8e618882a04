// The SQL console: read-only queries through the SQL guard (POST /sql), a results grid, export to
// CSV or JSON. The last query is kept in this browser.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { isAbort } from '../api/errors';
import type { Policy, SqlResult } from '../api/schema';
import { DataGrid } from '../components/DataGrid';
import { ErrorNotice } from '../components/ErrorNotice';
import { download, toCsv, toJson } from '../export';
import { formatInteger, formatMs } from '../format';

const KEY = 'sagaz.sql.last';

function initialSql(fromUrl: string | null): string {
  if (fromUrl) return fromUrl;
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function SqlPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params] = useSearchParams();
  const [sql, setSql] = useState(() => initialSql(params.get('q')));
  const [policy, setPolicy] = useState<Policy>('standard');
  const [limit, setLimit] = useState('1000');
  const [result, setResult] = useState<SqlResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: ({ signal }) => api.datasets(signal) });

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!sql.trim()) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(null);
    try {
      localStorage.setItem(KEY, sql);
    } catch {
      // not remembered
    }
    try {
      const n = Number(limit);
      setResult(
        await api.sql({ sql, policy, limit: Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined }, controller.signal),
      );
    } catch (err) {
      if (!isAbort(err)) {
        setError(err);
        setResult(null);
      }
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };

  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

  return (
    <section className="page sql-page" aria-labelledby="sql-title">
      <h1 id="sql-title">{t('sql.title')}</h1>
      <div className="split reverse">
        <div>
          <form className="card" onSubmit={(e) => void run(e)}>
            <label htmlFor="sql-text">
              <strong>{t('sql.query')}</strong> <span className="muted small">{t('sql.hint')}</span>
            </label>
            <textarea
              id="sql-text"
              className="input code"
              rows={8}
              spellCheck={false}
              value={sql}
              placeholder="SELECT status, count(*) AS n FROM orders GROUP BY 1 ORDER BY 2 DESC"
              onChange={(e) => setSql(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void run();
                }
              }}
              data-testid="sql-input"
            />
            <div className="row wrap">
              <div className="field inline">
                <label htmlFor="sql-policy">{t('sql.policy')}</label>
                <select id="sql-policy" className="select" value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
                  <option value="standard">{t('sql.standard')}</option>
                  <option value="strict">{t('sql.strict')}</option>
                </select>
              </div>
              <div className="field inline">
                <label htmlFor="sql-limit">{t('sql.limit')}</label>
                <input
                  id="sql-limit"
                  className="input narrow"
                  type="number"
                  min={1}
                  value={limit}
                  onChange={(e) => setLimit(e.target.value)}
                />
              </div>
              <span className="spacer" />
              <button type="submit" className="button primary" disabled={busy || !sql.trim()}>
                {busy ? t('sql.running') : t('sql.run')}
              </button>
            </div>
            <p className="muted small">{t('sql.shortcut')}</p>
          </form>

          <div aria-live="polite" className="results">
            <ErrorNotice error={error} />
            {result && (
              <section className="card" aria-labelledby="result-title" data-testid="sql-result">
                <div className="row wrap">
                  <h2 id="result-title">{t('sql.results')}</h2>
                  <span className="muted small" data-testid="sql-summary">
                    {t('sql.summary', {
                      rows: formatInteger(result.row_count, lang),
                      elapsed: formatMs(result.elapsed_ms, lang),
                      tables: result.tables.join(', ') || '—',
                    })}
                  </span>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="button small"
                    onClick={() => download(`sagaz-${stamp()}.csv`, toCsv(result.columns, result.rows), 'text/csv;charset=utf-8')}
                  >
                    {t('sql.exportCsv')}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => download(`sagaz-${stamp()}.json`, toJson(result.columns, result.rows), 'application/json')}
                  >
                    {t('sql.exportJson')}
                  </button>
                </div>
                {result.truncated && <p className="notice notice-warn">{t('sql.truncated', { rows: formatInteger(result.row_count, lang) })}</p>}
                <DataGrid columns={result.columns} rows={result.rows} caption={t('sql.results')} testId="sql-grid" />
                <details>
                  <summary>{t('sql.ran')}</summary>
                  <pre className="code">{result.sql}</pre>
                </details>
              </section>
            )}
          </div>
        </div>
        <aside className="card tables" aria-labelledby="tables-title">
          <h2 id="tables-title">{t('sql.tables')}</h2>
          {datasets.isError && <ErrorNotice error={datasets.error} compact />}
          <ul className="table-list">
            {(datasets.data ?? []).map((d) => (
              <li key={d.name}>
                <details>
                  <summary>
                    <code>{d.name}</code>
                  </summary>
                  <button
                    type="button"
                    className="button small ghost"
                    onClick={() => setSql(`SELECT * FROM ${d.name} LIMIT 100`)}
                  >
                    {t('sql.selectFrom', { name: d.name })}
                  </button>
                  <ul className="column-list">
                    {d.columns.map((c) => (
                      <li key={c.name}>
                        <code>{c.name}</code> <span className="muted small">{c.type}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}
