// The model versions of a dataset (newest first): walk-forward accuracy with its interval beside
// the strongest baseline and the shuffled-label control, the warnings, activate (or roll back), and
// a version's whole evaluation: metrics against every baseline, equity curve, feature importance.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { activateForecast, forecastModel, forecastModels, type ForecastMetrics, type ForecastModel } from '../../api/tools';
import { useSession } from '../../auth/session';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatFixed, formatInteger, formatPercent } from '../../format';
import { calibrationChart, equityChart, foldChart, importanceChart, rocChart, rocPoint, type FoldRow } from './charts';
import { bestBaseline, calibration, leakageWarning, noticeText, rocCurve, shuffledControl, type Call, type Notice } from './metrics';
import { ci } from './Predictions';

interface Evaluation {
  model: ForecastMetrics;
  baselines: ForecastMetrics[];
  beats_baselines: boolean;
  leakage_suspected: boolean;
  warnings: Notice[];
  strategy?: { total_return: number; buy_hold_return: number; equity?: [string, number, number][] };
  importance?: { feature: string; gain?: number; permutation?: number }[];
  fold_count?: number;
  calls?: Call[];
  folds?: FoldRow[];
}

interface SearchScore {
  log_loss?: number | null;
  accuracy?: number | null;
  balanced_accuracy?: number | null;
}
interface Search {
  budget: number;
  folds: number;
  chosen: Record<string, number>;
  score: SearchScore;
  tried: unknown[];
}

/** The parameters that matter for a model kind, as "name value" pairs. */
function paramsText(kind: string, p: Record<string, number> | undefined, lang: string): string {
  if (!p) return '—';
  const keys = kind === 'logistic' ? ['l2'] : kind === 'random_forest' ? ['trees', 'max_depth', 'min_child_weight'] : ['trees', 'max_depth', 'learning_rate'];
  return keys.map((k) => `${k} ${formatFixed(p[k] ?? 0, lang, k === 'trees' || k === 'max_depth' ? 0 : 3)}`).join(', ');
}

const evaluationOf = (m: ForecastModel) => m.evaluation as unknown as Evaluation;

