// One dataset: its description, schema with per-column profile (nulls, distinct, range, a small
// histogram or the top values), and sample rows. Descriptions are editable (they help Ask).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { ColumnProfile, Dataset, DatasetPatch } from '../../api/schema';
import { DataGrid } from '../../components/DataGrid';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Histogram } from '../../components/Histogram';
import { formatCell, formatDate, formatInteger, formatNumber, formatPercent } from '../../format';
import { useSession } from '../../auth/session';
import { DescriptionEditor } from './DescriptionEditor';

type Tab = 'columns' | 'sample';

export function DatasetDetail({ name }: { name: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const canEdit = session.can('write');
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [tab, setTab] = useState<Tab>('columns');

  const dataset = useQuery({ queryKey: ['datasets', name], queryFn: ({ signal }) => api.dataset(name, signal) });
  const profile = useQuery({
    queryKey: ['datasets', name, 'profile'],
    queryFn: ({ signal }) => api.profile(name, signal),
    enabled: dataset.isSuccess,
  });
  const sample = useQuery({
    queryKey: ['datasets', name, 'sample'],
    queryFn: ({ signal }) => api.sample(name, 50, 0, signal),
    enabled: dataset.isSuccess && tab === 'sample',
  });
  const patch = useMutation({
    mutationFn: (p: DatasetPatch) => api.patchDataset(name, p),
    onSuccess: (updated: Dataset) => {
      queries.setQueryData(['datasets', name], updated);
      void queries.invalidateQueries({ queryKey: ['datasets'], exact: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.deleteDataset(name),
    onSuccess: () => {
      queries.removeQueries({ queryKey: ['datasets', name] });
      void queries.invalidateQueries({ queryKey: ['datasets'] });
      navigate('/data');
    },
  });

  if (dataset.isPending) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (dataset.isError) return <ErrorNotice error={dataset.error} onRetry={() => void dataset.refetch()} />;
  const d = dataset.data;
  const rows = profile.data?.rows ?? d.rows;
  const profiles = new Map<string, ColumnProfile>((profile.data?.columns ?? []).map((c) => [c.name, c]));

  return (
    <article className="dataset-detail" aria-labelledby="dataset-title">
      <header className="detail-head">
        <div>
          <h2 id="dataset-title">{d.name}</h2>
          <DescriptionEditor
            value={d.description}
            label={t('data.datasetDescription')}
            canEdit={canEdit}
            multiline
            onSave={(description) => patch.mutateAsync({ description })}
          />
        </div>
        <div className="detail-actions">
          <Link className="button small" to={`/ask?dataset=${encodeURIComponent(d.name)}`}>
            {t('data.askAbout')}
          </Link>
          <Link className="button small" to={`/sql?q=${encodeURIComponent(`SELECT * FROM ${d.name} LIMIT 100`)}`}>
            {t('data.query')}
          </Link>
          {canEdit && (
            <button
              type="button"
              className="button small danger"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(t('data.confirmDelete', { name: d.name }))) remove.mutate();
              }}
            >
              {t('common.delete')}
            </button>
          )}
        </div>
      </header>
      <ErrorNotice error={remove.error} compact />
      <dl className="facts">
        <div>
          <dt>{t('data.rows')}</dt>
          <dd>{formatInteger(d.rows, lang)}</dd>
        </div>
        <div>
          <dt>{t('data.columns')}</dt>
          <dd>{formatInteger(d.column_count, lang)}</dd>
        </div>
        <div>
          <dt>{t('data.source')}</dt>
          <dd>
            {d.source} <span className="muted">({d.format})</span>
          </dd>
        </div>
        <div>
          <dt>{t('data.updated')}</dt>
          <dd>
            {formatDate(d.updated_at, lang)} <span className="muted">v{d.version}</span>
          </dd>
        </div>
      </dl>

      <div className="tabs" role="tablist" aria-label={t('data.views')}>
        {(['columns', 'sample'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`panel-${k}`}
            className={tab === k ? 'tab active' : 'tab'}
            onClick={() => setTab(k)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const nextTab = k === 'columns' ? 'sample' : 'columns';
                setTab(nextTab);
                document.getElementById(`tab-${nextTab}`)?.focus();
              }
            }}
            tabIndex={tab === k ? 0 : -1}
          >
            {t(`data.tab.${k}`)}
          </button>
        ))}
      </div>

      {tab === 'columns' && (
        <div role="tabpanel" id="panel-columns" aria-labelledby="tab-columns">
          {profile.isError && <ErrorNotice error={profile.error} compact onRetry={() => void profile.refetch()} />}
          {profile.isPending && <p className="muted small" role="status">{t('data.profiling')}</p>}
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('data.schema')}>
            <table className="grid columns-table" data-testid="columns-table">
              <thead>
                <tr>
                  <th scope="col">{t('data.column')}</th>
                  <th scope="col">{t('data.type')}</th>
                  <th scope="col">{t('data.description')}</th>
                  <th scope="col" className="num">{t('data.nulls')}</th>
                  <th scope="col" className="num">{t('data.distinct')}</th>
                  <th scope="col">{t('data.range')}</th>
                  <th scope="col">{t('data.distribution')}</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => {
                  const p = profiles.get(c.name);
                  return (
                    <tr key={c.name}>
                      <th scope="row">
                        {c.name}
                        {c.original_name && c.original_name !== c.name && (
                          <span className="muted small block">{c.original_name}</span>
                        )}
                      </th>
                      <td>
                        <code>{c.type}</code>
                      </td>
                      <td className="desc-cell">
                        <DescriptionEditor
                          value={c.description ?? ''}
                          label={t('data.columnDescription', { column: c.name })}
                          canEdit={canEdit}
                          onSave={(text) => patch.mutateAsync({ columns: { [c.name]: text } })}
                        />
                      </td>
                      <td className="num">
                        {p ? (
                          <>
                            {formatInteger(p.nulls, lang)}
                            {rows > 0 && p.nulls > 0 && (
                              <span className="muted small block">{formatPercent(p.nulls / rows, lang)}</span>
                            )}
                          </>
                        ) : (
                          ''
                        )}
                      </td>
                      <td className="num">
                        {p?.distinct !== undefined ? `${p.distinct_exact === false ? '≈' : ''}${formatInteger(p.distinct, lang)}` : ''}
                      </td>
                      <td className="range">
                        {p && p.min !== undefined && p.min !== null && (
                          <>
                            {formatCell(p.min, lang)} – {formatCell(p.max ?? null, lang)}
                            {/* One statistic a line: every digit, in a column that stays narrow. */}
                            {typeof p.mean === 'number' && (
                              <span className="muted small block">
                                {t('data.mean')} {formatNumber(p.mean, lang)}
                              </span>
                            )}
                            {typeof p.mean === 'number' && typeof p.std_dev === 'number' && (
                              <span className="muted small block">σ {formatNumber(p.std_dev, lang)}</span>
                            )}
                            {typeof p.avg_length === 'number' && (
                              <span className="muted small block">{t('data.avgLength', { n: formatNumber(p.avg_length, lang) })}</span>
                            )}
                          </>
                        )}
                      </td>
                      <td>
                        {p?.histogram && p.histogram.length > 0 ? (
                          <Histogram bins={p.histogram} lang={lang} label={t('data.histogramOf', { column: c.name })} />
                        ) : p?.top_values && p.top_values.length > 0 ? (
                          <TopValues values={p.top_values} total={rows} lang={lang} />
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {profile.data?.cached && <p className="muted small">{t('data.cachedProfile')}</p>}
        </div>
      )}
      {tab === 'sample' && (
        <div role="tabpanel" id="panel-sample" aria-labelledby="tab-sample">
          {sample.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
          {sample.isError && <ErrorNotice error={sample.error} onRetry={() => void sample.refetch()} />}
          {sample.data && (
            <>
              <p className="muted small">
                {t('data.sampleOf', {
                  shown: formatInteger(sample.data.row_count, lang),
                  total: formatInteger(sample.data.total_rows, lang),
                })}
              </p>
              <DataGrid columns={sample.data.columns} rows={sample.data.rows} caption={t('data.tab.sample')} testId="sample-grid" />
            </>
          )}
        </div>
      )}
    </article>
  );
}

function TopValues({ values, total, lang }: { values: { value: unknown; count: number }[]; total: number; lang: string }) {
  const max = Math.max(...values.map((v) => v.count), 1);
  return (
    <ul className="top-values">
      {values.slice(0, 5).map((v, i) => (
        <li key={i}>
          <span className="top-bar" style={{ width: `${(v.count / max) * 100}%` }} aria-hidden="true" />
          <span className="top-label">{v.value === null ? 'NULL' : String(v.value)}</span>
          <span className="top-count">
            {total > 0 ? formatPercent(v.count / total, lang) : formatInteger(v.count, lang)}
          </span>
        </li>
      ))}
    </ul>
  );
}
