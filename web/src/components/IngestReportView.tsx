// What an ingest did: rows loaded and rejected, the columns and their types, the decisions it made
// (delimiter, encoding, ...) and the first rejected lines.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IngestReport } from '../api/schema';
import { formatBytes, formatInteger, formatMs } from '../format';

export function IngestReportView({ report }: { report: IngestReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="ingest-report" data-testid="ingest-report">
      <p>
        {t('ingest.summary', {
          rows: formatInteger(report.rows_loaded, lang),
          dataset: report.dataset,
          bytes: formatBytes(report.bytes, lang),
          elapsed: formatMs(report.elapsed_ms, lang),
        })}{' '}
        <Link to={`/data/${encodeURIComponent(report.dataset)}`}>{t('ingest.open')}</Link>
      </p>
      {report.rows_rejected > 0 && (
        <p className="notice notice-warn">{t('ingest.rejected', { count: report.rows_rejected })}</p>
      )}
      <details>
        <summary>{t('ingest.details')}</summary>
        {report.decisions.length > 0 && (
          <ul className="plain-list">
            {report.decisions.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
        {report.columns.length > 0 && (
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">{t('data.column')}</th>
                <th scope="col">{t('data.type')}</th>
                <th scope="col">{t('ingest.note')}</th>
              </tr>
            </thead>
            <tbody>
              {report.columns.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.type}</td>
                  <td>{c.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {report.rejections.length > 0 && (
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">{t('ingest.line')}</th>
                <th scope="col">{t('ingest.reason')}</th>
                <th scope="col">{t('ingest.text')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejections.slice(0, 20).map((r) => (
                <tr key={`${r.line}-${r.column}`}>
                  <td className="num">{r.line}</td>
                  <td>{r.reason}</td>
                  <td>
                    <code>{r.text}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </div>
  );
}

/** True when a job result looks like an ingest report. */
export function isIngestReport(value: unknown): value is IngestReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IngestReport).dataset === 'string' &&
    typeof (value as IngestReport).rows_loaded === 'number'
  );
}
