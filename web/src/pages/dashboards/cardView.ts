// How a saved question's result is drawn on a card: an ECharts option built from its rows and chart
// settings, a table, or a single number. Pure functions (tested in cardView.test.ts); the card
// component renders what they return.
import type { Cell, ChartSettings, ChartType, QuestionResult, ResultColumn } from '../../api/schema';
import { isNumericType } from '../../format';
import type { ChartOption } from '../../components/EChart';

/** What a click on a bar, point or slice stands for: the raw values behind each category (by data
 * index) and, for charts split by a series column, behind each series (by series index). */
export interface DrillTarget {
  column: string;
  values: Cell[];
  series?: { column: string; values: Cell[] };
}

export type CardView =
  | { kind: 'chart'; option: ChartOption; drill?: DrillTarget }
  | { kind: 'table'; columns: ResultColumn[]; rows: Cell[][] }
  | { kind: 'number'; value: number | null; previous: number | null }
  | { kind: 'empty' };

/** Every chart type a card offers, in the order the switch lists them. */
export const CHART_TYPES: ChartType[] = [
  'auto',
  'line',
  'area',
  'bar',
  'stacked_bar',
  'horizontal_bar',
  'pie',
  'donut',
  'scatter',
  'histogram',
  'boxplot',
  'heatmap',
  'table',
  'number',
  'pivot',
];

const TEMPORAL = /^(DATE|TIMESTAMP|TIME)/i;

function isTemporal(c: ResultColumn): boolean {
  return TEMPORAL.test(c.type);
}

function num(v: Cell | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

/** A label for an x value: dates and midnight timestamps without their time of day. */
function label(v: Cell | undefined): string {
  if (v === null || v === undefined) return '∅';
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2})[T ]00:00:00(\.0+)?Z?$/.exec(s);
  return m ? m[1] : s;
}

interface Axes {
  x: number;
  ys: number[];
  series: number;
}

/** Which columns the chart uses: the settings' names, or the first category and every number. */
function axes(columns: ResultColumn[], settings: ChartSettings | undefined): Axes | null {
  const index = (name: string | null | undefined) => (name ? columns.findIndex((c) => c.name === name) : -1);
  const series = index(settings?.series);
  let x = index(settings?.x);
  if (x < 0) x = columns.findIndex((c, i) => i !== series && !isNumericType(c.type));
  if (x < 0) x = 0;
  const wanted = settings?.y === undefined ? [] : typeof settings.y === 'string' ? [settings.y] : settings.y;
  let ys = wanted.map(index).filter((i) => i >= 0);
  if (ys.length === 0) {
    ys = columns.map((c, i) => (i !== x && i !== series && isNumericType(c.type) ? i : -1)).filter((i) => i >= 0);
  }
  if (ys.length === 0) return null;
  return { x, ys, series };
}

function sorted(rows: Cell[][], columns: ResultColumn[], settings: ChartSettings | undefined): Cell[][] {
  const by = settings?.sort ? columns.findIndex((c) => c.name === settings.sort) : -1;
  if (by < 0) return rows;
  const sign = settings?.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[by];
    const y = b[by];
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x ?? '').localeCompare(String(y ?? ''));
  });
}

/** Rows split by the series column: the x labels and one value list per series value. */
function pivot(rows: Cell[][], a: Axes) {
  const xs: string[] = [];
  const xRaw: Cell[] = [];
  const xIndex = new Map<string, number>();
  const names: string[] = [];
  const nameRaw: Cell[] = [];
  const values = new Map<string, (number | null)[]>();
  for (const row of rows) {
    const x = label(row[a.x]);
    if (!xIndex.has(x)) {
      xIndex.set(x, xs.length);
      xs.push(x);
      xRaw.push(row[a.x] ?? null);
    }
    const name = a.series >= 0 ? label(row[a.series]) : '';
    if (!values.has(name)) {
      values.set(name, []);
      names.push(name);
      nameRaw.push(a.series >= 0 ? (row[a.series] ?? null) : null);
    }
  }
  for (const name of names) values.set(name, new Array<number | null>(xs.length).fill(null));
  for (const row of rows) {
    const name = a.series >= 0 ? label(row[a.series]) : '';
    values.get(name)![xIndex.get(label(row[a.x]))!] = num(row[a.ys[0]]);
  }
  return { xs, xRaw, names, nameRaw, values };
}

