// A schedule's runs, newest first: when, status, attempts, where the files went (the folder or the
// webhook and its HTTP status), the files, an alert's value and state, and the error of a failed
// run. Refreshes while a run is queued or running.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { runOutcome, scheduleRuns, type Schedule } from '../../api/reports';
import { FINISHED_JOB_STATUSES } from '../../api/schema';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDate, formatNumber } from '../../format';

export function RunHistory({ schedule }: { schedule: Schedule }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const runs = useQuery({
    queryKey: ['schedules', schedule.id, 'runs'],
    queryFn: ({ signal }) => scheduleRuns(api, schedule.id, signal),
    refetchInterval: (q) => ((q.state.data ?? []).some((j) => !FINISHED_JOB_STATUSES.includes(j.status)) ? 1500 : false),
  });
  return (
    <section className="card run-history" aria-labelledby="run-history-title" data-testid="run-history">
      <h2 id="run-history-title">{t('reports.historyTitle', { name: schedule.name })}</h2>
      {runs.isError && <ErrorNotice error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {runs.data && runs.data.length === 0 && <p className="empty">{t('reports.noRuns')}</p>}
      {runs.data && runs.data.length > 0 && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('reports.historyTitle', { name: schedule.name })}>
          <table className="grid" data-testid="runs">
            <thead>
              <tr>
                <th scope="col">{t('reports.when')}</th>
                <th scope="col">{t('reports.status')}</th>
                <th scope="col" className="num">{t('reports.attempts')}</th>
                <th scope="col">{t('reports.delivered')}</th>
                <th scope="col">{t('reports.files')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((job) => {
                const o = runOutcome(job.result);
                const manual = (job.idempotency_key ?? '').includes(':now:');
                return (
                  <tr key={job.id} data-status={job.status}>
                    <td>
                      {formatDate(job.created_at, lang)}
                      {manual && <span className="badge">{t('reports.manual')}</span>}
                    </td>
                    <td>
                      <span className={`status status-${job.status}`}>{t(`jobs.statuses.${job.status}`)}</span>
                      {o.state && (
                        <span className={`badge alert-${o.state}`} data-testid="alert-state">
                          {t(`reports.states.${o.state}`, { defaultValue: o.state })}
                          {o.value !== undefined && ` · ${formatNumber(o.value, lang)}`}
                        </span>
                      )}
                      {job.error && <p className="small error-text">{job.error.message}</p>}
                    </td>
                    <td className="num">
                      {job.attempts}/{job.max_attempts}
                    </td>
                    <td className="small">
                      {o.destination ?? '—'}
                      {o.webhookStatus !== undefined && <span className="badge">HTTP {o.webhookStatus}</span>}
                      {o.cardErrors.length > 0 && <p className="small error-text">{o.cardErrors.join('; ')}</p>}
                    </td>
                    <td className="small">
                      {o.files.length === 0
                        ? '—'
                        : o.files.map((f) => (
                            <div key={f.name}>
                              {f.name} {f.bytes !== undefined && <span className="muted">({formatBytes(f.bytes, lang)})</span>}
                            </div>
                          ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
