// Exporting results: CSV (papaparse quotes what needs quoting) and JSON (one object per row), saved
// through a blob: link so nothing goes back to the server. Numbers are written for machines: a `.`
// decimal point, no grouping, and no float noise past 15 significant digits (see format.ts), so
// 126832.11999999994 is written 126832.12 and no digit of the data is lost.
import Papa from 'papaparse';
import type { Cell, ResultColumn } from './api/schema';
import { roundData } from './format';

function exported(value: Cell | undefined): Cell {
  if (value === undefined) return null;
  return typeof value === 'number' ? roundData(value) : value;
}

export function toCsv(columns: ResultColumn[], rows: Cell[][]): string {
  return Papa.unparse(
    { fields: columns.map((c) => c.name), data: rows.map((r) => columns.map((_, i) => exported(r[i]))) },
    { newline: '\r\n' },
  );
}

export function toJson(columns: ResultColumn[], rows: Cell[][]): string {
  const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, exported(r[i])])));
  return JSON.stringify(objects, null, 2);
}

/** A file name for an export: a readable stem and the time, safe on every file system. */
export function exportName(stem: string, extension: 'csv' | 'json' | 'xlsx', at = new Date()): string {
  const safe = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  const stamp = at.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `${safe || 'sagaz'}-${stamp}.${extension}`;
}

export function download(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves a blob (a file the server wrote, a drawn chart) under `filename`. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves what a URL (a blob: or data: URL) holds under `filename`. */
export function downloadUrl(filename: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