function cartesian(type: ChartType, columns: ResultColumn[], rows: Cell[][], a: Axes): { option: ChartOption; drill: DrillTarget } {
  const horizontal = type === 'horizontal_bar';
  const kind = type === 'line' || type === 'area' ? 'line' : 'bar';
  let categories: string[];
  let series: Record<string, unknown>[];
  let drill: DrillTarget;
  if (a.series >= 0) {
    const p = pivot(rows, a);
    categories = p.xs;
    series = p.names.map((name) => ({ name, type: kind, data: p.values.get(name) }));
    drill = { column: columns[a.x].name, values: p.xRaw, series: { column: columns[a.series].name, values: p.nameRaw } };
  } else {
    categories = rows.map((r) => label(r[a.x]));
    series = a.ys.map((y) => ({ name: columns[y].name, type: kind, data: rows.map((r) => num(r[y])) }));
    drill = { column: columns[a.x].name, values: rows.map((r) => r[a.x] ?? null) };
  }
  for (const s of series) {
    if (type === 'area') s.areaStyle = {};
    if (type === 'stacked_bar') s.stack = 'total';
    if (kind === 'line') s.showSymbol = categories.length <= 60;
    if (type === 'histogram') s.barCategoryGap = '2%';
  }
  const category = { type: 'category', data: categories, name: columns[a.x].name };
  const value = { type: 'value', name: a.series >= 0 || a.ys.length === 1 ? columns[a.ys[0]].name : undefined };
  return {
    option: {
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
      grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series,
    },
    drill,
  };
}

function pieOption(type: ChartType, columns: ResultColumn[], rows: Cell[][], a: Axes): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        name: columns[a.ys[0]].name,
        type: 'pie',
        radius: type === 'donut' ? ['45%', '70%'] : '70%',
        data: rows.map((r) => ({ name: label(r[a.x]), value: num(r[a.ys[0]]) })),
      },
    ],
  };
}

function scatterOption(columns: ResultColumn[], rows: Cell[][], a: Axes): ChartOption {
  const time = isTemporal(columns[a.x]);
  const groups = new Map<string, [Cell, number | null][]>();
  for (const r of rows) {
    const name = a.series >= 0 ? label(r[a.series]) : columns[a.ys[0]].name;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push([time ? r[a.x] : num(r[a.x]), num(r[a.ys[0]])]);
  }
  return {
    tooltip: { trigger: 'item' },
    legend: groups.size > 1 ? { type: 'scroll', top: 0 } : undefined,
    grid: { left: 8, right: 16, top: groups.size > 1 ? 32 : 16, bottom: 8, containLabel: true },
    xAxis: { type: time ? 'time' : 'value', name: columns[a.x].name, scale: true },
    yAxis: { type: 'value', name: columns[a.ys[0]].name, scale: true },
    series: [...groups].map(([name, data]) => ({ name, type: 'scatter', symbolSize: 6, data })),
  };
}

function heatmapOption(rows: Cell[][], a: Axes): ChartOption {
  const p = pivot(rows, a);
  const data: [number, number, number | null][] = [];
  let max = 0;
  p.names.forEach((name, y) =>
    p.values.get(name)!.forEach((v, x) => {
      data.push([x, y, v]);
      if (v !== null) max = Math.max(max, v);
    }),
  );
  return {
    tooltip: { position: 'top' },
    grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: p.xs },
    yAxis: { type: 'category', data: p.names },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data }],
  };
}

/** A boxplot of a statistics question's groups (min, q1, median, q3, max of its first column). */
function boxplotOption(result: QuestionResult): ChartOption | null {
  const stats = result.statistics as
    | { groups?: { key: Cell; columns: Record<string, unknown>[] }[]; columns?: Record<string, unknown>[] }
    | undefined;
  if (!stats) return null;
  const boxes = (stats.groups?.length ? stats.groups : [{ key: 'all', columns: stats.columns ?? [] }]).map((g) => {
    const c = g.columns[0] ?? {};
    const five = ['min', 'q1', 'median', 'q3', 'max'].map((k) => (typeof c[k] === 'number' ? (c[k] as number) : null));
    return { name: label(g.key), five };
  });
  if (!boxes.length || boxes.some((b) => b.five.some((v) => v === null))) return null;
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: boxes.map((b) => b.name) },
    yAxis: { type: 'value', scale: true },
    series: [{ type: 'boxplot', data: boxes.map((b) => b.five) }],
  };
}

