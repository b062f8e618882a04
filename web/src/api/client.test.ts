import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ApiClient, buildQuery } from './client';
import { ApiError } from './errors';
import type { Dataset, Job, SqlResult } from './schema';
import { FakeEventSource, fakeFetch, memoryStorage } from '../test/render';

function tokens(n: number) {
  return {
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    expires_in: 900,
    token_type: 'Bearer',
    user: { username: 'ana', role: 'analyst' },
  };
}

describe('buildQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(buildQuery({ a: 1, b: undefined, c: null, d: '', e: 'x y' })).toBe('?a=1&e=x+y');
    expect(buildQuery({})).toBe('');
  });
});

describe('ApiClient.call', () => {
  // Checked by tsc (npm test runs it first): routes, methods, parameters and bodies come from the
  // OpenAPI document, so a call the document does not allow does not compile.
  it('types routes, parameters and answers by the OpenAPI document', async () => {
    const seen: string[] = [];
    const fetch = fakeFetch(({ method, url }) => {
      seen.push(`${method} ${url}`);
      return { body: {} };
    });
    const client = new ApiClient({ fetch, storage: memoryStorage(), eventSource: null });
    expectTypeOf(client.call('get', '/api/v1/datasets/{name}', { path: { name: 'x' } })).resolves.toEqualTypeOf<Dataset>();
    expectTypeOf(client.call('post', '/api/v1/sql', { body: { sql: 'SELECT 1' } })).resolves.toEqualTypeOf<SqlResult>();
    // @ts-expect-error a route the document lacks
    void client.call('get', '/api/v1/nothing-here').catch(() => {});
    // @ts-expect-error a method the route lacks
    void client.call('delete', '/api/v1/sql').catch(() => {});
    // @ts-expect-error a field the request's schema does not have
    void client.call('post', '/api/v1/sql', { body: { sql: 'SELECT 1', rows: 5 } }).catch(() => {});
    // @ts-expect-error the route's path parameter is required
    void client.call('get', '/api/v1/datasets/{name}').catch(() => {});
    await client.call('get', '/api/v1/datasets/{name}/sample', { path: { name: 'a b' }, query: { limit: 5 } });
    expect(seen).toContain('GET /api/v1/datasets/a%20b/sample?limit=5');
  });
});

