// A dashboard shared by a public link (/public/dashboards/:token), or embedded in another site's
// iframe by a signed, expiring token (/embed/dashboards/:token): its cards' results, read-only,
// without logging in. The server sends results only, never the SQL behind them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import type { ChartType } from '../api/schema';
import { ErrorNotice } from '../components/ErrorNotice';
import { DashboardGrid } from './dashboards/DashboardGrid';
import { FilterBar } from './dashboards/FilterBar';

export function PublicDashboardPage({ embedded = false }: { embedded?: boolean }) {
  const api = useApi();
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [types, setTypes] = useState<Record<number, ChartType>>({});
  const board = useQuery({
    queryKey: [embedded ? 'embedded-dashboard' : 'public-dashboard', token, filters],
    queryFn: ({ signal }) =>
      embedded ? api.embeddedDashboard(token, filters, signal) : api.publicDashboard(token, filters, signal),
    retry: false,
    placeholderData: (previous) => previous,
  });
  const d = board.data;
  return (
    <section className="page dashboard-page public" aria-labelledby="public-title">
      {board.isError && <ErrorNotice error={board.error} />}
      {d && (
        <>
          <h1 id="public-title">{d.name}</h1>
          {d.description && <p className="muted">{d.description}</p>}
          <p className="muted small">{t('dashboards.publicView')}</p>
          <FilterBar filters={d.filters} values={filters} onApply={setFilters} />
          <DashboardGrid
            dashboard={d}
            types={types}
            onType={(i, type) => setTypes((ts) => ({ ...ts, [i]: type }))}
          />
        </>
      )}
    </section>
  );
}
