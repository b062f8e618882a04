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
