import { describe, expect, it } from 'vitest';
import { batches, hash, parseComments, parseGold } from './parse';

describe('parseComments', () => {
  it('reads a CSV with a header, in Portuguese or English column names', () => {
    const r = parseComments('id;comentario;fonte;data\n1;"Chegou rápido; adorei";loja;2026-03-01\n2;;loja;2026-03-02\n', 'web');
    expect(r.format).toBe('csv');
    expect(r.items).toEqual([{ id: '1', text: 'Chegou rápido; adorei', source: 'loja', created_at: '2026-03-01', author: undefined }]);
    expect(r.errors).toEqual([{ line: 3, message: 'no text' }]);
  });

  it('reads a JSON list and {"comments": [...]}, keeping unknown fields as metadata', () => {
    const list = parseComments('[{"id": 7, "text": "ok", "stars": 4}]', 'web');
    expect(list.format).toBe('json');
    expect(list.items).toEqual([{ id: '7', text: 'ok', source: 'web', created_at: undefined, author: undefined, metadata: { stars: 4 } }]);
    expect(parseComments('{"comments": [{"id": "a", "text": "x"}]}', '').items).toHaveLength(1);
  });

  it('reads NDJSON and reports the bad lines', () => {
    const r = parseComments('{"id":"1","text":"bom"}\n{broken\n{"id":"3","text":"ruim"}', '');
    expect(r.format).toBe('ndjson');
    expect(r.items.map((c) => c.id)).toEqual(['1', '3']);
    expect(r.errors[0].line).toBe(2);
  });

  it('takes plain text as one comment a line, with stable ids', () => {
    const r = parseComments('Veio quebrado\n\nÓtimo produto', 'loja');
    expect(r.format).toBe('lines');
    expect(r.items.map((c) => c.text)).toEqual(['Veio quebrado', 'Ótimo produto']);
    expect(parseComments('Veio quebrado', 'loja').items[0].id).toBe(r.items[0].id);
  });

  it('refuses a broken JSON list rather than reading it as lines', () => {
    const r = parseComments('[{"id": 1, "text": "x"', '');
    expect(r.items).toEqual([]);
    expect(r.errors[0].message).toMatch(/^JSON/);
  });
});

describe('parseGold', () => {
  it('reads sentiments, stars and tags', () => {
    const r = parseGold('id,source,sentiment,tags\n1,loja,positive,delivery|price\n2,loja,2,\n3,loja,,\n', '');
    expect(r.items).toEqual([
      { id: '1', source: 'loja', sentiment: 'positive', tags: ['delivery', 'price'] },
      { id: '2', source: 'loja', sentiment: 2 },
    ]);
    expect(r.errors).toEqual([{ line: 4, message: 'no sentiment and no tags' }]);
  });

  it('names the default source for labels without one', () => {
    expect(parseGold('[{"id": "9", "sentimento": "negativo"}]', 'app').items).toEqual([{ id: '9', source: 'app', sentiment: 'negativo' }]);
  });
});

describe('helpers', () => {
  it('hashes text to 8 hex digits', () => {
    expect(hash('abc')).toMatch(/^[0-9a-f]{8}$/);
    expect(hash('abc')).not.toBe(hash('abd'));
  });
  it('splits into batches', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
