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

describe('rocCurve and calibration', () => {
  it('a perfect ranking has AUC 1, a reversed one 0, ties count half', async () => {
    const { rocCurve } = await import('./metrics');
    expect(rocCurve([['d', 1, 0.9], ['d', 0, 0.1]]).auc).toBe(1);
    expect(rocCurve([['d', 1, 0.1], ['d', 0, 0.9]]).auc).toBe(0);
    expect(rocCurve([['d', 1, 0.5], ['d', 0, 0.5]]).auc).toBe(0.5);
    const r = rocCurve([['d', 1, 0.8], ['d', 0, 0.6], ['d', 1, 0.4], ['d', 0, 0.2]]);
    expect(r.auc).toBeCloseTo(0.75);
    expect(r.points[0]).toEqual([0, 0]);
    expect(r.points[r.points.length - 1]).toEqual([1, 1]);
    expect(rocCurve([['d', 1, 0.8]]).auc).toBeNull();
  });
  it('calibration bins the probabilities', async () => {
    const { calibration } = await import('./metrics');
    expect(calibration([['d', 1, 0.55], ['d', 0, 0.52], ['d', 1, 0.95]], 10)).toEqual([
      { predicted: 0.535, observed: 0.5, n: 2 },
      { predicted: 0.95, observed: 1, n: 1 },
    ]);
  });
});
