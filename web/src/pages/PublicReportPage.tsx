// The public feedback report (/report): aggregates of the recent comments of the public sources,
// with no login — sentiment share and over time, top tags and tags by sentiment, masked highlights.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { feedbackReport, type Sentiment } from '../api/tools';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDate, formatDay, formatInteger, formatPercent } from '../format';
import { keyedBySentiment, sentimentOverTime, sentimentShare } from './feedback/charts';
import { tagName } from './feedback/names';

export function PublicReportPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useQuery({ queryKey: ['feedback', 'report'], queryFn: ({ signal }) => feedbackReport(api, signal), refetchInterval: 60_000 });
  const label = (s: Sentiment) => t(`feedback.sentiments.${s}`);
  const r = report.data;
  return (
    <section className="page report-page" aria-labelledby="report-title">
      <h1 id="report-title">{t('feedback.report.title')}</h1>
      {report.isError && <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {r && (
        <>
          <p className="muted" data-testid="report-meta">
            {t('feedback.report.meta', { n: formatInteger(r.comments, lang), count: r.comments, days: r.days, at: formatDate(r.snapshot_at, lang) })}
          </p>
          {r.comments === 0 ? (
            <p className="empty">{t('feedback.noComments')}</p>
          ) : (
            <>
              <div className="chart-pair">
                <div className="card">
                  <h2>{t('feedback.report.share')}</h2>
                  <EChart option={sentimentShare(r.sentiment_share, label, (x) => formatPercent(x, lang))} label={t('feedback.report.share')} height={280} testId="report-share" />
                </div>
                <div className="card">
                  <h2>{t('feedback.overTime')}</h2>
                  <EChart option={sentimentOverTime(r.sentiment_over_time, label)} label={t('feedback.overTime')} height={280} />
                </div>
              </div>
              <div className="chart-pair">
                <div className="card">
                  <h2>{t('feedback.byTag')}</h2>
                  <EChart option={keyedBySentiment(r.top_tags, (x) => tagName(x.tag ?? '', r.tags, lang), label)} label={t('feedback.byTag')} height={300} />
                </div>
                <div className="card">
                  <h2>{t('feedback.report.highlights')}</h2>
                  <ul className="plain-list highlights">
                    {r.highlights.map((h, i) => (
                      <li key={i} className={`sentiment-line sentiment-${h.sentiment}`}>
                        <q>{h.text}</q>
                        <div className="muted small">
                          {h.sentiment && t(`feedback.sentiments.${h.sentiment}`)} · {(h.tags ?? []).map((x) => tagName(x, r.tags, lang)).join(', ')} · {formatDay(h.day, lang)}
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
