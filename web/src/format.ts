// How the UI writes numbers, sizes, durations and dates. Every number of the data (grid cells,
// statistics, chart axes and tooltips, profiles) goes through formatNumber for people and through
// machineNumber for exports, so a value reads the same everywhere on a page.
//
// The rule for numbers of the data: up to 15 significant digits (DBL_DIG). Every decimal with at
// most 15 significant digits survives the trip through a double, so the data's own digits are all
// shown (1457.87, never 1,457.9), and the float noise past them disappears (126832.11999999994 is
// 126832.12). Integers are shown whole. People get the UI language's grouping and decimal separator
// (en 1,457.87; pt-BR 1.457,87); exports get plain numbers with a `.` decimal point.
import type { Cell } from './api/schema';

/** Significant digits a double keeps for people and exports (DBL_DIG). */
export const SIGNIFICANT_DIGITS = 15;

/**
 * Significant digits for a value: 15, or more when the integer part has more (a non-integer double
 * is below 2^53, so at most 16), so rounding never touches the integer part.
 */
function digitsFor(abs: number): number {
  return abs >= 1e15 ? 16 : SIGNIFICANT_DIGITS;
}

/** A number of the data without the float noise past 15 significant digits; integers untouched. */
export function roundData(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value === 0 ? 0 : value;
  const rounded = Number(value.toPrecision(digitsFor(Math.abs(value))));
  return rounded === 0 ? 0 : rounded;
}

/** A number for files (CSV, JSON): plain, with a `.` decimal point and no grouping. */
export function machineNumber(value: number): string {
  return String(roundData(value));
}

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${lang}|${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    formats.set(id, f);
  }
  return f;
}

/**
 * A number of the data for people, in the UI language: every significant digit up to 15, trailing
 * zeros trimmed, grouped; scientific notation only where plain digits would not fit (from 10^21, or
 * below 10^-7, where JavaScript itself switches).
 */
export function formatNumber(value: number, lang: string): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const v = roundData(value);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e21 || abs < 1e-7)) {
    return numberFormat(lang, 'sci', { notation: 'scientific', maximumSignificantDigits: SIGNIFICANT_DIGITS }).format(v);
  }
  if (Number.isInteger(v)) return numberFormat(lang, 'int', { maximumFractionDigits: 0 }).format(v);
  const digits = digitsFor(abs);
  return numberFormat(lang, `sig${digits}`, { maximumSignificantDigits: digits }).format(v);
}

/**
 * A statistic as the API sends it (StatValue): a number, "Infinity"/"-Infinity" when infinite, or
 * null when undefined for the data (shown as —).
 */
export function formatStatValue(value: unknown, lang: string): string {
  if (typeof value === 'number') return formatNumber(value, lang);
  if (value === 'Infinity') return '∞';
  if (value === '-Infinity') return '−∞';
  if (value === null || value === undefined) return '—';
  return String(value);
}

/**
 * A number in few characters, for axis ticks on a narrow chart (en 4K, 1.5M; pt-BR 4 mil, 1,5 mi).
 * Tooltips and tables keep every digit.
 */
export function formatCompact(value: number, lang: string): string {
  if (!Number.isFinite(value)) return formatNumber(value, lang);
  return numberFormat(lang, 'compact', { notation: 'compact', maximumSignificantDigits: 3 }).format(value === 0 ? 0 : value);
}

/** A figure the UI computed for display (a share, an average length): at most `fraction` decimals. */
export function formatFixed(value: number, lang: string, fraction: number): string {
  if (!Number.isFinite(value)) return formatNumber(value, lang);
  return numberFormat(lang, `fixed${fraction}`, { maximumFractionDigits: fraction }).format(value === 0 ? 0 : value);
}

/** A share (0.25) as a percentage in the UI language ("25%", "6.7%"). */
export function formatPercent(share: number, lang: string, fraction = 1): string {
  if (!Number.isFinite(share)) return formatNumber(share, lang);
  return numberFormat(lang, `pct${fraction}`, { style: 'percent', maximumFractionDigits: fraction }).format(share);
}

export function formatInteger(value: number, lang: string): string {
  return numberFormat(lang, 'int', { maximumFractionDigits: 0 }).format(value);
}

export function formatMs(ms: number | undefined | null, lang: string): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(ms / 1000)} s`;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: ms < 10 ? 2 : 0 }).format(ms)} ms`;
}

export function formatBytes(bytes: number | undefined | null, lang: string): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    ++i;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

export function formatDuration(seconds: number, lang: string): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const nf = new Intl.NumberFormat(lang);
  if (d > 0) return `${nf.format(d)}d ${h}h`;
  if (h > 0) return `${h}h ${m}min`;
  if (m > 0) return `${m}min ${s}s`;
  return `${s}s`;
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A cell for a table: numbers in the UI language (see formatNumber), text as is. */
export function formatCell(value: Cell | undefined, lang: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, lang);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // ISO timestamps read better with a space than with a T.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return value.replace('T', ' ');
  return value;
}

export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/i.test(
    type,
  );
}

/** YYYY-MM-DD of a date in local time. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A day (an ISO date, or a time at midnight UTC: a date given without time) in the UI language. */
export function formatDay(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}
