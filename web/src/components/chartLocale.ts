// Charts in the UI language: ECharts' own strings (month names, aria descriptions) from its locale
// files, and numbers on value axes and in tooltips through Intl (ECharts always writes 18,000).
import type { ChartOption } from './EChart';

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
  const nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const number = (v: unknown) => (typeof v === 'number' ? nf.format(v) : v === null || v === undefined ? '—' : String(v));
  const axis = (a: unknown): unknown => {
    if (Array.isArray(a)) return a.map(axis);
    if (!isObj(a) || a.type !== 'value') return a;
    const label = isObj(a.axisLabel) ? a.axisLabel : {};
    if (label.formatter !== undefined) return a;
    return { ...a, axisLabel: { ...label, formatter: (v: number) => nf.format(v) } };
  };
  const out: Obj = { ...option };
  if ('xAxis' in out) out.xAxis = axis(out.xAxis);
  if ('yAxis' in out) out.yAxis = axis(out.yAxis);
  if (isObj(out.tooltip) && out.tooltip.valueFormatter === undefined && out.tooltip.formatter === undefined) {
    out.tooltip = { ...out.tooltip, valueFormatter: number };
  }
  return out;
}
