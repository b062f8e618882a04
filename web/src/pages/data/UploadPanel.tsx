// Upload files by dropping them or choosing them (react-dropzone). Each upload shows the bytes sent
// (XMLHttpRequest upload progress), then the ingest; with "run as a job" (or a file the server
// decides is large) the server answers at once with a job whose progress arrives over server-sent
// events.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { JobWatch } from '../../api/client';
import { isAbort } from '../../api/errors';
import type { IngestMode, IngestReport, Job } from '../../api/schema';
import { ErrorNotice } from '../../components/ErrorNotice';
import { IngestReportView, isIngestReport } from '../../components/IngestReportView';
import { Progress } from '../../components/Progress';
import { formatBytes } from '../../format';
import { jobMessage } from '../JobsPage';

type Status = 'uploading' | 'ingesting' | 'job' | 'done' | 'error' | 'cancelled';

interface Upload {
  id: number;
  file: File;
  status: Status;
  loaded: number;
  total: number;
  report?: IngestReport;
  job?: Job;
  error?: unknown;
  abort: AbortController;
}

let nextId = 1;

export function UploadPanel({ disabled }: { disabled: boolean }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<IngestMode>('create');
  const [key, setKey] = useState('');
  const [asJob, setAsJob] = useState(false);
  const watches = useRef(new Map<number, JobWatch>());

  useEffect(() => {
    const current = watches.current;
    return () => current.forEach((w) => w.close());
  }, []);

  const update = useCallback((id: number, patch: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));
  }, []);

  const start = useCallback(
    async (file: File, datasetName: string) => {
      const upload: Upload = {
        id: nextId++,
        file,
        status: 'uploading',
        loaded: 0,
        total: file.size,
        abort: new AbortController(),
      };
      setUploads((list) => [upload, ...list].slice(0, 20));
      try {
        const result = await api.upload(
          file,
          { name: datasetName || undefined, mode, key: mode === 'upsert' ? key : undefined, async: asJob },
          (p) => update(upload.id, { loaded: p.loaded, total: p.total, status: p.loaded >= p.total ? 'ingesting' : 'uploading' }),
          upload.abort.signal,
        );
        if (result.kind === 'report') {
          update(upload.id, { status: 'done', report: result.report, loaded: file.size });
          void queries.invalidateQueries({ queryKey: ['datasets'] });
          return;
        }
        update(upload.id, { status: 'job', job: result.job, loaded: file.size });
        void queries.invalidateQueries({ queryKey: ['jobs'] });
        const watch = api.watchJob(result.job.id, {
          onUpdate: (job) => update(upload.id, { job }),
          onDone: (job) => {
            watches.current.delete(upload.id);
            void queries.invalidateQueries({ queryKey: ['jobs'] });
            if (job.status === 'succeeded') {
              update(upload.id, { status: 'done', job, report: isIngestReport(job.result) ? job.result : undefined });
              void queries.invalidateQueries({ queryKey: ['datasets'] });
            } else {
              update(upload.id, {
                status: job.status === 'cancelled' ? 'cancelled' : 'error',
                job,
                error: job.error ? Object.assign(new Error(job.error.message), { code: job.error.code }) : undefined,
              });
            }
          },
          onError: (error) => update(upload.id, { status: 'error', error }),
        });
        watches.current.set(upload.id, watch);
      } catch (error) {
        update(upload.id, isAbort(error) ? { status: 'cancelled' } : { status: 'error', error });
      }
    },
    [mode, key, asJob, queries, update],
  );

  const onDrop = useCallback(
    (files: File[]) => {
      // A name applies to a single file; several files keep their own names.
      files.forEach((f) => void start(f, files.length === 1 ? name.trim() : ''));
      setName('');
    },
    [name, start],
  );

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop,
    disabled,
    noClick: true,
    noKeyboard: true,
    // No accept filter: the server detects the format and says clearly what it cannot read.
  });

  const cancel = (u: Upload) => {
    if (u.status === 'job' && u.job) {
      void api.cancelJob(u.job.id).catch((error) => update(u.id, { error }));
    } else {
      u.abort.abort();
    }
  };

  return (
    <section className="card upload-card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('upload.title')}</h2>
      {disabled && <p className="muted">{t('upload.needsAnalyst')}</p>}
      <div
        {...getRootProps({
          className: `dropzone${isDragActive ? ' active' : ''}${disabled ? ' disabled' : ''}`,
        })}
        data-testid="dropzone"
      >
        {/* Reached through the button below; hidden from assistive technology to avoid a twin. */}
        <input {...getInputProps({ 'aria-hidden': true })} data-testid="file-input" />
        <p>{isDragActive ? t('upload.dropNow') : t('upload.drop')}</p>
        <button type="button" className="button primary" onClick={open} disabled={disabled}>
          {t('upload.choose')}
        </button>
        <p className="muted small">{t('upload.formats')}</p>
      </div>
      <fieldset className="upload-options" disabled={disabled}>
        <legend className="visually-hidden">{t('upload.options')}</legend>
        <div className="field">
          <label htmlFor="upload-name">{t('upload.name')}</label>
          <input
            id="upload-name"
            className="input"
            value={name}
            placeholder={t('upload.namePlaceholder')}
            pattern="[A-Za-z][A-Za-z0-9_]*"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="upload-mode">{t('upload.mode')}</label>
          <select id="upload-mode" className="select" value={mode} onChange={(e) => setMode(e.target.value as IngestMode)}>
            {(['create', 'replace', 'append', 'upsert'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`upload.modes.${m}`)}
              </option>
            ))}
          </select>
        </div>
        {mode === 'upsert' && (
          <div className="field">
            <label htmlFor="upload-key">{t('upload.key')}</label>
            <input id="upload-key" className="input" value={key} onChange={(e) => setKey(e.target.value)} />
          </div>
        )}
        <div className="field checkbox">
          <input id="upload-async" type="checkbox" checked={asJob} onChange={(e) => setAsJob(e.target.checked)} />
          <label htmlFor="upload-async">{t('upload.async')}</label>
        </div>
      </fieldset>
      {uploads.length > 0 && (
        <ul className="uploads" aria-live="polite" data-testid="uploads">
          {uploads.map((u) => (
            <li key={u.id} className={`upload upload-${u.status}`} data-status={u.status}>
              <div className="upload-head">
                <strong>{u.file.name}</strong>
                <span className="muted small">{formatBytes(u.file.size, i18n.language)}</span>
                <span className={`status status-${u.status}`}>{t(`upload.status.${u.status}`)}</span>
                {(u.status === 'uploading' || u.status === 'ingesting' || u.status === 'job') && (
                  <button type="button" className="button small ghost" onClick={() => cancel(u)}>
                    {t('common.cancel')}
                  </button>
                )}
              </div>
              {u.status === 'uploading' && (
                <Progress value={u.total ? (u.loaded / u.total) * 100 : null} label={t('upload.sending', { file: u.file.name })} />
              )}
              {u.status === 'ingesting' && <Progress value={null} label={t('upload.ingesting', { file: u.file.name })} />}
              {u.status === 'job' && u.job && (
                <div className="upload-job">
                  <Progress value={u.job.progress} label={t('upload.jobProgress', { file: u.file.name })} />
                  <span className="muted small">
                    {jobMessage(u.job.message, t)}{' '}
                    <Link to="/jobs">{t('upload.seeJobs')}</Link>
                  </span>
                </div>
              )}
              {u.report && <IngestReportView report={u.report} />}
              {u.status === 'done' && !u.report && u.job && <p>{t('upload.jobDone')}</p>}
              {u.error !== undefined && <ErrorNotice error={u.error} compact />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
