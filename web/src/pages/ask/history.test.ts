import { describe, expect, it } from 'vitest';
import { addToHistory, HISTORY_LIMIT, loadHistory, saveHistory, type HistoryEntry } from './history';

const e = (question: string, dataset?: string): HistoryEntry => ({ question, dataset, at: '2026-01-01T00:00:00Z' });

describe('ask history', () => {
  it('puts the newest first and moves a repeated question up', () => {
    let h = addToHistory([], e('a'));
    h = addToHistory(h, e('b'));
    h = addToHistory(h, e('A '));
    expect(h.map((x) => x.question)).toEqual(['A ', 'b']);
  });

  it('keeps the same question about different datasets apart', () => {
    const h = addToHistory(addToHistory([], e('a', 'x')), e('a', 'y'));
    expect(h).toHaveLength(2);
  });

  it('is bounded', () => {
    let h: HistoryEntry[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 10; ++i) h = addToHistory(h, e(`q${i}`));
    expect(h).toHaveLength(HISTORY_LIMIT);
  });

  it('survives a round trip and ignores garbage', () => {
    saveHistory([e('q')]);
    expect(loadHistory()).toHaveLength(1);
    localStorage.setItem('sagaz.ask.history', '{not json');
    expect(loadHistory()).toEqual([]);
  });
});
