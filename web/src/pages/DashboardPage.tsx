// One dashboard: its filters, its cards on a grid (each with a chart type switch), editing the
// layout (move, resize, save), sharing by a public link or an embed token, auto-refresh, and the
// rows behind a clicked bar or point (drill-down).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import type {
  ChartType,
  Dashboard,
  DashboardCard,
  DashboardFilter,
  DrillFilter,
  NewDashboard,
  QuestionResult,
} from '../api/schema';
import { DataGrid } from '../components/DataGrid';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatMs } from '../format';
import { DashboardGrid, cardType, type Position } from './dashboards/DashboardGrid';
import { FilterBar } from './dashboards/FilterBar';

/** The dashboard as a body for PUT: its cards with the given positions and chart types. */
function asUpdate(
  d: Dashboard,
  positions: Position[] | null,
  types: Record<number, ChartType>,
  added: DashboardFilter[],
): NewDashboard {
  return {
    name: d.name,
    description: d.description,
    collection: d.collection,
    refresh_s: d.refresh_s,
    filters: [
      ...d.filters.map((f: DashboardFilter) => ({
        column: f.column,
        kind: f.kind,
        label: f.label,
        ...(f.default !== null && f.default !== undefined ? { default: f.default } : {}),
      })),
      ...added,
    ],
    cards: d.cards.map((c: DashboardCard, i) => ({
      kind: c.kind,
      ...(c.question_id ? { question_id: c.question_id } : {}),
      ...(c.title ? { title: c.title } : {}),
      ...(c.kind === 'markdown' ? { text: c.text ?? '' } : {}),
      ...(types[i] || c.chart ? { chart: cardType(c, types[i]) } : {}),
      position: (positions?.[i] ?? c.position) as Position,
    })),
  };
}

