// The form that makes or changes a report or alert schedule: what it shows (a dashboard or a saved
// question; an alert watches a question's value against a threshold), the files, where they go (a
// folder under the data directory or an allow-listed webhook), the language and when (cron, time
// zone). Editing keeps the name and kind; the server checks the payload and binds it to the caller.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import {
  REPORT_FORMATS,
  createSchedule,
  updateSchedule,
  type AlertPayload,
  type ReportFormat,
  type ReportKind,
  type ReportPayload,
  type Schedule,
  type ScheduleDraft,
} from '../../api/reports';
import { ErrorNotice } from '../../components/ErrorNotice';

interface Fields {
  name: string;
  kind: ReportKind;
  cron: string;
  timeZone: string;
  target: string; // "d:<id>" or "q:<id>"
  formats: ReportFormat[];
  via: 'folder' | 'webhook';
  destination: string;
  language: 'pt' | 'en';
  direction: 'above' | 'below';
  threshold: string;
  hysteresis: string;
  column: string;
  statistic: string;
}

function fieldsOf(s: Schedule | null, language: 'pt' | 'en'): Fields {
  const p = (s?.payload ?? {}) as Partial<ReportPayload & AlertPayload>;
  const target = p.dashboard_id ? `d:${p.dashboard_id}` : p.question_id ? `q:${p.question_id}` : '';
  return {
    name: s?.name ?? '',
    kind: s?.kind === 'alert' ? 'alert' : 'report',
    cron: s?.cron ?? '0 7 * * MON',
    timeZone: s?.time_zone ?? 'America/Sao_Paulo',
    target,
    formats: p.formats ?? (s ? [] : ['pdf']),
    via: p.delivery?.webhook ? 'webhook' : 'folder',
    destination: p.delivery?.webhook ?? p.delivery?.folder ?? '',
    language: p.language ?? language,
    direction: p.direction ?? 'above',
    threshold: p.threshold !== undefined ? String(p.threshold) : '',
    hysteresis: p.hysteresis !== undefined ? String(p.hysteresis) : '0',
    column: p.column ?? '',
    statistic: p.statistic ?? '',
  };
}

/** `statistics`: the alert's question is a statistics question (it may name a statistic). */
function draftOf(f: Fields, statistics: boolean): ScheduleDraft {
  const delivery = f.via === 'webhook' ? { webhook: f.destination.trim() } : { folder: f.destination.trim() };
  const [which, id] = [f.target.slice(0, 1), f.target.slice(2)];
  let payload: ReportPayload | AlertPayload;
  if (f.kind === 'report') {
    payload = { ...(which === 'd' ? { dashboard_id: id } : { question_id: id }), formats: f.formats, delivery, language: f.language };
  } else {
    payload = {
      question_id: id,
      direction: f.direction,
      threshold: Number(f.threshold.replace(',', '.')),
      hysteresis: Number(f.hysteresis.replace(',', '.') || '0'),
      formats: f.formats,
      delivery,
      language: f.language,
      ...(f.column.trim() ? { column: f.column.trim() } : {}),
      ...(statistics && f.statistic.trim() ? { statistic: f.statistic.trim() } : {}),
    };
  }
  return { name: f.name.trim(), cron: f.cron.trim(), time_zone: f.timeZone.trim() || 'UTC', kind: f.kind, payload };
}

