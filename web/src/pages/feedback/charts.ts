// ECharts options of the feedback dashboard and the public report, built from the API's counts.
import type { ChartOption } from '../../components/EChart';
import type { KeyedSentimentCounts, Sentiment, SentimentCounts } from '../../api/tools';
import { SENTIMENTS } from '../../api/tools';

export const SENTIMENT_COLORS: Record<Sentiment, string> = {
  negative: '#d1495b',
  neutral: '#8d99ae',
  positive: '#2a9d68',
};

type Label = (s: Sentiment) => string;

/** Stacked bars of sentiment per day (oldest first). */
export function sentimentOverTime(byDay: KeyedSentimentCounts[], label: Label): ChartOption {
  const days = [...byDay].sort((a, b) => String(a.day).localeCompare(String(b.day)));
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: days.length > 60 ? [{ type: 'inside' }, { type: 'slider', bottom: 24, height: 14 }] : undefined,
    series: SENTIMENTS.map((s) => ({
      name: label(s),
      type: 'bar',
      stack: 'sentiment',
      color: SENTIMENT_COLORS[s],
      data: days.map((d) => d[s]),
    })),
  };
}

/** Horizontal stacked bars: each key (a tag, a source) split by sentiment, most frequent on top. */
export function keyedBySentiment(rows: KeyedSentimentCounts[], key: (r: KeyedSentimentCounts) => string, label: Label, top = 15): ChartOption {
  const shown = [...rows].sort((a, b) => b.total - a.total).slice(0, top).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map(key) },
    series: SENTIMENTS.map((s) => ({
      name: label(s),
      type: 'bar',
      stack: 'sentiment',
      color: SENTIMENT_COLORS[s],
      data: shown.map((r) => r[s]),
    })),
  };
}

/** The most frequent keyphrases as horizontal bars. */
export function keyphraseBars(rows: { keyphrase?: string; count?: number }[], name: string, top = 20): ChartOption {
  const shown = rows.slice(0, top).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.keyphrase ?? '') },
    series: [{ name, type: 'bar', color: '#3d7ab8', data: shown.map((r) => r.count ?? 0) }],
  };
}

/** The share of each sentiment as a doughnut. */
export function sentimentShare(counts: SentimentCounts, label: Label, percent: (share: number) => string): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        label: { formatter: (p: { percent?: number }) => percent((p.percent ?? 0) / 100) },
        data: SENTIMENTS.map((s) => ({ name: label(s), value: counts[s], itemStyle: { color: SENTIMENT_COLORS[s] } })),
      },
    ],
  };
}

/** The confusion matrix as a heatmap: rows are the gold labels, columns the predictions. */
export function confusionHeatmap(labels: string[], matrix: number[][], gold: string, predicted: string): ChartOption {
  const data: [number, number, number][] = [];
  matrix.forEach((row, g) => row.forEach((v, p) => data.push([p, labels.length - 1 - g, v])));
  const max = Math.max(1, ...data.map((d) => d[2]));
  return {
    tooltip: { position: 'top' },
    grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: labels, name: predicted, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: [...labels].reverse(), name: gold, nameLocation: 'middle', nameGap: 70 },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#eef4fb', '#1f5f99'] } },
    series: [{ type: 'heatmap', data, label: { show: true } }],
  };
}

/** Share of a sentiment in counts (0 when there are none). */
export function share(counts: SentimentCounts, s: Sentiment): number {
  return counts.total > 0 ? counts[s] / counts.total : 0;
}
