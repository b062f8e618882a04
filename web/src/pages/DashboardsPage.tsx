// Dashboards: the list (the demo's "Vendas" and "Sensores" among them) and a new dashboard made of
// saved questions.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { ErrorNotice } from '../components/ErrorNotice';

export function DashboardsPage() {
  const api = useApi();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const boards = useQuery({ queryKey: ['dashboards'], queryFn: ({ signal }) => api.dashboards(signal) });
  const questions = useQuery({ queryKey: ['questions'], queryFn: ({ signal }) => api.questions(signal) });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await api.createDashboard({
        name: name.trim(),
        cards: chosen.map((question_id) => ({ question_id })),
      });
      await queries.invalidateQueries({ queryKey: ['dashboards'] });
      navigate(`/dashboards/${d.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page dashboards-page" aria-labelledby="dashboards-title">
      <h1 id="dashboards-title">{t('dashboards.title')}</h1>
      <div className="split reverse">
        <div>
          {boards.isError && <ErrorNotice error={boards.error} />}
          {boards.isPending && <p className="muted">{t('common.loading')}</p>}
          {boards.data && boards.data.dashboards.length === 0 && <p className="muted">{t('dashboards.none')}</p>}
          <ul className="dashboard-list" data-testid="dashboard-list">
            {(boards.data?.dashboards ?? []).map((d) => (
              <li key={d.id} className="card">
                <NavLink to={`/dashboards/${d.id}`}>
                  <strong>{d.name}</strong>
                </NavLink>{' '}
                <span className="badge">{d.collection}</span>
                <p className="muted small">
                  {d.description} {t('dashboards.cardCount', { count: d.cards.length })}
                </p>
              </li>
            ))}
          </ul>
        </div>
        <aside className="card">
          <h2>{t('dashboards.new')}</h2>
          <form onSubmit={(e) => void create(e)}>
            <div className="field">
              <label htmlFor="new-dashboard-name">{t('dashboards.name')}</label>
              <input
                id="new-dashboard-name"
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                data-testid="new-dashboard-name"
              />
            </div>
            <fieldset className="question-picker">
              <legend>{t('dashboards.pickQuestions')}</legend>
              {questions.data?.questions.length === 0 && <p className="muted small">{t('dashboards.noQuestions')}</p>}
              {(questions.data?.questions ?? []).map((q) => (
                <label key={q.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(q.id)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, q.id] : c.filter((x) => x !== q.id)))
                    }
                    data-testid={`pick-${q.name}`}
                  />{' '}
                  {q.name} <span className="muted small">({q.kind})</span>
                </label>
              ))}
            </fieldset>
            {error !== null && <ErrorNotice error={error} compact />}
            <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="create-dashboard">
              {t('dashboards.create')}
            </button>
          </form>
        </aside>
      </div>
    </section>
  );
}
