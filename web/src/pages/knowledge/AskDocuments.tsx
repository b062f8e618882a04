// Ask or search the documents. "Ask" answers from the best passages, each claim followed by its
// citation; a citation leads to its passage (scrolled to, focused and marked). "Search" lists the
// best passages. Passages show their document, heading, page and place, with the question's words
// (and their translations the server searched for) marked.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { askKnowledge, type KnowledgeAnswer } from '../../api/tools';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatFixed, formatInteger, formatMs } from '../../format';
import { highlight, searchStems, splitCitations } from './highlight';

type Mode = 'ask' | 'search';

export function AskDocuments({ collection }: { collection: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [question, setQuestion] = useState('');
  const [mode, setMode] = useState<Mode>('ask');
  const [answer, setAnswer] = useState<KnowledgeAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  const passages = useRef<HTMLOListElement>(null);

  const run = async (e: FormEvent, how: Mode) => {
    e.preventDefault();
    if (!question.trim()) return;
    setBusy(true);
    setError(null);
    setMode(how);
    setFocused(null);
    setAnswer(null); // the last answer must not pass for this question's
    try {
      setAnswer(await askKnowledge(api, { question: question.trim(), ...(collection ? { collection } : {}), top_k: how === 'search' ? 10 : 5 }));
    } catch (err) {
      setError(err);
      setAnswer(null);
    } finally {
      setBusy(false);
    }
  };

  const goTo = (n: number) => {
    setFocused(n);
    const el = passages.current?.querySelector<HTMLElement>(`#passage-${n}`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el?.focus();
  };

  const stems = answer ? searchStems(answer.question, answer.expansions) : [];
  return (
    <div className="ask-documents">
      <form className="ask-row" onSubmit={(e) => void run(e, 'ask')}>
        <label className="visually-hidden" htmlFor="kn-question">
          {t('knowledge.question')}
        </label>
        <input
          id="kn-question"
          className="input big"
          value={question}
          placeholder={t('knowledge.placeholder')}
          onChange={(e) => setQuestion(e.target.value)}
        />
        <button type="submit" className="button primary" disabled={busy || !question.trim()}>
          {t('knowledge.ask')}
        </button>
        <button type="button" className="button" disabled={busy || !question.trim()} onClick={(e) => void run(e, 'search')}>
          {t('knowledge.search')}
        </button>
      </form>
      {busy && <p className="muted" role="status">{t('knowledge.thinking')}</p>}
      <ErrorNotice error={error} overrides={{ precondition_failed: { title: t('knowledge.noModel'), hint: '' } }} />
      {answer && (
        <div className="knowledge-answer" aria-live="polite">
          {mode === 'ask' && (
            <div className={answer.answered ? 'card answer-card' : 'card answer-card notice-warn'} data-testid="knowledge-answer">
              <p className="answer-text">
                {splitCitations(answer.answer).map((part, i) =>
                  'cite' in part ? (
                    <a
                      key={i}
                      href={`#passage-${part.cite}`}
                      className="citation"
                      aria-label={t('knowledge.citation', { n: part.cite })}
                      onClick={(e) => {
                        e.preventDefault();
                        goTo(part.cite);
                      }}
                    >
                      [{part.cite}]
                    </a>
                  ) : (
                    <span key={i}>{part.text}</span>
                  ),
                )}
              </p>
              {!answer.answered && <p className="small">{t('knowledge.unanswered')}</p>}
              <p className="muted small">
                {t('knowledge.engine', { engine: answer.engine, time: formatMs(answer.timings.total_ms, lang) })}
                {answer.expansions.length > 0 && ` · ${t('knowledge.expansions', { words: answer.expansions.join(', ') })}`}
              </p>
              {answer.warnings.map((w) => (
                <p key={w} className="notice notice-warn small">{w}</p>
              ))}
            </div>
          )}
          <h2>{mode === 'ask' ? t('knowledge.sources') : t('knowledge.results', { count: answer.citations.length, n: formatInteger(answer.citations.length, lang) })}</h2>
          {answer.citations.length === 0 && <p className="empty">{t('knowledge.noPassages')}</p>}
          <ol className="passages plain-list" ref={passages} data-testid="passages">
            {answer.citations.map((c) => (
              <li key={c.n} id={`passage-${c.n}`} tabIndex={-1} className={focused === c.n ? 'card passage focused' : 'card passage'}>
                <div className="row wrap small">
                  <span className="badge">[{c.n}]</span>
                  <strong>{c.document}</strong>
                  {c.heading && <span className="muted">› {c.heading}</span>}
                  {c.page !== null && <span className="muted">{t('knowledge.page', { page: c.page })}</span>}
                  <span className="spacer" />
                  <span className="muted">
                    {t('knowledge.place', { start: formatInteger(c.start, lang), end: formatInteger(c.end, lang), score: formatFixed(c.score, lang, 3) })}
                  </span>
                </div>
                <p className="passage-text">
                  {highlight(c.text, stems).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                </p>
                <p className="muted small">{c.collection}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
