import { describe, expect, it } from 'vitest';
import { echartsLocale, localizeOption } from './chartLocale';

describe('localizeOption', () => {
  const option = {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: ['a'] },
    yAxis: { type: 'value', name: 'n' },
  };

  it('formats value axes and tooltips in the UI language', () => {
    const pt = localizeOption(option, 'pt-BR') as {
      yAxis: { axisLabel: { formatter(v: number): string } };
      tooltip: { valueFormatter(v: unknown): string };
      xAxis: unknown;
    };
    expect(pt.yAxis.axisLabel.formatter(18000.5)).toBe('18.000,5');
    expect(pt.tooltip.valueFormatter(1234)).toBe('1.234');
    expect(pt.tooltip.valueFormatter(17568.170000000002)).toBe('17.568,17'); // every digit, no noise
    expect(pt.yAxis.axisLabel.formatter(0.30000000000000004)).toBe('0,3');
    expect(pt.xAxis).toEqual(option.xAxis); // categories untouched
  });

  it('keeps formatters the server set and leaves the option alone', () => {
    const own = { yAxis: [{ type: 'value', axisLabel: { formatter: '{value} m' } }] };
    expect(localizeOption(own, 'pt-BR')).toEqual(own);
    expect(option.yAxis).not.toHaveProperty('axisLabel');
  });

  it('names ECharts locales', () => {
    expect(echartsLocale('pt-BR')).toBe('PT-br');
    expect(echartsLocale('en')).toBe('EN');
  });
});