describe('ApiClient sessions', () => {
  it('logs in, sends the token, and keeps the refresh token', async () => {
    const storage = memoryStorage();
    const fetch = fakeFetch(({ method, url, headers, body }) => {
      if (method === 'POST' && url === '/api/v1/auth/login') {
        expect(body).toEqual({ username: 'ana', password: 'pw' });
        return { body: tokens(1) };
      }
      if (url === '/api/v1/auth/me') {
        expect(headers.Authorization).toBe('Bearer access-1');
        return { body: { username: 'ana', role: 'analyst', auth: 'jwt' } };
      }
      return undefined;
    });
    const client = new ApiClient({ fetch, storage, eventSource: null });
    await client.login({ username: 'ana', password: 'pw' });
    expect(storage.data.get('sagaz.refresh_token')).toBe('refresh-1');
    expect((await client.me()).username).toBe('ana');
  });

  it('refreshes once on 401, stores the rotated token and retries', async () => {
    const storage = memoryStorage();
    storage.setItem('sagaz.refresh_token', 'refresh-1');
    let refreshes = 0;
    const fetch = fakeFetch(({ url, headers, body }) => {
      if (url === '/api/v1/auth/refresh') {
        refreshes++;
        expect(body).toEqual({ refresh_token: 'refresh-1' });
        return { body: tokens(2) };
      }
      if (url.startsWith('/api/v1/datasets')) {
        if (headers.Authorization !== 'Bearer access-2') {
          return { status: 401, body: { error: { code: 'unauthenticated', message: 'token expired' } } };
        }
        return { body: { datasets: [], next_cursor: null } };
      }
      return undefined;
    });
    const client = new ApiClient({ fetch, storage, eventSource: null });
    // Two requests at once share one refresh (the token rotates: a second refresh would fail).
    const [a, b] = await Promise.all([client.datasets(), client.datasets()]);
    expect(a).toEqual([]);
    expect(b).toEqual([]);
    expect(refreshes).toBe(1);
    expect(storage.data.get('sagaz.refresh_token')).toBe('refresh-2');
  });

  it('ends the session when the refresh token is refused', async () => {
    const storage = memoryStorage();
    storage.setItem('sagaz.refresh_token', 'revoked');
    const fetch = fakeFetch(({ url }) => {
      if (url === '/api/v1/auth/refresh') {
        return { status: 401, body: { error: { code: 'unauthenticated', message: 'refresh token revoked' } } };
      }
      if (url === '/api/v1/auth/me') {
        return { status: 401, body: { error: { code: 'unauthenticated', message: 'no token' } } };
      }
      return undefined;
    });
    const client = new ApiClient({ fetch, storage, eventSource: null });
    const ended = vi.fn();
    client.onSessionChange(ended);
    await expect(client.me()).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledWith(false);
    expect(storage.data.has('sagaz.refresh_token')).toBe(false);
  });

  it('keeps the session when another tab rotated the refresh token first', async () => {
    const storage = memoryStorage();
    storage.setItem('sagaz.refresh_token', 'refresh-1');
    const fetch = fakeFetch(({ url, body }) => {
      if (url !== '/api/v1/auth/refresh') return undefined;
      const sent = (body as { refresh_token: string }).refresh_token;
      if (sent === 'refresh-1') {
        storage.setItem('sagaz.refresh_token', 'refresh-2'); // the other tab won the race
        return { status: 401, body: { error: { code: 'unauthenticated', message: 'refresh token revoked' } } };
      }
      return sent === 'refresh-2' ? { body: tokens(3) } : undefined;
    });
    const client = new ApiClient({ fetch, storage, eventSource: null });
    expect(await client.refresh()).toBe(true);
    expect(client.token()).toBe('access-3');
    expect(storage.data.get('sagaz.refresh_token')).toBe('refresh-3');
  });

  it('logs out with the refresh token and forgets it', async () => {
    const storage = memoryStorage();
    const calls: string[] = [];
    const fetch = fakeFetch(({ method, url, body }) => {
      calls.push(`${method} ${url}`);
      if (url === '/api/v1/auth/login') return { body: tokens(1) };
      if (url === '/api/v1/auth/logout') {
        expect(body).toEqual({ refresh_token: 'refresh-1' });
        return { status: 204 };
      }
      return undefined;
    });
    const client = new ApiClient({ fetch, storage, eventSource: null });
    await client.login({ username: 'ana', password: 'pw' });
    await client.logout();
    expect(calls).toContain('POST /api/v1/auth/logout');
    expect(client.hasSession()).toBe(false);
    expect(client.token()).toBeNull();
  });

  it('turns a dropped connection into a network ApiError', async () => {
    const client = new ApiClient({
      fetch: vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
      storage: memoryStorage(),
      eventSource: null,
    });
    const e = await client.health().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('network');
  });

  it('follows dataset pages', async () => {
    const fetch = fakeFetch(({ url }) => {
      if (url === '/api/v1/datasets?limit=100') {
        return { body: { datasets: [{ name: 'a' }], next_cursor: 'a' } };
      }
      if (url === '/api/v1/datasets?limit=100&cursor=a') return { body: { datasets: [{ name: 'b' }], next_cursor: null } };
      return undefined;
    });
    const client = new ApiClient({ fetch, storage: memoryStorage(), eventSource: null });
    expect((await client.datasets()).map((d) => d.name)).toEqual(['a', 'b']);
  });
});

function job(status: Job['status'], progress: number): Job {
  return {
    id: 'j1',
    kind: 'ingest',
    status,
    progress,
    message: `${progress}%`,
    result: null,
    error: null,
    attempts: 1,
    max_attempts: 3,
    priority: 0,
    created_at: '2026-01-01T00:00:00Z',
    started_at: null,
    finished_at: null,
    created_by: 'ana',
    cancel_requested: false,
    idempotency_key: null,
    updated_at: '2026-01-01T10:00:01Z',
    run_at: null,
  };
}

describe('ApiClient.watchJob', () => {
  it('follows progress events until done, with the token in the query', async () => {
    const storage = memoryStorage();
    const fetch = fakeFetch(({ url }) => (url === '/api/v1/auth/login' ? { body: tokens(1) } : undefined));
    const client = new ApiClient({
      fetch,
      storage,
      eventSource: FakeEventSource as unknown as typeof EventSource,
    });
    await client.login({ username: 'ana', password: 'pw' });
    const updates: number[] = [];
    const done = new Promise<Job>((resolve) => {
      client.watchJob('j1', { onUpdate: (j) => updates.push(j.progress), onDone: resolve });
    });
    await vi.waitFor(() => expect(FakeEventSource.last).not.toBeNull());
    const es = FakeEventSource.last!;
    expect(es.url).toBe('/api/v1/jobs/j1/events?access_token=access-1');
    es.emit('progress', job('running', 40));
    es.emit('progress', job('running', 80));
    es.emit('done', job('succeeded', 100));
    const final = await done;
    expect(final.status).toBe('succeeded');
    expect(updates).toEqual([40, 80, 100]);
    expect(es.readyState).toBe(2);
  });
});
