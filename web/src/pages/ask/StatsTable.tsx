// The statistics of an answer as a two-column table: a readable name for each statistic, its value
// in the UI language. Nested results (outliers) are flattened; the histogram is drawn by the chart.
import { useTranslation } from 'react-i18next';
import type { Statistics } from '../../api/schema';
import { formatStatValue } from '../../format';

const ORDER = [
  'count', 'nulls', 'nan', 'infinite', 'min', 'max', 'range', 'sum', 'mean', 'median', 'q1', 'q3', 'iqr',
  'std_dev', 'variance', 'coef_var', 'coef_var_pct', 'skewness', 'kurtosis', 'mode', 'mad',
];

export function flattenStatistics(stats: Statistics): [string, unknown][] {
  const out: [string, unknown][] = [];
  const keys = Object.keys(stats).sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
  });
  for (const k of keys) {
    const v = stats[k];
    if (k === 'histogram' || k === 'notes') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (typeof v2 !== 'object' || v2 === null) out.push([`${k}.${k2}`, v2]);
      }
    } else if (!Array.isArray(v)) {
      out.push([k, v]);
    }
  }
  return out;
}

export function StatsTable({ stats }: { stats: Statistics }) {
  const { t, i18n } = useTranslation();
  const rows = flattenStatistics(stats);
  const notes = (stats.notes ?? {}) as Record<string, string>;
  return (
    <table className="grid compact stats-table" data-testid="stats-table">
      <caption className="visually-hidden">{t('ask.statistics')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('ask.statistic')}</th>
          <th scope="col" className="num">{t('ask.value')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">
              {t(`stats.${k.replace('.', '_')}`, { defaultValue: k })}
            </th>
            <td className="num" title={notes[k]}>
              {v === null ? <span className="null">—</span> : formatStatValue(v, i18n.language)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
