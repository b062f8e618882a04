// ECharts options of the Forecast page: price with indicators (and RSI below), the strategy's equity
// beside buy-and-hold, accuracy per fold beside the baselines, ROC and calibration with the
// baselines marked, and feature importance.
import type { ChartOption } from '../../components/EChart';
import { bollinger, rsi, sma } from './indicators';

export interface Bars {
  date: string[];
  close: number[];
}

export function priceChart(bars: Bars, names: { close: string; sma20: string; sma50: string; band: string; rsi: string }): ChartOption {
  const s20 = sma(bars.close, 20);
  const s50 = sma(bars.close, 50);
  const bb = bollinger(bars.close, 20, 2);
  const r = rsi(bars.close, 14);
  const line = (name: string, data: unknown[], extra: Record<string, unknown> = {}) => ({ name, type: 'line', showSymbol: false, data, ...extra });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 56, right: 16, top: 32, height: '55%' },
      { left: 56, right: 16, top: '75%', bottom: 56 },
    ],
    xAxis: [
      { type: 'category', data: bars.date, gridIndex: 0, axisLabel: { show: false } },
      { type: 'category', data: bars.date, gridIndex: 1 },
    ],
    yAxis: [
      { type: 'value', scale: true, gridIndex: 0 },
      { type: 'value', min: 0, max: 100, gridIndex: 1, splitNumber: 2, name: names.rsi },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1] },
      { type: 'slider', xAxisIndex: [0, 1], bottom: 8, height: 16 },
    ],
    series: [
      line(names.close, bars.close, { color: '#1f5f99', lineStyle: { width: 1.6 } }),
      line(names.sma20, s20, { color: '#e09f3e', lineStyle: { width: 1 } }),
      line(names.sma50, s50, { color: '#9e2a2b', lineStyle: { width: 1 } }),
      line(`${names.band} +2σ`, bb.upper, { color: '#8d99ae', lineStyle: { width: 1, type: 'dashed' } }),
      line(`${names.band} −2σ`, bb.lower, { color: '#8d99ae', lineStyle: { width: 1, type: 'dashed' } }),
      line(names.rsi, r, {
        xAxisIndex: 1,
        yAxisIndex: 1,
        color: '#6a4c93',
        lineStyle: { width: 1 },
        markLine: { silent: true, symbol: 'none', label: { position: 'insideStartTop' }, data: [{ yAxis: 30 }, { yAxis: 70 }], lineStyle: { type: 'dotted' } },
      }),
    ],
  };
}

/** equity: [date, strategy, buy and hold] per day. */
export function equityChart(equity: [string, number, number][], names: { strategy: string; buyHold: string }): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: equity.map((e) => e[0]) },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: names.strategy, type: 'line', showSymbol: false, data: equity.map((e) => e[1]), color: '#2a9d68' },
      { name: names.buyHold, type: 'line', showSymbol: false, data: equity.map((e) => e[2]), color: '#8d99ae' },
    ],
  };
}

export function importanceChart(rows: { feature: string; gain?: number; permutation?: number }[], names: { gain: string; permutation: string }, top = 12): ChartOption {
  const shown = [...rows].sort((a, b) => (b.gain ?? 0) - (a.gain ?? 0)).slice(0, top).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map((r) => r.feature) },
    series: [
      { name: names.gain, type: 'bar', data: shown.map((r) => r.gain ?? 0), color: '#3d7ab8' },
      { name: names.permutation, type: 'bar', data: shown.map((r) => r.permutation ?? 0), color: '#e09f3e' },
    ],
  };
}

/** One walk-forward fold as the full record gives it. */
export interface FoldRow {
  test_from: string;
  test_to: string;
  model: { accuracy?: number | null };
  majority_accuracy?: number | null;
  persistence_accuracy?: number | null;
  always_up_accuracy?: number | null;
  shuffled_balanced_accuracy?: number | null;
}

/** Accuracy of each fold's test block: the model beside the baselines fitted on the same window. */
export function foldChart(
  folds: FoldRow[],
  names: { model: string; majority: string; persistence: string; alwaysUp: string; shuffled: string },
): ChartOption {
  const line = (name: string, data: (number | null | undefined)[], color: string, extra: Record<string, unknown> = {}) => ({
    name,
    type: 'line',
    data: data.map((v) => (v === undefined ? null : v)),
    color,
    ...extra,
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: folds.map((f) => f.test_from) },
    yAxis: { type: 'value', min: 0.3, max: 0.8, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      line(names.model, folds.map((f) => f.model.accuracy), '#1f5f99', { lineStyle: { width: 2.4 }, symbolSize: 7 }),
      line(names.majority, folds.map((f) => f.majority_accuracy), '#8d99ae', { lineStyle: { type: 'dashed' } }),
      line(names.persistence, folds.map((f) => f.persistence_accuracy), '#e09f3e', { lineStyle: { type: 'dashed' } }),
      line(names.alwaysUp, folds.map((f) => f.always_up_accuracy), '#2a9d68', { lineStyle: { type: 'dashed' } }),
      line(names.shuffled, folds.map((f) => f.shuffled_balanced_accuracy), '#9e2a2b', { lineStyle: { type: 'dotted' } }),
    ],
  };
}

/** Where a hard-call baseline sits in ROC space, from its confusion matrix. */
export function rocPoint(confusion: unknown): [number, number] | null {
  if (!Array.isArray(confusion) || confusion.length !== 2) return null;
  const [[tn, fp], [fn, tp]] = confusion as number[][];
  if (tn + fp === 0 || fn + tp === 0) return null;
  return [fp / (tn + fp), tp / (fn + tp)];
}

/** The ROC curve beside the chance diagonal and the hard-call baselines as points. */
export function rocChart(
  points: [number, number][],
  names: { model: string; chance: string; fpr: string; tpr: string },
  baselines: { name: string; point: [number, number] }[] = [],
): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'value', min: 0, max: 1, name: names.fpr, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 1, name: names.tpr, nameLocation: 'middle', nameGap: 32 },
    series: [
      { name: names.model, type: 'line', showSymbol: false, data: points, color: '#1f5f99' },
      { name: names.chance, type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], color: '#8d99ae', lineStyle: { type: 'dashed' } },
      ...baselines.map((b, i) => ({ name: b.name, type: 'scatter', data: [b.point], symbolSize: 11, color: ['#e09f3e', '#2a9d68', '#9e2a2b', '#6a4c93'][i % 4] })),
    ],
  };
}

/** Predicted probability against the observed share of up days, per bin, beside the diagonal. */
export function calibrationChart(
  rows: { predicted: number; observed: number; n: number }[],
  names: { model: string; perfect: string; predicted: string; observed: string; baseRate?: string },
  baseRate?: number,
): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'value', min: 0, max: 1, name: names.predicted, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 1, name: names.observed, nameLocation: 'middle', nameGap: 32 },
    series: [
      { name: names.model, type: 'line', data: rows.map((r) => [r.predicted, r.observed, r.n]), color: '#e09f3e', symbolSize: 8 },
      { name: names.perfect, type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], color: '#8d99ae', lineStyle: { type: 'dashed' } },
      ...(baseRate === undefined
        ? []
        : [{ name: names.baseRate ?? 'base rate', type: 'line', showSymbol: false, data: [[0, baseRate], [1, baseRate]], color: '#2a9d68', lineStyle: { type: 'dotted' } }]),
    ],
  };
}
