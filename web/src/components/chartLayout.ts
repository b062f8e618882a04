// Charts that fit a phone. The server's ECharts options (src/insights/chart.cpp, src/wire/ask.cpp)
// are laid out for a desktop card: fixed grid margins sized for long category names, every category
// label, axis names at the ends. On a narrow chart the labels collide and the names fall off the
// canvas, so below NARROW_WIDTH the client adapts the option: the grid shrinks to hold its labels
// and names (ECharts' outer bounds), labels that would overlap are hidden, category labels are
// rotated or truncated, value axes get fewer ticks in compact notation, the title is truncated, and
// category axis names (the title already says them) are left out. Wider charts are left as they are.
import type { ChartOption } from './EChart';
import { formatCompact } from '../format';

export const NARROW_WIDTH = 600;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mapAxes(a: unknown, fn: (axis: Obj) => Obj): unknown {
  if (Array.isArray(a)) return a.map((x) => (isObj(x) ? fn(x) : x));
  return isObj(a) ? fn(a) : a;
}

function firstAxis(a: unknown): Obj | undefined {
  const x = Array.isArray(a) ? a[0] : a;
  return isObj(x) ? x : undefined;
}

/** The option for a chart `width` pixels wide, in `lang` (for compact axis numbers). */
export function responsiveOption(option: ChartOption, width: number, lang: string): ChartOption {
  if (!(width > 0) || width >= NARROW_WIDTH) return option;
  const out: Obj = { ...option };
  const horizontal = firstAxis(option.yAxis)?.type === 'category';
  const hasCartesian = 'xAxis' in option || 'yAxis' in option;

  if (isObj(out.title)) {
    const title = out.title;
    const text = isObj(title.textStyle) ? title.textStyle : {};
    const numberChart = typeof title.subtext === 'string' && !hasCartesian;
    out.title = {
      ...title,
      textStyle: { ...text, width: width - 24, overflow: 'truncate', ...(numberChart ? { fontSize: 32 } : { fontSize: 13 }) },
      ...(numberChart
        ? { subtextStyle: { ...(isObj(title.subtextStyle) ? title.subtextStyle : {}), width: width - 24, overflow: 'break' } }
        : {}),
    };
  }
  if (!hasCartesian) return out;
  // Several grids (a price above its indicator) place themselves: left as they are.
  if (Array.isArray(option.grid)) return out;

  const legend = isObj(out.legend);
  const slider = Array.isArray(out.dataZoom) && out.dataZoom.some((z) => isObj(z) && z.type === 'slider');
  const grid = isObj(out.grid) ? out.grid : {};
  out.grid = {
    ...grid,
    left: 8,
    right: 16,
    top: isObj(out.title) ? 40 : 12,
    bottom: (slider ? 40 : 8) + (legend ? 28 : 0),
    outerBoundsMode: 'same',
    outerBoundsContain: 'all',
  };
  if (legend) out.legend = { ...(out.legend as Obj), type: 'scroll' };

  const adapt = (axis: Obj, which: 'x' | 'y'): Obj => {
    const label = isObj(axis.axisLabel) ? axis.axisLabel : {};
    if (axis.type === 'value') {
      const next: Obj = {
        ...axis,
        splitNumber: 3,
        nameMoveOverlap: true,
        axisLabel: {
          ...label,
          hideOverlap: true,
          ...(label.formatter === undefined ? { formatter: (v: number) => formatCompact(v, lang) } : {}),
        },
      };
      // The name runs along the axis, clear of the title and of marks at the top: under the ticks
      // of a horizontal chart's value axis, beside those of a vertical one.
      Object.assign(next, which === 'x' ? { nameLocation: 'middle', nameGap: 26 } : { nameLocation: 'middle', nameGap: 12 });
      return next;
    }
    if (axis.type === 'category') {
      const rotate = which === 'x' ? Math.max(45, typeof label.rotate === 'number' ? label.rotate : 0) : 0;
      // A few categories all get their label; many (histogram bins) get every n-th, as fits.
      const few = Array.isArray(axis.data) && axis.data.length <= 12;
      return {
        ...axis,
        name: undefined,
        axisLabel: {
          ...label,
          hideOverlap: true,
          interval: few ? 0 : 'auto',
          rotate,
          width: which === 'x' ? 90 : Math.round(width * 0.38),
          overflow: 'truncate',
        },
      };
    }
    // Time axes: fewer ticks, none on top of another.
    return { ...axis, splitNumber: 3, nameMoveOverlap: true, axisLabel: { ...label, hideOverlap: true } };
  };
  if ('xAxis' in out) out.xAxis = mapAxes(out.xAxis, (a) => adapt(a, 'x'));
  if ('yAxis' in out) out.yAxis = mapAxes(out.yAxis, (a) => adapt(a, 'y'));
  if (horizontal && isObj(out.grid)) out.grid = { ...(out.grid as Obj), right: 20 };
  return out;
}
