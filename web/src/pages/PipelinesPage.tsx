// Metric pipelines: the list, a run (a job with live progress naming the node being run), the runs
// with per-node status and figures, a browser of the metric tables the pipeline writes (a chart per
// metric), and the lineage graph (click a node for its SQL, rules, columns and last run).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { pipelineLineage, pipelines, runPipeline, type RunOptions } from '../api/tools';
import type { Job } from '../api/schema';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobLine, useJob } from '../components/JobFollow';
import { TabPanel, Tabs } from '../components/Tabs';
import { formatDate } from '../format';
import { RunsTable } from './pipelines/RunsTable';
import { MetricsBrowser } from './pipelines/MetricsBrowser';
import { LineageView } from './pipelines/LineageView';

type Tab = 'runs' | 'metrics' | 'lineage';

export function PipelinesPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ['pipelines'], queryFn: ({ signal }) => pipelines(api, signal) });
  const [name, setName] = useState('');
  const [tab, setTab] = useState<Tab>('runs');
  const [started, setStarted] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [from, setFrom] = useState('');
  const items = list.data?.pipelines ?? [];
  useEffect(() => {
    if (!name && items.length) setName(items[0].name);
  }, [items, name]);
  const lineage = useQuery({
    queryKey: ['pipelines', name, 'lineage'],
    queryFn: ({ signal }) => pipelineLineage(api, name, signal),
    enabled: !!name,
  });
  const { job, error: jobError } = useJob(started?.id ?? null, () => {
    void queries.invalidateQueries({ queryKey: ['pipelines'] });
    void queries.invalidateQueries({ queryKey: ['datasets'] });
  });

  useEffect(() => setFrom(''), [name]);
  const run = async (options: RunOptions) => {
    setError(null);
    try {
      setStarted(await runPipeline(api, name, options));
    } catch (e) {
      setError(e);
    }
  };
  const running = !!job && (job.status === 'queued' || job.status === 'running');
  const current = items.find((p) => p.name === name);
  const nodeNames = (lineage.data?.nodes ?? []).filter((n) => n.kind === 'node').map((n) => n.id);
  const resumable = current?.last_run?.status === 'failed';

  return (
    <section className="page pipelines-page" aria-labelledby="pipelines-title">
      <h1 id="pipelines-title">{t('pipelines.title')}</h1>
      <p className="muted">{t('pipelines.intro')}</p>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {list.data && items.length === 0 && <p className="empty">{t('pipelines.none')}</p>}
      {items.length > 0 && (
        <ul className="pipeline-list" data-testid="pipeline-list">
          {items.map((p) => (
            <li key={p.name} className={p.name === name ? 'card selected' : 'card'}>
              <button type="button" className="link-button" aria-pressed={p.name === name} onClick={() => setName(p.name)}>
                <strong>{p.name}</strong>
              </button>{' '}
              <span className="badge">{t('pipelines.nodeCount', { count: p.nodes })}</span>
              {p.schedule && <span className="badge" title={t('pipelines.schedule')}>{p.schedule}</span>}
              <p className="muted small">{p.description}</p>
              <p className="small">
                {p.last_run ? (
                  <>
                    {t('pipelines.lastRun')}: <span className={`status status-${p.last_run.status}`}>{t(`pipelines.statuses.${p.last_run.status}`)}</span>{' '}
                    {formatDate(p.last_run.started_at, i18n.language)}
                  </>
                ) : (
                  <span className="muted">{t('pipelines.neverRun')}</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {current && (
        <>
          <div className="row wrap">
            <h2>{current.name}</h2>
            <span className="spacer" />
            {session.can('write') && (
              <>
                <label className="small">
                  {t('pipelines.from')}{' '}
                  <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="run-from">
                    <option value="">{t('pipelines.fromAll')}</option>
                    {nodeNames.map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="button primary" disabled={running} onClick={() => void run({ from })} data-testid="run-pipeline">
                  {t('pipelines.run')}
                </button>
                <button type="button" className="button" disabled={running} onClick={() => void run({ fullRefresh: true, from })}>
                  {t('pipelines.fullRefresh')}
                </button>
                {resumable && (
                  <button type="button" className="button" disabled={running} onClick={() => void run({ resume: 'last' })} data-testid="resume-pipeline">
                    {t('pipelines.resume')}
                  </button>
                )}
              </>
            )}
          </div>
          <ErrorNotice error={error} />
          {started && <JobLine job={job ?? started} error={jobError} label={t('pipelines.runOf', { name: current.name })} testId="pipeline-job" />}
          <Tabs<Tab>
            tabs={[
              { key: 'runs', label: t('pipelines.tabs.runs') },
              { key: 'metrics', label: t('pipelines.tabs.metrics') },
              { key: 'lineage', label: t('pipelines.tabs.lineage') },
            ]}
            current={tab}
            onChange={setTab}
            label={t('pipelines.views')}
            idPrefix="pl"
          />
          {tab === 'runs' && (
            <TabPanel idPrefix="pl" tab="runs">
              <RunsTable name={current.name} />
            </TabPanel>
          )}
          {tab === 'metrics' && (
            <TabPanel idPrefix="pl" tab="metrics">
              {lineage.isError && <ErrorNotice error={lineage.error} />}
              {lineage.data && <MetricsBrowser lineage={lineage.data} />}
            </TabPanel>
          )}
          {tab === 'lineage' && (
            <TabPanel idPrefix="pl" tab="lineage">
              {lineage.isError && <ErrorNotice error={lineage.error} onRetry={() => void lineage.refetch()} />}
              {lineage.isPending && <p className="muted">{t('common.loading')}</p>}
              {lineage.data && (
                <LineageView
                  lineage={lineage.data}
                  onRunFrom={
                    session.can('write') && !running
                      ? (node) => {
                          setFrom(node);
                          void run({ from: node });
                        }
                      : undefined
                  }
                />
              )}
            </TabPanel>
          )}
        </>
      )}
    </section>
  );
}