export function DashboardPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const queries = useQueryClient();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState(false);
  const [positions, setPositions] = useState<Position[] | null>(null);
  const [types, setTypes] = useState<Record<number, ChartType>>({});
  const [link, setLink] = useState<string | null>(null);
  const [added, setAdded] = useState<DashboardFilter[]>([]);
  const [newColumn, setNewColumn] = useState('');
  const [newKind, setNewKind] = useState<'value' | 'date_range'>('value');
  const [error, setError] = useState<unknown>(null);
  const [embed, setEmbed] = useState<{ url: string; expires: string } | null>(null);
  const [drill, setDrill] = useState<{
    title: string;
    filters: DrillFilter[];
    result?: QuestionResult;
    error?: unknown;
  } | null>(null);
  const openDrill = async (questionId: string, title: string, drillFilters: DrillFilter[]) => {
    setDrill({ title, filters: drillFilters });
    try {
      const result = await api.drillQuestion(questionId, { filters: drillFilters, dashboard_filters: filters });
      setDrill({ title, filters: drillFilters, result });
    } catch (e) {
      setDrill({ title, filters: drillFilters, error: e });
    }
  };
  const makeEmbed = async () => {
    setError(null);
    try {
      const e = await api.createEmbedToken(id);
      setEmbed({ url: new URL(e.url, window.location.href).href, expires: e.expires_at });
      await queries.invalidateQueries({ queryKey: ['dashboard', id] });
    } catch (e) {
      setError(e);
    }
  };
  const board = useQuery({
    queryKey: ['dashboard', id, filters],
    queryFn: ({ signal }) => api.dashboard(id, filters, signal),
    refetchInterval: (q) => ((q.state.data?.refresh_s ?? 0) > 0 ? q.state.data!.refresh_s! * 1000 : false),
    placeholderData: (previous) => previous,
  });
  const d = board.data;
  const shared = link ?? (d?.public_link ? new URL(d.public_link.url, window.location.href).href : null);

  const save = async () => {
    if (!d) return;
    setError(null);
    try {
      await api.updateDashboard(d.id, asUpdate(d, positions, types, added));
      setEditing(false);
      setPositions(null);
      setAdded([]);
      await queries.invalidateQueries({ queryKey: ['dashboard', id] });
    } catch (e) {
      setError(e);
    }
  };
  const share = async () => {
    setError(null);
    try {
      const l = await api.createPublicLink(id);
      setLink(new URL(l.url, window.location.href).href);
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async () => {
    setError(null);
    try {
      await api.revokePublicLink(id);
      setLink(null);
      setEmbed(null);
      await queries.invalidateQueries({ queryKey: ['dashboard', id] });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="page dashboard-page" aria-labelledby="dashboard-title">
      <p className="small">
        <NavLink to="/dashboards">← {t('dashboards.title')}</NavLink>
      </p>
      {board.isError && <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />}
      {d && (
        <>
          <div className="row wrap">
            <h1 id="dashboard-title">{d.name}</h1>
            <span className="spacer" />
            {board.isFetching && <span className="muted small">{t('dashboards.refreshing')}</span>}
            {!editing ? (
              <button type="button" className="button small" onClick={() => setEditing(true)} data-testid="edit-layout">
                {t('dashboards.editLayout')}
              </button>
            ) : (
              <>
                <button type="button" className="button small primary" onClick={() => void save()} data-testid="save-layout">
                  {t('dashboards.saveLayout')}
                </button>
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    setEditing(false);
                    setPositions(null);
                  }}
                >
                  {t('common.cancel')}
                </button>
              </>
            )}
            {!shared ? (
              <button type="button" className="button small" onClick={() => void share()} data-testid="share">
                {t('dashboards.share')}
              </button>
            ) : (
              <button type="button" className="button small" onClick={() => void revoke()} data-testid="revoke">
                {t('dashboards.revoke')}
              </button>
            )}
            <button type="button" className="button small" onClick={() => void makeEmbed()} data-testid="embed">
              {t('dashboards.embed')}
            </button>
          </div>
          {d.description && <p className="muted">{d.description}</p>}
          {embed && (
            <div className="notice" data-testid="embed-code">
              <label htmlFor="embed-code">{t('dashboards.embedCode')}</label>{' '}
              <input
                id="embed-code"
                className="input"
                readOnly
                value={`<iframe src="${embed.url}" width="100%" height="800" style="border:0"></iframe>`}
                onFocus={(e) => e.target.select()}
              />
              <p className="muted small">{t('dashboards.embedHint', { expires: embed.expires.slice(0, 16).replace('T', ' ') })}</p>
            </div>
          )}
          {shared && (
            <div className="notice" data-testid="public-link">
              <label htmlFor="public-url">{t('dashboards.publicLink')}</label>{' '}
              <input id="public-url" className="input" readOnly value={shared} onFocus={(e) => e.target.select()} />
              <p className="muted small">{t('dashboards.publicHint')}</p>
            </div>
          )}
          {error !== null && <ErrorNotice error={error} compact />}
          {editing && (
            <div className="card row wrap filter-bar" data-testid="add-filter">
              <div className="field inline">
                <label htmlFor="new-filter-column">{t('dashboards.filterColumn')}</label>
                <input
                  id="new-filter-column"
                  className="input narrow"
                  value={newColumn}
                  onChange={(e) => setNewColumn(e.target.value)}
                  data-testid="new-filter-column"
                />
              </div>
              <div className="field inline">
                <label htmlFor="new-filter-kind">{t('dashboards.filterKind')}</label>
                <select
                  id="new-filter-kind"
                  className="select"
                  value={newKind}
                  onChange={(e) => setNewKind(e.target.value as 'value' | 'date_range')}
                >
                  <option value="value">{t('dashboards.kindValue')}</option>
                  <option value="date_range">{t('dashboards.kindDates')}</option>
                </select>
              </div>
              <button
                type="button"
                className="button small"
                disabled={!newColumn.trim()}
                onClick={() => {
                  setAdded((a) => [...a, { column: newColumn.trim(), kind: newKind }]);
                  setNewColumn('');
                }}
                data-testid="add-filter-button"
              >
                {t('dashboards.addFilter')}
              </button>
              {added.map((f) => (
                <span key={f.column} className="badge">
                  {f.column}
                </span>
              ))}
            </div>
          )}
          <FilterBar filters={d.filters} values={filters} onApply={setFilters} />
          {drill && (
            <section className="card drill" aria-labelledby="drill-title" data-testid="drill">
              <div className="row wrap">
                <h2 id="drill-title">{t('dashboards.drillTitle', { title: drill.title })}</h2>
                <span className="muted small">
                  {drill.filters.map((f) => `${f.column} = ${f.value === null ? '∅' : String(f.value)}`).join(' · ')}
                </span>
                <span className="spacer" />
                <button type="button" className="button small" onClick={() => setDrill(null)} data-testid="drill-close">
                  {t('common.close')}
                </button>
              </div>
              {drill.error !== undefined && <ErrorNotice error={drill.error} compact />}
              {!drill.result && drill.error === undefined && <p className="muted small">{t('common.loading')}</p>}
              {drill.result && (
                <>
                  <p className="muted small" data-testid="drill-count">
                    {t(drill.result.truncated ? 'dashboards.drillRowsTruncated' : 'dashboards.drillRows', {
                      count: drill.result.rows.length,
                    })}
                  </p>
                  <DataGrid columns={drill.result.columns} rows={drill.result.rows} pageSize={25} caption={drill.title} />
                </>
              )}
            </section>
          )}
          <DashboardGrid
            dashboard={d}
            editing={editing}
            types={types}
            onType={(i, type) => setTypes((ts) => ({ ...ts, [i]: type }))}
            onLayout={setPositions}
            onDrill={(questionId, title, f) => void openDrill(questionId, title, f)}
          />
          <p className="muted small" data-testid="dashboard-timing">
            {t('dashboards.opened', { elapsed: formatMs(d.elapsed_ms as number | undefined, i18n.language) })}
          </p>
        </>
      )}
    </section>
  );
}
