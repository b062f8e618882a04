// Scores the stored classifications against a labelled file (id, source, sentiment and/or tags):
// accuracy and macro-F1 beside the majority-class baseline, per-class precision/recall/F1, the
// confusion matrix as a heatmap, and micro/macro F1 for tags.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { evaluateFeedback, type FeedbackEvaluation } from '../../api/tools';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatFixed, formatInteger, formatPercent } from '../../format';
import { confusionHeatmap } from './charts';
import { parseGold } from './parse';

export function EvaluationPanel() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [result, setResult] = useState<FeedbackEvaluation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const parsed = text.trim() ? parseGold(text, source.trim()) : null;

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed?.items.length) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await evaluateFeedback(api, parsed.items));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const f = (v: number | undefined) => (v === undefined ? '—' : formatFixed(v, lang, 3));
  const s = result?.sentiment;
  const tags = result?.tags;
  return (
    <div className="evaluation-panel">
      <form className="card" onSubmit={(e) => void run(e)} aria-labelledby="fb-eval-title">
        <h2 id="fb-eval-title">{t('feedback.eval.title')}</h2>
        <p className="muted small">{t('feedback.eval.hint')}</p>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="fb-eval-file">{t('feedback.eval.file')}</label>
            <input
              id="fb-eval-file"
              data-testid="gold-file"
              type="file"
              accept=".csv,.json,.ndjson,.jsonl,text/csv,application/json"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then(setText);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="fb-eval-source">{t('feedback.send.source')}</label>
            <input id="fb-eval-source" className="input" value={source} onChange={(e) => setSource(e.target.value)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="fb-eval-text">{t('feedback.eval.labels')}</label>
          <textarea id="fb-eval-text" className="input code" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder="id,source,sentiment" />
        </div>
        {parsed && (
          <p className="muted small" role="status">
            {t('feedback.eval.read', { n: formatInteger(parsed.items.length, lang), count: parsed.items.length })}
            {parsed.errors.length > 0 && ` ${t('feedback.send.skipped', { count: parsed.errors.length, n: formatInteger(parsed.errors.length, lang) })}`}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !parsed?.items.length}>
          {busy ? t('common.loading') : t('feedback.eval.run')}
        </button>
      </form>
      <ErrorNotice error={error} />
      {result && (
        <div className="card" data-testid="evaluation">
          <p className="small">
            {t('feedback.eval.counted', {
              gold: formatInteger(result.gold, lang),
              notFound: formatInteger(result.not_found, lang),
              pending: formatInteger(result.pending, lang),
            })}{' '}
            {result.classifier && <span className="muted">{t('feedback.classifier', { name: result.classifier, version: result.classifier_version ?? '' })}</span>}
          </p>
          {s && (
            <>
              <div className="kpis">
                <div className="card kpi">
                  <span className="muted small">{t('feedback.eval.macroF1')}</span>
                  <span className="kpi-value" data-testid="macro-f1">{f(s.macro_f1)}</span>
                  <span className="muted small" data-testid="baseline-f1">
                    {t('feedback.eval.baseline', { value: f(s.majority_baseline.macro_f1), label: t(`feedback.sentiments.${s.majority_baseline.label}`, s.majority_baseline.label ?? '') })}
                  </span>
                </div>
                <div className="card kpi">
                  <span className="muted small">{t('feedback.eval.accuracy')}</span>
                  <span className="kpi-value">{formatPercent(s.accuracy, lang)}</span>
                  <span className="muted small">{t('feedback.eval.baselineAcc', { value: formatPercent(s.majority_baseline.accuracy ?? 0, lang) })}</span>
                </div>
                <div className="card kpi">
                  <span className="muted small">{t('feedback.eval.items')}</span>
                  <span className="kpi-value">{formatInteger(s.items, lang)}</span>
                </div>
              </div>
              <p className={s.macro_f1 > (s.majority_baseline.macro_f1 ?? 0) ? 'notice notice-info' : 'notice notice-warn'}>
                {s.macro_f1 > (s.majority_baseline.macro_f1 ?? 0) ? t('feedback.eval.beats') : t('feedback.eval.notBeats')}
              </p>
              <div className="chart-pair">
                <div>
                  <h3>{t('feedback.eval.perClass')}</h3>
                  <table className="grid" data-testid="per-class">
                    <thead>
                      <tr>
                        <th scope="col">{t('feedback.eval.class')}</th>
                        <th scope="col" className="num">{t('feedback.eval.precision')}</th>
                        <th scope="col" className="num">{t('feedback.eval.recall')}</th>
                        <th scope="col" className="num">F1</th>
                        <th scope="col" className="num">{t('feedback.eval.support')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {Object.entries(s.per_class).map(([k, m]) => (
                        <tr key={k}>
                          <td>{t(`feedback.sentiments.${k}`, k)}</td>
                          <td className="num">{f(m.precision)}</td>
                          <td className="num">{f(m.recall)}</td>
                          <td className="num">{f(m.f1)}</td>
                          <td className="num">{formatInteger(m.support ?? 0, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div>
                  <h3>{t('feedback.eval.confusion')}</h3>
                  <EChart
                    option={confusionHeatmap(
                      (s.confusion.labels ?? []).map((l) => t(`feedback.sentiments.${l}`, l)),
                      s.confusion.matrix ?? [],
                      t('feedback.eval.gold'),
                      t('feedback.eval.predicted'),
                    )}
                    label={t('feedback.eval.confusion')}
                    height={280}
                  />
                </div>
              </div>
            </>
          )}
          {tags && (
            <>
              <h3>{t('feedback.eval.tags')}</h3>
              <p className="small">
                {t('feedback.eval.tagScores', {
                  micro: f(tags.micro_f1),
                  macro: f(tags.macro_f1),
                  baseline: f(tags.majority_baseline.micro_f1),
                  items: formatInteger(tags.items, lang),
                })}
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}
