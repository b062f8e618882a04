// The SQL console: read-only queries through the SQL guard (POST /sql), a results grid, export to
// CSV or JSON. A result cut by a row limit says whose limit it was and how to change it; an error
// points at its place in the query and offers the names it suggests. The last query is kept in this
// browser.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { isAbort } from '../api/errors';
import type { Policy, SqlResult } from '../api/schema';
import { SqlError } from './sql/SqlError';
import { DataGrid } from '../components/DataGrid';
import { SaveQuestion } from '../components/SaveQuestion';
import { ErrorNotice } from '../components/ErrorNotice';
import { download, downloadBlob, exportName, toCsv, toJson } from '../export';
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
  // The result with the row limit it was asked for, or the error with the query it came from.
  const [result, setResult] = useState<{ result: SqlResult; limit: number | undefined } | null>(null);
  const [error, setError] = useState<{ error: unknown; sql: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [select, setSelect] = useState<[number, number] | null>(null);
  const abort = useRef<AbortController | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  // Shows a range of the query: focus the editor and select it (after the text it belongs to).
  useEffect(() => {
    if (!select || !editor.current) return;
    editor.current.focus();
    editor.current.setSelectionRange(select[0], select[1]);
    setSelect(null);
  }, [select, sql]);
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
    const n = Number(limit);
    const sent = Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
    try {
      setResult({ result: await api.sql({ sql, policy, limit: sent }, controller.signal), limit: sent });
    } catch (err) {
      if (!isAbort(err)) {
        setError({ error: err, sql });
        setResult(null);
      }
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };

  const shown = result?.result;
  // Truncated means the rows stopped at the limit that applied; the server says which it was and
  // its maximum (sql.row_limit), the one only an administrator can raise.
  const serverLimit = shown?.truncated && shown.row_limit >= shown.max_row_limit;

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
              ref={editor}
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
                  aria-describedby="sql-limit-hint"
                  onChange={(e) => setLimit(e.target.value)}
                />
              </div>
              <span className="spacer" />
              <button type="submit" className="button primary" disabled={busy || !sql.trim()}>
                {busy ? t('sql.running') : t('sql.run')}
              </button>
            </div>
            <p className="muted small">
              {t('sql.shortcut')} <span id="sql-limit-hint">{t('sql.limitHint')}</span>
            </p>
          </form>

          <div aria-live="polite" className="results">
            {error && (
              <SqlError
                error={error.error}
                sql={error.sql}
                onShow={(range) => {
                  if (sql === error.sql) setSelect(range);
                }}
                onFix={(next, range) => {
                  setSql(next);
                  setSelect(range);
                }}
              />
            )}
            {shown && (
              <section className="card" aria-labelledby="result-title" data-testid="sql-result">
                <div className="row wrap">
                  <h2 id="result-title">{t('sql.results')}</h2>
                  <span className="muted small" data-testid="sql-summary">
                    {t('sql.summary', {
                      rows: formatInteger(shown.row_count, lang),
                      elapsed: formatMs(shown.elapsed_ms, lang),
                      tables: shown.tables.join(', ') || '—',
                    })}
                  </span>
                  <span className="spacer" />
                  <SaveQuestion question={{ kind: 'sql', sql }} suggestedName={sql.split('\n')[0].slice(0, 80)} testId="save-sql" />
                  <button
                    type="button"
                    className="button small"
                    onClick={() => download(exportName('sagaz-sql', 'csv'), toCsv(shown.columns, shown.rows), 'text/csv;charset=utf-8')}
                  >
                    {t('sql.exportCsv')}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => download(exportName('sagaz-sql', 'json'), toJson(shown.columns, shown.rows), 'application/json')}
                  >
                    {t('sql.exportJson')}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    title={t('sql.exportXlsxHint')}
                    data-testid="export-xlsx"
                    onClick={() =>
                      void api
                        .exportRows(sql, 'xlsx', 'sagaz-sql')
                        .then((blob) => downloadBlob(exportName('sagaz-sql', 'xlsx'), blob))
                        .catch((e: unknown) => setExportError(e))
                    }
                  >
                    {t('sql.exportXlsx')}
                  </button>
                </div>
                {exportError !== null && <ErrorNotice error={exportError} compact />}
                {shown.truncated && (
                  <div className="notice notice-warn" data-testid="sql-truncated">
                    <p>
                      {serverLimit
                        ? t('sql.truncatedServer', { rows: formatInteger(shown.row_count, lang) })
                        : t('sql.truncatedOwn', { rows: formatInteger(shown.row_count, lang) })}
                    </p>
                    <p>
                      {serverLimit ? (
                        <Trans i18nKey="sql.rowLimitHow" components={{ code: <code /> }} />
                      ) : (
                        t('sql.raiseLimit')
                      )}
                    </p>
                  </div>
                )}
                <DataGrid columns={shown.columns} rows={shown.rows} caption={t('sql.results')} testId="sql-grid" />
                <details>
                  <summary>{t('sql.ran')}</summary>
                  <pre className="code">{shown.sql}</pre>
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
