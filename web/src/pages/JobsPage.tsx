// Jobs: long work (large ingests, ...) with live progress over server-sent events, and cancel.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import type { JobWatch } from '../api/client';
import { FINISHED_JOB_STATUSES, type Job, type JobStatus } from '../api/schema';
import { ErrorNotice, isMissingRoute } from '../components/ErrorNotice';
import { IngestReportView, isIngestReport } from '../components/IngestReportView';
import { Progress } from '../components/Progress';
import { formatDate } from '../format';
import { useSession } from '../auth/session';

const STATUSES: JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'dead'];
const MAX_STREAMS = 8; // browsers allow few connections per host over HTTP/1.1

export function isFinished(job: Job): boolean {
  return FINISHED_JOB_STATUSES.includes(job.status);
}

// The queue's own words for where a job is (src/jobs/queue.cpp, the ingest worker). Those that only
// repeat the job's status are not shown again; the rest are said in the UI language, and anything
// else (a worker's own progress text) as the server wrote it.
const REPEATS_STATUS = new Set(['done', 'running', 'queued', 'failed', 'cancelled', 'dead']);
const MESSAGES: Record<string, string> = {
  cancelling: 'cancelling',
  'queued again': 'queuedAgain',
  'queued (worker stopped)': 'workerStopped',
  loading: 'loading',
};

/** A job's progress message in the UI language, or null when it says nothing the status does not. */
export function jobMessage(message: string, t: TFunction): string | null {
  const m = message.trim();
  if (!m || REPEATS_STATUS.has(m)) return null;
  if (m in MESSAGES) return t(`jobs.messages.${MESSAGES[m]}`);
  const retrying = /^retrying in (\d+) s$/.exec(m);
  if (retrying) return t('jobs.messages.retrying', { seconds: Number(retrying[1]) });
  const loading = /^loading (.+)$/.exec(m);
  if (loading) return t('jobs.messages.loadingFile', { file: loading[1] });
  return m;
}

