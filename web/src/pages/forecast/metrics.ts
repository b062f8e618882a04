// How the Forecast page compares a model with its baselines.
import type { ForecastMetrics } from '../../api/tools';

/** Above this walk-forward accuracy a daily direction model is more likely leaking than skilled. */
export const SUSPICIOUS_ACCURACY = 0.55;

/** The strongest honest baseline by accuracy (the shuffled-label control is not a baseline to beat). */
export function bestBaseline(baselines: ForecastMetrics[]): ForecastMetrics | null {
  let best: ForecastMetrics | null = null;
  for (const b of baselines) {
    if (b.name === 'shuffled_labels' || b.accuracy === null || b.accuracy === undefined) continue;
    if (!best || (b.accuracy ?? 0) > (best.accuracy ?? 0)) best = b;
  }
  return best;
}

/** The shuffled-label control, which must sit at chance. */
export function shuffledControl(baselines: ForecastMetrics[]): ForecastMetrics | null {
  return baselines.find((b) => b.name === 'shuffled_labels') ?? null;
}

/** Whether the page must warn of leakage: the server suspects it, or the score is too good. */
export function leakageWarning(accuracy: number | null | undefined, suspected: boolean): boolean {
  return suspected || (accuracy ?? 0) > SUSPICIOUS_ACCURACY;
}

/** A server message in English and Portuguese, shown in the page's language. Records written before
 * messages were bilingual hold plain strings. */
export type Notice = { code: string; en: string; pt: string } | string;

export function noticeText(n: Notice, language: string): string {
  if (typeof n === 'string') return n;
  return language.startsWith('pt') ? n.pt : n.en;
}

/** One out-of-sample call: [day, truth (1 up, 0 down), probability of up]. */
export type Call = [string, number, number];

/** The ROC curve ([false positive rate, true positive rate] from (0,0) to (1,1)) and its area. */
export function rocCurve(calls: Call[]): { points: [number, number][]; auc: number | null } {
  const pos = calls.filter((c) => c[1] === 1).length;
  const neg = calls.length - pos;
  if (pos === 0 || neg === 0) return { points: [], auc: null };
  const sorted = [...calls].sort((a, b) => b[2] - a[2]);
  const points: [number, number][] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let i = 0; i < sorted.length; ) {
    // Calls with the same probability move the curve together (a diagonal step).
    let j = i;
    let dtp = 0;
    let dfp = 0;
    while (j < sorted.length && sorted[j][2] === sorted[i][2]) {
      if (sorted[j][1] === 1) ++dtp;
      else ++dfp;
      ++j;
    }
    auc += (dfp / neg) * ((tp + dtp / 2) / pos);
    tp += dtp;
    fp += dfp;
    points.push([fp / neg, tp / pos]);
    i = j;
  }
  return { points, auc };
}

/** Calibration: per probability bin, the mean predicted probability, the share that went up, and n. */
export function calibration(calls: Call[], bins = 10): { predicted: number; observed: number; n: number }[] {
  const out: { sumP: number; up: number; n: number }[] = Array.from({ length: bins }, () => ({ sumP: 0, up: 0, n: 0 }));
  for (const [, truth, p] of calls) {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))];
    b.sumP += p;
    b.up += truth;
    ++b.n;
  }
  return out.filter((b) => b.n > 0).map((b) => ({ predicted: b.sumP / b.n, observed: b.up / b.n, n: b.n }));
}
