import { describe, expect, it } from 'vitest';
import { isReportKind, runOutcome } from './reports';

describe('runOutcome', () => {
  it('reads a report job result', () => {
    const o = runOutcome({
      title: 'Vendas',
      files: [{ name: 'Vendas.pdf', content_type: 'application/pdf', bytes: 1234, path: 'reports/v/x.pdf' }],
      destination: 'folder:reports/v/x',
      webhook_status: 0,
      card_errors: ['GMV: boom'],
    });
    expect(o).toEqual({ files: [{ name: 'Vendas.pdf', bytes: 1234 }], destination: 'folder:reports/v/x', cardErrors: ['GMV: boom'] });
  });

  it('reads an alert that fired and one that did not', () => {
    const fired = runOutcome({
      value: 42.5,
      state: 'fired',
      delivered: { files: [{ name: 'alert.json', bytes: 10 }], destination: 'http://127.0.0.1:1/hook', webhook_status: 204, card_errors: [] },
    });
    expect(fired.value).toBe(42.5);
    expect(fired.state).toBe('fired');
    expect(fired.webhookStatus).toBe(204);
    expect(fired.files.map((f) => f.name)).toEqual(['alert.json']);
    expect(runOutcome({ value: 1, state: 'ok', delivered: null })).toEqual({ value: 1, state: 'ok', files: [], cardErrors: [] });
  });

  it('survives what a job has before it succeeds', () => {
    expect(runOutcome(null)).toEqual({ files: [], cardErrors: [] });
    expect(runOutcome('text')).toEqual({ files: [], cardErrors: [] });
    expect(runOutcome({ files: [{ nope: 1 }, null] })).toEqual({ files: [], cardErrors: [] });
  });
});

describe('isReportKind', () => {
  it('keeps reports and alerts, not pipelines', () => {
    expect(['report', 'alert', 'pipeline'].filter(isReportKind)).toEqual(['report', 'alert']);
  });
});
