// An editable description: shown as text, edited in place, saved with PATCH by the caller.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';

interface Props {
  value: string;
  label: string;
  canEdit: boolean;
  onSave(value: string): Promise<unknown>;
  multiline?: boolean;
}

export function DescriptionEditor({ value, label, canEdit, onSave, multiline }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  if (!editing) {
    return (
      <div className="description">
        <span className={value ? undefined : 'muted'}>{value || t('data.noDescription')}</span>
        {canEdit && (
          <button
            type="button"
            className="button small ghost edit-button"
            onClick={() => setEditing(true)}
            aria-label={t('data.editLabel', { what: label })}
          >
            {t('common.edit')}
          </button>
        )}
      </div>
    );
  }
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(draft.trim());
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="description editing"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea
          id={id}
          className="input"
          rows={2}
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
        />
      ) : (
        <input
          id={id}
          className="input"
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
        />
      )}
      <div className="description-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="button" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorNotice error={error} compact />
    </form>
  );
}
