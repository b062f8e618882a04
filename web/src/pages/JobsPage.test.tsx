import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../api/client';
import type { Job } from '../api/schema';
import { FakeEventSource, fakeFetch, memoryStorage, renderWithApp } from '../test/render';
import i18n from '../i18n';
import { JobsPage, jobMessage } from './JobsPage';

function job(patch: Partial<Job>): Job {
  return {
    id: 'job_1',
    kind: 'ingest',
    status: 'running',
    progress: 10,
    message: 'reading',
    result: null,
    error: null,
    attempts: 1,
    max_attempts: 3,
    priority: 0,
    created_at: '2026-01-01T10:00:00Z',
    started_at: '2026-01-01T10:00:01Z',
    finished_at: null,
    created_by: 'ana',
    cancel_requested: false,
    idempotency_key: null,
    updated_at: '2026-01-01T10:00:01Z',
    run_at: null,
    ...patch,
  };
}

function setup(role: 'viewer' | 'analyst') {
  const cancels: string[] = [];
  const fetch = fakeFetch(({ method, url }) => {
    if (url === '/api/v1/auth/me') return { body: { username: 'ana', role, auth: 'jwt' } };
    if (method === 'GET' && url.startsWith('/api/v1/jobs?')) return { body: { jobs: [job({})], next_cursor: null } };
    if (method === 'POST' && url === '/api/v1/jobs/job_1/cancel') {
      cancels.push(url);
      return { status: 202, body: job({ cancel_requested: true }) };
    }
    return undefined;
  });
  const client = new ApiClient({
    fetch,
    storage: memoryStorage(),
    eventSource: FakeEventSource as unknown as typeof EventSource,
  });
  renderWithApp(<JobsPage />, { client, path: '/jobs' });
  return { cancels };
}

describe('JobsPage', () => {
  it('shows live progress from the event stream until the job is done', async () => {
    FakeEventSource.last = null;
    setup('analyst');
    expect(await screen.findByText('Data load')).toBeInTheDocument();
    await waitFor(() => expect(FakeEventSource.last?.url).toBe('/api/v1/jobs/job_1/events'));
    const bar = screen.getByRole('progressbar', { name: 'Progress of job job_1' });
    expect(bar).toHaveAttribute('value', '10');
    act(() => FakeEventSource.last!.emit('progress', job({ progress: 65, message: 'half way' })));
    expect(bar).toHaveAttribute('value', '65');
    expect(screen.getByText('half way')).toBeInTheDocument();
    act(() =>
      FakeEventSource.last!.emit(
        'done',
        job({
          status: 'succeeded',
          progress: 100,
          finished_at: '2026-01-01T10:00:09Z',
          result: {
            dataset: 'vendas',
            format: 'csv',
            mode: 'create',
            rows_loaded: 5,
            rows_rejected: 0,
            rows_inserted: 5,
            rows_updated: 0,
            dataset_rows: 5,
            columns: [],
            decisions: [],
            rejections: [],
            bytes: 100,
            elapsed_ms: 3,
          },
        }),
      ),
    );
    expect(FakeEventSource.last!.readyState).toBe(2);
  });

  it('cancels a running job for analysts', async () => {
    const { cancels } = setup('analyst');
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel job job_1' }));
    await waitFor(() => expect(cancels).toHaveLength(1));
    expect(await screen.findByText('Cancelling…')).toBeInTheDocument();
  });

  it('offers no cancel to viewers', async () => {
    setup('viewer');
    expect(await screen.findByText('Data load')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Cancel job/ })).toBeNull();
  });

  it('shows why a retry was refused, on the job it was for', async () => {
    const failed = job({
      status: 'failed',
      message: 'failed',
      progress: 40,
      finished_at: '2026-01-01T10:00:05Z',
      error: { code: 'io_error', message: 'cannot read the upload' },
    });
    const fetch = fakeFetch(({ method, url }) => {
      if (url === '/api/v1/auth/me') return { body: { username: 'ana', role: 'analyst', auth: 'jwt' } };
      if (method === 'GET' && url.startsWith('/api/v1/jobs?')) return { body: { jobs: [failed], next_cursor: null } };
      if (method === 'POST' && url === '/api/v1/jobs/job_1/retry') {
        return {
          status: 412,
          body: {
            error: {
              code: 'failed_precondition',
              message: "the upload of job 'job_1' is gone; upload the file again",
              details: { state: 'failed' },
            },
          },
        };
      }
      return undefined;
    });
    const client = new ApiClient({ fetch, storage: memoryStorage(), eventSource: null });
    renderWithApp(<JobsPage />, { client, path: '/jobs' });
    await userEvent.click(await screen.findByRole('button', { name: 'Retry job job_1' }));
    const card = screen.getByTestId('job');
    const refusal = await within(card).findByText("the upload of job 'job_1' is gone; upload the file again");
    expect(refusal.closest('[role=alert]')).toHaveTextContent('Not possible right now');
    // "failed" only repeats the status: it is not shown as a message.
    expect(within(card).queryByText('failed')).toBeNull();
  });
});

describe('jobMessage', () => {
  it('says the queue’s words in the UI language and leaves out what the status says', async () => {
    await i18n.changeLanguage('pt-BR');
    expect(jobMessage('done', i18n.t)).toBeNull();
    expect(jobMessage('loading vendas.csv', i18n.t)).toBe('Carregando vendas.csv…');
    expect(jobMessage('retrying in 4 s', i18n.t)).toBe('Falhou; nova tentativa em 4 s.');
    expect(jobMessage('cancelling', i18n.t)).toBe('Cancelando…');
    expect(jobMessage('reading row groups', i18n.t)).toBe('reading row groups');
    await i18n.changeLanguage('en');
  });
});
