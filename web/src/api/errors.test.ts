import { describe, expect, it } from 'vitest';
import { codeForStatus, errorFromResponse } from './errors';

const noHeaders = () => null;

describe('errorFromResponse', () => {
  it('reads the error envelope', () => {
    const e = errorFromResponse(
      403,
      JSON.stringify({
        error: { code: 'permission_denied', message: 'COPY statements are not allowed', details: { rule: 'select_only' } },
        request_id: 'abc123',
      }),
      noHeaders,
    );
    expect(e.status).toBe(403);
    expect(e.code).toBe('permission_denied');
    expect(e.message).toBe('COPY statements are not allowed');
    expect(e.details.rule).toBe('select_only');
    expect(e.requestId).toBe('abc123');
  });

  it('never keeps a body that is not an envelope', () => {
    const e = errorFromResponse(502, '<html>Bad gateway</html>', (n) => (n === 'X-Request-Id' ? 'r1' : null));
    expect(e.code).toBe('internal');
    expect(e.message).toBe('');
    expect(e.requestId).toBe('r1');
  });

  it('keeps Retry-After on 429', () => {
    const e = errorFromResponse(
      429,
      JSON.stringify({ error: { code: 'rate_limited', message: 'too many attempts' } }),
      (n) => (n === 'Retry-After' ? '30' : null),
    );
    expect(e.retryAfter).toBe(30);
  });

  it('maps statuses to the API codes', () => {
    expect(codeForStatus(0)).toBe('network');
    expect(codeForStatus(401)).toBe('unauthenticated');
    expect(codeForStatus(413)).toBe('payload_too_large');
    expect(codeForStatus(504)).toBe('timeout');
    expect(codeForStatus(500)).toBe('internal');
  });
});
