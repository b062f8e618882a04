import { describe, expect, it } from 'vitest';
import { toCsv, toJson } from './export';

const columns = [
  { name: 'name', type: 'VARCHAR' },
  { name: 'value', type: 'DOUBLE' },
];

describe('export', () => {
  it('quotes CSV fields that need it', () => {
    expect(toCsv(columns, [['a, "b"', 1.5], [null, 2]])).toBe('name,value\r\n"a, ""b""",1.5\r\n,2');
  });

  it('writes JSON objects per row', () => {
    expect(JSON.parse(toJson(columns, [['x', 1]]))).toEqual([{ name: 'x', value: 1 }]);
  });
});
