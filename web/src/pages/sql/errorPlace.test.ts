import { describe, expect, it } from 'vitest';
import {
  errorPosition,
  findIdentifier,
  identifierAt,
  placeOf,
  quoteIdentifier,
  replaceableRange,
  splitExcerpt,
  suggestionsOf,
} from './errorPlace';

describe('errorPosition', () => {
  it('reads a number or a numeric string within the query', () => {
    expect(errorPosition({ position: 14 }, 'SELECT * FROM order')).toBe(14);
    expect(errorPosition({ position: '7' }, 'SELECT stauts FROM orders')).toBe(7);
    expect(errorPosition({ position: 'x' }, 'SELECT 1')).toBeNull();
    expect(errorPosition({ position: 99 }, 'SELECT 1')).toBeNull();
    expect(errorPosition({}, 'SELECT 1')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    // "🛒" is one character and two UTF-16 units.
    const sql = "SELECT '🛒' AS c, stauts FROM orders";
    expect(errorPosition({ position: 17 }, sql)).toBe(sql.indexOf('stauts')); // 18
  });
});

describe('suggestionsOf', () => {
  it('reads lists, JSON text and separated text', () => {
    expect(suggestionsOf({ suggestions: ['orders', 'order_items'] })).toEqual(['orders', 'order_items']);
    expect(suggestionsOf({ suggestions: '["status","returned_at"]' })).toEqual(['status', 'returned_at']);
    expect(suggestionsOf({ suggestions: '"status", "returned_at"' })).toEqual(['status', 'returned_at']);
    expect(suggestionsOf({ suggestions: 'status\nstatus' })).toEqual(['status']);
    expect(suggestionsOf({})).toEqual([]);
  });
});

describe('places and identifiers', () => {
  const sql = 'SELECT status\nFROM order\nWHERE 1 = 1';

  it('finds the line and column of an offset', () => {
    expect(placeOf(sql, sql.indexOf('order'))).toEqual({ line: 2, column: 6, text: 'FROM order', offset: 5 });
  });

  it('finds the identifier at an offset, plain or quoted', () => {
    expect(identifierAt(sql, sql.indexOf('order'))).toEqual([19, 24]);
    expect(identifierAt('SELECT "Valor total" FROM t', 7)).toEqual([7, 20]);
    expect(identifierAt('SELECT 1', 6)).toBeNull();
  });

  it('finds a whole word, not a part of one', () => {
    expect(findIdentifier('SELECT orders_total FROM orders', 'orders')).toEqual([25, 31]);
    expect(findIdentifier('SELECT a FROM t', 'orders')).toBeNull();
  });

  it('chooses what a suggestion replaces', () => {
    expect(replaceableRange(sql, sql.indexOf('order'), {})).toEqual([19, 24]);
    expect(replaceableRange(sql, null, { table: 'order' })).toEqual([19, 24]);
    expect(replaceableRange(sql, null, {})).toBeNull();
  });

  it('quotes names that need it', () => {
    expect(quoteIdentifier('status')).toBe('status');
    expect(quoteIdentifier('Valor "total"')).toBe('"Valor ""total"""');
  });
});

describe('splitExcerpt', () => {
  it('separates DuckDB’s excerpt of the query from its message', () => {
    const m = 'Binder Error: Referenced column "stauts" not found in FROM clause!\nCandidate bindings: "status"\n\nLINE 1: SELECT stauts FROM orders\n               ^';
    expect(splitExcerpt(m)).toEqual({
      message: 'Binder Error: Referenced column "stauts" not found in FROM clause!\nCandidate bindings: "status"',
      excerpt: 'LINE 1: SELECT stauts FROM orders\n               ^',
    });
    expect(splitExcerpt('syntax error at end of input')).toEqual({ message: 'syntax error at end of input', excerpt: null });
  });
});
