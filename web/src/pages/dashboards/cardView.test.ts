import { describe, expect, it } from 'vitest';
import type { QuestionResult } from '../../api/schema';
import { cardView } from './cardView';

const monthly: QuestionResult = {
  columns: [
    { name: 'mes', type: 'TIMESTAMP' },
    { name: 'gmv', type: 'DOUBLE' },
  ],
  rows: [
    ['2024-01-01T00:00:00', 10],
    ['2024-02-01T00:00:00', 15],
  ],
  total_rows: 2,
  truncated: false,
  cached: false,
};

const bySensor: QuestionResult = {
  columns: [
    { name: 'dia', type: 'DATE' },
    { name: 'sensor', type: 'VARCHAR' },
    { name: 'nivel', type: 'DOUBLE' },
  ],
  rows: [
    ['2025-01-01', 'S01', 1],
    ['2025-01-01', 'S02', 2],
    ['2025-01-02', 'S01', 3],
  ],
  total_rows: 3,
  truncated: false,
  cached: false,
};

type Series = { type: string; name: string; data: unknown[]; stack?: string; areaStyle?: unknown };

describe('cardView', () => {
  it('keeps the raw values behind each bar and series for drill-down', () => {
    const v = cardView(monthly, undefined, 'bar');
    if (v.kind !== 'chart') throw new Error(v.kind);
    expect(v.drill).toEqual({ column: 'mes', values: ['2024-01-01T00:00:00', '2024-02-01T00:00:00'] });
    const split = cardView(bySensor, { type: 'stacked_bar', x: 'dia', y: ['nivel'], series: 'sensor' } as never, 'stacked_bar');
    if (split.kind !== 'chart') throw new Error(split.kind);
    expect(split.drill).toEqual({
      column: 'dia',
      values: ['2025-01-01', '2025-01-02'],
      series: { column: 'sensor', values: ['S01', 'S02'] },
    });
  });

  it('draws a time column as a line by default', () => {
    const v = cardView(monthly, undefined, 'auto');
    expect(v.kind).toBe('chart');
    if (v.kind !== 'chart') return;
    const series = v.option.series as Series[];
    expect(series[0].type).toBe('line');
    expect((v.option.xAxis as { data: string[] }).data).toEqual(['2024-01-01', '2024-02-01']);
    expect(series[0].data).toEqual([10, 15]);
  });

  it('switches type: area, stacked bars, pie, table, number', () => {
    const area = cardView(monthly, undefined, 'area');
    expect(area.kind === 'chart' && (area.option.series as Series[])[0].areaStyle).toBeTruthy();
    const pie = cardView(monthly, undefined, 'pie');
    expect(pie.kind === 'chart' && (pie.option.series as Series[])[0].type).toBe('pie');
    expect(cardView(monthly, undefined, 'table').kind).toBe('table');
    expect(cardView(monthly, undefined, 'number')).toEqual({ kind: 'number', value: 15, previous: 10 });
    const stacked = cardView(bySensor, { x: 'dia', y: ['nivel'], series: 'sensor' }, 'stacked_bar');
    expect(stacked.kind).toBe('chart');
    if (stacked.kind !== 'chart') return;
    const series = stacked.option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['S01', 'S02']);
    expect(series[0].stack).toBe('total');
    expect(series[1].data).toEqual([2, null]);
  });

  it('pivots and maps heat', () => {
    const p = cardView(bySensor, { x: 'dia', y: ['nivel'], series: 'sensor' }, 'pivot');
    expect(p).toEqual({
      kind: 'table',
      columns: [
        { name: 'dia', type: 'VARCHAR' },
        { name: 'S01', type: 'DOUBLE' },
        { name: 'S02', type: 'DOUBLE' },
      ],
      rows: [
        ['2025-01-01', 1, 2],
        ['2025-01-02', 3, null],
      ],
    });
    const h = cardView(bySensor, { x: 'dia', y: ['nivel'], series: 'sensor' }, 'heatmap');
    expect(h.kind === 'chart' && (h.option.series as Series[])[0].type).toBe('heatmap');
  });

  it('uses the answer’s own chart and single values', () => {
    const single: QuestionResult = { ...monthly, columns: [{ name: 'n', type: 'BIGINT' }], rows: [[42]], value: 42 };
    expect(cardView(single, undefined, 'auto')).toEqual({ kind: 'number', value: 42, previous: null });
    const ask: QuestionResult = { ...monthly, echarts: { series: [{ type: 'bar' }] } };
    expect(cardView(ask, undefined, 'auto')).toEqual({ kind: 'chart', option: { series: [{ type: 'bar' }] } });
  });

  it('draws statistics groups as box plots', () => {
    const stats: QuestionResult = {
      ...monthly,
      columns: [],
      rows: [],
      statistics: {
        groups: [
          { key: 'S01', columns: [{ name: 'nivel', min: 1, q1: 2, median: 3, q3: 4, max: 5 }] },
          { key: 'S02', columns: [{ name: 'nivel', min: 2, q1: 3, median: 4, q3: 5, max: 6 }] },
        ],
      },
    };
    const v = cardView(stats, undefined, 'auto');
    expect(v.kind === 'chart' && (v.option.series as Series[])[0].data).toEqual([
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5, 6],
    ]);
    expect(cardView(stats, undefined, 'table').kind).toBe('table');
  });
});
