// Loads a quote file as a dataset: B3's COTAHIST (recognised by its header line) or a CSV of daily
// quotes. Large files load as a job whose progress shows here.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { Job } from '../../api/schema';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobLine, useJob } from '../../components/JobFollow';
import { Progress } from '../../components/Progress';
import { formatInteger } from '../../format';

export function ImportQuotes({ onLoaded }: { onLoaded(dataset: string): void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState<{ dataset: string; rows: number } | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const followed = useJob(job?.id ?? null, (j) => {
    const r = j.result as { dataset?: string; rows_loaded?: number } | null;
    void queries.invalidateQueries({ queryKey: ['datasets'] });
    if (r?.dataset) {
      setLoaded({ dataset: r.dataset, rows: r.rows_loaded ?? 0 });
      onLoaded(r.dataset);
    }
  });

  const pick = async (file: File) => {
    setError(null);
    setLoaded(null);
    setJob(null);
    setProgress(0);
    try {
      const r = await api.upload(file, { mode: 'replace' }, (p) => setProgress(p.total ? (100 * p.loaded) / p.total : null));
      if (r.kind === 'job') setJob(r.job);
      else {
        await queries.invalidateQueries({ queryKey: ['datasets'] });
        setLoaded({ dataset: r.report.dataset, rows: r.report.rows_loaded });
        onLoaded(r.report.dataset);
      }
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <details className="card import-quotes">
      <summary>{t('forecast.import.title')}</summary>
      <p className="muted small">{t('forecast.import.hint')}</p>
      <label htmlFor="fc-file">{t('forecast.import.file')}</label>{' '}
      <input
        id="fc-file"
        data-testid="quotes-file"
        type="file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void pick(f);
          e.target.value = '';
        }}
      />
      {progress !== null && <Progress value={progress} label={t('forecast.import.uploading')} />}
      {job && <JobLine job={followed.job ?? job} error={followed.error} label={t('forecast.import.loading')} />}
      <ErrorNotice error={error} />
      {loaded && (
        <p className="notice notice-info" role="status" data-testid="quotes-loaded">
          {t('forecast.import.loaded', { n: formatInteger(loaded.rows, i18n.language), dataset: loaded.dataset })}
        </p>
      )}
    </details>
  );
}
