// "Save" on an answer: keeps it as a saved question (name, collection) for dashboards.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import type { NewQuestion, Question } from '../api/schema';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  /** What to save, without its name. */
  question: Omit<NewQuestion, 'name'>;
  suggestedName: string;
  testId?: string;
}

export function SaveQuestion({ question, suggestedName, testId = 'save-question' }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(suggestedName);
  const [saved, setSaved] = useState<Question | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSaved(await api.saveQuestion({ ...question, name: name.trim() }));
      setOpen(false);
      await queries.invalidateQueries({ queryKey: ['questions'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (saved) {
    return (
      <span className="small" role="status" data-testid={`${testId}-done`}>
        {t('dashboards.saved', { name: saved.name })} <NavLink to="/dashboards">{t('dashboards.toDashboards')}</NavLink>
      </span>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="button small"
        onClick={() => {
          setName(suggestedName);
          setOpen(true);
        }}
        data-testid={testId}
      >
        {t('dashboards.saveQuestion')}
      </button>
    );
  }
  return (
    <form className="row wrap save-question" onSubmit={(e) => void submit(e)}>
      <label className="visually-hidden" htmlFor={`${testId}-name`}>
        {t('dashboards.name')}
      </label>
      <input
        id={`${testId}-name`}
        className="input"
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid={`${testId}-name`}
        autoFocus
      />
      <button type="submit" className="button small primary" disabled={busy || !name.trim()} data-testid={`${testId}-confirm`}>
        {t('common.save')}
      </button>
      <button type="button" className="button small" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      {error !== null && <ErrorNotice error={error} compact />}
    </form>
  );
}
