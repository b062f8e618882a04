// An answer to a question: the insight first, then the chart, how the question was read, the SQL of
// the answer (and, as a detail, the query that read the rows: editable and re-runnable), the
// statistics with what they describe, and the rows with their export; which engines answered and
// how long each step took.
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { AnswerOk, AnswerUnclear, Plan } from '../../api/schema';
import { SaveQuestion } from '../../components/SaveQuestion';
import { DataGrid } from '../../components/DataGrid';
import { EChart } from '../../components/EChart';
import { download, exportName, toCsv, toJson } from '../../export';
import { formatInteger, formatMs, formatNumber, formatPercent, formatStatValue } from '../../format';
import { StatsTable } from './StatsTable';
import { answersPerSomething, statisticsSubject, type StatisticsSubject } from './statistics';

interface Props {
  answer: AnswerOk;
  busy: boolean;
  onRunSql(sql: string): void;
  editedSql: boolean;
}

/** The UI's word for a plan term the server writes in English ("sum", "month"), or the term. */
function term(t: TFunction, group: 'aggregates' | 'buckets' | 'policies' | 'shapes', value: string): string {
  return t(`ask.${group}.${value}`, { defaultValue: value });
}

/**
 * The answer's chart as the page shows it. A one-number chart's figure is text the server wrote in
 * the question's language; it is written again from the answer's value in the UI language, as every
 * other number on the page.
 */
export function answerChart(answer: AnswerOk, lang: string): Record<string, unknown> | null {
  const chart = answer.chart;
  if (!chart || answer.chart_kind !== 'number' || typeof answer.value !== 'number') return chart;
  const title = typeof chart.title === 'object' && chart.title !== null ? (chart.title as Record<string, unknown>) : {};
  return { ...chart, title: { ...title, text: formatNumber(answer.value, lang) } };
}

/** What the statistics describe, in a sentence (and a second one when the chart shows other values). */
function StatisticsCaption({ answer, subject }: { answer: AnswerOk; subject: StatisticsSubject }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const per = subject.per
    ? 'bucket' in subject.per
      ? term(t, 'buckets', subject.per.bucket)
      : subject.per.column
    : '';
  const aggregate = subject.aggregate ? term(t, 'aggregates', subject.aggregate) : '';
  const count = subject.count !== null ? formatInteger(subject.count, lang) : '';
  if (subject.scope === 'rows') {
    return (
      <>
        <p className="stats-subject" data-testid="stats-subject">
          {subject.count !== null
            ? t('ask.statsOfRows', { column: subject.name, rows: count })
            : t('ask.statsOfColumn', { column: subject.name })}
        </p>
        {answersPerSomething(answer) && aggregate && per && (
          <p className="notice notice-info small" data-testid="stats-not-chart">
            {t('ask.statsNotChart', { aggregate, per })}
          </p>
        )}
      </>
    );
  }
  if (subject.scope === 'values') {
    return (
      <p className="stats-subject" data-testid="stats-subject">
        {aggregate && per
          ? t('ask.statsOfValuesPer', { count, aggregate, per })
          : t('ask.statsOfValues', { count, name: subject.name })}
      </p>
    );
  }
  return (
    <p className="stats-subject" data-testid="stats-subject">
      {t('ask.statisticsOf', { of: subject.name })}
    </p>
  );
}

