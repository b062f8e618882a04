import { describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../api/client';
import type { AnswerOk } from '../../api/schema';
import { download } from '../../export';
import i18n from '../../i18n';
import { fakeFetch, memoryStorage, renderWithApp } from '../../test/render';
import { AnswerView } from './AnswerView';

// Downloads are recorded, not saved (jsdom has no object URLs).
vi.mock('../../export', async (original) => ({
  ...(await original<typeof import('../../export')>()),
  download: vi.fn(),
}));

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
    group_by: 'orders.status',
    interpretation: [],
    confidence: 0.9,
    notes: [],
    projection_sql: 'SELECT "orders"."status" AS "status" FROM "orders"',
    answer_sql: 'SELECT status, count(*) FROM orders GROUP BY 1',
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

// "Total sales per month" under the strict policy: the chart and the insight are monthly totals,
// the statistics are of every row's sale price.
const monthly: AnswerOk = {
  ...answer,
  question: 'total sales per month',
  table: 'order_items',
  query: 'SELECT order_items.created_at AS created_at, order_items.sale_price AS sale_price FROM order_items',
  answer_sql:
    'SELECT date_trunc(\'month\', "order_items"."created_at") AS "month", sum("order_items"."sale_price") AS "sum_sale_price" FROM "order_items" GROUP BY 1 ORDER BY 1',
  statistics: { count: 41366, mean: 47.28046149011266, iqr: 39.519999999999996 },
  statistics_of: 'sale_price',
  result: {
    columns: [
      { name: 'month', type: 'DATE' },
      { name: 'sum_sale_price', type: 'DOUBLE' },
    ],
    rows: [
      ['2022-01-01', 19041.89],
      ['2022-02-01', 17568.170000000002],
    ],
    total_rows: 48,
  },
  interpretation: [
    { phrase: 'per month', role: 'group', target: 'month' },
    { phrase: '', role: 'aggregate', target: 'sum' },
  ],
  plan: {
    ...answer.plan,
    shape: 'series',
    table: 'order_items',
    aggregate: 'sum',
    group_by: undefined,
    measure: 'order_items.sale_price',
    time: 'order_items.created_at',
    bucket: 'month',
  },
};

async function show(onRunSql = vi.fn(), shown: AnswerOk = answer) {
  const client = new ApiClient({ fetch: fakeFetch(() => undefined), storage: memoryStorage(), eventSource: null });
  renderWithApp(<AnswerView answer={shown} busy={false} editedSql={false} onRunSql={onRunSql} />, { client });
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
    expect(screen.getByTestId('stats-subject')).toHaveTextContent(
      'Statistics of the answer’s 5 values (count per status): the ones the chart shows.',
    );
    expect(screen.queryByTestId('stats-not-chart')).not.toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Outliers (IQR): count' })).toBeInTheDocument();
    expect(screen.getByTestId('timings')).toHaveTextContent('14 ms');
    expect(screen.getByText('could also be about order_items')).toBeInTheDocument();
  });

  it('shows the SQL of the answer, and the query that read the rows as a detail', async () => {
    await show(vi.fn(), monthly);
    expect(screen.getByTestId('answer-sql')).toHaveTextContent('sum("order_items"."sale_price")');
    expect(screen.getByTestId('open-answer-sql')).toHaveAttribute(
      'href',
      `/sql?q=${encodeURIComponent(monthly.answer_sql)}`,
    );
    const detail = screen.getByText('The query that read the rows').closest('details')!;
    expect(detail).not.toHaveAttribute('open');
    expect(within(detail).getByTestId('rows-sql')).toHaveValue(monthly.query);
  });

  it('says the statistics are of the rows when the chart shows monthly totals', async () => {
    await show(vi.fn(), monthly);
    expect(screen.getByTestId('stats-subject')).toHaveTextContent(
      'Statistics of sale_price over the 41,366 rows read: one value per row.',
    );
    expect(screen.getByTestId('stats-not-chart')).toHaveTextContent(
      'The chart and the insight show something else: the sum per month.',
    );
    expect(screen.getByText('47.2804614901127')).toBeInTheDocument();
    expect(screen.getByText('39.52')).toBeInTheDocument();
  });

  it('speaks Portuguese about the plan', async () => {
    await act(() => i18n.changeLanguage('pt-BR'));
    await show(vi.fn(), monthly);
    expect(screen.getByTestId('interpretation')).toHaveTextContent('mês');
    expect(screen.getByTestId('interpretation')).toHaveTextContent('soma');
    expect(screen.getByText('Política de SQL').nextSibling).toHaveTextContent('estrita');
    expect(screen.getByTestId('stats-not-chart')).toHaveTextContent('soma por mês');
    expect(screen.getByText('19.041,89')).toBeInTheDocument();
    await act(() => i18n.changeLanguage('en'));
  });

  it('exports the answer’s rows as CSV and JSON, with plain numbers', async () => {
    await show(vi.fn(), monthly);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(download).toHaveBeenLastCalledWith(
      expect.stringMatching(/^total-sales-per-month-.*\.csv$/),
      'month,sum_sale_price\r\n2022-01-01,19041.89\r\n2022-02-01,17568.17',
      'text/csv;charset=utf-8',
    );
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    const [name, text] = vi.mocked(download).mock.lastCall!;
    expect(name).toMatch(/\.json$/);
    expect(JSON.parse(text)).toEqual([
      { month: '2022-01-01', sum_sale_price: 19041.89 },
      { month: '2022-02-01', sum_sale_price: 17568.17 },
    ]);
    expect(screen.getByTestId('rows-partial')).toHaveTextContent('The answer holds 2 of its 48 rows');
  });

  it('writes a one-number chart’s figure in the UI language', async () => {
    await act(() => i18n.changeLanguage('pt-BR'));
    const count: AnswerOk = {
      ...answer,
      value: 26000,
      chart_kind: 'number',
      chart: { title: { text: '26,000', subtext: 'how many orders?' } },
    };
    await show(vi.fn(), count);
    expect(charts.at(-1)).toEqual({ title: { text: '26.000', subtext: 'how many orders?' } });
    await act(() => i18n.changeLanguage('en'));
  });

  it('re-runs edited SQL', async () => {
    const run = await show();
    const user = userEvent.setup();
    await user.click(screen.getByText('The query that read the rows'));
    const box = screen.getByTestId('rows-sql');
    await user.clear(box);
    await user.type(box, "SELECT orders.status AS status FROM orders WHERE status <> 'Returned'");
    await user.click(screen.getByRole('button', { name: 'Run this SQL' }));
    expect(run).toHaveBeenCalledWith("SELECT orders.status AS status FROM orders WHERE status <> 'Returned'");
  });
});
