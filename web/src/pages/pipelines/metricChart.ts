// A chart of a metric dataset: a line per chosen numeric column over its first date or time column,
// or bars over its first text column when it has no time (a metric by category).
import type { ResultColumn } from '../../api/schema';
import type { Cell } from '../../api/schema';
import type { ChartOption } from '../../components/EChart';
import { isNumericType } from '../../format';

export function isTimeType(type: string): boolean {
  return /^(DATE|TIMESTAMP|TIME)/i.test(type);
}

/** The axis column (time first, then text) and the numeric columns of a metric table. */
export function metricShape(columns: ResultColumn[]): { axis: string | null; time: boolean; measures: string[] } {
  const time = columns.find((c) => isTimeType(c.type));
  const text = columns.find((c) => /^(VARCHAR|TEXT|STRING)/i.test(c.type));
  const axis = time ?? text ?? null;
  const measures = columns.filter((c) => isNumericType(c.type) && c.name !== axis?.name && !/(^id$|_id$)/i.test(c.name)).map((c) => c.name);
  return { axis: axis?.name ?? null, time: !!time, measures };
}

export function metricChart(columns: ResultColumn[], rows: Cell[][], chosen: string[]): ChartOption | null {
  const { axis, time } = metricShape(columns);
  if (!axis || chosen.length === 0) return null;
  const ai = columns.findIndex((c) => c.name === axis);
  const index = chosen.map((name) => columns.findIndex((c) => c.name === name)).filter((i) => i >= 0);
  const ordered = time ? [...rows].sort((a, b) => String(a[ai]).localeCompare(String(b[ai]))) : rows.slice(0, 40);
  const num = (v: Cell) => (typeof v === 'number' ? v : v === null ? null : Number(v));
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 16, bottom: time && ordered.length > 60 ? 72 : 40, containLabel: true },
    xAxis: { type: 'category', data: ordered.map((r) => String(r[ai] ?? '')), axisLabel: time ? undefined : { rotate: 30 } },
    yAxis: index.map((_, i) => ({ type: 'value', show: i < 2, position: i === 0 ? 'left' : 'right', scale: true })).slice(0, Math.min(2, index.length)),
    dataZoom: time && ordered.length > 60 ? [{ type: 'inside' }, { type: 'slider', bottom: 28, height: 14 }] : undefined,
    series: index.map((ci, i) => ({
      name: columns[ci].name,
      type: time ? 'line' : 'bar',
      showSymbol: false,
      yAxisIndex: i === 1 ? 1 : 0,
      data: ordered.map((r) => num(r[ci])),
    })),
  };
}
