// The weekly summaries (GET /api/v1/feedback/summaries): for each recent week with comments, its
// volume and net sentiment beside the week before, the most mentioned and the rising topics, a few
// examples (personal data masked) and the builtin writer's text in the UI language.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { weeklySummaries, type FeedbackTag, type WeeklySummary } from '../../api/tools';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatFixed, formatInteger } from '../../format';
import { formatWhen, tagName } from './names';

export function WeeklyPanel({ tags }: { tags: FeedbackTag[] }) {
  const api = useApi();
  const { t } = useTranslation();
  const weeks = useQuery({
    queryKey: ['feedback', 'summaries'],
    queryFn: ({ signal }) => weeklySummaries(api, 8, signal),
  });
  return (
    <div className="weekly-summaries" data-testid="weekly-summaries">
      {weeks.isError && <ErrorNotice error={weeks.error} onRetry={() => void weeks.refetch()} />}
      {weeks.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {weeks.data && weeks.data.summaries.length === 0 && <p className="empty">{t('feedback.weekly.none')}</p>}
      {weeks.data?.summaries.map((w) => <Week key={w.week} week={w} tags={tags} />)}
    </div>
  );
}

function Week({ week: w, tags }: { week: WeeklySummary; tags: FeedbackTag[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const text = lang.startsWith('pt') ? w.text.pt : w.text.en;
  const change = w.net_sentiment_change;
  return (
    <article className="card weekly-summary" aria-labelledby={`week-${w.week}`} data-testid="weekly-summary">
      <div className="row wrap">
        <h2 id={`week-${w.week}`}>{t('feedback.weekly.week', { week: w.week })}</h2>
        <span className="muted small">{t('feedback.weekly.range', { from: formatWhen(w.from, lang), to: formatWhen(w.to, lang) })}</span>
      </div>
      {text && <p>{text}</p>}
      <dl className="stat-row">
        <div>
          <dt>{t('feedback.weekly.comments')}</dt>
          <dd>{formatInteger(w.comments, lang)}</dd>
        </div>
        <div>
          <dt>{t('feedback.weekly.net')}</dt>
          <dd>{formatFixed(w.net_sentiment, lang, 2)}</dd>
        </div>
        {typeof change === 'number' && w.previous_comments > 0 && (
          <div>
            <dt>{t('feedback.weekly.change')}</dt>
            <dd className={change > 0 ? 'sentiment-positive' : change < 0 ? 'sentiment-negative' : ''}>
              {change > 0 ? '+' : ''}
              {formatFixed(change, lang, 2)}
            </dd>
          </div>
        )}
      </dl>
      <div className="row wrap weekly-tags">
        <div>
          <h3>{t('feedback.weekly.topTags')}</h3>
          <ul>
            {w.top_tags.map((tag) => (
              <li key={tag.tag}>
                {tagName(tag.tag, tags, lang)} <span className="muted small">{formatInteger(tag.count, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('feedback.weekly.risingTags')}</h3>
          {w.rising_tags.length === 0 && <p className="muted small">{t('feedback.weekly.noRising')}</p>}
          <ul>
            {w.rising_tags.map((tag) => (
              <li key={tag.tag}>
                {tagName(tag.tag, tags, lang)}{' '}
                <span className="muted small">
                  {formatInteger(tag.previous, lang)} → {formatInteger(tag.count, lang)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {w.highlights.length > 0 && (
        <>
          <h3>{t('feedback.weekly.highlights')}</h3>
          <ul className="weekly-highlights">
            {w.highlights.map((h, i) => (
              <li key={i}>
                {h.sentiment && <span className={`sentiment sentiment-${h.sentiment}`}>{t(`feedback.sentiments.${h.sentiment}`)}</span>} {h.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
