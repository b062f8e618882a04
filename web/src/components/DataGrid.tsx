// A results grid: column names with their types, numbers right-aligned in the UI language, NULL
// shown as such, pages of rows so a thousand-row result stays quick.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cell, ResultColumn } from '../api/schema';
import { formatCell, isNumericType } from '../format';

interface Props {
  columns: ResultColumn[];
  rows: Cell[][];
  pageSize?: number;
  caption?: string;
  testId?: string;
}

export function DataGrid({ columns, rows, pageSize = 100, caption, testId }: Props) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * pageSize, (current + 1) * pageSize);
  const numeric = columns.map((c) => isNumericType(c.type));
  return (
    <div className="grid-wrap" data-testid={testId}>
      <div className="grid-scroll" tabIndex={0} role="region" aria-label={caption ?? t('grid.label')}>
        <table className="grid">
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.name} scope="col" className={numeric[columns.indexOf(c)] ? 'num' : undefined}>
                  <span className="col-name">{c.name}</span>
                  <span className="col-type">{c.type}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, r) => (
              <tr key={current * pageSize + r}>
                {row.map((v, i) => (
                  <td key={i} className={numeric[i] ? 'num' : undefined}>
                    {v === null ? <span className="null">NULL</span> : formatCell(v, i18n.language)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted empty">{t('grid.empty')}</p>}
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label={t('grid.pages')}>
          <button type="button" className="button small" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t('grid.previous')}
          </button>
          <span aria-live="polite">{t('grid.page', { page: current + 1, pages })}</span>
          <button
            type="button"
            className="button small"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            {t('grid.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
