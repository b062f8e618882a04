// Exporting results: CSV (papaparse quotes what needs quoting) and JSON (one object per row), saved
// through a blob: link so nothing goes back to the server.
import Papa from 'papaparse';
import type { Cell, ResultColumn } from './api/schema';

export function toCsv(columns: ResultColumn[], rows: Cell[][]): string {
  return Papa.unparse({ fields: columns.map((c) => c.name), data: rows }, { newline: '\r\n' });
}

export function toJson(columns: ResultColumn[], rows: Cell[][]): string {
  const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null])));
  return JSON.stringify(objects, null, 2);
}

export function download(filename: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
