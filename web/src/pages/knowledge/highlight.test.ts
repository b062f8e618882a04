import { describe, expect, it } from 'vitest';
import { highlight, searchStems, splitCitations } from './highlight';

describe('highlight', () => {
  it('marks the question words and their expansions, accents and case ignored', () => {
    const stems = searchStems('How long does the refund take?', ['reembolsar', 'devolução']);
    const marked = highlight('O Reembolso é feito; a devolucao é grátis.', stems).filter((s) => s.hit).map((s) => s.text);
    expect(marked).toEqual(['Reembolso', 'devolucao']);
  });
  it('keeps the whole text in order', () => {
    const text = 'Prazo de entrega: 7 dias.';
    expect(highlight(text, searchStems('prazo entrega')).map((s) => s.text).join('')).toBe(text);
  });
  it('leaves stop words out', () => {
    expect(searchStems('qual é o prazo da entrega')).toEqual(['prazo', 'entre']);
  });
});

describe('splitCitations', () => {
  it('finds [n], [1, 2] and [1][2]', () => {
    expect(splitCitations('A [1]. B [2, 3][4]')).toEqual([
      { text: 'A ' },
      { cite: 1 },
      { text: '. B ' },
      { cite: 2 },
      { cite: 3 },
      { cite: 4 },
    ]);
  });
});
