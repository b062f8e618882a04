import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../api/client';
import { FakeEventSource, FakeXhr, fakeFetch, memoryStorage, renderWithApp } from '../../test/render';
import { UploadPanel } from './UploadPanel';

const report = {
  dataset: 'vendas',
  format: 'csv',
  mode: 'create',
  rows_loaded: 2,
  rows_rejected: 0,
  rows_inserted: 2,
  rows_updated: 0,
  dataset_rows: 2,
  columns: [{ name: 'valor', type: 'DOUBLE', note: 'read as DOUBLE (decimal with comma)' }],
  decisions: ["delimiter: ';' (detected)"],
  rejections: [],
  bytes: 27,
  elapsed_ms: 70.7,
};

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

async function setup() {
  const client = new ApiClient({
    fetch: fakeFetch(({ url }) => (url === '/api/v1/auth/me' ? { status: 404 } : undefined)),
    storage: memoryStorage(),
    eventSource: FakeEventSource as unknown as typeof EventSource,
  });
  renderWithApp(<UploadPanel disabled={false} />, { client });
  const file = new File(['data;valor\n01/02/2025;1,5\n'], 'vendas.csv', { type: 'text/csv' });
  return { file, user: userEvent.setup() };
}

describe('UploadPanel', () => {
  it('shows the bytes going up, then the ingest report', async () => {
    const { file, user } = await setup();
    await user.type(screen.getByLabelText('Dataset name'), 'vendas');
    await user.upload(screen.getByTestId('file-input'), file);
    await waitFor(() => expect(FakeXhr.last?.body).not.toBeNull());
    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe('/api/v1/datasets');
    expect(xhr.body!.get('name')).toBe('vendas');
    expect((xhr.body!.get('file') as File).name).toBe('vendas.csv');
    act(() => xhr.progress(10, 40));
    expect(screen.getByRole('progressbar', { name: 'Sending vendas.csv' })).toHaveAttribute('value', '25');
    act(() => xhr.progress(40, 40));
    expect(screen.getByRole('progressbar', { name: 'Loading vendas.csv' })).toBeInTheDocument();
    act(() => xhr.respond(201, report));
    expect(await screen.findByTestId('ingest-report')).toHaveTextContent('2 rows loaded into vendas');
  });

  it('follows a background job to its report', async () => {
    const { file, user } = await setup();
    await user.click(screen.getByLabelText('Run as a background job'));
    await user.upload(screen.getByTestId('file-input'), file);
    await waitFor(() => expect(FakeXhr.last?.body).not.toBeNull());
    expect(FakeXhr.last!.body!.get('async')).toBe('true');
    const job = {
      id: 'job_9',
      kind: 'ingest',
      status: 'queued',
      progress: 0,
      message: 'queued',
      result: null,
      error: null,
      attempts: 0,
      max_attempts: 3,
      priority: 0,
      created_at: '2026-01-01T00:00:00Z',
      started_at: null,
      finished_at: null,
      created_by: null,
    };
    act(() => FakeXhr.last!.respond(202, { job }));
    await waitFor(() => expect(FakeEventSource.last?.url).toBe('/api/v1/jobs/job_9/events'));
    act(() => FakeEventSource.last!.emit('progress', { ...job, status: 'running', progress: 40 }));
    expect(screen.getByRole('progressbar', { name: 'Job progress for vendas.csv' })).toHaveAttribute('value', '40');
    act(() => FakeEventSource.last!.emit('done', { ...job, status: 'succeeded', progress: 100, result: report }));
    expect(await screen.findByTestId('ingest-report')).toHaveTextContent('2 rows loaded into vendas');
  });

  it('explains a refused upload', async () => {
    const { file, user } = await setup();
    await user.upload(screen.getByTestId('file-input'), file);
    await waitFor(() => expect(FakeXhr.last?.body).not.toBeNull());
    act(() =>
      FakeXhr.last!.respond(409, {
        error: { code: 'already_exists', message: "dataset 'vendas' already exists", details: { dataset: 'vendas' } },
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('It already exists');
    expect(screen.getByRole('alert')).toHaveTextContent("dataset 'vendas' already exists");
  });
});
