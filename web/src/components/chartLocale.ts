// Charts in the UI language: ECharts' own strings (month names, aria descriptions) from its locale
// files, and the numbers ECharts would write itself (value axes, tooltips) through formatNumber, the
// same as the tables and the statistics on the page (ECharts alone always writes 18,000).
import type { ChartOption } from './EChart';
import { formatNumber } from '../format';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ECharts' locale name for a UI language. */
export function echartsLocale(lang: string): 'PT-br' | 'EN' {
  return lang.toLowerCase().startsWith('pt') ? 'PT-br' : 'EN';
}

/** A copy of the option whose numbers read in `lang`; formatters already there are kept. */
export function localizeOption(option: ChartOption, lang: string): ChartOption {
  const number = (v: unknown) =>
    typeof v === 'number' ? formatNumber(v, lang) : v === null || v === undefined ? '—' : String(v);
  const axis = (a: unknown): unknown => {
    if (Array.isArray(a)) return a.map(axis);
    if (!isObj(a) || a.type !== 'value') return a;
    const label = isObj(a.axisLabel) ? a.axisLabel : {};
    if (label.formatter !== undefined) return a;
    return { ...a, axisLabel: { ...label, formatter: (v: number) => formatNumber(v, lang) } };
  };
  const out: Obj = { ...option };
  if ('xAxis' in out) out.xAxis = axis(out.xAxis);
  if ('yAxis' in out) out.yAxis = axis(out.yAxis);
  if (isObj(out.tooltip) && out.tooltip.valueFormatter === undefined && out.tooltip.formatter === undefined) {
    out.tooltip = { ...out.tooltip, valueFormatter: number };
  }
  return out;
}
