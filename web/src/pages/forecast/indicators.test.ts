import { describe, expect, it } from 'vitest';
import { bollinger, ema, rsi, sma } from './indicators';
import { bestBaseline, leakageWarning, shuffledControl } from './metrics';

describe('indicators', () => {
  const close = [1, 2, 3, 4, 5, 6];
  it('SMA is undefined until its window is full', () => {
    expect(sma(close, 3)).toEqual([null, null, 2, 3, 4, 5]);
  });
  it('EMA is seeded with the SMA, then smoothed', () => {
    const e = ema(close, 3);
    expect(e.slice(0, 3)).toEqual([null, null, 2]);
    expect(e[3]).toBeCloseTo(0.5 * 4 + 0.5 * 2);
  });
  it('Bollinger bands are the mean ± 2 population sd', () => {
    const b = bollinger([2, 4, 4, 4, 5, 5, 7, 9], 8, 2);
    expect(b.upper[7]).toBeCloseTo(5 + 2 * 2);
    expect(b.lower[7]).toBeCloseTo(5 - 2 * 2);
  });
  it('RSI is 100 on a rising series and reads no later day', () => {
    const up = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(rsi(up, 14)[14]).toBe(100);
    const longer = [...up, 3, 2];
    expect(rsi(longer, 14).slice(0, 20)).toEqual(rsi(up, 14));
  });
});

describe('baselines', () => {
  const b = [
    { name: 'majority', accuracy: 0.51 },
    { name: 'always_up', accuracy: 0.54 },
    { name: 'shuffled_labels', accuracy: 0.6, balanced_accuracy: 0.5 },
  ];
  it('the best baseline is never the shuffled-label control', () => {
    expect(bestBaseline(b)?.name).toBe('always_up');
    expect(shuffledControl(b)?.name).toBe('shuffled_labels');
  });
  it('warns of leakage above 55% or when the server suspects it', () => {
    expect(leakageWarning(0.6, false)).toBe(true);
    expect(leakageWarning(0.52, true)).toBe(true);
    expect(leakageWarning(0.52, false)).toBe(false);
  });
});
