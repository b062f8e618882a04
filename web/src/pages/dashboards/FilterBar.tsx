// A dashboard's filters: a value box for a category, two dates for a range; applied together.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardFilter } from '../../api/schema';

interface Props {
  filters: DashboardFilter[];
  values: Record<string, string>;
  onApply: (values: Record<string, string>) => void;
}

export function FilterBar({ filters, values, onApply }: Props) {
  const { t } = useTranslation();
  const submit = useFilterSubmit(onApply);
  if (filters.length === 0) return null;
  return (
    <form className="card filter-bar row wrap" onSubmit={submit} aria-label={t('dashboards.filters')} data-testid="filters">
      {filters.map((f) => {
        const label = f.label || f.column;
        const current = values[f.column] ?? '';
        if (f.kind === 'date_range') {
          const [from, to] = current.includes('..') ? current.split('..') : ['', ''];
          return (
            <fieldset key={f.column} className="field inline">
              <legend>{label}</legend>
              <label className="visually-hidden" htmlFor={`f-${f.column}-from`}>
                {t('dashboards.from')}
              </label>
              <input id={`f-${f.column}-from`} className="input" type="date" name={`${f.column}.from`} defaultValue={from} />
              <span aria-hidden="true">–</span>
              <label className="visually-hidden" htmlFor={`f-${f.column}-to`}>
                {t('dashboards.to')}
              </label>
              <input id={`f-${f.column}-to`} className="input" type="date" name={`${f.column}.to`} defaultValue={to} />
            </fieldset>
          );
        }
        return (
          <div key={f.column} className="field inline">
            <label htmlFor={`f-${f.column}`}>{label}</label>
            <input
              id={`f-${f.column}`}
              className="input narrow"
              name={f.column}
              defaultValue={current}
              data-testid={`filter-${f.column}`}
            />
          </div>
        );
      })}
      <button type="submit" className="button small primary" data-testid="apply-filters">
        {t('dashboards.applyFilters')}
      </button>
    </form>
  );
}

/** Filter inputs: a text value, or a date range; applied together. */
function useFilterSubmit(onApply: (v: Record<string, string>) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const out: Record<string, string> = {};
    const ranges = new Map<string, [string, string]>();
    for (const [key, value] of data.entries()) {
      const v = String(value).trim();
      const m = /^(.*)\.(from|to)$/.exec(key);
      if (m) {
        const r = ranges.get(m[1]) ?? ['', ''];
        r[m[2] === 'from' ? 0 : 1] = v;
        ranges.set(m[1], r);
      } else if (v) {
        out[key] = v;
      }
    }
    for (const [column, [from, to]] of ranges) if (from || to) out[column] = `${from}..${to}`;
    onApply(out);
  };
}
