// What an answer's statistics describe. Ask computes them over one of two things: every row's value
// of the measure (the column, over the rows read), or the answer's own values (one per group or
// period: the values the chart draws and the insight talks about). The panel must say which, or a
// reader takes the spread of single sale prices for the spread of monthly totals.
import type { AnswerOk } from '../../api/schema';

export type StatisticsScope = 'rows' | 'values' | 'unknown';

export interface StatisticsSubject {
  scope: StatisticsScope;
  /** The column (rows) or the answer's value column (values), as the answer names it. */
  name: string;
  /** How many values the statistics cover (their `count`), when the answer says. */
  count: number | null;
  /** The aggregate of the answer ("sum"), or null for answers that aggregate nothing. */
  aggregate: string | null;
  /** What the answer has one value per: a time bucket ("month") or a column ("status"), or null. */
  per: { bucket: string } | { column: string } | null;
}

function column(qualified: string | undefined): string | undefined {
  return qualified?.split('.').pop();
}

/**
 * Reads the subject of the statistics from the answer. `statistics_of` names either the measure's
 * column (statistics of the rows) or the answer's value column, which Ask names after its aggregate
 * and measure (`sum_sale_price`, `count`). A `statistics_scope` field, when the server sends one,
 * says it outright and wins.
 */
export function statisticsSubject(answer: AnswerOk): StatisticsSubject {
  const plan = answer.plan;
  const measure = column(plan.measure);
  const aggregate = plan.aggregate && plan.aggregate !== 'none' ? plan.aggregate : null;
  const valueName = aggregate ? (measure ? `${aggregate}_${measure}` : aggregate) : null;
  const declared = (answer as { statistics_scope?: unknown }).statistics_scope;
  let scope: StatisticsScope = 'unknown';
  if (declared === 'rows' || declared === 'values') scope = declared;
  else if (valueName && answer.statistics_of === valueName) scope = 'values';
  else if (measure && answer.statistics_of === measure) scope = 'rows';
  const bucket = plan.bucket && plan.bucket !== 'none' ? plan.bucket : undefined;
  const group = column(plan.group_by);
  const per = bucket ? { bucket } : group ? { column: group } : null;
  const count = typeof answer.statistics?.count === 'number' ? answer.statistics.count : null;
  return { scope, name: answer.statistics_of, count, aggregate, per };
}

/** True when the answer is several aggregated values (per group or period), not one figure. */
export function answersPerSomething(answer: AnswerOk): boolean {
  const s = answer.plan.shape;
  return (s === 'grouped' || s === 'series' || s === 'top') && statisticsSubject(answer).per !== null;
}
