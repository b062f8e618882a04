// A pipeline's runs, newest first; a run opens its per-node report (status, strategy, rows read,
// inserted, updated, deleted and rejected, time, failed rules and orphans).
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { pipelineRuns, type PipelineRun } from '../../api/tools';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatInteger, formatMs } from '../../format';

export function RunsTable({ name }: { name: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const runs = useQuery({ queryKey: ['pipelines', name, 'runs'], queryFn: ({ signal }) => pipelineRuns(api, name, signal) });
  const [open, setOpen] = useState<string | null>(null);
  if (runs.isError) return <ErrorNotice error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.isPending) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (runs.data.runs.length === 0) return <p className="empty">{t('pipelines.noRuns')}</p>;
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('pipelines.tabs.runs')}>
      <table className="grid" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">{t('pipelines.started')}</th>
            <th scope="col">{t('pipelines.status')}</th>
            <th scope="col" className="num">{t('pipelines.elapsed')}</th>
            <th scope="col" className="num">{t('pipelines.rowsRead')}</th>
            <th scope="col" className="num">{t('pipelines.rowsWritten')}</th>
            <th scope="col" className="num">{t('pipelines.rowsRejected')}</th>
            <th scope="col">{t('pipelines.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.runs.map((r) => (
            <Fragment key={r.id}>
              <tr>
                <td>
                  <button type="button" className="link-button" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                    {formatDate(r.started_at, lang)}
                  </button>
                </td>
                <td>
                  <span className={`status status-${r.status}`}>{t(`pipelines.statuses.${r.status}`)}</span>
                  {r.error && <div className="small error-text">{r.error}</div>}
                </td>
                <td className="num">{formatMs(r.elapsed_ms, lang)}</td>
                <td className="num">{formatInteger(r.rows_read, lang)}</td>
                <td className="num">{formatInteger(r.rows_written, lang)}</td>
                <td className="num">{formatInteger(r.rows_rejected, lang)}</td>
                <td className="small">{r.full_refresh ? t('pipelines.full') : r.from ? t('pipelines.fromNode', { node: r.from }) : t('pipelines.incremental')}</td>
              </tr>
              {open === r.id && (
                <tr>
                  <td colSpan={7}>
                    <NodeTable run={r} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NodeTable({ run }: { run: PipelineRun }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <table className="grid node-table" data-testid="node-table">
      <thead>
        <tr>
          <th scope="col">{t('pipelines.node')}</th>
          <th scope="col">{t('pipelines.status')}</th>
          <th scope="col">{t('pipelines.strategy')}</th>
          <th scope="col" className="num">{t('pipelines.rowsRead')}</th>
          <th scope="col" className="num">{t('pipelines.inserted')}</th>
          <th scope="col" className="num">{t('pipelines.updated')}</th>
          <th scope="col" className="num">{t('pipelines.deleted')}</th>
          <th scope="col" className="num">{t('pipelines.rowsRejected')}</th>
          <th scope="col" className="num">{t('pipelines.elapsed')}</th>
        </tr>
      </thead>
      <tbody>
        {run.nodes.map((n) => (
          <tr key={n.node}>
            <td>{n.node}</td>
            <td>
              <span className={`status status-${n.status}`}>{t(`pipelines.statuses.${n.status}`)}</span>
              {n.error && <div className="small error-text">{n.error}</div>}
              {n.failures.length > 0 && <div className="small">{t('pipelines.failedRules', { count: n.failures.length })}</div>}
            </td>
            <td>{n.strategy}</td>
            <td className="num">{formatInteger(n.rows_read, lang)}</td>
            <td className="num">{formatInteger(n.rows_inserted, lang)}</td>
            <td className="num">{formatInteger(n.rows_updated, lang)}</td>
            <td className="num">{formatInteger(n.rows_deleted, lang)}</td>
            <td className="num">{formatInteger(n.rows_rejected, lang)}</td>
            <td className="num">{formatMs(n.elapsed_ms, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
