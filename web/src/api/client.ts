// The typed client of the Sagaz REST API. One instance per app (see `api` below).
//
// Sessions: the access token (a short-lived JWT) lives in memory; the refresh token lives in
// localStorage so a reload keeps the session. Refresh tokens rotate: every /auth/refresh revokes the
// one it was given and returns a new one, so at most one refresh runs at a time and its result is
// stored before anything else uses the session. A request that gets 401 while a refresh token is
// held refreshes once and retries; if the refresh fails the session ends (listeners are told).
import { ApiError, errorFromResponse, networkError } from './errors';
import type { paths } from './openapi.gen';
import type {
  Answer,
  AskRequest,
  CacheCleanup,
  Dashboard,
  Dataset,
  DatasetList,
  DatasetPatch,
  Health,
  IngestReport,
  Job,
  JobList,
  JobStatus,
  LoginRequest,
  Me,
  NewDashboard,
  NewQuestion,
  Performance,
  Profile,
  PublicLink,
  DrillRequest,
  EmbedToken,
  Question,
  QuestionResult,
  Ready,
  Sample,
  SqlRequest,
  SqlResult,
  SystemStatus,
  TokenResponse,
  UploadOptions,
  Usage,
  Version,
} from './schema';

// ---- routes, typed by the OpenAPI document ------------------------------------------------------
// A call names its route as the document does ('/api/v1/datasets/{name}') and gets its path and
// query parameters, its JSON body and its answer's type from the generated `paths`: calling a route
// or a method the document lacks, or sending what it does not allow, does not compile.

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** A route of the API, as the OpenAPI document writes it. */
export type Route = keyof paths;
/** The methods the document gives a route. */
type MethodOf<R extends Route> = {
  [K in Method]-?: [Exclude<paths[R][K], undefined>] extends [never] ? never : K;
}[Method];
type Operation<R extends Route, M extends Method> = Exclude<paths[R][M], undefined>;
type JsonContent<C> = C extends { content: { 'application/json': infer B } } ? B : undefined;
/** The JSON a successful call answers with (undefined for 204). */
export type Success<O> = O extends { responses: infer Rs }
  ? JsonContent<Rs[Extract<keyof Rs, 200 | 201 | 202 | 204>]>
  : never;
type BodyOf<O> = O extends { requestBody?: infer B }
  ? NonNullable<B> extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never;
type PathOf<O> = O extends { parameters: { path: infer P } } ? P : undefined;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type CallOptions<O> = {
  query?: QueryOf<O>;
  body?: BodyOf<O>;
  signal?: AbortSignal;
  /** Send the session's token (default true). */
  auth?: boolean;
  /** Retry once after refreshing the session on 401 (default true). */
  retry?: boolean;
  /** Statuses besides 2xx whose body is an answer, not an error (503 from /ready). */
  accept?: number[];
} & (PathOf<O> extends undefined ? { path?: undefined } : { path: PathOf<O> });

