// An answer to a question: the insight first, then the chart, how the question was read, the SQL
// (editable and re-runnable), the statistics and the rows; which engines answered and how long
// each step took.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AnswerOk, AnswerUnclear, Plan } from '../../api/schema';
import { DataGrid } from '../../components/DataGrid';
import { EChart } from '../../components/EChart';
import { formatInteger, formatMs, formatNumber, formatPercent } from '../../format';
import { StatsTable } from './StatsTable';

interface Props {
  answer: AnswerOk;
  busy: boolean;
  onRunSql(sql: string): void;
  editedSql: boolean;
}

export function AnswerView({ answer, busy, onRunSql, editedSql }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sqlId = useId();
  const [sql, setSql] = useState(answer.query);
  useEffect(() => setSql(answer.query), [answer.query]);
  const trend = answer.trend as
    | { mann_kendall?: { trend?: string; p_value?: number }; theil_sen?: { slope?: number }; ols?: { r_squared?: number } }
    | null;

  return (
    <div className="answer" data-testid="answer">
      <section className="card insight-card" aria-labelledby="insight-title">
        <h2 id="insight-title" className="visually-hidden">
          {t('ask.insight')}
        </h2>
        <p className="insight" data-testid="insight" lang={answer.language === 'pt' ? 'pt-BR' : 'en'}>
          {answer.insight}
        </p>
        <ul className="meta-line">
          <li>
            {t('ask.readBy')} <strong data-testid="engine">{answer.engine}</strong>
          </li>
          <li>
            {t('ask.writtenBy')} <strong>{answer.insight_engine}</strong>
          </li>
          <li>
            {t('ask.dataset')}{' '}
            <Link to={`/data/${encodeURIComponent(answer.table)}`}>
              <strong>{answer.table}</strong>
            </Link>
          </li>
          <li>
            {t('ask.confidence')} <strong>{formatPercent(answer.confidence, lang, 0)}</strong>
          </li>
          <li>
            {t('ask.rowsRead', { rows: formatInteger(answer.rows_read, lang) })}
          </li>
          {editedSql && <li className="badge">{t('ask.editedSql')}</li>}
        </ul>
        {answer.warnings.length > 0 && (
          <ul className="notice notice-warn plain-list" aria-label={t('ask.warnings')}>
            {answer.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        {answer.truncated && <p className="notice notice-warn">{t('ask.truncated')}</p>}
      </section>

      {answer.chart && (
        <section className="card" aria-label={t('ask.chart')}>
          <EChart option={answer.chart} label={t('ask.chartOf', { question: answer.question })} height={380} testId="answer-chart" />
        </section>
      )}

      <div className="answer-columns">
        <section className="card" aria-labelledby="interp-title">
          <h2 id="interp-title">{t('ask.interpretation')}</h2>
          <ul className="chips" data-testid="interpretation">
            {answer.interpretation.map((m, i) => (
              <li key={i} className="chip">
                <span className="chip-role">{t(`ask.roles.${m.role}`, { defaultValue: m.role })}</span>
                <span className="chip-target">{m.target}</span>
                {m.phrase && <span className="chip-phrase">“{m.phrase}”</span>}
              </li>
            ))}
          </ul>
          <dl className="facts small">
            <div>
              <dt>{t('ask.shape')}</dt>
              <dd>{t(`ask.shapes.${answer.plan.shape}`, { defaultValue: answer.plan.shape })}</dd>
            </div>
            {answer.plan.aggregate !== 'none' && (
              <div>
                <dt>{t('ask.aggregate')}</dt>
                <dd>{answer.plan.aggregate}</dd>
              </div>
            )}
            {answer.plan.bucket && (
              <div>
                <dt>{t('ask.bucket')}</dt>
                <dd>{answer.plan.bucket}</dd>
              </div>
            )}
            <div>
              <dt>{t('ask.policy')}</dt>
              <dd>{answer.policy}</dd>
            </div>
          </dl>
          {answer.plan.notes.length > 0 && (
            <ul className="plain-list muted small">
              {answer.plan.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}

          <form
            className="sql-edit"
            onSubmit={(e) => {
              e.preventDefault();
              onRunSql(sql);
            }}
          >
            <label htmlFor={sqlId}>
              <strong>{t('ask.sql')}</strong> <span className="muted small">{t('ask.sqlHint')}</span>
            </label>
            <textarea
              id={sqlId}
              className="input code"
              rows={Math.min(10, Math.max(3, sql.split('\n').length + 1))}
              value={sql}
              spellCheck={false}
              onChange={(e) => setSql(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  onRunSql(sql);
                }
              }}
              data-testid="answer-sql"
            />
            <div className="row">
              <button type="submit" className="button" disabled={busy || !sql.trim()}>
                {t('ask.runSql')}
              </button>
              {sql !== answer.query && (
                <button type="button" className="button ghost" onClick={() => setSql(answer.query)}>
                  {t('ask.resetSql')}
                </button>
              )}
              <Link className="button ghost" to={`/sql?q=${encodeURIComponent(answer.answer_sql)}`}>
                {t('ask.openInConsole')}
              </Link>
            </div>
          </form>
        </section>

        <section className="card" aria-labelledby="stats-title">
          <h2 id="stats-title">{t('ask.statistics')}</h2>
          {answer.statistics ? (
            <StatsTable stats={answer.statistics} of={answer.statistics_of} />
          ) : (
            <p className="muted">{t('ask.noStatistics')}</p>
          )}
          {trend?.mann_kendall && (
            <p className="trend" data-testid="trend">
              {t('ask.trend', {
                trend: t(`ask.trends.${trend.mann_kendall.trend ?? 'no trend'}`, { defaultValue: trend.mann_kendall.trend }),
                p: formatNumber(trend.mann_kendall.p_value ?? NaN, lang),
                slope: formatNumber(trend.theil_sen?.slope ?? NaN, lang),
                r2: formatNumber(trend.ols?.r_squared ?? NaN, lang),
              })}
            </p>
          )}
          <h3>{t('ask.timings')}</h3>
          <dl className="facts small timings" data-testid="timings">
            {(['interpret_ms', 'read_ms', 'compute_ms', 'insight_ms', 'total_ms'] as const).map((k) =>
              answer.timings[k] !== undefined ? (
                <div key={k}>
                  <dt>{t(`ask.timing.${k}`)}</dt>
                  <dd>{formatMs(answer.timings[k], lang)}</dd>
                </div>
              ) : null,
            )}
          </dl>
        </section>
      </div>

      {answer.result.columns.length > 0 && (
        <section className="card" aria-labelledby="rows-title">
          <h2 id="rows-title">
            {t('ask.rows')}{' '}
            <span className="muted small">
              {t('ask.rowsShown', {
                shown: formatInteger(answer.result.rows.length, lang),
                total: formatInteger(answer.result.total_rows, lang),
              })}
            </span>
          </h2>
          <DataGrid columns={answer.result.columns} rows={answer.result.rows} pageSize={25} caption={t('ask.rows')} />
        </section>
      )}
    </div>
  );
}

export function UnclearView({ answer, onPick }: { answer: AnswerUnclear; onPick(plan: Plan): void }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="unclear-title" data-testid="unclear">
      <h2 id="unclear-title">{t('ask.unclear')}</h2>
      <p>{answer.message}</p>
      <ul className="candidates">
        {answer.candidates.map((c, i) => (
          <li key={i}>
            <button type="button" className="button" onClick={() => onPick(c)}>
              {c.interpretation.map((m) => m.target).join(' · ') || c.table}
            </button>
            <code className="small muted block">{c.projection_sql}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
