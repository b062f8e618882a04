// A query the server refused or could not run: its message, where in the query it went wrong (a
// line with the spot marked and a caret under it, when the error has a position) and the names it
// suggests instead of an unknown one, each a button that puts it in the query. Without those
// details it is the message alone.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  errorPosition,
  placeOf,
  quoteIdentifier,
  replaceableRange,
  splitExcerpt,
  suggestionsOf,
} from './errorPlace';

interface Props {
  error: unknown;
  /** The query as it was sent (the one the position counts in). */
  sql: string;
  /** Select a range of the query in the editor. */
  onShow(range: [number, number]): void;
  /** Replace the query, selecting a range of the new one. */
  onFix(sql: string, select: [number, number]): void;
}

export function SqlError({ error, sql, onShow, onFix }: Props) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError)) return <ErrorNotice error={error} />;
  const details = error.details;
  const position = errorPosition(details, sql);
  const suggestions = suggestionsOf(details);
  const range = replaceableRange(sql, position, details);
  const { message, excerpt } = splitExcerpt(error.message);

  let place = null;
  if (position !== null) {
    const p = placeOf(sql, position);
    const length = range && range[0] === position ? range[1] - range[0] : position < sql.length ? 1 : 0;
    const end = Math.min(p.text.length, p.offset + length);
    const pad = [...p.text.slice(0, p.offset)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
    place = (
      <div className="sql-place" data-testid="sql-error-place">
        <p className="small">
          {t('sql.errorAt', { line: p.line, column: p.column })}{' '}
          <button type="button" className="button small ghost" onClick={() => onShow(range ?? [position, position])}>
            {t('sql.showInQuery')}
          </button>
        </p>
        <pre className="code sql-caret" tabIndex={0} role="region" aria-label={t('sql.errorExcerpt')}>
          {p.text.slice(0, p.offset)}
          <mark>{p.text.slice(p.offset, end)}</mark>
          {p.text.slice(end)}
          {'\n'}
          <span aria-hidden="true">{`${pad}^`}</span>
        </pre>
      </div>
    );
  }

  return (
    <ErrorNotice error={error} message={message}>
      {place ??
        (excerpt && (
          <pre className="code sql-caret" tabIndex={0} role="region" aria-label={t('sql.errorExcerpt')}>
            {excerpt}
          </pre>
        ))}
      {suggestions.length > 0 && (
        <div className="suggestions" data-testid="sql-suggestions">
          <span>{t('sql.didYouMean')}</span>
          <ul className="inline-list">
            {suggestions.map((name) => (
              <li key={name}>
                {range ? (
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('sql.useSuggestion', { name })}
                    onClick={() => {
                      const q = quoteIdentifier(name);
                      onFix(sql.slice(0, range[0]) + q + sql.slice(range[1]), [range[0], range[0] + q.length]);
                    }}
                  >
                    <code>{name}</code>
                  </button>
                ) : (
                  <code>{name}</code>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </ErrorNotice>
  );
}
