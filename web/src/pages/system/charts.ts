// ECharts options for the System page, built from the analytics endpoints.
import type { DailyPerformance, UsageRow } from '../../api/schema';
import type { ChartOption } from '../../components/EChart';
import { formatMs } from '../../format';

/** Days from start to end inclusive (YYYY-MM-DD), so days without traffic show as zero. */
export function daysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`);
  for (let i = 0; d <= last && i < 400; ++i) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** Requests per day stacked by route (the busiest routes; the rest as "other"). */
export function usageOption(
  rows: UsageRow[],
  days: string[],
  labels: { title: string; other: string; errors: string },
  topRoutes = 6,
): ChartOption {
  const perRoute = new Map<string, number>();
  for (const r of rows) perRoute.set(r.route, (perRoute.get(r.route) ?? 0) + r.count);
  const top = [...perRoute.entries()].sort((a, b) => b[1] - a[1]).slice(0, topRoutes).map(([r]) => r);
  const names = [...top, ...(perRoute.size > top.length ? [labels.other] : [])];
  const index = new Map(days.map((d, i) => [d, i]));
  const series = names.map((n) => ({ name: n, type: 'bar', stack: 'requests', data: days.map(() => 0) }));
  const errors = days.map(() => 0);
  for (const r of rows) {
    const i = index.get(r.day.slice(0, 10));
    if (i === undefined) continue;
    const s = top.indexOf(r.route);
    series[s >= 0 ? s : names.length - 1].data[i] += r.count;
    errors[i] += r.errors;
  }
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...series,
      { name: labels.errors, type: 'line', data: errors, showSymbol: true, symbol: 'circle', lineStyle: { type: 'dashed' } },
    ],
  };
}

/** Median and 95th-percentile latency per day. */
export function latencyOption(
  daily: DailyPerformance[],
  days: string[],
  labels: { title: string },
  lang: string,
): ChartOption {
  const byDay = new Map(daily.map((d) => [d.day.slice(0, 10), d]));
  const pick = (k: 'p50_ms' | 'p95_ms') => days.map((d) => byDay.get(d)?.[k] ?? null);
  return {
    title: { text: labels.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMs(v, lang) : '—') },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', name: 'ms' },
    series: [
      // Symbols always: a period with one busy day is one point, which a bare line would not show.
      { name: 'p50', type: 'line', data: pick('p50_ms'), connectNulls: true, showSymbol: true, symbolSize: 7 },
      { name: 'p95', type: 'line', data: pick('p95_ms'), connectNulls: true, showSymbol: true, symbolSize: 7 },
    ],
  };
}

function printable(v: unknown): string {
  if (v === null || v === undefined) return '—';
  // The server renders values as TOML/JSON text: "\"builtin\"" reads better as builtin.
  if (typeof v === 'string' && /^".*"$/.test(v)) {
    try {
      return printable(JSON.parse(v));
    } catch {
      return v;
    }
  }
  if (v === '') return '""';
  if (Array.isArray(v)) return v.map(printable).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function isEntry(v: unknown): v is { value: unknown; source?: unknown } {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !('value' in v)) return false;
  return Object.keys(v).every((k) => k === 'value' || k === 'source');
}

/**
 * Configuration as rows of [dotted key, value, source]. Accepts nested sections ({server: {port}})
 * and the server's flat form ({"server.port": {value, source}}).
 */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const [k, v] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isEntry(v)) out.push([key, printable(v.value), typeof v.source === 'string' ? v.source : '']);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out.push(...flattenConfig(v as Record<string, unknown>, key));
    } else out.push([key, printable(v), '']);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
