// The latest prediction of each ticker's active model: direction, P(up), the as-of day, and the
// model's walk-forward accuracy beside the strongest baseline, with the server's warnings.
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { forecastPredictions } from '../../api/tools';
import { ApiError } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDay, formatPercent } from '../../format';
import { bestBaseline, leakageWarning, noticeText } from './metrics';

// Shown by the verdict lines already.
const SHOWN_AS_VERDICT = new Set(['no_edge', 'leakage_accuracy', 'leakage_shuffled']);

export function Predictions({ dataset }: { dataset: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const predictions = useQuery({
    queryKey: ['forecast', 'predictions', dataset],
    queryFn: ({ signal }) => forecastPredictions(api, dataset, signal),
    retry: false,
  });
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, lang));
  return (
    <div className="card" aria-labelledby="fc-pred-title">
      <h2 id="fc-pred-title">{t('forecast.predictions.title')}</h2>
      {predictions.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {predictions.isError &&
        (predictions.error instanceof ApiError && predictions.error.code === 'not_found' ? (
          <p className="empty">{t('forecast.predictions.none')}</p>
        ) : (
          <ErrorNotice error={predictions.error} onRetry={() => void predictions.refetch()} />
        ))}
      {predictions.data && predictions.data.length === 0 && <p className="empty">{t('forecast.predictions.none')}</p>}
      {predictions.data && predictions.data.length > 0 && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('forecast.predictions.title')}>
          <table className="grid" data-testid="predictions">
            <thead>
              <tr>
                <th scope="col">{t('forecast.ticker')}</th>
                <th scope="col">{t('forecast.predictions.direction')}</th>
                <th scope="col" className="num">{t('forecast.predictions.pUp')}</th>
                <th scope="col">{t('forecast.predictions.asOf')}</th>
                <th scope="col" className="num">{t('forecast.accuracy')}</th>
                <th scope="col" className="num">{t('forecast.bestBaseline')}</th>
                <th scope="col">{t('forecast.version')}</th>
              </tr>
            </thead>
            <tbody>
              {predictions.data.map((p) => {
                const base = bestBaseline(p.baselines);
                return (
                  <tr key={`${p.ticker}-${p.horizon}`}>
                    <td>
                      <strong>{p.ticker}</strong> <span className="muted small">{t('forecast.horizonDays', { count: p.horizon })}</span>
                    </td>
                    <td>
                      <span className={`direction direction-${p.direction}`}>{p.direction === 'up' ? '▲' : '▼'} {t(`forecast.predictions.${p.direction}`)}</span>
                      {!p.beats_baselines && <div className="small warn-text">{t('forecast.noEdge')}</div>}
                      {leakageWarning(p.walk_forward.accuracy, p.leakage_suspected) && <div className="small warn-text">{t('forecast.leakage')}</div>}
                      {p.warnings
                        .filter((w) => !SHOWN_AS_VERDICT.has(w.code))
                        .map((w, i) => (
                          <div key={i} className="small muted" data-testid="prediction-warning" lang={lang.startsWith('pt') ? 'pt-BR' : 'en'}>
                            {noticeText(w, lang)}
                          </div>
                        ))}
                    </td>
                    <td className="num">{pct(p.probability_up)}</td>
                    <td className="nowrap">{formatDay(p.as_of, lang)}</td>
                    <td className="num">
                      {pct(p.walk_forward.accuracy)}
                      <div className="muted small">{ci(p.walk_forward.accuracy_ci, pct)}</div>
                    </td>
                    <td className="num">
                      {pct(base?.accuracy)}
                      <div className="muted small">{base?.name ? t(`forecast.baselines.${base.name}`, base.name) : ''}</div>
                    </td>
                    <td className="small">
                      {p.model.kind ? t(`forecast.models.${p.model.kind}`, p.model.kind) : ''} v{p.model.version}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ci(interval: (number | null)[] | undefined, pct: (v: number | null | undefined) => string): string {
  if (!interval || interval.length < 2) return '';
  return `${pct(interval[0])} – ${pct(interval[1])}`;
}
