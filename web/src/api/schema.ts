// Shapes of the Sagaz REST API (/api/v1), written by hand from docs/api.md and the platform contract
// until the OpenAPI document exists. Names follow the JSON exactly. Once
// src/server/openapi/openapi.json is in the repository, `npm run api:check` (part of `npm test`)
// generates schema types from it with openapi-typescript and type-checks each type here against its
// component schema (scripts/openapi-check.mjs lists the pairs). Fields marked optional are ones the
// server sends beyond the contract, or that older servers lack.

/** Cell values as the API sends them: numbers, text (dates as ISO-8601), booleans, null. */
export type Cell = string | number | boolean | null;

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'failed_precondition'
  | 'payload_too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'internal'
  | 'io_error'
  | 'unavailable'
  | 'timeout';

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: Record<string, unknown> | null };
  request_id?: string;
}

// ---- system ---------------------------------------------------------------------------------

export interface Health {
  status: string;
}

export interface Version {
  name: string;
  version: string;
  duckdb: string;
}

export interface ReadyCheck {
  status: string;
  latency_ms?: number;
  error?: string;
}

export interface Ready {
  status: 'ok' | 'unavailable' | string;
  checks: Record<string, ReadyCheck>;
}

/** A configuration entry as the server reports it: the effective value and where it came from. */
export interface ConfigEntry {
  value: unknown;
  source?: string;
}

export interface SystemStatus {
  version: string;
  duckdb?: string;
  instance?: string;
  uptime_s: number;
  started_at: string;
  data_dir: string;
  disk: { total_bytes: number; free_bytes: number } | null;
  memory: { rss_bytes: number; duckdb_bytes?: number };
  cpu_seconds?: number;
  threads?: number;
  jobs: { queued: number; running: number; failed?: number; dead?: number; running_here?: number };
  /** Effective configuration, secrets masked: nested sections, or dotted keys with {value, source}. */
  config: Record<string, unknown>;
}

export interface UsageRow {
  day: string;
  route: string;
  user: string | null;
  count: number;
  client_errors?: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
}

export interface Usage {
  start_date: string;
  end_date: string;
  rows: UsageRow[];
  totals: { count: number; errors: number; client_errors?: number };
}

export interface RoutePerformance {
  method?: string;
  route: string;
  count: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms?: number;
}

export interface DailyPerformance {
  day: string;
  count: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
}

export interface Performance {
  start_date: string;
  end_date: string;
  routes: RoutePerformance[];
  daily: DailyPerformance[];
}

export interface CacheCleanup {
  removed_entries: number;
  freed_bytes: number;
  details?: Record<string, number>;
}

// ---- auth -----------------------------------------------------------------------------------

export type Role = 'viewer' | 'analyst' | 'admin';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer' | string;
  user: { username: string; role: Role };
}

export interface Me {
  username: string | null;
  role: Role;
  auth: 'jwt' | 'api_key' | 'anonymous';
  /** What this caller may do ("datasets.write", "jobs.write", "admin", ...), when the server says. */
  permissions?: string[];
}

// ---- datasets -------------------------------------------------------------------------------

export interface DatasetColumn {
  name: string;
  type: string;
  description?: string;
  original_name?: string;
}

