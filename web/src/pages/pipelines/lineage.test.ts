import { describe, expect, it } from 'vitest';
import { layoutDag } from './lineage';
import { metricChart, metricShape } from './metricChart';

describe('layoutDag', () => {
  it('puts each node one column right of its furthest input', () => {
    const { placed, columns, rows } = layoutDag(
      ['orders', 'users', 'stg_orders', 'stg_users', 'metric'],
      [
        { from: 'orders', to: 'stg_orders' },
        { from: 'users', to: 'stg_users' },
        { from: 'stg_users', to: 'stg_orders' },
        { from: 'stg_orders', to: 'metric' },
      ],
    );
    expect(placed.get('orders')!.column).toBe(0);
    expect(placed.get('stg_users')!.column).toBe(1);
    expect(placed.get('stg_orders')!.column).toBe(2);
    expect(placed.get('metric')!.column).toBe(3);
    expect(columns).toBe(4);
    expect(rows).toBe(2);
  });

  it('survives a cycle and edges to unknown nodes', () => {
    const { placed } = layoutDag(['a', 'b'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
      { from: 'x', to: 'a' },
    ]);
    expect(placed.size).toBe(2);
  });
});

describe('metricChart', () => {
  const columns = [
    { name: 'day', type: 'DATE' },
    { name: 'orders', type: 'BIGINT' },
    { name: 'user_id', type: 'BIGINT' },
    { name: 'gmv', type: 'DECIMAL(18,2)' },
  ];
  it('draws numeric measures over the time column, not ids', () => {
    expect(metricShape(columns)).toEqual({ axis: 'day', time: true, measures: ['orders', 'gmv'] });
    const option = metricChart(columns, [['2026-01-02', 5, 1, 10.5], ['2026-01-01', 3, 2, 7]], ['orders']) as {
      xAxis: { data: string[] };
      series: { data: number[]; type: string }[];
    };
    expect(option.xAxis.data).toEqual(['2026-01-01', '2026-01-02']);
    expect(option.series[0]).toMatchObject({ type: 'line', data: [3, 5] });
  });
  it('draws bars by category without time, and nothing without a measure', () => {
    const cat = [
      { name: 'brand', type: 'VARCHAR' },
      { name: 'revenue', type: 'DOUBLE' },
    ];
    const option = metricChart(cat, [['A', 1]], ['revenue']) as { series: { type: string }[] };
    expect(option.series[0].type).toBe('bar');
    expect(metricChart(cat, [['A', 1]], [])).toBeNull();
  });
});
