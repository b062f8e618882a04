// Where a refused or failed query went wrong, from the error's details: `position` (a 0-based
// character offset into the query as sent, when DuckDB gives one) and `suggestions` (names that
// exist, for an unknown table or column). Details travel as text (the API's error envelope), so
// numbers and lists may arrive as strings; anything unreadable is ignored and the message alone is
// shown.

/** The offset the error points at, as an index into `sql` (UTF-16), or null. */
export function errorPosition(details: Record<string, unknown>, sql: string): number | null {
  const raw = details.position;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0) return null;
  // The offset counts characters (code points); a JavaScript index counts UTF-16 units.
  let index = 0;
  let chars = 0;
  for (const ch of sql) {
    if (chars === n) break;
    index += ch.length;
    ++chars;
  }
  return chars === n && index <= sql.length ? index : null;
}

/** The names the error suggests instead (a list, or text: JSON, or separated by commas or lines). */
export function suggestionsOf(details: Record<string, unknown>): string[] {
  const raw = details.suggestions;
  let list: unknown[] = [];
  if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'string' && raw.trim()) {
    try {
      const parsed: unknown = JSON.parse(raw);
      list = Array.isArray(parsed) ? parsed : [raw];
    } catch {
      list = raw.split(/[,\n]/);
    }
  }
  const names = list
    .filter((s): s is string => typeof s === 'string')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter((s) => s !== '');
  return [...new Set(names)];
}

export interface Place {
  /** 1-based line and column, for people. */
  line: number;
  column: number;
  /** The text of that line and where in it the place is (0-based). */
  text: string;
  offset: number;
}

/** The line and column of an index into `sql`. */
export function placeOf(sql: string, index: number): Place {
  const before = sql.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = sql.indexOf('\n', index);
  const text = sql.slice(lineStart, lineEnd < 0 ? sql.length : lineEnd);
  const line = before.split('\n').length;
  const offset = index - lineStart;
  return { line, column: [...text.slice(0, offset)].length + 1, text, offset };
}

const IDENTIFIER = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)/u;

/** The identifier (plain or "quoted") that starts at `index`, as [start, end), or null. */
export function identifierAt(sql: string, index: number): [number, number] | null {
  const m = IDENTIFIER.exec(sql.slice(index));
  return m ? [index, index + m[0].length] : null;
}

/** The first whole-word occurrence of `name` in `sql`, as [start, end), or null. */
export function findIdentifier(sql: string, name: string): [number, number] | null {
  if (!name) return null;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\p{L}\\p{N}_$"])"?${escaped}"?(?![\\p{L}\\p{N}_$])`, 'iu').exec(sql);
  return m ? [m.index, m.index + m[0].length] : null;
}

/** `name` as SQL writes it: bare when it is a plain identifier, else double-quoted. */
export function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * The range of the unknown name a suggestion replaces: the identifier at the error's position, or
 * the name the details give (`name`, `column` or `table`) where it appears in the query.
 */
export function replaceableRange(sql: string, position: number | null, details: Record<string, unknown>): [number, number] | null {
  if (position !== null) {
    const at = identifierAt(sql, position);
    if (at) return at;
  }
  for (const key of ['name', 'column', 'table']) {
    const v = details[key];
    if (typeof v === 'string') {
      const found = findIdentifier(sql, v);
      if (found) return found;
    }
  }
  return null;
}

/**
 * DuckDB ends some messages with its own excerpt of the query ("LINE 1: SELECT …" and a caret line),
 * which needs a fixed-width font; it is split off so it can be shown as such (or left out when the
 * UI points at the position itself).
 */
export function splitExcerpt(message: string): { message: string; excerpt: string | null } {
  const m = /\n\s*\nLINE \d+:/.exec(message);
  if (!m) return { message, excerpt: null };
  return { message: message.slice(0, m.index).trimEnd(), excerpt: message.slice(m.index).replace(/^\s*\n/, '') };
}