export function ScheduleForm({ editing, onSaved, onCancel }: { editing: Schedule | null; onSaved: (s: Schedule) => void; onCancel: () => void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [f, setF] = useState<Fields>(() => fieldsOf(editing, i18n.language.startsWith('pt') ? 'pt' : 'en'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const boards = useQuery({ queryKey: ['dashboards'], queryFn: ({ signal }) => api.dashboards(signal) });
  const questions = useQuery({ queryKey: ['questions'], queryFn: ({ signal }) => api.questions(signal) });
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const draft = draftOf(f, watchesStatistics);
      onSaved(editing ? await updateSchedule(api, editing.id, draft) : await createSchedule(api, draft));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const alert = f.kind === 'alert';
  const chosen = (questions.data?.questions ?? []).find((q) => `q:${q.id}` === f.target);
  const watchesStatistics = alert && chosen?.kind === 'stats';
  const ready = f.name.trim() && f.cron.trim() && f.target && f.destination.trim() && (!alert || f.threshold.trim()) && (alert || f.formats.length > 0);
  return (
    <form className="schedule-form" onSubmit={(e) => void submit(e)} data-testid="schedule-form">
      <h2>{editing ? t('reports.editTitle', { name: editing.name }) : t('reports.newTitle')}</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="schedule-name">{t('reports.name')}</label>
          <input id="schedule-name" className="input" value={f.name} disabled={!!editing} onChange={(e) => set('name', e.target.value)} />
        </div>
        <fieldset className="field inline-choices">
          <legend>{t('reports.kind')}</legend>
          {(['report', 'alert'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="radio"
                name="schedule-kind"
                checked={f.kind === k}
                disabled={!!editing}
                onChange={() => setF((old) => ({ ...old, kind: k, target: k === 'alert' && old.target.startsWith('d:') ? '' : old.target }))}
              />{' '}
              {t(`reports.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="field">
        <label htmlFor="schedule-target">{alert ? t('reports.watchedQuestion') : t('reports.target')}</label>
        <select id="schedule-target" className="select" value={f.target} onChange={(e) => set('target', e.target.value)}>
          <option value="">{t('reports.choose')}</option>
          {!alert && (
            <optgroup label={t('reports.dashboards')}>
              {(boards.data?.dashboards ?? []).map((d) => (
                <option key={d.id} value={`d:${d.id}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={t('reports.questions')}>
            {(questions.data?.questions ?? []).map((q) => (
              <option key={q.id} value={`q:${q.id}`}>
                {q.name} ({q.kind})
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      {alert && (
        <div className="form-row">
          <div className="field">
            <label htmlFor="alert-direction">{t('reports.direction')}</label>
            <select id="alert-direction" className="select" value={f.direction} onChange={(e) => set('direction', e.target.value as Fields['direction'])}>
              <option value="above">{t('reports.above')}</option>
              <option value="below">{t('reports.below')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="alert-threshold">{t('reports.threshold')}</label>
            <input id="alert-threshold" className="input" inputMode="decimal" value={f.threshold} onChange={(e) => set('threshold', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="alert-hysteresis">{t('reports.hysteresis')}</label>
            <input id="alert-hysteresis" className="input" inputMode="decimal" value={f.hysteresis} onChange={(e) => set('hysteresis', e.target.value)} />
          </div>
          {watchesStatistics && (
            <div className="field">
              <label htmlFor="alert-statistic">{t('reports.statistic')}</label>
              <input id="alert-statistic" className="input" value={f.statistic} placeholder="mean" onChange={(e) => set('statistic', e.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="alert-column">{t('reports.column')}</label>
            <input id="alert-column" className="input" value={f.column} placeholder={t('reports.columnHint')} onChange={(e) => set('column', e.target.value)} />
          </div>
        </div>
      )}
      <fieldset className="field inline-choices">
        <legend>{alert ? t('reports.alertFiles') : t('reports.formats')}</legend>
        {REPORT_FORMATS.map((fmt) => (
          <label key={fmt} className="check">
            <input
              type="checkbox"
              checked={f.formats.includes(fmt)}
              onChange={(e) => set('formats', e.target.checked ? [...f.formats, fmt] : f.formats.filter((x) => x !== fmt))}
            />{' '}
            {fmt.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <fieldset className="field inline-choices">
          <legend>{t('reports.delivery')}</legend>
          {(['folder', 'webhook'] as const).map((v) => (
            <label key={v} className="check">
              <input type="radio" name="schedule-via" checked={f.via === v} onChange={() => set('via', v)} /> {t(`reports.via.${v}`)}
            </label>
          ))}
        </fieldset>
        <div className="field grow">
          <label htmlFor="schedule-destination">{f.via === 'folder' ? t('reports.folder') : t('reports.webhook')}</label>
          <input
            id="schedule-destination"
            className="input"
            value={f.destination}
            placeholder={f.via === 'folder' ? 'vendas' : 'https://hooks.example.com/sagaz'}
            onChange={(e) => set('destination', e.target.value)}
          />
        </div>
      </div>
      <p className="muted small">{f.via === 'folder' ? t('reports.folderHint') : t('reports.webhookHint')}</p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="schedule-cron">{t('reports.cron')}</label>
          <input id="schedule-cron" className="input mono" value={f.cron} onChange={(e) => set('cron', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="schedule-tz">{t('reports.timeZone')}</label>
          <input id="schedule-tz" className="input" value={f.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="schedule-language">{t('reports.language')}</label>
          <select id="schedule-language" className="select" value={f.language} onChange={(e) => set('language', e.target.value as Fields['language'])}>
            <option value="pt">Português</option>
            <option value="en">English</option>
          </select>
        </div>
      </div>
      <p className="muted small">{t('reports.cronHint')}</p>
      {error !== null && <ErrorNotice error={error} compact />}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy || !ready} data-testid="save-schedule">
          {editing ? t('reports.saveChanges') : t('reports.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('reports.cancel')}
        </button>
      </div>
    </form>
  );
}
