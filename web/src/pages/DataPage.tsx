// Data: upload files, list the datasets, and look into one of them.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatInteger } from '../format';
import { useSession } from '../auth/session';
import { UploadPanel } from './data/UploadPanel';
import { DatasetDetail } from './data/DatasetDetail';

export function DataPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { name } = useParams();
  const session = useSession();
  const [filter, setFilter] = useState('');
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: ({ signal }) => api.datasets(signal) });
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = datasets.data ?? [];
    return f ? all.filter((d) => d.name.toLowerCase().includes(f) || d.description.toLowerCase().includes(f)) : all;
  }, [datasets.data, filter]);

  return (
    <section className="page data-page" aria-labelledby="data-title">
      <h1 id="data-title">{t('data.title')}</h1>
      <UploadPanel disabled={!session.can('write')} />
      <div className={name ? 'split has-detail' : 'split'}>
        <aside className="card dataset-list" aria-labelledby="datasets-title">
          <h2 id="datasets-title">
            {t('data.datasets')}{' '}
            {datasets.data && <span className="muted small">({formatInteger(datasets.data.length, i18n.language)})</span>}
          </h2>
          <label className="visually-hidden" htmlFor="dataset-filter">
            {t('data.filter')}
          </label>
          <input
            id="dataset-filter"
            className="input"
            type="search"
            placeholder={t('data.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          {datasets.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
          {datasets.isError && <ErrorNotice error={datasets.error} onRetry={() => void datasets.refetch()} />}
          {datasets.data && datasets.data.length === 0 && <p className="muted">{t('data.none')}</p>}
          <ul className="nav-list" data-testid="dataset-list">
            {shown.map((d) => (
              <li key={d.name}>
                <NavLink to={`/data/${encodeURIComponent(d.name)}`} data-testid={`dataset-${d.name}`}>
                  <span className="nav-list-name">{d.name}</span>
                  <span className="muted small">
                    {t('data.rowsCount', { count: d.rows, formatted: formatInteger(d.rows, i18n.language) })} ·{' '}
                    {t('data.columnsCount', { count: d.column_count })}
                  </span>
                </NavLink>
              </li>
            ))}
          </ul>
        </aside>
        <div className="card detail">
          {name ? <DatasetDetail key={name} name={name} /> : <p className="muted">{t('data.pick')}</p>}
        </div>
      </div>
    </section>
  );
}
