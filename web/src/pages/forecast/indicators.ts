// Technical indicators of a close series for the Forecast page's chart, computed as the server's
// features are (docs/forecast.md): each value at day t reads days ≤ t only; null where the window
// is not full yet.
export type Series = (number | null)[];

/** Simple moving average of the last n closes. */
export function sma(close: number[], n: number): Series {
  const out: Series = [];
  let sum = 0;
  for (let i = 0; i < close.length; ++i) {
    sum += close[i];
    if (i >= n) sum -= close[i - n];
    out.push(i >= n - 1 ? sum / n : null);
  }
  return out;
}

/** Exponential moving average seeded with SMA_n at t = n−1, α = 2/(n+1). */
export function ema(close: number[], n: number): Series {
  const out: Series = [];
  const alpha = 2 / (n + 1);
  let e: number | null = null;
  for (let i = 0; i < close.length; ++i) {
    if (i === n - 1) e = close.slice(0, n).reduce((a, b) => a + b, 0) / n;
    else if (e !== null) e = alpha * close[i] + (1 - alpha) * e;
    out.push(e);
  }
  return out;
}

/** Bollinger bands: SMA_n ± k population standard deviations of the last n closes. */
export function bollinger(close: number[], n = 20, k = 2): { upper: Series; lower: Series } {
  const upper: Series = [];
  const lower: Series = [];
  for (let i = 0; i < close.length; ++i) {
    if (i < n - 1) {
      upper.push(null);
      lower.push(null);
      continue;
    }
    const w = close.slice(i - n + 1, i + 1);
    const m = w.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    upper.push(m + k * sd);
    lower.push(m - k * sd);
  }
  return { upper, lower };
}

/** Wilder's RSI: averages seeded with the mean of the first n moves, then smoothed by (n−1)/n. */
export function rsi(close: number[], n = 14): Series {
  const out: Series = close.map(() => null);
  if (close.length <= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; ++i) {
    const d = close[i] - close[i - 1];
    gain += Math.max(d, 0);
    loss += Math.max(-d, 0);
  }
  gain /= n;
  loss /= n;
  const value = () => (loss === 0 ? 100 : 100 - 100 / (1 + gain / loss));
  out[n] = value();
  for (let i = n + 1; i < close.length; ++i) {
    const d = close[i] - close[i - 1];
    gain = ((n - 1) * gain + Math.max(d, 0)) / n;
    loss = ((n - 1) * loss + Math.max(-d, 0)) / n;
    out[i] = value();
  }
  return out;
}
