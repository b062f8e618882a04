// Follows one job (server-sent events, polling as the fallback) and shows where it is: a progress
// bar, its status and message, and its error when it fails. The pages that start long work
// (feedback imports, forecast training, pipeline runs) use it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useApi } from '../api/context';
import { FINISHED_JOB_STATUSES, type Job } from '../api/schema';
import { jobMessage } from '../pages/JobsPage';
import { ErrorNotice } from './ErrorNotice';
import { Progress } from './Progress';

/** The job as it changes; `onDone` runs once when it finishes (whatever the outcome). */
export function useJob(id: string | null, onDone?: (job: Job) => void): { job: Job | null; error: unknown } {
  const api = useApi();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    setJob(null);
    setError(null);
    if (!id) return;
    const watch = api.watchJob(id, {
      onUpdate: setJob,
      onDone: (j) => done.current?.(j),
      onError: setError,
    });
    return () => watch.close();
  }, [api, id]);
  return { job, error };
}

export function isJobFinished(job: Job | null): boolean {
  return !!job && FINISHED_JOB_STATUSES.includes(job.status);
}

/** A job's line: label, progress, status, message; the error when it failed. */
export function JobLine({ job, error, label, testId }: { job: Job | null; error: unknown; label: string; testId?: string }) {
  const { t } = useTranslation();
  if (error) return <ErrorNotice error={error} />;
  if (!job) {
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  const message = jobMessage(job.message, t);
  return (
    <div className="job-line" data-testid={testId} data-status={job.status}>
      <div className="row wrap">
        <strong>{label}</strong>
        <span className={`status status-${job.status}`}>{t(`jobs.statuses.${job.status}`)}</span>
        {message && <span className="muted small job-message">{message}</span>}
        <span className="spacer" />
        <NavLink className="small" to="/jobs">
          {job.id}
        </NavLink>
      </div>
      {!isJobFinished(job) && <Progress value={job.progress} label={label} />}
      {job.error && (
        <p className="notice notice-error" role="alert">
          {job.error.message}
        </p>
      )}
    </div>
  );
}
