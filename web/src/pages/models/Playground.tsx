// A chat with an in-process model, streamed as it writes: the conversation so far, a message, the
// sampling (temperature, maximum tokens) and JSON mode (a grammar makes the reply a JSON object).
// Stop closes the connection, which stops the generation on the server.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { streamChat } from '../../api/models';
import { isAbort } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatMs } from '../../format';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export function Playground({ models, preferred }: { models: string[]; preferred: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queries = useQueryClient();
  const [model, setModel] = useState(models.includes(preferred) ? preferred : models[0]);
  const [message, setMessage] = useState('');
  const [temperature, setTemperature] = useState(0.7);
  const [maxTokens, setMaxTokens] = useState(128);
  const [json, setJson] = useState(false);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [stats, setStats] = useState<{ finish: string | null; ms: number; stopped: boolean } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const busy = abort.current !== null;
  const [, rerender] = useState(0);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (!text || busy) return;
    const history: Turn[] = [...turns, { role: 'user', content: text }];
    setTurns([...history, { role: 'assistant', content: '' }]);
    setMessage('');
    setError(null);
    setStats(null);
    const controller = new AbortController();
    abort.current = controller;
    rerender((n) => n + 1);
    const started = performance.now();
    let stopped = false;
    let finish: string | null = null;
    try {
      finish = await streamChat(
        api,
        {
          model,
          messages: history,
          temperature,
          max_tokens: maxTokens,
          ...(json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        (delta) =>
          setTurns((all) => {
            const last = all[all.length - 1];
            return [...all.slice(0, -1), { ...last, content: last.content + delta }];
          }),
        controller.signal,
      );
    } catch (err) {
      if (isAbort(err) || controller.signal.aborted) stopped = true;
      else setError(err);
    } finally {
      abort.current = null;
      setStats({ finish, ms: performance.now() - started, stopped });
      rerender((n) => n + 1);
      void queries.invalidateQueries({ queryKey: ['models'] });
    }
  };

  return (
    <div className="playground card" data-testid="playground">
      <div className="row wrap">
        <div className="field">
          <label htmlFor="pg-model">{t('models.pg.model')}</label>
          <select id="pg-model" className="select" value={model} onChange={(e) => setModel(e.target.value)} disabled={busy}>
            {models.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pg-temperature">{t('models.pg.temperature')}</label>
          <input id="pg-temperature" className="input" type="number" min={0} max={2} step={0.1} value={temperature}
            onChange={(e) => setTemperature(Math.min(2, Math.max(0, Number(e.target.value) || 0)))} />
        </div>
        <div className="field">
          <label htmlFor="pg-max-tokens">{t('models.pg.maxTokens')}</label>
          <input id="pg-max-tokens" className="input" type="number" min={1} max={4096} step={1} value={maxTokens}
            onChange={(e) => setMaxTokens(Math.min(4096, Math.max(1, Math.round(Number(e.target.value) || 1))))} />
        </div>
        <div className="field checkbox">
          <input id="pg-json" type="checkbox" checked={json} onChange={(e) => setJson(e.target.checked)} />
          <label htmlFor="pg-json">{t('models.pg.json')}</label>
        </div>
      </div>
      {turns.length > 0 && (
        <ol className="plain-list chat-turns" aria-live="polite" data-testid="chat-turns">
          {turns.map((turn, i) => (
            <li key={i} className={`chat-turn chat-${turn.role}`} data-role={turn.role}>
              <span className="muted small">{turn.role === 'user' ? t('models.pg.you') : model}</span>
              <pre className="chat-text">{turn.content || (busy && i === turns.length - 1 ? '…' : '')}</pre>
            </li>
          ))}
        </ol>
      )}
      <ErrorNotice error={error} />
      {stats && (
        <p className="muted small" data-testid="chat-stats">
          {stats.stopped
            ? t('models.pg.stopped', { time: formatMs(stats.ms, lang) })
            : t('models.pg.finished', { reason: stats.finish ?? '—', time: formatMs(stats.ms, lang) })}
        </p>
      )}
      <form className="ask-row" onSubmit={(e) => void send(e)}>
        <label className="visually-hidden" htmlFor="pg-message">{t('models.pg.message')}</label>
        <textarea id="pg-message" className="input" rows={2} value={message} placeholder={t('models.pg.placeholder')}
          onChange={(e) => setMessage(e.target.value)} />
        {busy ? (
          <button type="button" className="button" onClick={() => abort.current?.abort()}>{t('models.pg.stop')}</button>
        ) : (
          <button type="submit" className="button primary" disabled={!message.trim()}>{t('models.pg.send')}</button>
        )}
        <button type="button" className="button ghost" disabled={busy || turns.length === 0}
          onClick={() => { setTurns([]); setStats(null); setError(null); }}>
          {t('models.pg.clear')}
        </button>
      </form>
    </div>
  );
}
