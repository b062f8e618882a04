// The analyst tools' routes (feedback, forecast, metric pipelines, knowledge), typed by the OpenAPI
// document like the rest of the client: names for their shapes, and the calls the pages make. Files
// go up with XMLHttpRequest for upload progress (fetch has none).
import type { components } from './openapi.gen';
import type { ApiClient, UploadProgress } from './client';
import { errorFromResponse, networkError } from './errors';
import type { Job } from './schema';

type Schemas = components['schemas'];

// ---- feedback
export type Sentiment = Schemas['Sentiment'];
export type FeedbackComment = Schemas['FeedbackComment'];
export type CommentPage = Schemas['CommentPage'];
export type CommentInput = Schemas['CommentInput'];
export type CommentsAccepted = Schemas['CommentsAccepted'];
export type StoreReport = Schemas['StoreReport'];
export type FeedbackSummary = Schemas['FeedbackSummary'];
export type SentimentCounts = Schemas['SentimentCounts'];
export type KeyedSentimentCounts = Schemas['KeyedSentimentCounts'];
export type FeedbackTaxonomy = Schemas['FeedbackTaxonomy'];
export type FeedbackTag = Schemas['FeedbackTag'];
export type FeedbackReport = Schemas['FeedbackReport'];
export type GoldLabels = Schemas['GoldLabels'];
export type GoldItem = GoldLabels['gold'][number];
export type FeedbackEvaluation = Schemas['FeedbackEvaluation'];
export type ClassificationRecord = Schemas['ClassificationRecord'];
export type WeeklySummary = Schemas['FeedbackWeeklySummary'];
export type GoldLabel = Schemas['GoldLabel'];

export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];

/** The comment list's filters, as the API names them (empty values are left out). */
export interface CommentFilter {
  sentiment?: Sentiment | '';
  tag?: string;
  source?: string;
  q?: string;
  from?: string;
  to?: string;
}

// ---- forecast
export type ForecastModel = Schemas['ForecastModel'];
export type ForecastMetrics = Schemas['ForecastMetrics'];
export type ForecastPrediction = Schemas['ForecastPrediction'];
export type ForecastTrainRequest = Schemas['ForecastTrainRequest'];
export type ForecastTrainAccepted = Schemas['ForecastTrainAccepted'];

// ---- pipelines
export type PipelineSummary = Schemas['PipelineSummary'];
export type PipelineRun = Schemas['PipelineRun'];
export type PipelineNodeRun = Schemas['PipelineNodeRun'];
export type Lineage = Awaited<ReturnType<typeof pipelineLineage>>;
export type LineageNode = Lineage['nodes'][number];

// ---- knowledge
export type KnowledgeDocument = Schemas['KnowledgeDocument'];
export type KnowledgeAddResult = Schemas['KnowledgeAddResult'];
export type KnowledgeAnswer = Schemas['KnowledgeAnswer'];
export type KnowledgeCitation = KnowledgeAnswer['citations'][number];

// ---- calls

export function commentQuery(filter: CommentFilter): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter)) if (typeof v === 'string' && v.trim()) q[k] = v.trim();
  return q;
}

export function comments(api: ApiClient, filter: CommentFilter, cursor?: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/feedback/comments', {
    query: { ...commentQuery(filter), limit: 50, cursor } as never,
    signal,
  });
}

/** Every comment of the filter as a CSV or NDJSON file (the server streams it). */
export async function exportComments(api: ApiClient, filter: CommentFilter, format: 'csv' | 'ndjson'): Promise<Blob> {
  if (api.hasSession() && !api.token()) await api.refresh();
  const url = api.href('/api/v1/feedback/comments', undefined, { ...commentQuery(filter), format });
  const get = () => {
    const token = api.token();
    return fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  };
  let r = await get().catch((e: unknown) => Promise.reject(networkError(e)));
  if (r.status === 401 && api.hasSession() && (await api.refresh())) r = await get();
  if (!r.ok) {
    const text = await r.text();
    throw errorFromResponse(r.status, text, (n) => r.headers.get(n));
  }
  return r.blob();
}

export function feedbackSummary(api: ApiClient, filter: CommentFilter, signal?: AbortSignal): Promise<FeedbackSummary> {
  return api.call('get', '/api/v1/feedback/summary', { query: commentQuery(filter) as never, signal });
}

/** The weekly summaries of the most recent weeks with comments, newest first. */
export function weeklySummaries(api: ApiClient, limit = 8, signal?: AbortSignal) {
  return api.call('get', '/api/v1/feedback/summaries', { query: { limit }, signal });
}

/** A person's label on a comment, kept as a gold label for training and evaluation. */
export function relabelComment(api: ApiClient, source: string, id: string, sentiment: Sentiment) {
  return api.call('post', '/api/v1/feedback/comments/{source}/{id}/label', { path: { source, id }, body: { sentiment } });
}

