import { describe, expect, it } from 'vitest';
import { calibrationChart, foldChart, rocChart, rocPoint } from './charts';
import { noticeText } from './metrics';

describe('server notices', () => {
  it('are shown in the page language, and old plain strings as they are', () => {
    const n = { code: 'stale_data', en: 'stale data', pt: 'dados defasados' };
    expect(noticeText(n, 'pt-BR')).toBe('dados defasados');
    expect(noticeText(n, 'en')).toBe('stale data');
    expect(noticeText('old message', 'pt-BR')).toBe('old message');
  });
});

describe('baselines beside every model figure', () => {
  it('places a hard-call baseline in ROC space from its confusion matrix', () => {
    expect(rocPoint([[30, 10], [20, 40]])).toEqual([0.25, 2 / 3]);
    expect(rocPoint([[0, 50], [0, 50]])).toEqual([1, 1]); // always up
    expect(rocPoint(undefined)).toBeNull();
    const option = rocChart([[0, 0], [1, 1]], { model: 'm', chance: 'c', fpr: 'x', tpr: 'y' }, [{ name: 'persistence', point: [0.4, 0.6] }]);
    expect((option.series as { name: string }[]).map((s) => s.name)).toEqual(['m', 'c', 'persistence']);
  });

  it('draws each fold of the model beside majority, persistence, always up and the shuffled control', () => {
    const option = foldChart(
      [{ test_from: '2020-01-02', test_to: '2020-12-30', model: { accuracy: 0.51 }, majority_accuracy: 0.52, persistence_accuracy: 0.49, always_up_accuracy: 0.52, shuffled_balanced_accuracy: 0.5 }],
      { model: 'model', majority: 'majority', persistence: 'persistence', alwaysUp: 'always up', shuffled: 'shuffled' },
    );
    const series = option.series as { name: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(['model', 'majority', 'persistence', 'always up', 'shuffled']);
    expect(series[2].data).toEqual([0.49]);
  });

  it('marks the base rate on the calibration chart', () => {
    const option = calibrationChart([], { model: 'm', perfect: 'p', predicted: 'x', observed: 'y', baseRate: 'base' }, 0.53);
    const series = option.series as { name: string; data: number[][] }[];
    expect(series[2]).toMatchObject({ name: 'base', data: [[0, 0.53], [1, 0.53]] });
  });
});
