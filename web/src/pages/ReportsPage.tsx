// Reports and alerts: the report and alert schedules (a dashboard or question drawn and delivered on a
// cron schedule; an alert when a question's value crosses a threshold), made, changed, run now,
// paused, resumed and deleted here, with each one's delivery history. Pipeline schedules live on the
// Metrics page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { deleteSchedule, reportSchedules, runScheduleNow, setScheduleEnabled, type Schedule } from '../api/reports';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDate } from '../format';
import { ScheduleForm } from './reports/ScheduleForm';
import { RunHistory } from './reports/RunHistory';

function targetOf(s: Schedule): string {
  const p = s.payload as { dashboard_id?: string; question_id?: string };
  return p.dashboard_id ?? p.question_id ?? '';
}

export function ReportsPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const queries = useQueryClient();
  const canWrite = session.can('write');
  const list = useQuery({ queryKey: ['schedules', 'reports'], queryFn: ({ signal }) => reportSchedules(api, signal) });
  const boards = useQuery({ queryKey: ['dashboards'], queryFn: ({ signal }) => api.dashboards(signal) });
  const questions = useQuery({ queryKey: ['questions'], queryFn: ({ signal }) => api.questions(signal) });
  const [form, setForm] = useState<{ editing: Schedule | null } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // What the last action did, as a message key and the schedule's name (shown in the current language).
  const [notice, setNotice] = useState<{ key: string; name: string } | null>(null);

  const names = new Map<string, string>();
  for (const d of boards.data?.dashboards ?? []) names.set(d.id, d.name);
  for (const q of questions.data?.questions ?? []) names.set(q.id, q.name);

  const refresh = async (id?: string) => {
    await queries.invalidateQueries({ queryKey: ['schedules', 'reports'] });
    if (id) await queries.invalidateQueries({ queryKey: ['schedules', id, 'runs'] });
  };
  const act = async (what: () => Promise<unknown>, id: string, message: { key: string; name: string } | null = null) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(message);
      await refresh(id);
    } catch (e) {
      setError(e);
    }
  };
  const remove = (s: Schedule) => {
    if (!window.confirm(t('reports.confirmDelete', { name: s.name }))) return;
    if (selected === s.id) setSelected(null);
    void act(() => deleteSchedule(api, s.id), s.id, { key: 'reports.deleted', name: s.name });
  };
  const schedules = list.data ?? [];
  const current = schedules.find((s) => s.id === selected) ?? null;

  return (
    <section className="page reports-page" aria-labelledby="reports-title">
      <div className="row wrap">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <span className="spacer" />
        {canWrite && !form && (
          <button type="button" className="button primary" onClick={() => setForm({ editing: null })} data-testid="new-schedule">
            {t('reports.new')}
          </button>
        )}
      </div>
      <p className="muted">{t('reports.intro')}</p>
      {form && (
        <div className="card">
          <ScheduleForm
            key={form.editing?.id ?? 'new'}
            editing={form.editing}
            onCancel={() => setForm(null)}
            onSaved={(s) => {
              setForm(null);
              setSelected(s.id);
              setNotice({ key: 'reports.saved', name: s.name });
              void refresh(s.id);
            }}
          />
        </div>
      )}
      {error !== null && <ErrorNotice error={error} compact />}
      {notice && (
        <p className="notice" role="status" data-testid="reports-notice">
          {t(notice.key, { name: notice.name })}
        </p>
      )}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {list.data && schedules.length === 0 && <p className="empty">{t('reports.none')}</p>}
      {schedules.length > 0 && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('reports.title')}>
          <table className="grid" data-testid="schedules">
            <thead>
              <tr>
                <th scope="col">{t('reports.name')}</th>
                <th scope="col">{t('reports.kind')}</th>
                <th scope="col">{t('reports.target')}</th>
                <th scope="col">{t('reports.when')}</th>
                <th scope="col">{t('reports.nextRun')}</th>
                <th scope="col">{t('reports.status')}</th>
                <th scope="col">{t('reports.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id} className={s.id === selected ? 'selected' : undefined} data-testid={`schedule-${s.name}`}>
                  <td>
                    <button type="button" className="link-button" aria-pressed={s.id === selected} onClick={() => setSelected(s.id === selected ? null : s.id)}>
                      {s.name}
                    </button>
                  </td>
                  <td>{t(`reports.kinds.${s.kind}`)}</td>
                  <td>{names.get(targetOf(s)) ?? targetOf(s)}</td>
                  <td>
                    <code>{s.cron}</code> <span className="muted small">{s.time_zone}</span>
                  </td>
                  <td>{s.enabled ? formatDate(s.next_run_at, lang) : '—'}</td>
                  <td>
                    <span className={`badge ${s.enabled ? 'ok' : 'muted'}`} data-testid="schedule-state">
                      {s.enabled ? t('reports.active') : t('reports.paused')}
                    </span>
                  </td>
                  <td>
                    <div className="row wrap actions">
                      <button type="button" className="button small" onClick={() => setSelected(s.id)}>
                        {t('reports.history')}
                      </button>
                      {canWrite && (
                        <>
                          <button
                            type="button"
                            className="button small"
                            onClick={() => {
                              setSelected(s.id);
                              void act(() => runScheduleNow(api, s.id), s.id, { key: 'reports.started', name: s.name });
                            }}
                          >
                            {t('reports.runNow')}
                          </button>
                          <button type="button" className="button small" onClick={() => void act(() => setScheduleEnabled(api, s.id, !s.enabled), s.id)}>
                            {s.enabled ? t('reports.pause') : t('reports.resume')}
                          </button>
                          <button type="button" className="button small" onClick={() => setForm({ editing: s })}>
                            {t('reports.edit')}
                          </button>
                          <button type="button" className="button small danger" onClick={() => remove(s)}>
                            {t('reports.delete')}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {current && <RunHistory schedule={current} />}
    </section>
  );
}
