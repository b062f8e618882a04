import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../api/client';
import type { AnswerOk } from '../../api/schema';
import { fakeFetch, memoryStorage, renderWithApp } from '../../test/render';
import { AnswerView } from './AnswerView';

// jsdom has no canvas: stand in for the chart and record what it was given.
const charts: unknown[] = [];
vi.mock('../../components/EChart', () => ({
  EChart: (props: { option: unknown; label: string; testId?: string }) => {
    charts.push(props.option);
    return <div role="img" aria-label={props.label} data-testid={props.testId} />;
  },
}));

const answer: AnswerOk = {
  status: 'ok',
  question: 'How many orders per status?',
  language: 'en',
  table: 'orders',
  query: 'SELECT orders.status AS status FROM orders',
  answer_sql: 'SELECT status, count(*) FROM orders GROUP BY 1',
  policy: 'strict',
  value: null,
  statistics: { count: 5, mean: 5200.5, outliers_iqr: { count: 1, share: 0.2 }, histogram: { bins: 3 } },
  statistics_of: 'count',
  trend: null,
  result: { columns: [{ name: 'status', type: 'VARCHAR' }, { name: 'count', type: 'BIGINT' }], rows: [['Complete', 16712]], total_rows: 5 },
  insight: 'Complete has the most orders (16,712).',
  interpretation: [
    { phrase: 'per status', role: 'group', target: 'orders.status' },
    { phrase: '', role: 'aggregate', target: 'count' },
  ],
  confidence: 0.9,
  plan: {
    language: 'en',
    shape: 'grouped',
    table: 'orders',
    aggregate: 'count',
    interpretation: [],
    confidence: 0.9,
    notes: [],
    projection_sql: '',
    answer_sql: '',
  },
  chart: { series: [{ type: 'bar', data: [16712] }] },
  chart_kind: 'bar',
  engine: 'builtin',
  insight_engine: 'builtin',
  warnings: ['could also be about order_items'],
  rows_read: 26000,
  truncated: false,
  timings: { interpret_ms: 2.5, read_ms: 10, compute_ms: 1, insight_ms: 0.1, total_ms: 14 },
};

async function show(onRunSql = vi.fn()) {
  const client = new ApiClient({ fetch: fakeFetch(() => undefined), storage: memoryStorage(), eventSource: null });
  renderWithApp(<AnswerView answer={answer} busy={false} editedSql={false} onRunSql={onRunSql} />, { client });
  await act(async () => {}); // let the session settle
  return onRunSql;
}

describe('AnswerView', () => {
  it('shows the insight, the chart, the reading, the statistics and the timings', async () => {
    await show();
    expect(screen.getByTestId('insight')).toHaveTextContent('Complete has the most orders');
    expect(screen.getByTestId('answer-chart')).toBeInTheDocument();
    expect(charts.at(-1)).toEqual(answer.chart);
    expect(screen.getByTestId('engine')).toHaveTextContent('builtin');
    expect(screen.getByTestId('interpretation')).toHaveTextContent('orders.status');
    expect(screen.getByRole('rowheader', { name: 'Mean' })).toBeInTheDocument();
    expect(screen.getByText('5,200.5')).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Outliers (IQR): count' })).toBeInTheDocument();
    expect(screen.getByTestId('timings')).toHaveTextContent('14 ms');
    expect(screen.getByText('could also be about order_items')).toBeInTheDocument();
  });

  it('re-runs edited SQL', async () => {
    const run = await show();
    const user = userEvent.setup();
    const box = screen.getByTestId('answer-sql');
    await user.clear(box);
    await user.type(box, "SELECT orders.status AS status FROM orders WHERE status <> 'Returned'");
    await user.click(screen.getByRole('button', { name: 'Run this SQL' }));
    expect(run).toHaveBeenCalledWith("SELECT orders.status AS status FROM orders WHERE status <> 'Returned'");
  });
});
