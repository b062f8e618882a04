// Number, size, duration and date formatting in the UI language (Intl does the work).
import type { Cell } from './api/schema';

export function formatNumber(value: number, lang: string, maxFraction = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = Number.isInteger(value) ? 0 : abs >= 1000 ? 1 : abs >= 1 ? 3 : maxFraction;
  return new Intl.NumberFormat(lang, { maximumFractionDigits: Math.min(digits, maxFraction) }).format(value);
}

export function formatInteger(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value);
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

/** A cell for a table: numbers in the UI language, text as is. */
export function formatCell(value: Cell | undefined, lang: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, lang, 6);
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
