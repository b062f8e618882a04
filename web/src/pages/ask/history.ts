// Past questions, newest first, kept in localStorage (per browser; nothing leaves the machine).
export interface HistoryEntry {
  question: string;
  dataset?: string;
  language?: 'pt' | 'en';
  at: string; // ISO-8601
  status?: 'ok' | 'unclear' | 'error';
  table?: string;
}

const KEY = 'sagaz.ask.history';
export const HISTORY_LIMIT = 50;

export function loadHistory(storage: Pick<Storage, 'getItem'> = localStorage): HistoryEntry[] {
  try {
    const raw = storage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed)
      ? parsed.filter((e): e is HistoryEntry => typeof e?.question === 'string' && typeof e?.at === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Adds an entry on top; the same question (and dataset) asked again moves up instead of repeating. */
export function addToHistory(list: HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const same = (e: HistoryEntry) => e.question.trim().toLowerCase() === entry.question.trim().toLowerCase() && e.dataset === entry.dataset;
  return [entry, ...list.filter((e) => !same(e))].slice(0, HISTORY_LIMIT);
}

export function saveHistory(list: HistoryEntry[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(list));
  } catch {
    // full or unavailable: the history stays in memory
  }
}
