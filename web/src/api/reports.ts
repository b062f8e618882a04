// Scheduled reports and alerts: schedules of the job kinds "report" and "alert" (the schedules
// routes), their runs (the jobs they submitted) and what a run's result says. Typed by the OpenAPI
// document like the rest of the client.
import type { components } from './openapi.gen';
import type { ApiClient } from './client';
import type { Job } from './schema';

type Schemas = components['schemas'];

export type Schedule = Schemas['Schedule'];
export type ReportPayload = Schemas['ReportPayload'];
export type AlertPayload = Schemas['AlertPayload'];
export type Delivery = Schemas['Delivery'];
export type ReportFormat = NonNullable<ReportPayload['formats']>[number];
export type ReportKind = 'report' | 'alert';

export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'png', 'csv', 'xlsx'];

export function isReportKind(kind: string): kind is ReportKind {
  return kind === 'report' || kind === 'alert';
}

/** The report and alert schedules (pipelines have their own page). */
export async function reportSchedules(api: ApiClient, signal?: AbortSignal): Promise<Schedule[]> {
  const { schedules } = await api.call('get', '/api/v1/schedules', { signal });
  return schedules.filter((s) => isReportKind(s.kind));
}

export interface ScheduleDraft {
  name: string;
  cron: string;
  time_zone: string;
  kind: ReportKind;
  payload: ReportPayload | AlertPayload;
}

export function createSchedule(api: ApiClient, draft: ScheduleDraft): Promise<Schedule> {
  return api.call('post', '/api/v1/schedules', { body: draft });
}

/** Changes the expression, time zone and payload of a schedule (its name and kind stay). */
export function updateSchedule(api: ApiClient, id: string, draft: ScheduleDraft): Promise<Schedule> {
  return api.call('patch', '/api/v1/schedules/{id}', {
    path: { id },
    body: { cron: draft.cron, time_zone: draft.time_zone, payload: draft.payload },
  });
}

export function setScheduleEnabled(api: ApiClient, id: string, enabled: boolean): Promise<Schedule> {
  return api.call('patch', '/api/v1/schedules/{id}', { path: { id }, body: { enabled } });
}

export async function deleteSchedule(api: ApiClient, id: string): Promise<void> {
  await api.call('delete', '/api/v1/schedules/{id}', { path: { id } });
}

export async function runScheduleNow(api: ApiClient, id: string): Promise<Job> {
  return (await api.call('post', '/api/v1/schedules/{id}/run', { path: { id } })).job;
}

export async function scheduleRuns(api: ApiClient, id: string, signal?: AbortSignal): Promise<Job[]> {
  return (await api.call('get', '/api/v1/schedules/{id}/runs', { path: { id }, query: { limit: 20 }, signal })).jobs;
}

/** What a finished run delivered, read from its job result (reports: files; alerts: value and state). */
export interface RunOutcome {
  destination?: string;
  files: { name: string; bytes?: number }[];
  webhookStatus?: number;
  value?: number;
  state?: string;
  cardErrors: string[];
}

export function runOutcome(result: unknown): RunOutcome {
  const out: RunOutcome = { files: [], cardErrors: [] };
  if (!result || typeof result !== 'object') return out;
  const r = result as Record<string, unknown>;
  // An alert's result wraps the report it delivered when it fired.
  const report = (r.delivered && typeof r.delivered === 'object' ? r.delivered : r) as Record<string, unknown>;
  if (typeof r.value === 'number') out.value = r.value;
  if (typeof r.state === 'string') out.state = r.state;
  if (typeof report.destination === 'string') out.destination = report.destination;
  if (typeof report.webhook_status === 'number' && report.webhook_status > 0) out.webhookStatus = report.webhook_status;
  if (Array.isArray(report.files)) {
    for (const f of report.files as Record<string, unknown>[]) {
      if (f && typeof f.name === 'string') out.files.push({ name: f.name, bytes: typeof f.bytes === 'number' ? f.bytes : undefined });
    }
  }
  if (Array.isArray(report.card_errors)) out.cardErrors = report.card_errors.filter((e): e is string => typeof e === 'string');
  return out;
}
