import { describe, expect, it } from 'vitest';
import { exportName, toCsv, toJson } from './export';

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

  it('writes plain numbers without float noise and without losing digits', () => {
    const rows = [
      ['noise', 126832.11999999994],
      ['sum', 0.1 + 0.2],
      ['price', 1457.87],
      ['small', 0.000123456789012345],
      ['big', 9007199254740991],
      ['negative', -17568.170000000002],
    ];
    expect(toCsv(columns, rows)).toBe(
      'name,value\r\nnoise,126832.12\r\nsum,0.3\r\nprice,1457.87\r\nsmall,0.000123456789012345\r\n' +
        'big,9007199254740991\r\nnegative,-17568.17',
    );
    const json = toJson(columns, rows);
    expect(json).toContain('"value": 126832.12');
    expect(json).toContain('"value": 0.3');
    expect(json).not.toMatch(/\d,\d/); // no grouping or decimal commas
    expect(JSON.parse(json)[3].value).toBe(0.000123456789012345);
  });

  it('names files after what they hold', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(exportName('Qual a receita total por mês?', 'csv', at)).toBe('qual-a-receita-total-por-mes-2026-03-04T05-06-07.csv');
    expect(exportName('', 'json', at)).toBe('sagaz-2026-03-04T05-06-07.json');
  });
});
