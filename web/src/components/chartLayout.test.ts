import { describe, expect, it } from 'vitest';
import { responsiveOption } from './chartLayout';

type Obj = Record<string, any>;

// The shapes src/wire/ask.cpp sends: a vertical bar chart and a horizontal one (long names).
const bars = {
  title: { text: 'Quantos pedidos por status?', left: 'center', textStyle: { fontSize: 14 } },
  tooltip: { trigger: 'axis' },
  grid: { left: 60, right: 30, top: 50, bottom: 50 },
  xAxis: { type: 'category', data: ['Complete', 'Cancelled', 'Returned', 'Shipped', 'Processing'], name: 'situação' },
  yAxis: { type: 'value', name: 'contagem' },
  series: [{ type: 'bar', data: [16712, 3900, 2900, 1700, 800] }],
};
const horizontal = {
  ...bars,
  grid: { left: 140, right: 30, top: 50, bottom: 50 },
  xAxis: { type: 'value', name: 'count' },
  yAxis: { type: 'category', inverse: true, data: ['United Kingdom', 'United States'], name: 'country' },
};

describe('responsiveOption', () => {
  it('leaves wide charts as the server laid them out', () => {
    expect(responsiveOption(bars, 900, 'en')).toBe(bars);
  });

  it('leaves an option with several grids (price above an indicator) as it is on a phone', () => {
    const twoGrids = { ...bars, grid: [{ top: 32 }, { top: '75%' }] };
    expect((responsiveOption(twoGrids, 360, 'en') as Obj).grid).toEqual([{ top: 32 }, { top: '75%' }]);
  });

  it('fits a phone: labels and names inside, no overlaps, fewer and shorter ticks', () => {
    const o = responsiveOption(bars, 360, 'pt-BR') as Obj;
    expect(o.grid).toMatchObject({ left: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' });
    expect(o.title.textStyle).toMatchObject({ width: 336, overflow: 'truncate' });
    expect(o.xAxis.name).toBeUndefined(); // the title says it
    expect(o.xAxis.axisLabel).toMatchObject({ rotate: 45, interval: 0, hideOverlap: true, overflow: 'truncate' });
    expect(o.yAxis).toMatchObject({ splitNumber: 3, name: 'contagem', nameLocation: 'middle' });
    expect(o.yAxis.axisLabel.hideOverlap).toBe(true);
    expect(o.yAxis.axisLabel.formatter(15000)).toBe('15\u00a0mil'); // Intl puts a no-break space
    expect(bars.yAxis).not.toHaveProperty('axisLabel'); // the server's option is not changed
  });

  it('truncates long category names of horizontal bars and puts the value name under the ticks', () => {
    const o = responsiveOption(horizontal, 400, 'en') as Obj;
    expect(o.yAxis.axisLabel).toMatchObject({ width: 152, overflow: 'truncate', rotate: 0 });
    expect(o.xAxis).toMatchObject({ nameLocation: 'middle', splitNumber: 3 });
    expect(o.xAxis.axisLabel.formatter(4000)).toBe('4K');
  });

  it('labels every n-th of many categories and keeps formatters the server set', () => {
    const histogram = {
      ...bars,
      xAxis: { type: 'category', data: Array.from({ length: 40 }, (_, i) => `${i}–${i + 1}`), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} m' } },
    };
    const o = responsiveOption(histogram, 390, 'en') as Obj;
    expect(o.xAxis.axisLabel).toMatchObject({ interval: 'auto', rotate: 45 });
    expect(o.yAxis.axisLabel.formatter).toBe('{value} m');
  });

  it('shrinks the figure of a one-number chart', () => {
    const number = { title: { text: '26,000', subtext: 'quantos pedidos?', textStyle: { fontSize: 48 } } };
    const o = responsiveOption(number, 320, 'en') as Obj;
    expect(o.title.textStyle.fontSize).toBe(32);
    expect(o.title.subtextStyle).toMatchObject({ overflow: 'break' });
  });
});