export function ModelVersions({ dataset, ticker }: { dataset: string; ticker: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const queries = useQueryClient();
  const [onlyTicker, setOnlyTicker] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const models = useQuery({ queryKey: ['forecast', 'models', dataset], queryFn: ({ signal }) => forecastModels(api, dataset, signal) });
  const activate = useMutation({
    mutationFn: (id: string) => activateForecast(api, id),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['forecast'] }),
  });
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, lang));
  const shown = (models.data?.models ?? []).filter((m) => !onlyTicker || !ticker || m.ticker === ticker);
  return (
    <div className="card" aria-labelledby="fc-versions-title">
      <div className="row wrap">
        <h2 id="fc-versions-title">{t('forecast.versions.title')}</h2>
        <span className="spacer" />
        {ticker && (
          <label className="check small">
            <input type="checkbox" checked={onlyTicker} onChange={(e) => setOnlyTicker(e.target.checked)} /> {t('forecast.versions.onlyTicker', { ticker })}
          </label>
        )}
      </div>
      {models.isError && <ErrorNotice error={models.error} onRetry={() => void models.refetch()} />}
      {models.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      <ErrorNotice error={activate.error} compact />
      {models.data && shown.length === 0 && <p className="empty">{t('forecast.versions.none')}</p>}
      {shown.length > 0 && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('forecast.versions.title')}>
          <table className="grid" data-testid="model-versions">
            <thead>
              <tr>
                <th scope="col">{t('forecast.version')}</th>
                <th scope="col">{t('forecast.ticker')}</th>
                <th scope="col">{t('forecast.train.model')}</th>
                <th scope="col" className="num">{t('forecast.accuracy')}</th>
                <th scope="col" className="num">{t('forecast.balanced')}</th>
                <th scope="col" className="num">AUC</th>
                <th scope="col" className="num">{t('forecast.bestBaseline')}</th>
                <th scope="col" className="num">{t('forecast.shuffled')}</th>
                <th scope="col">{t('forecast.versions.verdict')}</th>
                <th scope="col">{t('forecast.versions.created')}</th>
                <th scope="col"><span className="visually-hidden">{t('forecast.versions.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => {
                const e = evaluationOf(m);
                const base = bestBaseline(e.baselines ?? []);
                const shuffled = shuffledControl(e.baselines ?? []);
                return (
                  <tr key={m.id} className={m.active ? 'active-row' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>
                        v{m.version}
                      </button>
                      {m.active && <span className="badge">{t('forecast.versions.active')}</span>}
                    </td>
                    <td>
                      {m.ticker} <span className="muted small">{t('forecast.horizonDays', { count: m.horizon })}</span>
                    </td>
                    <td>{t(`forecast.models.${m.model}`)}</td>
                    <td className="num">
                      {pct(e.model?.accuracy)}
                      <div className="muted small">{ci(e.model?.accuracy_ci, pct)}</div>
                    </td>
                    <td className="num">{pct(e.model?.balanced_accuracy)}</td>
                    <td className="num">{e.model?.auc === null || e.model?.auc === undefined ? '—' : formatFixed(e.model.auc, lang, 3)}</td>
                    <td className="num">
                      {pct(base?.accuracy)}
                      <div className="muted small">{base?.name ? t(`forecast.baselines.${base.name}`, base.name) : ''}</div>
                    </td>
                    <td className="num">{pct(shuffled?.balanced_accuracy)}</td>
                    <td className="small">
                      {e.beats_baselines ? <span className="good-text">{t('forecast.beats')}</span> : <span className="warn-text">{t('forecast.noEdge')}</span>}
                      {leakageWarning(e.model?.accuracy, e.leakage_suspected) && <div className="warn-text">{t('forecast.leakage')}</div>}
                    </td>
                    <td className="nowrap small">{formatDate(m.created_at, lang)}</td>
                    <td>
                      {session.can('write') && !m.active && (
                        <button type="button" className="button small" disabled={activate.isPending} onClick={() => activate.mutate(m.id)}>
                          {t('forecast.versions.activate')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <ModelDetail id={open} />}
      {models.data && <p className="muted small">{t('forecast.versions.count', { n: formatInteger(models.data.models.length, lang), count: models.data.models.length })}</p>}
    </div>
  );
}

function ModelDetail({ id }: { id: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const model = useQuery({ queryKey: ['forecast', 'model', id], queryFn: ({ signal }) => forecastModel(api, id, signal) });
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, lang));
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatFixed(v, lang, 3));
  if (model.isError) return <ErrorNotice error={model.error} />;
  if (!model.data) return <p className="muted" role="status">{t('common.loading')}</p>;
  const m = model.data;
  const e = evaluationOf(m);
  const rows = [{ ...e.model, name: 'model' }, ...(e.baselines ?? [])];
  const roc = e.calls ? rocCurve(e.calls) : null;
  const search = (m as { search?: Search | null }).search ?? null;
  const matrix = (c: unknown) => (Array.isArray(c) && c.length === 2 ? (c as number[][]) : null);
  const confusion = matrix(e.model?.confusion);
  const base = bestBaseline(e.baselines ?? []);
  const baseConfusion = matrix(base?.confusion);
  const baselineName = (name: string | undefined) => (name ? t(`forecast.baselines.${name}`, name) : '');
  const rocBaselines = (e.baselines ?? [])
    .filter((b) => b.name === 'persistence' || b.name === 'always_up')
    .map((b) => ({ name: baselineName(b.name), point: rocPoint(b.confusion) }))
    .filter((b): b is { name: string; point: [number, number] } => b.point !== null);
  const baseRate = e.model?.n ? (e.model.n_up ?? 0) / e.model.n : undefined;
  return (
    <div className="model-detail" data-testid="model-detail">
      <h3>{t('forecast.detail.title', { ticker: m.ticker, version: m.version })}</h3>
      <p className="muted small">{m.label}</p>
      {e.warnings?.map((w, i) => (
        <p key={i} className="notice notice-warn small" lang={lang.startsWith('pt') ? 'pt-BR' : 'en'}>
          {noticeText(w, lang)}
        </p>
      ))}
      <p className="small" data-testid="model-params">
        {t('forecast.detail.params')}: <code>{paramsText(m.model, (m.config as { params?: Record<string, number> }).params, lang)}</code>{' '}
        {search && search.folds > 0 ? (
          <span className="muted">
            {t('forecast.detail.searched', {
              tried: search.tried.length,
              folds: search.folds,
              logLoss: num(search.score.log_loss),
              accuracy: pct(search.score.accuracy),
              balanced: pct(search.score.balanced_accuracy),
            })}
          </span>
        ) : (
          <span className="muted">{search ? t('forecast.detail.searchTooShort') : t('forecast.detail.asConfigured')}</span>
        )}
      </p>
      <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('forecast.detail.metrics')}>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('forecast.detail.who')}</th>
              <th scope="col" className="num">{t('forecast.accuracy')}</th>
              <th scope="col" className="num">{t('forecast.balanced')}</th>
              <th scope="col" className="num">F1</th>
              <th scope="col" className="num">AUC</th>
              <th scope="col" className="num">Brier</th>
              <th scope="col" className="num">n</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} className={r.name === 'model' ? 'active-row' : undefined}>
                <td>{r.name === 'model' ? t(`forecast.models.${m.model}`) : t(`forecast.baselines.${r.name}`, r.name ?? '')}</td>
                <td className="num">{pct(r.accuracy)} <span className="muted small">{ci(r.accuracy_ci, pct)}</span></td>
                <td className="num">{pct(r.balanced_accuracy)}</td>
                <td className="num">{num(r.f1)}</td>
                <td className="num">{num(r.auc)}</td>
                <td className="num">{num(r.brier)}</td>
                <td className="num">{formatInteger(r.n ?? 0, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="chart-pair">
        {roc && roc.points.length > 0 && (
          <div>
            <h4>{t('forecast.detail.roc', { auc: roc.auc === null ? '—' : formatFixed(roc.auc, lang, 3) })}</h4>
            <EChart
              option={rocChart(roc.points, { model: t(`forecast.models.${m.model}`), chance: t('forecast.detail.chance'), fpr: t('forecast.detail.fpr'), tpr: t('forecast.detail.tpr') }, rocBaselines)}
              label={t('forecast.detail.roc', { auc: roc.auc === null ? '—' : formatFixed(roc.auc, lang, 3) })}
              height={280}
              testId="roc-chart"
            />
          </div>
        )}
        {e.calls && e.calls.length > 0 && (
          <div>
            <h4>{t('forecast.detail.calibration')}</h4>
            <EChart
              option={calibrationChart(
                calibration(e.calls),
                { model: t(`forecast.models.${m.model}`), perfect: t('forecast.detail.perfect'), predicted: t('forecast.detail.predictedP'), observed: t('forecast.detail.observed'), baseRate: t('forecast.detail.baseRate') },
                baseRate,
              )}
              label={t('forecast.detail.calibration')}
              height={280}
            />
          </div>
        )}
        {e.folds && e.folds.length > 0 && (
          <div>
            <h4>{t('forecast.detail.folds')}</h4>
            <EChart
              option={foldChart(e.folds, {
                model: t(`forecast.models.${m.model}`),
                majority: baselineName('majority'),
                persistence: baselineName('persistence'),
                alwaysUp: baselineName('always_up'),
                shuffled: `${baselineName('shuffled_labels')} (${t('forecast.balanced')})`,
              })}
              label={t('forecast.detail.folds')}
              height={280}
              testId="fold-chart"
            />
          </div>
        )}
        {confusion && (
          <div>
            <h4>{t('forecast.detail.confusion')}</h4>
            <ConfusionTable matrix={confusion} lang={lang} testId="forecast-confusion" />
            {baseConfusion && (
              <>
                <h4 className="small">{t('forecast.detail.baselineConfusion', { name: baselineName(base?.name) })}</h4>
                <ConfusionTable matrix={baseConfusion} lang={lang} testId="baseline-confusion" />
              </>
            )}
          </div>
        )}
        {e.strategy?.equity && (
          <div>
            <h4>{t('forecast.detail.equity')}</h4>
            <p className="muted small">
              {t('forecast.detail.returns', { strategy: pct(e.strategy.total_return), buyHold: pct(e.strategy.buy_hold_return) })}
            </p>
            <EChart option={equityChart(e.strategy.equity, { strategy: t('forecast.detail.strategy'), buyHold: t('forecast.detail.buyHold') })} label={t('forecast.detail.equity')} height={260} />
          </div>
        )}
        {e.importance && e.importance.length > 0 && (
          <div>
            <h4>{t('forecast.detail.importance')}</h4>
            <EChart option={importanceChart(e.importance, { gain: t('forecast.detail.gain'), permutation: t('forecast.detail.permutation') })} label={t('forecast.detail.importance')} height={300} />
          </div>
        )}
      </div>
    </div>
  );
}

/** A 2×2 confusion matrix: actual down/up by called down/up. */
function ConfusionTable({ matrix, lang, testId }: { matrix: number[][]; lang: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('forecast.detail.actual')}</th>
          <th scope="col" className="num">{t('forecast.detail.calledDown')}</th>
          <th scope="col" className="num">{t('forecast.detail.calledUp')}</th>
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={i}>
            <th scope="row">{i === 0 ? t('forecast.predictions.down') : t('forecast.predictions.up')}</th>
            <td className="num">{formatInteger(row[0] ?? 0, lang)}</td>
            <td className="num">{formatInteger(row[1] ?? 0, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
