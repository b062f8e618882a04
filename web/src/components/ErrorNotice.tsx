// An API error as people understand it: a title for its kind (in the UI language), the server's own
// sentence, a hint on what to do, and the request id for a bug report. Never the raw JSON.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/errors';
import type { ErrorCode } from '../api/schema';

export interface Described {
  title: string;
  message: string;
  hint: string;
  requestId?: string;
}

// Every code of the contract (a code added to the OpenAPI document fails to compile until it has
// its words here and in the dictionaries), and `network` for a server that did not answer.
const TITLED: Record<ErrorCode | 'network', true> = {
  invalid_argument: true,
  unauthenticated: true,
  permission_denied: true,
  not_found: true,
  already_exists: true,
  conflict: true,
  failed_precondition: true,
  payload_too_large: true,
  unsupported: true,
  rate_limited: true,
  cancelled: true,
  internal: true,
  io_error: true,
  unavailable: true,
  timeout: true,
  network: true,
};
export const KNOWN_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(TITLED));

export function describeError(error: unknown, t: TFunction): Described {
  if (error instanceof ApiError) {
    const code = KNOWN_ERROR_CODES.has(error.code) ? error.code : 'unknown';
    const rule = typeof error.details.rule === 'string' ? error.details.rule : undefined;
    let hint = t(`errors.${code}.hint`);
    if (code === 'rate_limited' && error.retryAfter) hint = t('errors.rate_limited.retry', { seconds: error.retryAfter });
    if (rule) {
      const named = t(`errors.rules.${rule}`, { defaultValue: '' });
      const said = named ? t('errors.ruleNamed', { rule: named, code: rule }) : t('errors.rule', { rule });
      hint = `${said} ${hint}`.trim();
    }
    return {
      title: t(`errors.${code}.title`),
      message: error.message,
      hint,
      requestId: error.requestId,
    };
  }
  if (error instanceof Error) return { title: t('errors.unknown.title'), message: error.message, hint: '' };
  return { title: t('errors.unknown.title'), message: '', hint: '' };
}

interface Props {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
  /** Page-specific wording for some codes, e.g. a question Ask could not read. */
  overrides?: Partial<Record<string, { title: string; hint: string }>>;
  /** The server's message as the page shows it (e.g. without an excerpt it draws itself). */
  message?: string;
  /** More about the error, inside the notice (where in a query, what to use instead). */
  children?: ReactNode;
}

export function ErrorNotice({ error, onRetry, compact, overrides, message, children }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const d = describeError(error, t);
  if (message !== undefined) d.message = message;
  const o = error instanceof ApiError ? overrides?.[error.code] : undefined;
  if (o) {
    d.title = o.title;
    d.hint = o.hint;
  }
  return (
    <div className={compact ? 'notice notice-error compact' : 'notice notice-error'} role="alert">
      <strong className="notice-title">{d.title}</strong>
      {d.message && <p className="notice-message">{d.message}</p>}
      {children}
      {d.hint && <p className="notice-hint">{d.hint}</p>}
      <div className="notice-footer">
        {onRetry && (
          <button type="button" className="button small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
        {d.requestId && <span className="muted small">{t('errors.request_id', { id: d.requestId })}</span>}
      </div>
    </div>
  );
}

/** True when an error means "this server has no such route" (an older build): "no route for GET …". */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /^no route\b/i.test(error.message);
}
