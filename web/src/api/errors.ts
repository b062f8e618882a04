// Errors from the API as values the UI can explain: the envelope's code, its message for people,
// and its details. Anything that is not an envelope (a proxy's HTML page, a dropped connection)
// becomes an ApiError too, so screens have one thing to show.
import type { ErrorBody } from './schema';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying (Retry-After on 429), when the server said. */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    requestId?: string,
    retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** The code the API would use for a status, for answers that carry no envelope. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 0:
      return 'network';
    case 400:
      return 'invalid_argument';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 412:
      return 'failed_precondition';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    case 504:
      return 'timeout';
    default:
      return status >= 500 ? 'internal' : 'unknown';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const e = (value as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/** Builds the ApiError for a failed response from its status, body text and headers. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  header: (name: string) => string | null,
): ApiError {
  let parsed: unknown = undefined;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const retry = Number(header('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  const requestId = header('X-Request-Id') ?? undefined;
  if (isErrorBody(parsed)) {
    const e = parsed.error;
    return new ApiError(
      status,
      e.code || codeForStatus(status),
      e.message,
      (e.details as Record<string, unknown>) ?? {},
      parsed.request_id ?? requestId,
      retryAfter,
    );
  }
  // Not our envelope: never show the raw body; the status says enough.
  return new ApiError(status, codeForStatus(status), '', {}, requestId, retryAfter);
}

export function networkError(cause?: unknown): ApiError {
  const e = new ApiError(0, 'network', '');
  if (cause !== undefined) (e as { cause?: unknown }).cause = cause;
  return e;
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function isAbort(value: unknown): boolean {
  return value instanceof DOMException && value.name === 'AbortError';
}
