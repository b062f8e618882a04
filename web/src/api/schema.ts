// Names for the API's shapes. Every one is taken from the generated contract (openapi.gen.ts, made
// from src/server/openapi/openapi.yaml by scripts/openapi-types.mjs): nothing here describes a
// field. A field the UI needs is added to the OpenAPI document, never here.
import type { components, operations } from './openapi.gen';

type Schemas = components['schemas'];

/** Cell values as the API sends them: numbers, text (dates as ISO-8601), booleans, null. */
export type Cell = Schemas['Cell'];
export type ErrorCode = Schemas['ErrorCode'];
export type ErrorBody = Schemas['Error'];
export type ResultColumn = Schemas['ResultColumn'];

// ---- system
export type Health = Schemas['Health'];
export type Version = Schemas['Version'];
export type Ready = Schemas['Ready'];
export type SystemStatus = Schemas['SystemStatus'];
export type Usage = Schemas['Usage'];
export type UsageRow = Schemas['UsageRow'];
export type Performance = Schemas['Performance'];
export type DailyPerformance = Schemas['DailyPerformance'];
export type CacheCleanup = Schemas['CacheCleanup'];

// ---- auth
export type Role = Schemas['Role'];
export type Permission = Schemas['Permission'];
export type LoginRequest = Schemas['LoginRequest'];
export type TokenResponse = Schemas['Tokens'];
export type Me = Schemas['Me'];

// ---- datasets
export type Dataset = Schemas['Dataset'];
export type DatasetList = Schemas['DatasetList'];
export type DatasetPatch = Schemas['DatasetPatch'];
export type HistogramBin = Schemas['HistogramBin'];
export type ColumnProfile = Schemas['ColumnProfile'];
export type Profile = Schemas['Profile'];
export type Sample = Schemas['Sample'];
export type IngestMode = Schemas['IngestMode'];
export type IngestReport = Schemas['IngestReport'];
/** The upload form's fields the UI sets (the file travels beside them). */
export type UploadOptions = Pick<Schemas['IngestOptions'], 'name' | 'mode' | 'key' | 'delimiter'> &
  Pick<Schemas['UploadForm'], 'async'>;

// ---- SQL
export type Policy = Schemas['Policy'];
export type SqlRequest = Schemas['SqlRequest'];
export type SqlResult = Schemas['SqlResult'];

// ---- ask
export type Language = Schemas['Language'];
export type AskRequest = Schemas['AskRequest'];
export type Plan = Schemas['Plan'];
export type AnswerOk = Schemas['Answer'];
export type AnswerUnclear = Schemas['AnswerUnclear'];
export type Answer = Schemas['AskResult'];
/** Statistics of the measure: numbers, null (undefined for the data) or nested objects. */
export type Statistics = NonNullable<AnswerOk['statistics']>;

// ---- saved questions and dashboards
export type ChartSettings = Schemas['ChartSettings'];
export type ChartType = NonNullable<ChartSettings['type']>;
export type NewQuestion = Schemas['NewQuestion'];
export type Question = Schemas['Question'];
export type QuestionResult = Schemas['QuestionResult'];
export type DashboardCard = Schemas['Card'];
export type DashboardFilter = Schemas['DashboardFilter'];
export type NewDashboard = Schemas['NewDashboard'];
export type Dashboard = Schemas['Dashboard'];
export type PublicLink = Schemas['PublicLink'];
export type DrillRequest = NonNullable<operations['drillQuestion']['requestBody']>['content']['application/json'];
export type DrillFilter = DrillRequest['filters'][number];
export type EmbedToken = operations['createEmbedToken']['responses']['201']['content']['application/json'];
export type ExportRequest = Schemas['ExportRequest'];

// ---- jobs
export type JobStatus = Schemas['JobStatus'];
export type Job = Schemas['Job'];
export type JobList = Schemas['JobList'];
export type JobAccepted = Schemas['JobAccepted'];

export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];
