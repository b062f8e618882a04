// The in-process models: what their files say (architecture, quantization, size, context), their
// residency and use, and Load / Unload for an administrator.
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { loadModel, unloadModel, type LocalModel } from '../../api/models';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDate, formatFixed, formatInteger, formatMs } from '../../format';

const STATE_CLASS: Record<LocalModel['state'], string> = {
  loaded: 'status-succeeded',
  loading: 'status-running',
  unloaded: '',
};

export function ModelTable({ models }: { models: LocalModel[] }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const queries = useQueryClient();
  const action = useMutation({
    mutationFn: ({ name, load }: { name: string; load: boolean }) => (load ? loadModel(api, name) : unloadModel(api, name)),
    onSettled: () => void queries.invalidateQueries({ queryKey: ['models'] }),
  });
  if (models.length === 0) return <p className="empty" data-testid="models-empty">{t('models.none')}</p>;
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('models.local')}>
      <ErrorNotice error={action.error} compact />
      <table className="grid" data-testid="model-list">
        <thead>
          <tr>
            <th scope="col">{t('models.col.name')}</th>
            <th scope="col">{t('models.col.state')}</th>
            <th scope="col">{t('models.col.kind')}</th>
            <th scope="col" className="num">{t('models.col.size')}</th>
            <th scope="col" className="num">{t('models.col.context')}</th>
            <th scope="col" className="num">{t('models.col.resident')}</th>
            <th scope="col">{t('models.col.lastUsed')}</th>
            <th scope="col" className="num">{t('models.col.requests')}</th>
            <th scope="col" className="num">{t('models.col.speed')}</th>
            <th scope="col" className="num">{t('models.col.load')}</th>
            <th scope="col"><span className="visually-hidden">{t('models.col.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.name} data-model={m.name} data-state={m.state}>
              <td>
                <strong>{m.name}</strong>
                <div className="muted small">
                  {[m.architecture, m.quantization, m.description].filter(Boolean).join(' · ')}
                </div>
                {m.error && <div className="small warn-text">{m.error}</div>}
              </td>
              <td>
                <span className={`status ${STATE_CLASS[m.state]}`} data-testid="model-state">
                  <span aria-hidden="true">●</span> {t(`models.states.${m.state}`)}
                </span>
                {(m.active > 0 || m.queued > 0) && (
                  <div className="muted small">{t('models.busy', { active: m.active, queued: m.queued })}</div>
                )}
              </td>
              <td>{m.embedding ? t('models.embedding') : t('models.chat')}</td>
              <td className="num">{formatBytes(m.bytes, lang)}</td>
              <td className="num">{formatInteger(m.context_length, lang)}</td>
              <td className="num">{m.state === 'loaded' ? formatBytes(m.resident_bytes, lang) : t('models.needs', { bytes: formatBytes(m.needs_bytes, lang) })}</td>
              <td className="nowrap small">{formatDate(m.last_used, lang)}</td>
              <td className="num">{formatInteger(m.requests, lang)}</td>
              <td className="num">{m.tokens_per_s > 0 ? t('models.tokensPerS', { n: formatFixed(m.tokens_per_s, lang, 1) }) : '—'}</td>
              <td className="num">{m.load_ms ? formatMs(m.load_ms, lang) : '—'}</td>
              <td>
                {session.can('admin') && !m.error && (
                  <button
                    type="button"
                    className="button small"
                    disabled={action.isPending || m.state === 'loading'}
                    aria-label={t(m.state === 'loaded' ? 'models.unloadLabel' : 'models.loadLabel', { name: m.name })}
                    onClick={() => action.mutate({ name: m.name, load: m.state !== 'loaded' })}
                  >
                    {m.state === 'loaded' ? t('models.unload') : t('models.load')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
