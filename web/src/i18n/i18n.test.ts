import { describe, expect, it } from 'vitest';
import en from './en';
import pt from './pt';
import { detectLanguage } from './index';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function get(o: object, path: string): string {
  let x: unknown = o;
  for (const k of path.split('.')) x = (x as Record<string, unknown>)[k];
  return x as string;
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
}

describe('dictionaries', () => {
  it('have the same keys in English and Portuguese', () => {
    expect(keys(pt).sort()).toEqual(keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const k of keys(en)) expect(placeholders(get(pt, k)), k).toEqual(placeholders(get(en, k)));
  });

  it('leave no string empty except where meant', () => {
    for (const k of keys(pt)) if (k !== 'errors.unknown.hint') expect(get(pt, k), k).not.toBe('');
  });
});

describe('detectLanguage', () => {
  it('prefers a saved choice', () => {
    expect(detectLanguage('pt-BR', ['en-US'])).toBe('pt-BR');
  });
  it('follows the browser', () => {
    expect(detectLanguage(null, ['pt-PT', 'en'])).toBe('pt-BR');
    expect(detectLanguage(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(detectLanguage(null, ['fr'])).toBe('en');
  });
});
