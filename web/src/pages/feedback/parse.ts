// Reads comments and gold labels that an analyst pastes or picks: a JSON array (or {"comments": [...]}
// / {"gold": [...]}), NDJSON, a CSV with a header (`,` or `;`), or plain text with one comment a line.
// Bad records are reported with their line and kept out; nothing is guessed silently.
import Papa from 'papaparse';
import type { CommentInput, GoldItem } from '../../api/tools';

export interface Parsed<T> {
  items: T[];
  errors: { line: number; message: string }[];
  format: 'json' | 'ndjson' | 'csv' | 'lines';
}

type Row = Record<string, unknown>;

// Column names people use, in English and Portuguese.
const TEXT = ['text', 'comment', 'comentario', 'comentário', 'texto', 'review', 'review_text', 'review_comment_message', 'mensagem', 'message'];
const ID = ['id', 'comment_id', 'review_id', 'codigo', 'código'];
const SOURCE = ['source', 'fonte', 'origem', 'canal', 'channel'];
const DATE = ['created_at', 'date', 'data', 'created', 'review_creation_date', 'timestamp'];
const AUTHOR = ['author', 'autor', 'user', 'usuario', 'usuário', 'cliente'];
const SENTIMENT = ['sentiment', 'sentimento', 'label', 'rotulo', 'rótulo', 'stars', 'estrelas', 'rating', 'nota', 'review_score'];
const TAGS = ['tags', 'tag', 'categorias', 'categories'];

function pick(row: Row, names: string[]): unknown {
  for (const key of Object.keys(row)) if (names.includes(key.trim().toLowerCase())) return row[key];
  return undefined;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s ? s : undefined;
}

/** Records of the text as rows of fields, and the format they were in. */
export function readRecords(text: string): { rows: { line: number; row: Row | string }[]; errors: Parsed<never>['errors']; format: Parsed<never>['format'] } {
  const trimmed = text.trim();
  const errors: Parsed<never>['errors'] = [];
  if (!trimmed) return { rows: [], errors, format: 'lines' };
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    try {
      const v: unknown = JSON.parse(trimmed);
      const list = Array.isArray(v) ? v : ((v as Row).comments ?? (v as Row).gold ?? [v]);
      if (!Array.isArray(list)) throw new Error('expected a list');
      return { rows: list.map((row, i) => ({ line: i + 1, row: row as Row })), errors, format: 'json' };
    } catch (e) {
      if (trimmed.startsWith('[')) return { rows: [], errors: [{ line: 1, message: `JSON: ${(e as Error).message}` }], format: 'json' };
    }
  }
  const lines = trimmed.split(/\r?\n/);
  if (lines[0].trimStart().startsWith('{')) {
    const rows: { line: number; row: Row }[] = [];
    lines.forEach((l, i) => {
      if (!l.trim()) return;
      try {
        rows.push({ line: i + 1, row: JSON.parse(l) as Row });
      } catch (e) {
        errors.push({ line: i + 1, message: `JSON: ${(e as Error).message}` });
      }
    });
    return { rows, errors, format: 'ndjson' };
  }
  const header = lines[0].toLowerCase();
  const looksCsv = /[,;\t]/.test(header) && [...TEXT, ...SENTIMENT, ...ID].some((n) => header.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, '')).includes(n));
  if (looksCsv) {
    const result = Papa.parse<Row>(trimmed, { header: true, skipEmptyLines: true, delimitersToGuess: [',', ';', '\t'] });
    for (const e of result.errors) errors.push({ line: (e.row ?? 0) + 2, message: e.message });
    return { rows: result.data.map((row, i) => ({ line: i + 2, row })), errors, format: 'csv' };
  }
  return {
    rows: lines.map((l, i) => ({ line: i + 1, row: l.trim() })).filter((r) => r.row),
    errors,
    format: 'lines',
  };
}

/** Comments from pasted text; `source` is for comments that name none. */
export function parseComments(text: string, source: string): Parsed<CommentInput> {
  const { rows, errors, format } = readRecords(text);
  const items: CommentInput[] = [];
  for (const { line, row } of rows) {
    if (typeof row === 'string') {
      items.push({ id: `line-${line}-${hash(row)}`, text: row, source: source || undefined });
      continue;
    }
    const body = str(pick(row, TEXT));
    if (!body) {
      errors.push({ line, message: 'no text' });
      continue;
    }
    const metadata: Row = {};
    const known = new Set([...TEXT, ...ID, ...SOURCE, ...DATE, ...AUTHOR]);
    for (const [k, v] of Object.entries(row)) if (!known.has(k.trim().toLowerCase()) && v !== '' && v !== undefined) metadata[k] = v;
    items.push({
      id: str(pick(row, ID)) ?? `h-${hash(body)}`,
      text: body,
      source: str(pick(row, SOURCE)) ?? (source || undefined),
      created_at: str(pick(row, DATE)),
      author: str(pick(row, AUTHOR)),
      ...(Object.keys(metadata).length ? { metadata: metadata as CommentInput['metadata'] } : {}),
    });
  }
  return { items, errors, format };
}

/** Gold labels: each names a stored comment (id, source) and its sentiment and/or tags. */
export function parseGold(text: string, source: string): Parsed<GoldItem> {
  const { rows, errors, format } = readRecords(text);
  const items: GoldItem[] = [];
  for (const { line, row } of rows) {
    if (typeof row === 'string') {
      errors.push({ line, message: 'expected fields id and sentiment (CSV with a header, or JSON)' });
      continue;
    }
    const id = str(pick(row, ID));
    const sentiment = pick(row, SENTIMENT);
    const rawTags = pick(row, TAGS);
    const tags = Array.isArray(rawTags)
      ? rawTags.map(String)
      : str(rawTags)?.split(/[|,;]/).map((s) => s.trim()).filter(Boolean);
    if (!id) {
      errors.push({ line, message: 'no id' });
      continue;
    }
    if (str(sentiment) === undefined && !tags) {
      errors.push({ line, message: 'no sentiment and no tags' });
      continue;
    }
    const s = str(sentiment);
    items.push({
      id,
      source: str(pick(row, SOURCE)) ?? (source || undefined),
      ...(s !== undefined ? { sentiment: /^\d+$/.test(s) ? Number(s) : s } : {}),
      ...(tags ? { tags } : {}),
    });
  }
  return { items, errors, format };
}

/** A short stable id for a comment that has none (FNV-1a of its text). */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Splits a list into batches the API takes (feedback.max_batch). */
export function batches<T>(items: T[], size = 10_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
