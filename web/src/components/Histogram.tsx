// A small histogram for a column profile: plain SVG bars (dozens per page, so no chart instances).
import type { HistogramBin } from '../api/schema';
import { formatNumber } from '../format';

interface Props {
  bins: HistogramBin[];
  lang: string;
  label: string;
  width?: number;
  height?: number;
}

export function Histogram({ bins, lang, label, width = 120, height = 32 }: Props) {
  if (bins.length === 0) return null;
  const max = Math.max(...bins.map((b) => b.count), 1);
  const w = width / bins.length;
  const first = bins[0];
  const last = bins[bins.length - 1];
  const summary = `${label}: ${formatNumber(first.lower, lang)} – ${formatNumber(last.upper, lang)}`;
  return (
    <svg
      className="histogram"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={summary}
    >
      {bins.map((b, i) => {
        const h = b.count === 0 ? 0 : Math.max(1, (b.count / max) * (height - 2));
        return (
          <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h}>
            <title>{`${formatNumber(b.lower, lang)} – ${formatNumber(b.upper, lang)}: ${formatNumber(b.count, lang)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
