// The metric tables a pipeline writes (its nodes named metric_*): pick one, see its description and
// a chart of its measures over time (or by category), choose which measures to draw.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { Lineage } from '../../api/tools';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatInteger } from '../../format';
import { metricChart, metricShape } from './metricChart';

const ROWS = 5000;

export function MetricsBrowser({ lineage }: { lineage: Lineage }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const metrics = lineage.nodes.filter((n) => n.kind === 'node' && n.id.startsWith('metric_'));
  const [name, setName] = useState(metrics[0]?.id ?? '');
  const dataset = useQuery({ queryKey: ['datasets', name], queryFn: ({ signal }) => api.dataset(name, signal), enabled: !!name });
  const data = useQuery({
    queryKey: ['pipelines', 'metric', name],
    queryFn: ({ signal }) => api.sql({ sql: `SELECT * FROM "${name.replaceAll('"', '""')}"`, limit: ROWS }, signal),
    enabled: !!name && dataset.isSuccess,
  });
  const shape = useMemo(() => (data.data ? metricShape(data.data.columns) : null), [data.data]);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => setChosen(shape ? shape.measures.slice(0, 2) : []), [shape]);
  const option = data.data ? metricChart(data.data.columns, data.data.rows, chosen) : null;

  if (metrics.length === 0) return <p className="empty">{t('pipelines.noMetrics')}</p>;
  return (
    <div className="metrics-browser split">
      <nav aria-label={t('pipelines.metricList')}>
        <ul className="nav-list" data-testid="metric-list">
          {metrics.map((m) => (
            <li key={m.id}>
              <button type="button" className={m.id === name ? 'link-button active' : 'link-button'} aria-current={m.id === name} onClick={() => setName(m.id)}>
                {m.id.replace(/^metric_/, '')}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="card">
        <h3>{name}</h3>
        {dataset.isError && (
          <ErrorNotice error={dataset.error} message={t('pipelines.notBuilt')} />
        )}
        {dataset.data && (
          <p className="muted small">
            {dataset.data.description} · {t('pipelines.rows', { n: formatInteger(dataset.data.rows ?? 0, i18n.language), count: dataset.data.rows ?? 0 })}
          </p>
        )}
        {data.isError && <ErrorNotice error={data.error} />}
        {(dataset.isPending || data.isPending) && dataset.isSuccess !== false && <p className="muted" role="status">{t('common.loading')}</p>}
        {shape && (
          <fieldset className="measure-picker">
            <legend className="small">{t('pipelines.measures')}</legend>
            {shape.measures.map((m) => (
              <label key={m} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(m)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, m] : c.filter((x) => x !== m)))}
                />{' '}
                {m}
              </label>
            ))}
          </fieldset>
        )}
        {data.data && data.data.truncated && <p className="muted small">{t('pipelines.truncated', { n: formatInteger(ROWS, i18n.language) })}</p>}
        {option ? (
          <EChart option={option} label={t('pipelines.chartOf', { name })} height={360} testId="metric-chart" />
        ) : (
          data.data && <p className="muted">{t('pipelines.nothingToDraw')}</p>
        )}
      </div>
    </div>
  );
}