/** A statistics result as a table: one row per group and column, one column per statistic. */
function statsTable(result: QuestionResult): { columns: ResultColumn[]; rows: Cell[][] } | null {
  const stats = result.statistics as
    | { groups?: { key: Cell; columns: Record<string, unknown>[] }[]; columns?: Record<string, unknown>[] }
    | undefined;
  if (!stats) return null;
  const groups = stats.groups?.length ? stats.groups : [{ key: null, columns: stats.columns ?? [] }];
  const names = new Set<string>();
  for (const g of groups)
    for (const c of g.columns)
      for (const [k, v] of Object.entries(c)) if (typeof v === 'number' || k === 'outliers_iqr') names.add(k);
  const keys = [...names];
  const grouped = !!stats.groups?.length;
  const columns: ResultColumn[] = [
    ...(grouped ? [{ name: 'group', type: 'VARCHAR' }] : []),
    { name: 'column', type: 'VARCHAR' },
    ...keys.map((k) => ({ name: k, type: k === 'outliers_iqr' ? 'BIGINT' : 'DOUBLE' })),
  ];
  const rows: Cell[][] = [];
  for (const g of groups) {
    for (const c of g.columns) {
      const cells = keys.map((k) => {
        const v = c[k];
        if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
          return ((v as { low: number }).low ?? 0) + ((v as { high: number }).high ?? 0);
        }
        return typeof v === 'number' ? v : null;
      });
      rows.push([...(grouped ? [label(g.key)] : []), String(c.name ?? ''), ...cells]);
    }
  }
  return { columns, rows };
}

/** A pivot table: x down, the series' values across, the first y in the cells. */
function pivotTable(columns: ResultColumn[], rows: Cell[][], a: Axes): { columns: ResultColumn[]; rows: Cell[][] } {
  if (a.series < 0) return { columns, rows };
  const p = pivot(rows, a);
  return {
    columns: [{ name: columns[a.x].name, type: 'VARCHAR' }, ...p.names.map((n) => ({ name: n, type: 'DOUBLE' }))],
    rows: p.xs.map((x, i) => [x, ...p.names.map((n) => p.values.get(n)![i])]),
  };
}

/** The last value of the first y column and the one before it. */
function numberView(result: QuestionResult, a: Axes | null): CardView {
  if (result.value !== null && result.value !== undefined && result.rows.length <= 1) {
    return { kind: 'number', value: num(result.value as Cell), previous: null };
  }
  if (!a || result.rows.length === 0) return { kind: 'empty' };
  const last = result.rows[result.rows.length - 1];
  const before = result.rows.length > 1 ? result.rows[result.rows.length - 2] : null;
  return { kind: 'number', value: num(last[a.ys[0]]), previous: before ? num(before[a.ys[0]]) : null };
}

/** What a card shows for `result` drawn as `type` (the card's choice, or the question's). */
export function cardView(result: QuestionResult, settings: ChartSettings | undefined, type: ChartType): CardView {
  const columns = result.columns;
  const rows = sorted(result.rows, columns, settings);
  if (result.statistics && (type === 'auto' || type === 'boxplot' || type === 'table')) {
    const box = type !== 'table' ? boxplotOption(result) : null;
    if (box) return { kind: 'chart', option: box };
    const table = statsTable(result);
    if (table) return { kind: 'table', ...table };
  }
  const a = axes(columns, settings);
  if (type === 'number') return numberView(result, a);
  if (type === 'table') return { kind: 'table', columns, rows };
  if (type === 'pivot') return a ? { kind: 'table', ...pivotTable(columns, rows, a) } : { kind: 'table', columns, rows };
  if (type === 'auto') {
    if (result.echarts) return { kind: 'chart', option: result.echarts as ChartOption };
    if (columns.length === 1 && rows.length === 1) return numberView(result, a);
    if (!a || rows.length <= 1) return { kind: 'table', columns, rows };
    type = isTemporal(columns[a.x]) ? 'line' : 'bar';
  }
  if (!a || rows.length === 0) return rows.length ? { kind: 'table', columns, rows } : { kind: 'empty' };
  switch (type) {
    case 'pie':
    case 'donut':
      return {
        kind: 'chart',
        option: pieOption(type, columns, rows, a),
        drill: { column: columns[a.x].name, values: rows.map((r) => r[a.x] ?? null) },
      };
    case 'scatter':
      return { kind: 'chart', option: scatterOption(columns, rows, a) };
    case 'heatmap':
      return a.series >= 0 ? { kind: 'chart', option: heatmapOption(rows, a) } : { kind: 'table', columns, rows };
    case 'boxplot':
      return { kind: 'table', columns, rows };
    default:
      return { kind: 'chart', ...cartesian(type, columns, rows, a) };
  }
}