export function AnswerView({ answer, busy, onRunSql, editedSql }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sqlId = useId();
  const [sql, setSql] = useState(answer.query);
  useEffect(() => setSql(answer.query), [answer.query]);
  const trend = answer.trend;
  const subject = statisticsSubject(answer);
  const rows = answer.result;
  const chart = useMemo(() => answerChart(answer, lang), [answer, lang]);
  const save = (kind: 'csv' | 'json') =>
    kind === 'csv'
      ? download(exportName(answer.question, 'csv'), toCsv(rows.columns, rows.rows), 'text/csv;charset=utf-8')
      : download(exportName(answer.question, 'json'), toJson(rows.columns, rows.rows), 'application/json');

  return (
    <div className="answer" data-testid="answer">
      <section className="card insight-card" aria-labelledby="insight-title">
        <h2 id="insight-title" className="visually-hidden">
          {t('ask.insight')}
        </h2>
        <p className="insight" data-testid="insight" lang={answer.language === 'pt' ? 'pt-BR' : 'en'}>
          {answer.insight}
        </p>
        <div className="row wrap">
          <SaveQuestion
            question={{
              kind: 'ask',
              question: answer.question,
              dataset: answer.table,
              language: answer.language,
              ...(editedSql ? { sql: answer.query } : {}),
            }}
            suggestedName={answer.question}
            testId="save-answer"
          />
        </div>
        <ul className="meta-line">
          <li>
            {t('ask.readBy')} <strong data-testid="engine">{t(`ask.engines.${answer.engine}`, { defaultValue: answer.engine })}</strong>
          </li>
          <li>
            {t('ask.writtenBy')} <strong>{t(`ask.engines.${answer.insight_engine}`, { defaultValue: answer.insight_engine })}</strong>
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

      {chart && (
        <section className="card" aria-label={t('ask.chart')}>
          <EChart
            option={chart}
            label={t('ask.chartOf', { question: answer.question })}
            height={380}
            testId="answer-chart"
            downloadName={answer.question}
          />
        </section>
      )}

      <div className="answer-columns">
        <section className="card" aria-labelledby="interp-title">
          <h2 id="interp-title">{t('ask.interpretation')}</h2>
          <ul className="chips" data-testid="interpretation">
            {answer.interpretation.map((m, i) => (
              <li key={i} className="chip">
                <span className="chip-role">{t(`ask.roles.${m.role}`, { defaultValue: m.role })}</span>
                <span className="chip-target">
                  {m.role === 'aggregate'
                    ? term(t, 'aggregates', m.target)
                    : m.role === 'group' && !m.target.includes('.')
                      ? term(t, 'buckets', m.target)
                      : m.target}
                </span>
                {m.phrase && <span className="chip-phrase">“{m.phrase}”</span>}
              </li>
            ))}
          </ul>
          <dl className="facts small">
            <div>
              <dt>{t('ask.shape')}</dt>
              <dd>{term(t, 'shapes', answer.plan.shape)}</dd>
            </div>
            {answer.plan.aggregate !== 'none' && (
              <div>
                <dt>{t('ask.aggregate')}</dt>
                <dd>{term(t, 'aggregates', answer.plan.aggregate)}</dd>
              </div>
            )}
            {answer.plan.bucket && (
              <div>
                <dt>{t('ask.bucket')}</dt>
                <dd>{term(t, 'buckets', answer.plan.bucket)}</dd>
              </div>
            )}
            <div>
              <dt>{t('ask.policy')}</dt>
              <dd>{term(t, 'policies', answer.policy)}</dd>
            </div>
          </dl>
          {answer.plan.notes.length > 0 && (
            <ul className="plain-list muted small">
              {answer.plan.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}

          <h3 id={`${sqlId}-answer`}>{t('ask.answerSql')}</h3>
          <p className="muted small">
            {editedSql ? t('ask.answerSqlEdited') : answer.policy === 'strict' ? t('ask.answerSqlStrict') : t('ask.answerSqlStandard')}
          </p>
          {!editedSql && (
            <pre className="code sql-block" data-testid="answer-sql" aria-labelledby={`${sqlId}-answer`}>
              {answer.answer_sql}
            </pre>
          )}
          <div className="row wrap">
            <Link className="button" to={`/sql?q=${encodeURIComponent(answer.answer_sql)}`} data-testid="open-answer-sql">
              {t('ask.openInConsole')}
            </Link>
          </div>

          <details className="rows-query" open={editedSql}>
            <summary>{t('ask.rowsQuery')}</summary>
            <form
              className="sql-edit"
              onSubmit={(e) => {
                e.preventDefault();
                onRunSql(sql);
              }}
            >
              <label htmlFor={sqlId} className="muted small">
                {t('ask.rowsQueryHint')}
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
                data-testid="rows-sql"
              />
              <div className="row wrap">
                <button type="submit" className="button" disabled={busy || !sql.trim()}>
                  {t('ask.runSql')}
                </button>
                {sql !== answer.query && (
                  <button type="button" className="button ghost" onClick={() => setSql(answer.query)}>
                    {t('ask.resetSql')}
                  </button>
                )}
                <Link className="button ghost" to={`/sql?q=${encodeURIComponent(sql)}`}>
                  {t('ask.openRowsInConsole')}
                </Link>
              </div>
            </form>
          </details>
        </section>

        <section className="card" aria-labelledby="stats-title">
          <h2 id="stats-title">{t('ask.statistics')}</h2>
          {answer.statistics ? (
            <>
              <StatisticsCaption answer={answer} subject={subject} />
              <StatsTable stats={answer.statistics} />
            </>
          ) : (
            <p className="muted">{t('ask.noStatistics')}</p>
          )}
          {trend?.mann_kendall && (
            <p className="trend" data-testid="trend">
              {t('ask.trend', {
                trend: t(`ask.trends.${trend.mann_kendall.trend ?? 'no trend'}`, { defaultValue: trend.mann_kendall.trend }),
                p: formatStatValue(trend.mann_kendall.p_value, lang),
                slope: formatStatValue(trend.theil_sen?.slope, lang),
                r2: formatStatValue(trend.ols?.r_squared, lang),
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

      {rows.columns.length > 0 && (
        <section className="card" aria-labelledby="rows-title">
          <div className="row wrap">
            <h2 id="rows-title">
              {t('ask.rows')}{' '}
              <span className="muted small">
                {t('ask.rowsShown', {
                  shown: formatInteger(rows.rows.length, lang),
                  total: formatInteger(rows.total_rows, lang),
                })}
              </span>
            </h2>
            <span className="spacer" />
            <button type="button" className="button small" onClick={() => save('csv')}>
              {t('sql.exportCsv')}
            </button>
            <button type="button" className="button small" onClick={() => save('json')}>
              {t('sql.exportJson')}
            </button>
          </div>
          {rows.rows.length < rows.total_rows && (
            <p className="muted small" data-testid="rows-partial">
              {t('ask.rowsPartial', { shown: formatInteger(rows.rows.length, lang), total: formatInteger(rows.total_rows, lang) })}{' '}
              <Link to={`/sql?q=${encodeURIComponent(answer.answer_sql)}`}>{t('ask.openInConsole')}</Link>
            </p>
          )}
          <DataGrid columns={rows.columns} rows={rows.rows} pageSize={25} caption={t('ask.rows')} />
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
            <code className="small muted block">{c.answer_sql}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
