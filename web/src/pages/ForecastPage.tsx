// Forecast: direction of a quote series over a horizon. Load quotes (a B3 COTAHIST file or a CSV),
// pick a dataset and ticker, see the price with its indicators, train with walk-forward evaluation
// (a job with live progress), compare model versions with their baselines (activate one to roll
// back), and read the latest prediction per ticker beside its baseline.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import type { Dataset } from '../api/schema';
import { useSession } from '../auth/session';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDay, formatInteger } from '../format';
import { priceChart } from './forecast/charts';
import { ImportQuotes } from './forecast/ImportQuotes';
import { TrainForm } from './forecast/TrainForm';
import { ModelVersions } from './forecast/ModelVersions';
import { Predictions } from './forecast/Predictions';

/** A dataset the forecast service reads: a date, a close and (for several series) a ticker. */
export function isQuoteDataset(d: Dataset): boolean {
  const names = new Set(d.columns.map((c) => c.name.toLowerCase()));
  const has = (...n: string[]) => n.some((x) => names.has(x));
  return has('date', 'dia', 'data') && has('close', 'pre_ult', 'fechamento', 'last', 'price');
}

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function ForecastPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: ({ signal }) => api.datasets(signal) });
  const quotes = useMemo(() => (datasets.data ?? []).filter(isQuoteDataset), [datasets.data]);
  const [dataset, setDataset] = useState('');
  const [ticker, setTicker] = useState('');
  useEffect(() => {
    if (!dataset && quotes.length) setDataset(quotes[0].name);
  }, [quotes, dataset]);
  const ds = quotes.find((d) => d.name === dataset);
  const tickerColumn = ds?.columns.find((c) => /^(ticker|symbol|cod_neg|codigo|asset|papel)$/i.test(c.name))?.name ?? null;
  const dateColumn = ds?.columns.find((c) => /^(date|dia|data)$/i.test(c.name))?.name ?? 'date';
  const closeColumn = ds?.columns.find((c) => /^(close|pre_ult|fechamento|last|price)$/i.test(c.name))?.name ?? 'close';

  const tickers = useQuery({
    queryKey: ['forecast', 'tickers', dataset, tickerColumn],
    enabled: !!ds,
    queryFn: ({ signal }) =>
      api.sql(
        {
          sql: tickerColumn
            ? `SELECT ${q(tickerColumn)} AS ticker, count(*) AS days, min(${q(dateColumn)}) AS first, max(${q(dateColumn)}) AS last FROM ${q(dataset)} GROUP BY 1 ORDER BY 2 DESC, 1`
            : `SELECT '' AS ticker, count(*) AS days, min(${q(dateColumn)}) AS first, max(${q(dateColumn)}) AS last FROM ${q(dataset)}`,
          limit: 2000,
        },
        signal,
      ),
  });
  const tickerRows = tickers.data?.rows ?? [];
  useEffect(() => {
    const first = tickerRows[0]?.[0];
    if (tickers.data && (ticker === '' || !tickerRows.some((r) => r[0] === ticker)) && typeof first === 'string') setTicker(first);
  }, [tickers.data, tickerRows, ticker]);

  const bars = useQuery({
    queryKey: ['forecast', 'bars', dataset, ticker],
    enabled: !!ds && (!tickerColumn || !!ticker),
    queryFn: ({ signal }) =>
      api.sql(
        {
          sql: `SELECT CAST(${q(dateColumn)} AS VARCHAR) AS date, CAST(${q(closeColumn)} AS DOUBLE) AS close FROM ${q(dataset)}${
            tickerColumn ? ` WHERE ${q(tickerColumn)} = ${lit(ticker)}` : ''
          } ORDER BY 1`,
          limit: 20000,
        },
        signal,
      ),
  });
  const chart = useMemo(() => {
    const rows = (bars.data?.rows ?? []).filter((r) => typeof r[1] === 'number');
    if (rows.length === 0) return null;
    return priceChart(
      { date: rows.map((r) => String(r[0]).slice(0, 10)), close: rows.map((r) => r[1] as number) },
      { close: t('forecast.close'), sma20: 'SMA 20', sma50: 'SMA 50', band: 'Bollinger', rsi: 'RSI 14' },
    );
  }, [bars.data, t]);
  const info = tickerRows.find((r) => r[0] === ticker);

  return (
    <section className="page forecast-page" aria-labelledby="forecast-title">
      <h1 id="forecast-title">{t('forecast.title')}</h1>
      <p className="muted">{t('forecast.intro')}</p>
      {session.can('write') && <ImportQuotes onLoaded={(name) => setDataset(name)} />}
      {datasets.isError && <ErrorNotice error={datasets.error} onRetry={() => void datasets.refetch()} />}
      {datasets.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
      {datasets.data && quotes.length === 0 && <p className="empty" data-testid="forecast-empty">{t('forecast.noQuotes')}</p>}
      {ds && (
        <>
          <div className="row wrap filter-bar">
            <div className="field">
              <label htmlFor="fc-dataset">{t('forecast.dataset')}</label>
              <select id="fc-dataset" className="select" value={dataset} onChange={(e) => { setDataset(e.target.value); setTicker(''); }}>
                {quotes.map((d) => (
                  <option key={d.name} value={d.name}>{d.name}</option>
                ))}
              </select>
            </div>
            {tickerColumn && (
              <div className="field">
                <label htmlFor="fc-ticker">{t('forecast.ticker')}</label>
                <select id="fc-ticker" className="select" value={ticker} onChange={(e) => setTicker(e.target.value)}>
                  {tickerRows.map((r) => (
                    <option key={String(r[0])} value={String(r[0])}>
                      {String(r[0])} ({formatInteger(Number(r[1]), lang)})
                    </option>
                  ))}
                </select>
              </div>
            )}
            {info && (
              <p className="muted small">
                {t('forecast.range', { days: formatInteger(Number(info[1]), lang), from: formatDay(String(info[2]), lang), to: formatDay(String(info[3]), lang) })}
              </p>
            )}
          </div>
          {tickers.isError && <ErrorNotice error={tickers.error} />}
          <div className="card">
            <h2>{t('forecast.priceTitle', { ticker: ticker || dataset })}</h2>
            {bars.isError && <ErrorNotice error={bars.error} />}
            {bars.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
            {chart && <EChart option={chart} label={t('forecast.priceTitle', { ticker: ticker || dataset })} height={420} testId="price-chart" />}
          </div>
          {session.can('write') && <TrainForm dataset={dataset} ticker={ticker} hasTickers={!!tickerColumn} />}
          <Predictions dataset={dataset} />
          <ModelVersions dataset={dataset} ticker={ticker} />
        </>
      )}
    </section>
  );
}
