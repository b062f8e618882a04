// System: is the server healthy and ready, what is running, how it is used and how fast it answers,
// and what it is configured to do.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { ErrorNotice, isMissingRoute } from '../components/ErrorNotice';
import { EChart } from '../components/EChart';
import { formatBytes, formatDate, formatDuration, formatInteger, formatMs, isoDay } from '../format';
import { useSession } from '../auth/session';
import { daysBetween, flattenConfig, latencyOption, usageOption } from './system/charts';

function Unavailable({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return isMissingRoute(error) ? (
    <p className="muted small">{t('system.notOnServer')}</p>
  ) : (
    <ErrorNotice error={error} compact onRetry={onRetry} />
  );
}

function StatusDot({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span className={`status ${ok ? 'status-succeeded' : 'status-failed'}`}>
      <span aria-hidden="true">●</span> {label}
    </span>
  );
}

export function SystemPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const [start, setStart] = useState(() => isoDay(new Date(Date.now() - 6 * 86400_000)));
  const [end, setEnd] = useState(() => isoDay(new Date()));

  const health = useQuery({ queryKey: ['system', 'health'], queryFn: () => api.health(), refetchInterval: 15000 });
  const ready = useQuery({ queryKey: ['system', 'ready'], queryFn: () => api.ready(), refetchInterval: 15000 });
  const version = useQuery({ queryKey: ['system', 'version'], queryFn: () => api.version() });
  const status = useQuery({ queryKey: ['system', 'status'], queryFn: () => api.systemStatus(), refetchInterval: 15000 });
  const usage = useQuery({ queryKey: ['system', 'usage', start, end], queryFn: () => api.usage(start, end) });
  const perf = useQuery({ queryKey: ['system', 'performance', start, end], queryFn: () => api.performance(start, end) });
  const cleanup = useMutation({ mutationFn: () => api.cleanupCache() });

  const days = useMemo(() => daysBetween(start, end), [start, end]);
  const usageChart = useMemo(
    () =>
      usage.data
        ? usageOption(usage.data.rows, days, {
            title: t('system.requestsPerDay'),
            other: t('system.other'),
            errors: t('system.errors'),
          })
        : null,
    [usage.data, days, t],
  );
  const latencyChart = useMemo(
    () => (perf.data ? latencyOption(perf.data.daily, days, { title: t('system.latencyPerDay') }, lang) : null),
    [perf.data, days, t, lang],
  );
  const users = useMemo(() => {
    const m = new Map<string, { count: number; errors: number }>();
    for (const r of usage.data?.rows ?? []) {
      const k = r.user ?? t('system.anonymous');
      const e = m.get(k) ?? { count: 0, errors: 0 };
      e.count += r.count;
      e.errors += r.errors;
      m.set(k, e);
    }
    return [...m.entries()].sort((a, b) => b[1].count - a[1].count);
  }, [usage.data, t]);

  return (
    <section className="page system-page" aria-labelledby="system-title">
      <h1 id="system-title">{t('system.title')}</h1>
      <div className="cards">
        <section className="card" aria-labelledby="health-title">
          <h2 id="health-title">{t('system.health')}</h2>
          {health.data && (
            <StatusDot ok={health.data.status === 'ok'} label={t(`system.statuses.${health.data.status}`, { defaultValue: health.data.status })} />
          )}
          {health.isError && <ErrorNotice error={health.error} compact onRetry={() => void health.refetch()} />}
          <h3>{t('system.ready')}</h3>
          {ready.data && (
            <>
              <StatusDot ok={ready.data.status === 'ok'} label={t(`system.statuses.${ready.data.status}`, { defaultValue: ready.data.status })} />
              <table className="grid compact">
                <tbody>
                  {Object.entries(ready.data.checks ?? {}).map(([name, c]) => (
                    <tr key={name}>
                      <th scope="row">{t(`system.checks.${name}`, { defaultValue: name })}</th>
                      <td>
                        <StatusDot ok={c.status === 'ok'} label={t(`system.statuses.${c.status}`, { defaultValue: c.status })} />
                        {c.error && <span className="muted small block">{c.error}</span>}
                      </td>
                      <td className="num">{formatMs(c.latency_ms, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {ready.isError && <Unavailable error={ready.error} onRetry={() => void ready.refetch()} />}
        </section>

        <section className="card" aria-labelledby="version-title">
          <h2 id="version-title">{t('system.version')}</h2>
          {version.data && (
            <dl className="facts" data-testid="version">
              <div>
                <dt>{t('system.name')}</dt>
                <dd>{version.data.name}</dd>
              </div>
              <div>
                <dt>{t('system.version')}</dt>
                <dd>{version.data.version}</dd>
              </div>
              <div>
                <dt>DuckDB</dt>
                <dd>{version.data.duckdb}</dd>
              </div>
            </dl>
          )}
          {version.isError && <ErrorNotice error={version.error} compact />}
          <h3>{t('system.apiDocs')}</h3>
          <ul className="plain-list">
            <li>
              <a href="/docs">{t('system.docsPage')}</a>
            </li>
            <li>
              <a href="/api/v1/openapi.json">
                <code>/api/v1/openapi.json</code>
              </a>
            </li>
          </ul>
        </section>

        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">{t('system.status')}</h2>
          {status.data && (
            <dl className="facts">
              <div>
                <dt>{t('system.uptime')}</dt>
                <dd title={formatDate(status.data.started_at, lang)}>{formatDuration(status.data.uptime_s, lang)}</dd>
              </div>
              <div>
                <dt>{t('system.dataDir')}</dt>
                <dd>
                  <code>{status.data.data_dir}</code>
                </dd>
              </div>
              <div>
                <dt>{t('system.disk')}</dt>
                <dd>
                  {t('system.diskFree', {
                    free: formatBytes(status.data.disk?.free_bytes, lang),
                    total: formatBytes(status.data.disk?.total_bytes, lang),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('system.memory')}</dt>
                <dd>
                  {t('system.memoryUse', {
                    rss: formatBytes(status.data.memory?.rss_bytes, lang),
                    duckdb: formatBytes(status.data.memory?.duckdb_bytes, lang),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('system.jobs')}</dt>
                <dd>{t('system.jobCounts', { queued: status.data.jobs?.queued ?? 0, running: status.data.jobs?.running ?? 0 })}</dd>
              </div>
              {status.data.instance && (
                <div>
                  <dt>{t('system.instance')}</dt>
                  <dd>
                    <code>{status.data.instance}</code>
                  </dd>
                </div>
              )}
            </dl>
          )}
          {status.isError && <Unavailable error={status.error} onRetry={() => void status.refetch()} />}
          {session.can('admin') && !isMissingRoute(status.error) && (
            <div className="row wrap">
              <button type="button" className="button small" disabled={cleanup.isPending} onClick={() => cleanup.mutate()}>
                {t('system.cleanup')}
              </button>
              {cleanup.data && (
                <span className="muted small" role="status">
                  {t('system.cleaned', {
                    entries: formatInteger(cleanup.data.removed_entries, lang),
                    bytes: formatBytes(cleanup.data.freed_bytes, lang),
                  })}
                </span>
              )}
            </div>
          )}
          {cleanup.isError && <Unavailable error={cleanup.error} onRetry={() => cleanup.mutate()} />}
        </section>
      </div>

      <section className="card" aria-labelledby="usage-title">
        <div className="row wrap">
          <h2 id="usage-title">{t('system.usage')}</h2>
          <span className="spacer" />
          <div className="field inline">
            <label htmlFor="usage-start">{t('system.from')}</label>
            <input
              id="usage-start"
              className="input"
              type="date"
              value={start}
              max={end}
              onChange={(e) => e.target.value && setStart(e.target.value)}
            />
          </div>
          <div className="field inline">
            <label htmlFor="usage-end">{t('system.to')}</label>
            <input
              id="usage-end"
              className="input"
              type="date"
              value={end}
              min={start}
              onChange={(e) => e.target.value && setEnd(e.target.value)}
            />
          </div>
        </div>
        {usage.data && (
          <p className="muted small">
            {t('system.totals', {
              count: formatInteger(usage.data.totals.count, lang),
              errors: formatInteger(usage.data.totals.errors, lang),
            })}
          </p>
        )}
        <div className="chart-pair">
          <div>
            {usageChart && <EChart option={usageChart} label={t('system.requestsPerDay')} height={300} testId="usage-chart" />}
            {usage.isError && <Unavailable error={usage.error} onRetry={() => void usage.refetch()} />}
          </div>
          <div>
            {latencyChart && (
              <EChart option={latencyChart} label={t('system.latencyPerDay')} height={300} testId="latency-chart" />
            )}
            {perf.isError && <Unavailable error={perf.error} onRetry={() => void perf.refetch()} />}
          </div>
        </div>
        <div className="chart-pair">
          {perf.data && perf.data.routes.length > 0 && (
            <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('system.routes')}>
              <table className="grid compact">
                <caption>{t('system.routes')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('system.route')}</th>
                    <th scope="col" className="num">
                      {t('system.requests')}
                    </th>
                    <th scope="col" className="num">
                      {t('system.errors')}
                    </th>
                    <th scope="col" className="num">
                      p50
                    </th>
                    <th scope="col" className="num">
                      p95
                    </th>
                    <th scope="col" className="num">
                      p99
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...perf.data.routes]
                    .sort((a, b) => b.count - a.count)
                    .map((r) => (
                      <tr key={`${r.method ?? ''} ${r.route}`}>
                        <th scope="row">
                          <code>
                            {r.method ? `${r.method} ` : ''}
                            {r.route}
                          </code>
                        </th>
                        <td className="num">{formatInteger(r.count, lang)}</td>
                        <td className="num">{formatInteger(r.errors, lang)}</td>
                        <td className="num">{formatMs(r.p50_ms, lang)}</td>
                        <td className="num">{formatMs(r.p95_ms, lang)}</td>
                        <td className="num">{formatMs(r.p99_ms, lang)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
          {users.length > 0 && (
            <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('system.byUser')}>
              <table className="grid compact">
                <caption>{t('system.byUser')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('system.user')}</th>
                    <th scope="col" className="num">
                      {t('system.requests')}
                    </th>
                    <th scope="col" className="num">
                      {t('system.errors')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {users.map(([u, v]) => (
                    <tr key={u}>
                      <th scope="row">{u}</th>
                      <td className="num">{formatInteger(v.count, lang)}</td>
                      <td className="num">{formatInteger(v.errors, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="config-title">
        <h2 id="config-title">{t('system.config')}</h2>
        {status.data?.config ? (
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('system.config')}>
            <table className="grid compact config-table" data-testid="config">
              <tbody>
                {flattenConfig(status.data.config).map(([k, v, source]) => (
                  <tr key={k}>
                    <th scope="row">
                      <code>{k}</code>
                    </th>
                    <td>{v}</td>
                    <td className="muted small">{source && t(`system.sources.${source}`, { defaultValue: source })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : status.isError ? (
          <Unavailable error={status.error} onRetry={() => void status.refetch()} />
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    </section>
  );
}
