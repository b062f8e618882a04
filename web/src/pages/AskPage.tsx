// Ask: a question in Portuguese or English; the answer with its statistics, chart and insight.
// Past questions are kept in this browser.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { ApiError, isAbort } from '../api/errors';
import type { Answer, AskRequest, Language } from '../api/schema';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDate } from '../format';
import { AnswerView, UnclearView } from './ask/AnswerView';
import { EXAMPLES } from './ask/examples';
import { addToHistory, loadHistory, saveHistory, type HistoryEntry } from './ask/history';

export function AskPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [question, setQuestion] = useState(params.get('q') ?? '');
  const [dataset, setDataset] = useState(params.get('dataset') ?? '');
  const [language, setLanguage] = useState<'' | Language>('');
  const [engine, setEngine] = useState<'' | 'builtin' | 'llm'>('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [editedSql, setEditedSql] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>(() => loadHistory());
  const abort = useRef<AbortController | null>(null);
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: ({ signal }) => api.datasets(signal) });

  useEffect(() => () => abort.current?.abort(), []);

  // A link with ?q= (from history, another page, a colleague) asks at once.
  useEffect(() => {
    const q = params.get('q');
    if (q) void run({ question: q, dataset: params.get('dataset') ?? undefined }, false);
  }, []);

  const run = async (request: AskRequest, remember: boolean) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(null);
    try {
      const a = await api.ask(request, controller.signal);
      setAnswer(a);
      setEditedSql(request.sql !== undefined);
      if (remember) {
        const entry: HistoryEntry = {
          question: request.question,
          dataset: request.dataset,
          language: request.language,
          at: new Date().toISOString(),
          status: a.status,
          table: a.status === 'ok' ? a.table : undefined,
        };
        setHistory((h) => {
          const next = addToHistory(h, entry);
          saveHistory(next);
          return next;
        });
      }
    } catch (e) {
      if (isAbort(e)) return;
      setError(e);
      setAnswer(null);
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };

  const request = (q: string): AskRequest => ({
    question: q.trim(),
    dataset: dataset || undefined,
    language: language || undefined,
    engine: engine || undefined,
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!question.trim()) return;
    const next = new URLSearchParams(params);
    next.set('q', question.trim());
    if (dataset) next.set('dataset', dataset);
    else next.delete('dataset');
    setParams(next, { replace: true });
    void run(request(question), true);
  };

  const askExample = (q: string) => {
    setQuestion(q);
    void run({ ...request(q) }, true);
  };

  const clearHistory = () => {
    setHistory([]);
    saveHistory([]);
  };

  const examplesFirst: ('pt' | 'en')[] = i18n.language.startsWith('pt') ? ['pt', 'en'] : ['en', 'pt'];

  return (
    <section className="page ask-page" aria-labelledby="ask-title">
      <h1 id="ask-title">{t('ask.title')}</h1>
      <div className="split reverse">
        <div className="ask-main">
          <form className="card ask-form" onSubmit={submit} role="search" aria-label={t('ask.formLabel')}>
            <label htmlFor="question" className="big-label">
              {t('ask.question')}
            </label>
            <div className="ask-row">
              <textarea
                id="question"
                className="input question"
                rows={2}
                value={question}
                placeholder={t('ask.placeholder')}
                onChange={(e) => setQuestion(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    submit();
                  }
                }}
                maxLength={2000}
              />
              <button type="submit" className="button primary" disabled={busy || !question.trim()}>
                {busy ? t('ask.asking') : t('ask.ask')}
              </button>
            </div>
            <p className="muted small">{t('ask.enterHint')}</p>
            <div className="ask-options">
              <div className="field">
                <label htmlFor="ask-dataset">{t('ask.dataset')}</label>
                <select id="ask-dataset" className="select" value={dataset} onChange={(e) => setDataset(e.target.value)}>
                  <option value="">{t('ask.allDatasets')}</option>
                  {(datasets.data ?? []).map((d) => (
                    <option key={d.name} value={d.name}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="ask-language">{t('ask.language')}</label>
                <select
                  id="ask-language"
                  className="select"
                  value={language}
                  onChange={(e) => setLanguage(e.target.value as '' | Language)}
                >
                  <option value="">{t('ask.detect')}</option>
                  <option value="pt">Português</option>
                  <option value="en">English</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="ask-engine">{t('ask.engine')}</label>
                <select
                  id="ask-engine"
                  className="select"
                  value={engine}
                  onChange={(e) => setEngine(e.target.value as '' | 'builtin' | 'llm')}
                >
                  <option value="">{t('ask.engineDefault')}</option>
                  <option value="builtin">{t('ask.engineBuiltin')}</option>
                  <option value="llm">{t('ask.engineLlm')}</option>
                </select>
              </div>
            </div>
            <div className="examples">
              <span className="muted small">{t('ask.examples')}</span>
              {examplesFirst.map((l) => (
                <ul key={l} className="example-list" lang={l === 'pt' ? 'pt-BR' : 'en'} aria-label={t(`ask.examplesIn.${l}`)}>
                  {EXAMPLES[l].map((q) => (
                    <li key={q}>
                      <button type="button" className="chip-button" onClick={() => askExample(q)} disabled={busy}>
                        {q}
                      </button>
                    </li>
                  ))}
                </ul>
              ))}
            </div>
          </form>

          <div aria-live="polite" aria-busy={busy}>
            {busy && (
              <p className="muted" role="status">
                {t('ask.thinking')}
              </p>
            )}
            <ErrorNotice
              error={error}
              overrides={
                error instanceof ApiError && !error.details.field
                  ? { invalid_argument: { title: t('ask.notUnderstood'), hint: t('ask.notUnderstoodHint') } }
                  : undefined
              }
            />
            {answer?.status === 'ok' && (
              <AnswerView
                answer={answer}
                busy={busy}
                editedSql={editedSql}
                onRunSql={(sql) => void run({ ...request(answer.question), sql }, false)}
              />
            )}
            {answer?.status === 'unclear' && (
              <UnclearView
                answer={answer}
                onPick={(plan) => void run({ ...request(answer.question), dataset: plan.table, sql: plan.projection_sql }, false)}
              />
            )}
          </div>
        </div>

        <aside className="card history" aria-labelledby="history-title">
          <h2 id="history-title">{t('ask.history')}</h2>
          {history.length === 0 && <p className="muted small">{t('ask.noHistory')}</p>}
          <ol className="history-list" data-testid="history">
            {history.map((h) => (
              <li key={`${h.at}-${h.question}`}>
                <button
                  type="button"
                  className="history-item"
                  onClick={() => {
                    setQuestion(h.question);
                    setDataset(h.dataset ?? '');
                    void run({ question: h.question, dataset: h.dataset, language: h.language }, true);
                  }}
                >
                  <span className="history-q">{h.question}</span>
                  <span className="muted small">
                    {formatDate(h.at, i18n.language)}
                    {h.table ? ` · ${h.table}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          {history.length > 0 && (
            <button type="button" className="button small ghost" onClick={clearHistory}>
              {t('ask.clearHistory')}
            </button>
          )}
        </aside>
      </div>
    </section>
  );
}
