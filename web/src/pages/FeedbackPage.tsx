// Feedback: customer comments classified by sentiment and tags. A dashboard of the filtered comments
// (sentiment over time, by tag and source, top keyphrases), the searchable list with each comment's
// classification history, bulk sending (pasted or a file) as a job with live progress, the public
// report's link, the weekly summaries, and evaluations against labelled files beside the majority
// baseline.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { feedbackSummary, feedbackTaxonomy, SENTIMENTS, type CommentFilter } from '../api/tools';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../components/ErrorNotice';
import { TabPanel, Tabs } from '../components/Tabs';
import { Overview } from './feedback/Overview';
import { CommentList } from './feedback/CommentList';
import { SendPanel } from './feedback/SendPanel';
import { EvaluationPanel } from './feedback/EvaluationPanel';
import { WeeklyPanel } from './feedback/WeeklyPanel';
import { tagName } from './feedback/names';

type Tab = 'overview' | 'comments' | 'weekly' | 'send' | 'evaluate';

export function FeedbackPage() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [tab, setTab] = useState<Tab>('overview');
  const [draft, setDraft] = useState<CommentFilter>({});
  const [filter, setFilter] = useState<CommentFilter>({});
  const taxonomy = useQuery({ queryKey: ['feedback', 'taxonomy'], queryFn: ({ signal }) => feedbackTaxonomy(api, signal) });
  const summary = useQuery({
    queryKey: ['feedback', 'summary', filter],
    queryFn: ({ signal }) => feedbackSummary(api, filter, signal),
  });
  const tags = taxonomy.data?.tags ?? [];
  const sources = (summary.data?.by_source ?? []).map((s) => s.source ?? '').filter(Boolean);
  const set = (k: keyof CommentFilter, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const tabs = [
    { key: 'overview' as const, label: t('feedback.tabs.overview') },
    { key: 'comments' as const, label: t('feedback.tabs.comments') },
    { key: 'weekly' as const, label: t('feedback.tabs.weekly') },
    ...(session.can('write') ? [{ key: 'send' as const, label: t('feedback.tabs.send') }] : []),
    { key: 'evaluate' as const, label: t('feedback.tabs.evaluate') },
  ];

  return (
    <section className="page feedback-page" aria-labelledby="feedback-title">
      <div className="row wrap">
        <h1 id="feedback-title">{t('feedback.title')}</h1>
        <span className="spacer" />
        {taxonomy.data && (
          <span className="muted small" data-testid="classifier">
            {t('feedback.classifier', { name: taxonomy.data.classifier, version: taxonomy.data.classifier_version })}
          </span>
        )}
        <a className="button small" href="/report" target="_blank" rel="noopener" data-testid="report-link">
          {t('feedback.publicReport')}
        </a>
      </div>
      <p className="muted">{t('feedback.intro')}</p>

      {(tab === 'overview' || tab === 'comments') && (
        <form
          className="filter-bar feedback-filters"
          aria-label={t('feedback.filters')}
          onSubmit={(e) => {
            e.preventDefault();
            setFilter(draft);
          }}
        >
          <div className="field">
            <label htmlFor="fb-q">{t('feedback.search')}</label>
            <input id="fb-q" className="input" type="search" value={draft.q ?? ''} onChange={(e) => set('q', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="fb-sentiment">{t('feedback.sentiment')}</label>
            <select id="fb-sentiment" className="select" value={draft.sentiment ?? ''} onChange={(e) => set('sentiment', e.target.value)}>
              <option value="">{t('feedback.any')}</option>
              {SENTIMENTS.map((s) => (
                <option key={s} value={s}>
                  {t(`feedback.sentiments.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fb-tag">{t('feedback.tag')}</label>
            <select id="fb-tag" className="select" value={draft.tag ?? ''} onChange={(e) => set('tag', e.target.value)}>
              <option value="">{t('feedback.any')}</option>
              {tags.map((tag) => (
                <option key={tag.tag} value={tag.tag}>
                  {tagName(tag.tag, tags, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fb-source">{t('feedback.source')}</label>
            <select id="fb-source" className="select" value={draft.source ?? ''} onChange={(e) => set('source', e.target.value)}>
              <option value="">{t('feedback.any')}</option>
              {[...new Set([...sources, ...(draft.source ? [draft.source] : [])])].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fb-from">{t('feedback.from')}</label>
            <input id="fb-from" className="input" type="date" value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="fb-to">{t('feedback.to')}</label>
            <input id="fb-to" className="input" type="date" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} />
          </div>
          <div className="field actions">
            <button type="submit" className="button primary">
              {t('feedback.apply')}
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                setDraft({});
                setFilter({});
              }}
            >
              {t('feedback.clear')}
            </button>
          </div>
        </form>
      )}

      <Tabs<Tab> tabs={tabs} current={tab} onChange={setTab} label={t('feedback.views')} idPrefix="fb" />
      {tab === 'overview' && (
        <TabPanel idPrefix="fb" tab="overview">
          {summary.isError && <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />}
          {summary.isPending && (
            <p className="muted" role="status">
              {t('common.loading')}
            </p>
          )}
          {summary.data && <Overview summary={summary.data} tags={tags} onPick={(k, v) => {
            const next = { ...filter, [k]: v };
            setDraft(next);
            setFilter(next);
          }} />}
        </TabPanel>
      )}
      {tab === 'comments' && (
        <TabPanel idPrefix="fb" tab="comments">
          <CommentList filter={filter} tags={tags} />
        </TabPanel>
      )}
      {tab === 'weekly' && (
        <TabPanel idPrefix="fb" tab="weekly">
          <WeeklyPanel tags={tags} />
        </TabPanel>
      )}
      {tab === 'send' && (
        <TabPanel idPrefix="fb" tab="send">
          <SendPanel />
        </TabPanel>
      )}
      {tab === 'evaluate' && (
        <TabPanel idPrefix="fb" tab="evaluate">
          <EvaluationPanel />
        </TabPanel>
      )}
    </section>
  );
}

