// Sends comments in bulk: pasted (JSON, NDJSON, CSV with a header, or one comment a line; read here,
// sent as JSON batches) or a CSV/NDJSON file of any size (imported by the server). Each batch or
// file becomes a job whose progress shows live; what was stored and rejected is reported.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { postForm, sendComments, type CommentsAccepted, type StoreReport } from '../../api/tools';
import type { Job } from '../../api/schema';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobLine, useJob } from '../../components/JobFollow';
import { Progress } from '../../components/Progress';
import { formatInteger } from '../../format';
import { batches, parseComments } from './parse';

interface Sent {
  job: Job;
  stored?: StoreReport;
  label: string;
}

export function SendPanel() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [sent, setSent] = useState<Sent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [picker, setPicker] = useState(0); // a new key empties the file input after an upload
  const parsed = text.trim() ? parseComments(text, source.trim()) : null;

  const sendText = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed || parsed.items.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const parts = batches(parsed.items);
      for (const [i, part] of parts.entries()) {
        const r = await sendComments(api, part);
        const label = parts.length > 1 ? t('feedback.send.batchOf', { i: i + 1, n: parts.length }) : t('feedback.send.pasted');
        setSent((s) => [{ job: r.job, stored: r.stored, label }, ...s]);
      }
      setText('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const sendFile = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setUploaded(0);
    try {
      const form = new FormData();
      if (source.trim()) form.append('source', source.trim());
      form.append('format', /\.(ndjson|jsonl)$/i.test(file.name) ? 'ndjson' : /\.csv$/i.test(file.name) ? 'csv' : 'auto');
      form.append('file', file, file.name);
      const r = await postForm<CommentsAccepted>(api, '/api/v1/feedback/comments', form, (p) =>
        setUploaded(p.total ? (100 * p.loaded) / p.total : null),
      );
      setSent((s) => [{ job: r.job, label: file.name }, ...s]);
      setFile(null);
      setPicker((k) => k + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setUploaded(null);
    }
  };

  return (
    <div className="send-panel">
      <div className="chart-pair">
        <form className="card" onSubmit={(e) => void sendText(e)} aria-labelledby="fb-paste-title">
          <h2 id="fb-paste-title">{t('feedback.send.pasteTitle')}</h2>
          <p className="muted small">{t('feedback.send.pasteHint')}</p>
          <div className="field">
            <label htmlFor="fb-source-default">{t('feedback.send.source')}</label>
            <input id="fb-source-default" className="input" value={source} placeholder="loja" onChange={(e) => setSource(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="fb-paste">{t('feedback.send.paste')}</label>
            <textarea id="fb-paste" className="input code" rows={9} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          </div>
          {parsed && (
            <p className="muted small" role="status" data-testid="paste-preview">
              {t('feedback.send.preview', { n: formatInteger(parsed.items.length, lang), count: parsed.items.length, format: parsed.format.toUpperCase() })}
              {parsed.errors.length > 0 && ` ${t('feedback.send.skipped', { count: parsed.errors.length, n: formatInteger(parsed.errors.length, lang) })}`}
            </p>
          )}
          {parsed && parsed.errors.length > 0 && (
            <ul className="plain-list small">
              {parsed.errors.slice(0, 5).map((err) => (
                <li key={err.line}>{t('feedback.send.lineError', { line: err.line, message: err.message })}</li>
              ))}
            </ul>
          )}
          <button type="submit" className="button primary" disabled={busy || !parsed || parsed.items.length === 0}>
            {t('feedback.send.sendPasted')}
          </button>
        </form>
        <form className="card" onSubmit={(e) => void sendFile(e)} aria-labelledby="fb-file-title">
          <h2 id="fb-file-title">{t('feedback.send.fileTitle')}</h2>
          <p className="muted small">{t('feedback.send.fileHint')}</p>
          <div className="field">
            <label htmlFor="fb-file">{t('feedback.send.file')}</label>
            <input
              key={picker}
              id="fb-file"
              data-testid="feedback-file"
              type="file"
              accept=".csv,.ndjson,.jsonl,.txt,text/csv,application/x-ndjson"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          {uploaded !== null && <Progress value={uploaded} label={t('feedback.send.uploading')} />}
          <button type="submit" className="button primary" disabled={busy || !file}>
            {t('feedback.send.sendFile')}
          </button>
        </form>
      </div>
      <ErrorNotice error={error} />
      {sent.length > 0 && (
        <div className="card" aria-live="polite">
          <h2>{t('feedback.send.jobs')}</h2>
          <ul className="plain-list job-lines">
            {sent.map((s) => (
              <li key={s.job.id}>
                <SentJob sent={s} onDone={() => void queries.invalidateQueries({ queryKey: ['feedback'] })} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function SentJob({ sent, onDone }: { sent: Sent; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { job, error } = useJob(sent.job.id, onDone);
  // A file's import job reports what it stored; a pasted batch was stored before its job started.
  const result = job?.result as { store?: StoreReport; classify?: { classified?: number } } | null | undefined;
  const stored = sent.stored ?? result?.store;
  const classified = result?.classify?.classified ?? (result as { classified?: number } | null | undefined)?.classified;
  return (
    <div data-testid="sent-job">
      <JobLine job={job ?? sent.job} error={error} label={sent.label} />
      {stored && (
        <p className="small" data-testid="store-report">
          {t('feedback.send.stored', {
            received: formatInteger(stored.received, lang),
            inserted: formatInteger(stored.inserted, lang),
            updated: formatInteger(stored.updated, lang),
            unchanged: formatInteger(stored.unchanged, lang),
            rejected: formatInteger(stored.rejected, lang),
          })}
        </p>
      )}
      {classified !== undefined && (
        <p className="small" data-testid="classified">
          {t('feedback.send.classified', { n: formatInteger(classified, lang), count: classified })}
        </p>
      )}
      {stored && stored.errors.length > 0 && (
        <ul className="plain-list small">
          {stored.errors.slice(0, 5).map((e) => (
            <li key={e.index}>{t('feedback.send.itemError', { index: e.index, id: e.id ?? '—', message: e.message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