export interface Dataset {
  name: string;
  description: string;
  source: string;
  format: string;
  rows: number;
  column_count: number;
  columns: DatasetColumn[];
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DatasetList {
  datasets: Dataset[];
  next_cursor: string | null;
}

export interface DatasetPatch {
  description?: string;
  columns?: Record<string, string>;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface TopValue {
  value: Cell;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  nulls: number;
  distinct?: number;
  distinct_exact?: boolean;
  min?: Cell;
  max?: Cell;
  mean?: number | null;
  std_dev?: number | null;
  histogram?: HistogramBin[];
  avg_length?: number | null;
  top_values?: TopValue[];
}

export interface Profile {
  dataset: string;
  rows: number;
  columns: ColumnProfile[];
  cached?: boolean;
}

export interface ResultColumn {
  name: string;
  type: string;
}

export interface Sample {
  columns: ResultColumn[];
  rows: Cell[][];
  row_count: number;
  total_rows: number;
}

export interface IngestColumn {
  name: string;
  type: string;
  note?: string;
}

export interface Rejection {
  line: number;
  column: string;
  reason: string;
  text: string;
}

export interface IngestReport {
  dataset: string;
  format: string;
  mode: string;
  rows_loaded: number;
  rows_rejected: number;
  rows_inserted: number;
  rows_updated: number;
  dataset_rows: number;
  columns: IngestColumn[];
  decisions: string[];
  rejections: Rejection[];
  bytes: number;
  elapsed_ms: number;
}

export type IngestMode = 'create' | 'replace' | 'append' | 'upsert';

export interface UploadOptions {
  name?: string;
  mode?: IngestMode;
  key?: string;
  delimiter?: string;
  /** Run the ingest as a job: the server answers 202 with the job at once. */
  async?: boolean;
}

// ---- SQL ------------------------------------------------------------------------------------

export type Policy = 'standard' | 'strict';

export interface SqlRequest {
  sql: string;
  policy?: Policy;
  limit?: number;
  timeout_ms?: number;
}

export interface SqlResult {
  columns: ResultColumn[];
  rows: Cell[][];
  row_count: number;
  truncated: boolean;
  elapsed_ms: number;
  sql: string;
  tables: string[];
}

// ---- ask ------------------------------------------------------------------------------------

export type Language = 'pt' | 'en';

export interface AskRequest {
  question: string;
  dataset?: string;
  language?: Language;
  engine?: 'builtin' | 'llm';
  policy?: Policy;
  /** A user-edited query that replaces the interpreted one (it passes the SQL guard). */
  sql?: string;
}

export interface Interpretation {
  phrase: string;
  role: string;
  target: string;
}

export interface Plan {
  language: Language;
  shape: string;
  table: string;
  aggregate: string;
  interpretation: Interpretation[];
  confidence: number;
  notes: string[];
  projection_sql: string;
  answer_sql: string;
  measure?: string;
  group_by?: string;
  time?: string;
  bucket?: string;
  limit?: number;
}

export interface Timings {
  interpret_ms: number;
  read_ms?: number;
  compute_ms?: number;
  insight_ms?: number;
  total_ms: number;
}

/** Statistics of the measure: numbers, null (undefined for the data) or nested objects. */
export type Statistics = Record<string, unknown>;

export interface AnswerOk {
  status: 'ok';
  question: string;
  language: Language;
  table: string;
  query: string;
  answer_sql: string;
  policy: Policy | string;
  value: Cell;
  statistics: Statistics | null;
  statistics_of: string;
  trend: Record<string, unknown> | null;
  result: { columns: ResultColumn[]; rows: Cell[][]; total_rows: number };
  insight: string;
  interpretation: Interpretation[];
  confidence: number;
  plan: Plan;
  /** An Apache ECharts option, ready for setOption (null when the answer has no chart). */
  chart: Record<string, unknown> | null;
  chart_kind: string;
  engine: string;
  insight_engine: string;
  warnings: string[];
  rows_read: number;
  truncated: boolean;
  timings: Timings;
}

export interface AnswerUnclear {
  status: 'unclear';
  question: string;
  language: Language;
  message: string;
  candidates: Plan[];
  engine: string;
  warnings: string[];
  timings: Timings;
}

export type Answer = AnswerOk | AnswerUnclear;

// ---- jobs -----------------------------------------------------------------------------------

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  message: string;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  attempts: number;
  max_attempts: number;
  priority: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  created_by: string | null;
  cancel_requested?: boolean;
  updated_at?: string | null;
}

export interface JobList {
  jobs: Job[];
  next_cursor: string | null;
}

export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];