export function feedbackTaxonomy(api: ApiClient, signal?: AbortSignal) {
  return api.call('get', '/api/v1/feedback/taxonomy', { signal });
}

export function commentHistory(api: ApiClient, source: string, id: string) {
  return api.call('get', '/api/v1/feedback/comments/{source}/{id}/history', { path: { source, id } });
}

export function sendComments(api: ApiClient, items: CommentInput[]): Promise<CommentsAccepted> {
  return api.call('post', '/api/v1/feedback/comments', { body: { comments: items } });
}

export function feedbackReport(api: ApiClient, signal?: AbortSignal) {
  return api.call('get', '/api/v1/feedback/report', { signal, auth: false, retry: false });
}

export function evaluateFeedback(api: ApiClient, gold: GoldItem[]): Promise<FeedbackEvaluation> {
  return api.call('post', '/api/v1/feedback/evaluations', { body: { gold } });
}

export function forecastModels(api: ApiClient, dataset: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/forecast/models', { query: { dataset }, signal });
}

export function forecastModel(api: ApiClient, id: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/forecast/models/{id}', { path: { id }, signal });
}

/** Fields left out take the server's defaults (the forecast.* configuration keys). */
export function trainForecast(
  api: ApiClient,
  request: Pick<ForecastTrainRequest, 'dataset'> & Partial<ForecastTrainRequest>,
): Promise<ForecastTrainAccepted> {
  return api.call('post', '/api/v1/forecast/models', { body: request as ForecastTrainRequest });
}

export function activateForecast(api: ApiClient, id: string) {
  return api.call('post', '/api/v1/forecast/models/{id}/activate', { path: { id } });
}

/** One prediction per ticker of the dataset that has a model. */
export async function forecastPredictions(api: ApiClient, dataset: string, signal?: AbortSignal): Promise<ForecastPrediction[]> {
  const r = await api.call('post', '/api/v1/forecast/predict', { body: { dataset }, signal });
  return 'predictions' in r ? r.predictions : [r];
}

export function pipelines(api: ApiClient, signal?: AbortSignal) {
  return api.call('get', '/api/v1/pipelines', { signal });
}

export function pipelineRuns(api: ApiClient, name: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/pipelines/{name}/runs', { path: { name }, query: { limit: 30 }, signal });
}

/** How to run: everything (incrementally or as a full refresh), from one node and what depends on
 * it, or resuming a failed run ("last" or its id). */
export interface RunOptions {
  fullRefresh?: boolean;
  from?: string;
  resume?: string;
}

export function runPipeline(api: ApiClient, name: string, options: RunOptions = {}): Promise<Job> {
  const body: { full_refresh?: boolean; from?: string; resume?: string } = {};
  if (options.fullRefresh) body.full_refresh = true;
  if (options.from) body.from = options.from;
  if (options.resume) body.resume = options.resume;
  return api.call('post', '/api/v1/pipelines/{name}/runs', { path: { name }, body });
}

export function pipelineLineage(api: ApiClient, name: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/pipelines/{name}/lineage', { path: { name }, signal });
}

export function knowledgeDocuments(api: ApiClient, collection: string, signal?: AbortSignal) {
  return api.call('get', '/api/v1/knowledge/documents', { query: collection ? { collection } : {}, signal });
}

export function deleteKnowledgeDocument(api: ApiClient, id: string) {
  return api.call('delete', '/api/v1/knowledge/documents/{id}', { path: { id } });
}

export function askKnowledge(
  api: ApiClient,
  request: { question: string; collection?: string; top_k?: number },
  signal?: AbortSignal,
): Promise<KnowledgeAnswer> {
  return api.call('post', '/api/v1/knowledge/query', { body: request, signal });
}

/**
 * Posts a multipart form to a route with upload progress; refreshes the session once on 401. The
 * answer's JSON is returned as the route documents it (the caller names the type).
 */
export async function postForm<T>(
  api: ApiClient,
  route: '/api/v1/feedback/comments' | '/api/v1/knowledge/documents',
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
): Promise<T> {
  if (api.hasSession() && !api.token()) await api.refresh();
  const send = () =>
    new Promise<{ status: number; text: string; header: (n: string) => string | null }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', api.href(route));
      xhr.setRequestHeader('Accept', 'application/json');
      const token = api.token();
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, header: (n) => xhr.getResponseHeader(n) });
      xhr.onerror = () => reject(networkError());
      xhr.send(form);
    });
  let r = await send();
  if (r.status === 401 && api.hasSession() && (await api.refresh())) r = await send();
  if (r.status < 200 || r.status >= 300) throw errorFromResponse(r.status, r.text, r.header);
  return JSON.parse(r.text) as T;
}