/** The document's path with its {parameters} filled in, relative to the API base. */
function fillRoute(route: string, params?: Record<string, string | number>): string {
  const path = route.replace(/^\/api\/v1/, '');
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${route}`);
    return encodeURIComponent(String(v));
  });
}

export const API_BASE = '/api/v1';

/** Dashboard filter values as query parameters: `filter.<column>=value` (or `from..to`). */
export function filterQuery(filters: Record<string, string>): Query {
  const q: Query = {};
  for (const [column, value] of Object.entries(filters)) if (value) q[`filter.${column}`] = value;
  return q;
}
const REFRESH_KEY = 'sagaz.refresh_token';

type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Send the session's token (default true). */
  auth?: boolean;
  /** Retry once after refreshing the session on 401 (default true). */
  retry?: boolean;
  /** Statuses besides 2xx whose body is an answer, not an error (503 from /ready). */
  accept?: number[];
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export type UploadResult = { kind: 'report'; report: IngestReport } | { kind: 'job'; job: Job };

export interface JobWatch {
  close(): void;
}

export interface JobWatchHandlers {
  onUpdate(job: Job): void;
  onDone?(job: Job): void;
  onError?(error: ApiError): void;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ClientOptions {
  base?: string;
  fetch?: typeof fetch;
  storage?: StorageLike | null;
  /** EventSource constructor (injectable for tests). */
  eventSource?: typeof EventSource | null;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export class ApiClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly storage: StorageLike | null;
  private readonly eventSourceImpl: typeof EventSource | null;
  private accessToken: string | null = null;
  private accessExpiresAt = 0;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(options: ClientOptions = {}) {
    this.base = options.base ?? API_BASE;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage =
      options.storage !== undefined ? options.storage : typeof localStorage !== 'undefined' ? localStorage : null;
    this.eventSourceImpl =
      options.eventSource !== undefined
        ? options.eventSource
        : typeof EventSource !== 'undefined'
          ? EventSource
          : null;
  }

  // ---- session ------------------------------------------------------------------------------

  /** Called with true when a session starts and false when it ends. Returns an unsubscribe. */
  onSessionChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hasSession(): boolean {
    return this.accessToken !== null || this.refreshToken() !== null;
  }

  token(): string | null {
    return this.accessToken;
  }

  private refreshToken(): string | null {
    return this.storage?.getItem(REFRESH_KEY) ?? null;
  }

  private store(tokens: TokenResponse): void {
    this.accessToken = tokens.access_token;
    // Refresh a little early so a request never leaves with a token about to expire.
    const lifetime = Math.max(5, tokens.expires_in || 60);
    this.accessExpiresAt = Date.now() + (lifetime - Math.min(30, lifetime / 5)) * 1000;
    this.storage?.setItem(REFRESH_KEY, tokens.refresh_token);
  }

  private clear(notify: boolean): void {
    const had = this.hasSession();
    this.accessToken = null;
    this.accessExpiresAt = 0;
    this.storage?.removeItem(REFRESH_KEY);
    if (notify && had) this.listeners.forEach((l) => l(false));
  }

  async login(request: LoginRequest): Promise<TokenResponse> {
    const tokens = await this.call('post', '/api/v1/auth/login', { body: request, auth: false, retry: false });
    this.store(tokens);
    this.listeners.forEach((l) => l(true));
    return tokens;
  }

  async logout(): Promise<void> {
    const refresh = this.refreshToken();
    try {
      if (refresh) {
        await this.call('post', '/api/v1/auth/logout', { body: { refresh_token: refresh }, retry: false });
      }
    } finally {
      this.clear(true);
    }
  }

  /** Rotates the refresh token for a new access token. False when there is no valid session. */
  refresh(): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    if (!this.refreshToken()) return Promise.resolve(false);
    this.refreshing = this.acrossTabs(async () => {
      // Read inside the lock: another tab may have rotated the token a moment ago.
      const refresh = this.refreshToken();
      if (!refresh) return false;
      try {
        const tokens = await this.call('post', '/api/v1/auth/refresh', {
          body: { refresh_token: refresh },
          auth: false,
          retry: false,
        });
        this.store(tokens);
        return true;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 400)) {
          // Refused: unless another tab (without locks) rotated it meanwhile, the session is over.
          const now = this.refreshToken();
          if (now && now !== refresh) return this.refreshWith(now);
          this.clear(true);
        }
        // A network failure keeps the session for a later try.
        return false;
      }
    }).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshWith(token: string): Promise<boolean> {
    try {
      this.store(
        await this.call('post', '/api/v1/auth/refresh', { body: { refresh_token: token }, auth: false, retry: false }),
      );
      return true;
    } catch {
      this.clear(true);
      return false;
    }
  }

  /** Runs fn holding a lock shared by this app's tabs (Web Locks), or directly where there are none. */
  private acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request('sagaz-refresh', fn) as Promise<T>) : fn();
  }

  /** Makes sure the access token is good for a while (before uploads and event streams). */
  async ensureFresh(): Promise<void> {
    if (this.refreshToken() && (this.accessToken === null || Date.now() >= this.accessExpiresAt)) {
      await this.refresh();
    }
  }

  // ---- transport ----------------------------------------------------------------------------

  url(path: string, query?: Query): string {
    return `${this.base}${path}${buildQuery(query)}`;
  }

  private headers(auth: boolean, json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (json) h['Content-Type'] = 'application/json';
    if (auth && this.accessToken) h.Authorization = `Bearer ${this.accessToken}`;
    return h;
  }

  /** Calls a route of the document: parameters, body and answer typed by it. */
  async call<R extends Route, M extends MethodOf<R>>(
    method: M,
    route: R,
    ...[options]: {} extends CallOptions<Operation<R, M>>
      ? [CallOptions<Operation<R, M>>?]
      : [CallOptions<Operation<R, M>>]
  ): Promise<Success<Operation<R, M>>> {
    const o = (options ?? {}) as RequestOptions & { path?: Record<string, string | number> };
    return this.send(method.toUpperCase(), fillRoute(route, o.path), o);
  }

  /** The URL of a route (for EventSource and XMLHttpRequest, which cannot use `call`). */
  href<R extends Route>(route: R, path?: Record<string, string>, query?: Query): string {
    return this.url(fillRoute(route, path), query);
  }

  private async send<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    if (auth) await this.ensureFresh();
    const json = options.body !== undefined;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), {
        method,
        headers: this.headers(auth, json),
        body: json ? JSON.stringify(options.body) : undefined,
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw networkError(e);
    }
    if (response.status === 401 && auth && (options.retry ?? true) && this.refreshToken()) {
      if (await this.refresh()) return this.send<T>(method, path, { ...options, retry: false });
    }
    const text = await response.text();
    if (!response.ok && !options.accept?.includes(response.status)) throw errorFromResponse(response.status, text, (n) => response.headers.get(n));
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'internal', '');
    }
  }

  /** Every row of an answer as a file written by the server (not capped at the rows shown). */
  async exportRows(sql: string, format: 'csv' | 'json' | 'parquet' | 'xlsx', name: string): Promise<Blob> {
    await this.ensureFresh();
    let response: Response;
    try {
      response = await this.fetchImpl(this.url('/api/v1/export'), {
        method: 'POST',
        headers: { ...this.headers(true, true), Accept: '*/*' },
        body: JSON.stringify({ sql, format, name }),
      });
    } catch (e) {
      throw networkError(e);
    }
    if (!response.ok) {
      const text = await response.text();
      throw errorFromResponse(response.status, text, (n) => response.headers.get(n));
    }
    return response.blob();
  }

  // ---- endpoints ----------------------------------------------------------------------------

  me(signal?: AbortSignal): Promise<Me> {
    return this.call('get', '/api/v1/auth/me', { signal });
  }

  health(): Promise<Health> {
    return this.call('get', '/api/v1/health', { auth: false });
  }

  /** Readiness: a server that is not ready answers 503 with the same body, which is shown. */
  ready(): Promise<Ready> {
    return this.call('get', '/api/v1/ready', { auth: false, accept: [503] });
  }

  version(): Promise<Version> {
    return this.call('get', '/api/v1/version', { auth: false });
  }

  systemStatus(): Promise<SystemStatus> {
    return this.call('get', '/api/v1/system/status');
  }

  usage(start: string, end: string): Promise<Usage> {
    return this.call('get', '/api/v1/analytics/usage', { query: { start_date: start, end_date: end } });
  }

  performance(start: string, end: string): Promise<Performance> {
    return this.call('get', '/api/v1/analytics/performance', { query: { start_date: start, end_date: end } });
  }

  cleanupCache(): Promise<CacheCleanup> {
    return this.call('post', '/api/v1/system/cache/cleanup');
  }

  /** Every dataset, following next_cursor. */
  async datasets(signal?: AbortSignal): Promise<Dataset[]> {
    const all: Dataset[] = [];
    let cursor: string | undefined = undefined;
    for (let page = 0; page < 100; ++page) {
      const list: DatasetList = await this.call('get', '/api/v1/datasets', { query: { limit: 100, cursor }, signal });
      all.push(...list.datasets);
      cursor = list.next_cursor ?? undefined;
      if (!cursor) break;
    }
    return all;
  }

  dataset(name: string, signal?: AbortSignal): Promise<Dataset> {
    return this.call('get', '/api/v1/datasets/{name}', { path: { name }, signal });
  }

  patchDataset(name: string, patch: DatasetPatch): Promise<Dataset> {
    return this.call('patch', '/api/v1/datasets/{name}', { path: { name }, body: patch });
  }

  async deleteDataset(name: string): Promise<void> {
    await this.call('delete', '/api/v1/datasets/{name}', { path: { name } });
  }

  profile(name: string, signal?: AbortSignal): Promise<Profile> {
    return this.call('get', '/api/v1/datasets/{name}/profile', { path: { name }, query: { top: 5, bins: 20 }, signal });
  }

  sample(name: string, limit = 20, offset = 0, signal?: AbortSignal): Promise<Sample> {
    return this.call('get', '/api/v1/datasets/{name}/sample', { path: { name }, query: { limit, offset }, signal });
  }

  sql(request: SqlRequest, signal?: AbortSignal): Promise<SqlResult> {
    return this.call('post', '/api/v1/sql', { body: request, signal });
  }

  ask(request: AskRequest, signal?: AbortSignal): Promise<Answer> {
    return this.call('post', '/api/v1/ask', { body: request, signal });
  }

  // ---- saved questions and dashboards
  // Dashboard filter values travel as `filter.<column>` query parameters (a value, or `from..to`).

  questions(signal?: AbortSignal): Promise<{ questions: Question[] }> {
    return this.call('get', '/api/v1/questions', { signal });
  }

  saveQuestion(question: NewQuestion): Promise<Question> {
    return this.call('post', '/api/v1/questions', { body: question });
  }

  runQuestion(id: string, filters: Record<string, string> = {}): Promise<QuestionResult> {
    return this.send('POST', fillRoute('/api/v1/questions/{id}/run', { id }), { query: filterQuery(filters) });
  }

  dashboards(signal?: AbortSignal): Promise<{ dashboards: Dashboard[] }> {
    return this.call('get', '/api/v1/dashboards', { signal });
  }

  /** The dashboard with its cards' results, narrowed by the filters. */
  dashboard(id: string, filters: Record<string, string> = {}, signal?: AbortSignal): Promise<Dashboard> {
    return this.send('GET', fillRoute('/api/v1/dashboards/{id}', { id }), { query: filterQuery(filters), signal });
  }

  createDashboard(dashboard: NewDashboard): Promise<Dashboard> {
    return this.call('post', '/api/v1/dashboards', { body: dashboard });
  }

  updateDashboard(id: string, dashboard: NewDashboard): Promise<Dashboard> {
    return this.call('put', '/api/v1/dashboards/{id}', { path: { id }, body: dashboard });
  }

  async deleteDashboard(id: string): Promise<void> {
    await this.call('delete', '/api/v1/dashboards/{id}', { path: { id } });
  }

  createPublicLink(id: string): Promise<PublicLink> {
    return this.call('post', '/api/v1/dashboards/{id}/public_link', { path: { id } });
  }

  async revokePublicLink(id: string): Promise<void> {
    await this.call('delete', '/api/v1/dashboards/{id}/public_link', { path: { id } });
  }

  /** The rows behind a clicked bar or point of a saved question's chart. */
  drillQuestion(id: string, request: DrillRequest): Promise<QuestionResult> {
    return this.call('post', '/api/v1/questions/{id}/drill', { path: { id }, body: request });
  }

  /** A signed, expiring token that shows the dashboard in another site's iframe. */
  createEmbedToken(id: string, ttl_s?: number): Promise<EmbedToken> {
    return this.call('post', '/api/v1/dashboards/{id}/embed', { path: { id }, body: ttl_s ? { ttl_s } : {} });
  }

  /** A dashboard embedded in an iframe, by its signed token, without a session. */
  embeddedDashboard(token: string, filters: Record<string, string> = {}, signal?: AbortSignal): Promise<Dashboard> {
    return this.send('GET', fillRoute('/api/v1/embed/dashboards/{token}', { token }), {
      query: filterQuery(filters),
      signal,
      auth: false,
      retry: false,
    });
  }

  /** A shared dashboard, without a session. */
  publicDashboard(token: string, filters: Record<string, string> = {}, signal?: AbortSignal): Promise<Dashboard> {
    return this.send('GET', fillRoute('/api/v1/public/dashboards/{token}', { token }), {
      query: filterQuery(filters),
      signal,
      auth: false,
      retry: false,
    });
  }

  jobs(filter: { status?: JobStatus; kind?: string; limit?: number; cursor?: string } = {}): Promise<JobList> {
    return this.call('get', '/api/v1/jobs', { query: { limit: 50, ...filter } });
  }

  job(id: string): Promise<Job> {
    return this.call('get', '/api/v1/jobs/{id}', { path: { id } });
  }

  cancelJob(id: string): Promise<Job> {
    return this.call('post', '/api/v1/jobs/{id}/cancel', { path: { id } });
  }

  retryJob(id: string): Promise<Job> {
    return this.call('post', '/api/v1/jobs/{id}/retry', { path: { id } });
  }

  /**
   * Uploads a file with XMLHttpRequest (fetch has no upload progress). The server answers 201 with
   * the ingest report, or 202 with a job when the upload runs asynchronously.
   */
  async upload(
    file: File,
    options: UploadOptions,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
  ): Promise<UploadResult> {
    await this.ensureFresh();
    // Options travel as form fields ahead of the file, so the server knows them before the bytes
    // (query parameters are for raw-body uploads).
    const fields: [string, string | undefined][] = [
      ['name', options.name],
      ['mode', options.mode],
      ['key', options.key],
      ['delimiter', options.delimiter],
      ['async', options.async ? 'true' : undefined],
    ];
    const send = () =>
      new Promise<{ status: number; text: string; header: (n: string) => string | null }>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', this.href('/api/v1/datasets'));
        xhr.setRequestHeader('Accept', 'application/json');
        if (this.accessToken) xhr.setRequestHeader('Authorization', `Bearer ${this.accessToken}`);
        xhr.upload.onprogress = (e) => {
          if (onProgress) onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
        };
        xhr.onload = () =>
          resolve({ status: xhr.status, text: xhr.responseText, header: (n) => xhr.getResponseHeader(n) });
        xhr.onerror = () => reject(networkError());
        xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
        signal?.addEventListener('abort', () => xhr.abort(), { once: true });
        const form = new FormData();
        for (const [k, v] of fields) if (v) form.append(k, v);
        form.append('file', file, file.name);
        xhr.send(form);
      });
    let r = await send();
    if (r.status === 401 && this.refreshToken() && (await this.refresh())) r = await send();
    if (r.status < 200 || r.status >= 300) throw errorFromResponse(r.status, r.text, r.header);
    const body = JSON.parse(r.text) as Success<Operation<'/api/v1/datasets', 'post'>>;
    if (r.status === 202 && 'job' in body) return { kind: 'job', job: body.job };
    return { kind: 'report', report: body as IngestReport };
  }

  /**
   * Follows a job over server-sent events (`progress` on each change, `done` at the end). EventSource
   * cannot send headers, so the token travels as ?access_token=. When the stream cannot be opened
   * (an expired token, a proxy without streaming) it refreshes once and then polls GET /jobs/{id}.
   */
  watchJob(id: string, handlers: JobWatchHandlers): JobWatch {
    let closed = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    const finish = (job: Job) => {
      if (closed) return;
      handlers.onUpdate(job);
      handlers.onDone?.(job);
      close();
    };
    const close = () => {
      closed = true;
      source?.close();
      source = null;
      if (timer) clearTimeout(timer);
    };
    const poll = async () => {
      if (closed) return;
      try {
        const job = await this.job(id);
        if (closed) return;
        if (['succeeded', 'failed', 'cancelled', 'dead'].includes(job.status)) return finish(job);
        handlers.onUpdate(job);
        failures = 0;
      } catch (e) {
        if (++failures >= 5) {
          handlers.onError?.(e instanceof ApiError ? e : networkError(e));
          return close();
        }
      }
      timer = setTimeout(poll, 1000);
    };
    const open = async (attempt: number) => {
      if (closed) return;
      if (!this.eventSourceImpl) return void poll();
      await this.ensureFresh();
      if (closed) return;
      const query = this.accessToken ? { access_token: this.accessToken } : undefined;
      const es = new this.eventSourceImpl(this.href('/api/v1/jobs/{id}/events', { id }, query));
      source = es;
      const parse = (e: MessageEvent): Job | null => {
        try {
          return JSON.parse(e.data as string) as Job;
        } catch {
          return null;
        }
      };
      es.addEventListener('progress', (e) => {
        const job = parse(e as MessageEvent);
        if (job && !closed) handlers.onUpdate(job);
      });
      es.addEventListener('done', (e) => {
        const job = parse(e as MessageEvent);
        if (job) finish(job);
        else void poll();
      });
      es.onerror = (e: Event) => {
        // The server's own `event: error` (the job vanished) carries an error envelope.
        const data = (e as MessageEvent).data;
        if (typeof data === 'string' && data) {
          handlers.onError?.(errorFromResponse(404, data, () => null));
          return close();
        }
        if (closed || es.readyState !== 2 /* CLOSED */) return; // the browser reconnects by itself
        source = null;
        if (attempt === 0 && this.refreshToken()) {
          void this.refresh().then(() => open(1));
        } else {
          void poll();
        }
      };
    };
    void open(0);
    return { close };
  }
}

export const api = new ApiClient();