export function JobsPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queries = useQueryClient();
  const [status, setStatus] = useState<'' | JobStatus>('');
  const [live, setLive] = useState<Record<string, Job>>({});
  const watches = useRef(new Map<string, JobWatch>());

  const list = useQuery({
    queryKey: ['jobs', status],
    queryFn: () => api.jobs({ status: status || undefined }),
    refetchInterval: (q) => (q.state.error ? false : 5000),
  });
  const jobs = useMemo(
    () => (list.data?.jobs ?? []).map((j) => (live[j.id] && !isFinished(j) ? live[j.id] : j)),
    [list.data, live],
  );

  // One event stream per unfinished job on screen.
  useEffect(() => {
    const wanted = new Set(jobs.filter((j) => !isFinished(j)).slice(0, MAX_STREAMS).map((j) => j.id));
    for (const [id, w] of watches.current) {
      if (!wanted.has(id)) {
        w.close();
        watches.current.delete(id);
      }
    }
    for (const id of wanted) {
      if (watches.current.has(id)) continue;
      watches.current.set(
        id,
        api.watchJob(id, {
          onUpdate: (job) => setLive((m) => ({ ...m, [job.id]: job })),
          onDone: () => {
            watches.current.delete(id);
            void queries.invalidateQueries({ queryKey: ['jobs'] });
            void queries.invalidateQueries({ queryKey: ['datasets'] });
          },
        }),
      );
    }
  }, [jobs, queries]);

  useEffect(() => {
    const current = watches.current;
    return () => {
      current.forEach((w) => w.close());
      current.clear();
    };
  }, []);

  const retry = useMutation({
    mutationFn: (id: string) => api.retryJob(id),
    onSuccess: (job) => {
      setLive((m) => ({ ...m, [job.id]: job }));
      void queries.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.cancelJob(id),
    onSuccess: (job) => {
      setLive((m) => ({ ...m, [job.id]: job }));
      void queries.invalidateQueries({ queryKey: ['jobs'] });
    },
  });

  return (
    <section className="page jobs-page" aria-labelledby="jobs-title">
      <div className="row wrap">
        <h1 id="jobs-title">{t('jobs.title')}</h1>
        <span className="spacer" />
        <div className="field inline">
          <label htmlFor="job-status">{t('jobs.status')}</label>
          <select id="job-status" className="select" value={status} onChange={(e) => setStatus(e.target.value as '' | JobStatus)}>
            <option value="">{t('jobs.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`jobs.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button small" onClick={() => void list.refetch()}>
          {t('common.refresh')}
        </button>
      </div>
      {list.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {list.isError &&
        (isMissingRoute(list.error) ? (
          <p className="notice notice-info">{t('jobs.unavailable')}</p>
        ) : (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ))}
      {list.data && jobs.length === 0 && <p className="muted">{t('jobs.none')}</p>}
      {jobs.length > 0 && (
        <ul className="job-list" data-testid="job-list">
          {jobs.map((j) => (
            <li key={j.id} className={`card job job-${j.status}`} data-testid="job" data-status={j.status}>
              <div className="job-head">
                <strong>{t(`jobs.kinds.${j.kind}`, { defaultValue: j.kind })}</strong>
                <code className="muted small" title={j.id}>
                  {j.id.slice(0, 12)}
                </code>
                <span className={`status status-${j.status}`}>{t(`jobs.statuses.${j.status}`, { defaultValue: j.status })}</span>
                <span className="spacer" />
                {j.cancel_requested && !isFinished(j) && <span className="muted small">{t('jobs.cancelRequested')}</span>}
                {!isFinished(j) && !j.cancel_requested && session.can('write') && (
                  <button
                    type="button"
                    className="button small danger"
                    disabled={cancel.isPending}
                    onClick={() => cancel.mutate(j.id)}
                    aria-label={t('jobs.cancelLabel', { id: j.id })}
                  >
                    {t('common.cancel')}
                  </button>
                )}
                {(j.status === 'failed' || j.status === 'dead' || j.status === 'cancelled') && session.can('write') && (
                  <button
                    type="button"
                    className="button small"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate(j.id)}
                    aria-label={t('jobs.retryLabel', { id: j.id })}
                  >
                    {t('jobs.retry')}
                  </button>
                )}
              </div>
              <Progress value={j.status === 'queued' ? 0 : j.progress} label={t('jobs.progressOf', { id: j.id })} />
              {jobMessage(j.message, t) && <p className="muted small job-message">{jobMessage(j.message, t)}</p>}
              {/* A refused retry or cancel says why, on the job it was for (e.g. its upload is gone). */}
              {retry.isError && retry.variables === j.id && <ErrorNotice error={retry.error} compact />}
              {cancel.isError && cancel.variables === j.id && <ErrorNotice error={cancel.error} compact />}
              <dl className="facts small">
                <div>
                  <dt>{t('jobs.created')}</dt>
                  <dd>{formatDate(j.created_at, i18n.language)}</dd>
                </div>
                {j.started_at && (
                  <div>
                    <dt>{t('jobs.started')}</dt>
                    <dd>{formatDate(j.started_at, i18n.language)}</dd>
                  </div>
                )}
                {j.finished_at && (
                  <div>
                    <dt>{t('jobs.finished')}</dt>
                    <dd>{formatDate(j.finished_at, i18n.language)}</dd>
                  </div>
                )}
                {j.created_by && (
                  <div>
                    <dt>{t('jobs.by')}</dt>
                    <dd>{j.created_by}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('jobs.attempts')}</dt>
                  <dd>
                    {j.attempts}/{j.max_attempts}
                  </dd>
                </div>
              </dl>
              {j.error && (
                <div className="notice notice-error compact" role="alert">
                  <strong>{t(`errors.${j.error.code}.title`, { defaultValue: t('errors.unknown.title') })}</strong>
                  <p>{j.error.message}</p>
                </div>
              )}
              {j.status === 'succeeded' && isIngestReport(j.result) && <IngestReportView report={j.result} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
