import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../api/client';
import { fakeFetch, memoryStorage, renderWithApp, type Route } from '../test/render';
import { SqlPage } from './SqlPage';

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => [i]);
}

function setup(sql: (body: { sql: string; limit?: number }) => ReturnType<Route>) {
  const sent: { sql: string; limit?: number }[] = [];
  const fetch = fakeFetch(({ method, url, body }) => {
    if (url === '/api/v1/auth/me') return { body: { username: 'ana', role: 'analyst', auth: 'jwt' } };
    if (url.startsWith('/api/v1/datasets?')) return { body: { datasets: [], next_cursor: null } };
    if (method === 'POST' && url === '/api/v1/sql') {
      sent.push(body as { sql: string; limit?: number });
      return sql(body as { sql: string; limit?: number });
    }
    return undefined;
  });
  const client = new ApiClient({ fetch, storage: memoryStorage(), eventSource: null });
  renderWithApp(<SqlPage />, { client, path: '/sql' });
  return { sent };
}

async function runQuery(text: string, limit?: string) {
  const user = userEvent.setup();
  const box = screen.getByTestId('sql-input');
  await user.clear(box);
  await user.type(box, text);
  if (limit !== undefined) {
    await user.clear(screen.getByLabelText('Row limit'));
    await user.type(screen.getByLabelText('Row limit'), limit);
  }
  await user.click(screen.getByRole('button', { name: 'Run' }));
  return user;
}

function result(n: number, truncated: boolean, rowLimit = n) {
  return {
    body: {
      columns: [{ name: 'i', type: 'BIGINT' }],
      rows: rows(n),
      row_count: n,
      truncated,
      row_limit: rowLimit,
      max_row_limit: 10000,
      elapsed_ms: 3,
      sql: 'SELECT i FROM t',
      tables: ['t'],
    },
  };
}

describe('SqlPage', () => {
  it('says when the server’s maximum cut the result, and how to change it', async () => {
    const { sent } = setup(() => result(10000, true, 10000));
    await runQuery('SELECT i FROM t', '50000');
    const notice = await screen.findByTestId('sql-truncated');
    expect(sent[0].limit).toBe(50000);
    expect(notice).toHaveTextContent('Only the first 10,000 rows were returned: 10,000 is the most this server returns');
    expect(within(notice).getByText('sql.row_limit')).toBeInTheDocument();
    expect(within(notice).getByText('SAGAZ_SQL_ROW_LIMIT')).toBeInTheDocument();
  });

  it('says when the row limit asked for cut the result', async () => {
    setup(() => result(5, true, 5));
    await runQuery('SELECT i FROM t', '5');
    const notice = await screen.findByTestId('sql-truncated');
    expect(notice).toHaveTextContent('Only the first 5 rows were returned: the row limit above.');
    expect(notice).not.toHaveTextContent('SAGAZ_SQL_ROW_LIMIT');
  });

  it('points at the place of an error and puts a suggestion in the query', async () => {
    setup(() => ({
      status: 400,
      body: {
        error: {
          code: 'invalid_argument',
          message: 'Catalog Error: Table with name order does not exist!\nDid you mean "orders"?\n\nLINE 1: SELECT * FROM order\n                      ^',
          details: { position: '14', suggestions: 'orders,order_items' },
        },
      },
    }));
    const user = await runQuery('SELECT * FROM order');
    const place = await screen.findByTestId('sql-error-place');
    expect(place).toHaveTextContent('Line 1, column 15:');
    expect(place.querySelector('mark')).toHaveTextContent(/^order$/);
    // DuckDB's own excerpt is left out where the UI draws the place itself.
    expect(screen.getByRole('alert')).not.toHaveTextContent('LINE 1:');
    expect(screen.getByRole('alert')).toHaveTextContent('Table with name order does not exist!');
    await user.click(screen.getByRole('button', { name: 'Use orders in the query' }));
    const box = screen.getByTestId('sql-input') as HTMLTextAreaElement;
    expect(box).toHaveValue('SELECT * FROM orders');
    await waitFor(() => expect(box).toHaveFocus());
    expect([box.selectionStart, box.selectionEnd]).toEqual([14, 20]);
    expect(screen.getByRole('button', { name: 'Use order_items in the query' })).toBeInTheDocument();
  });

  it('shows the message alone when the error has no position or suggestions', async () => {
    setup(() => ({
      status: 403,
      body: { error: { code: 'permission_denied', message: 'the query does not parse: syntax error at or near "SELEC"', details: { rule: 'syntax' } } },
    }));
    await runQuery('SELEC 1');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('syntax error at or near "SELEC"');
    expect(screen.queryByTestId('sql-error-place')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sql-suggestions')).not.toBeInTheDocument();
  });
});
