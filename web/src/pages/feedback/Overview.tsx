// The feedback dashboard: totals and shares, sentiment over time, tags and sources by sentiment, top
// keyphrases. Clicking a tag, source or keyphrase narrows the filter to it.
import { useTranslation } from 'react-i18next';
import type { FeedbackSummary, FeedbackTag, Sentiment } from '../../api/tools';
import { SENTIMENTS } from '../../api/tools';
import { EChart } from '../../components/EChart';
import { formatInteger, formatPercent } from '../../format';
import { keyedBySentiment, keyphraseBars, sentimentOverTime, share } from './charts';
import { tagName } from './names';

interface Props {
  summary: FeedbackSummary;
  tags: FeedbackTag[];
  onPick(key: 'tag' | 'source' | 'q', value: string): void;
}

export function Overview({ summary, tags, onPick }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const label = (s: Sentiment) => t(`feedback.sentiments.${s}`);
  if (summary.comments === 0) {
    return (
      <p className="empty" data-testid="feedback-empty">
        {t('feedback.noComments')}
      </p>
    );
  }
  return (
    <div className="feedback-overview" data-testid="feedback-overview">
      <div className="kpis">
        <div className="card kpi">
          <span className="muted small">{t('feedback.comments')}</span>
          <span className="kpi-value" data-testid="kpi-comments">{formatInteger(summary.comments, lang)}</span>
          {summary.pending > 0 && <span className="muted small">{t('feedback.pending', { count: summary.pending, n: formatInteger(summary.pending, lang) })}</span>}
        </div>
        {SENTIMENTS.map((s) => (
          <div className={`card kpi sentiment-${s}`} key={s}>
            <span className="muted small">{label(s)}</span>
            <span className="kpi-value">{formatPercent(share(summary.sentiment, s), lang)}</span>
            <span className="muted small">{formatInteger(summary.sentiment[s], lang)}</span>
          </div>
        ))}
      </div>
      <div className="chart-pair">
        <div className="card">
          <h2>{t('feedback.overTime')}</h2>
          <EChart option={sentimentOverTime(summary.by_day, label)} label={t('feedback.overTime')} height={300} testId="chart-over-time" />
        </div>
        <div className="card">
          <h2>{t('feedback.byTag')}</h2>
          {summary.by_tag.length === 0 ? (
            <p className="muted">{t('feedback.noTags')}</p>
          ) : (
            <EChart
              option={keyedBySentiment(summary.by_tag, (r) => tagName(r.tag ?? '', tags, lang), label)}
              label={t('feedback.byTag')}
              height={300}
              testId="chart-by-tag"
            />
          )}
        </div>
      </div>
      <div className="chart-pair">
        <div className="card">
          <h2>{t('feedback.keyphrases')}</h2>
          <EChart option={keyphraseBars(summary.keyphrases, t('feedback.comments'))} label={t('feedback.keyphrases')} height={320} />
          <ul className="chips" aria-label={t('feedback.keyphrases')}>
            {summary.keyphrases.slice(0, 12).map((k) => (
              <li key={k.keyphrase}>
                <button type="button" className="chip-button" onClick={() => onPick('q', k.keyphrase ?? '')}>
                  {k.keyphrase} <span className="muted">{formatInteger(k.count ?? 0, lang)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>{t('feedback.bySource')}</h2>
          <EChart option={keyedBySentiment(summary.by_source, (r) => r.source ?? '', label)} label={t('feedback.bySource')} height={240} />
          <h3 className="small">{t('feedback.tagTable')}</h3>
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('feedback.tagTable')}>
            <table className="grid" data-testid="tag-table">
              <thead>
                <tr>
                  <th scope="col">{t('feedback.tag')}</th>
                  <th scope="col" className="num">{t('feedback.comments')}</th>
                  {SENTIMENTS.map((s) => (
                    <th scope="col" className="num" key={s}>{label(s)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.by_tag.map((r) => (
                  <tr key={r.tag}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onPick('tag', r.tag ?? '')}>
                        {tagName(r.tag ?? '', tags, lang)}
                      </button>
                    </td>
                    <td className="num">{formatInteger(r.total, lang)}</td>
                    {SENTIMENTS.map((s) => (
                      <td className="num" key={s}>{formatPercent(share(r, s), lang)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
