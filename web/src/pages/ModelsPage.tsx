// Models: the in-process GGUF models with their residency (loaded, loading, unloaded; memory, last
// use, requests, tokens/s), loaded and unloaded by an administrator; the remote OpenAI-compatible
// endpoint's reachability; and a playground that streams a chat with a loaded or unloaded model.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { modelsStatus } from '../api/models';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatBytes, formatDuration, formatMs } from '../format';
import { ModelTable } from './models/ModelTable';
import { Playground } from './models/Playground';

export function ModelsPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const status = useQuery({
    queryKey: ['models'],
    queryFn: ({ signal }) => modelsStatus(api, signal),
    refetchInterval: 5000,
  });
  const s = status.data;
  const chatModels = (s?.models ?? []).filter((m) => !m.embedding && !m.error).map((m) => m.name);

  return (
    <section className="page models-page" aria-labelledby="models-title">
      <h1 id="models-title">{t('models.title')}</h1>
      <p className="muted">{t('models.intro')}</p>
      {status.isError && <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />}
      {status.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {s && (
        <>
          <dl className="facts small" data-testid="models-summary">
            <dt>{t('models.provider')}</dt>
            <dd>{s.provider === 'local' ? t('models.providerLocal') : t('models.providerOpenai')}</dd>
            <dt>{t('models.configured')}</dt>
            <dd>{s.model || '—'}</dd>
            <dt>{t('models.backend')}</dt>
            <dd>{s.backend || t('models.noBackend')}</dd>
            <dt>{t('models.memory')}</dt>
            <dd>{t('models.memoryOf', { used: formatBytes(s.resident_bytes, lang), budget: formatBytes(s.budget_bytes, lang) })}</dd>
            <dt>{t('models.keepAlive')}</dt>
            <dd>{formatDuration(s.keep_alive_s, lang)}</dd>
          </dl>
          <h2>{t('models.local')}</h2>
          <ModelTable models={s.models} />
          {s.remote.length > 0 && (
            <>
              <h2>{t('models.remote')}</h2>
              <ul className="plain-list" data-testid="remote-models">
                {s.remote.map((r) => (
                  <li key={r.base_url} className="card">
                    <span className={`status ${r.reachable ? 'status-succeeded' : 'status-failed'}`}>
                      <span aria-hidden="true">●</span> {r.reachable ? t('models.reachable') : t('models.unreachable')}
                    </span>{' '}
                    <strong>{r.model || '—'}</strong> <code>{r.base_url}</code>{' '}
                    <span className="muted small">
                      {formatMs(r.latency_ms, lang)}
                      {r.error ? ` · ${r.error}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{t('models.playground')}</h2>
          {chatModels.length === 0 ? (
            <p className="empty">{t('models.noChatModel')}</p>
          ) : (
            <Playground models={chatModels} preferred={s.provider === 'local' ? s.model : ''} />
          )}
        </>
      )}
    </section>
  );
}
