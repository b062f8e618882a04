// The classified comments of the filter, newest first, fifty at a time ("more" follows the cursor),
// each with its sentiment, score, tags and keyphrases; a comment opens its classification history.
// The whole filter exports as CSV or NDJSON (streamed by the server). A person can relabel a
// comment's sentiment: the label is kept apart from the classifications, as a gold label for
// training and evaluation, and shown beside the classifier's verdict.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import {
  commentHistory,
  comments,
  exportComments,
  relabelComment,
  SENTIMENTS,
  type CommentFilter,
  type FeedbackComment,
  type FeedbackTag,
  type Sentiment,
} from '../../api/tools';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatFixed, formatInteger } from '../../format';
import { formatWhen, tagName } from './names';

export function CommentList({ filter, tags }: { filter: CommentFilter; tags: FeedbackTag[] }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const canLabel = session.can('write');
  const [open, setOpen] = useState<FeedbackComment | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['feedback', 'comments', filter],
    queryFn: ({ pageParam, signal }) => comments(api, filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.comments) ?? [];

  const download = async (format: 'csv' | 'ndjson') => {
    setExporting(true);
    setExportError(null);
    try {
      const blob = await exportComments(api, filter, format);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `comments.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="comment-list">
      <div className="row wrap">
        <span className="muted small" role="status" data-testid="comment-count">
          {list.data && t('feedback.shown', { n: formatInteger(rows.length, lang), count: rows.length })}
        </span>
        <span className="spacer" />
        <button type="button" className="button small" disabled={exporting} onClick={() => void download('csv')}>
          {t('feedback.exportCsv')}
        </button>
        <button type="button" className="button small" disabled={exporting} onClick={() => void download('ndjson')}>
          {t('feedback.exportNdjson')}
        </button>
      </div>
      <ErrorNotice error={exportError} compact />
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {list.data && rows.length === 0 && <p className="empty">{t('feedback.noMatch')}</p>}
      {rows.length > 0 && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('feedback.tabs.comments')}>
          <table className="grid comments-table" data-testid="comments-table">
            <thead>
              <tr>
                <th scope="col">{t('feedback.comment')}</th>
                <th scope="col">{t('feedback.sentiment')}</th>
                <th scope="col">{t('feedback.tags')}</th>
                <th scope="col">{t('feedback.source')}</th>
                <th scope="col">{t('feedback.date')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={`${c.source}/${c.id}`}>
                  <td className="comment-text">
                    <button type="button" className="link-button" onClick={() => setOpen(c)} aria-label={t('feedback.historyOf', { id: c.id })}>
                      {c.text}
                    </button>
                    {c.keyphrases.length > 0 && <div className="muted small">{c.keyphrases.join(' · ')}</div>}
                  </td>
                  <td>
                    {c.sentiment ? (
                      <span className={`sentiment sentiment-${c.sentiment}`}>
                        {t(`feedback.sentiments.${c.sentiment}`)}{' '}
                        <span className="small">{c.sentiment_score !== null && c.sentiment_score !== undefined ? formatFixed(c.sentiment_score, lang, 2) : ''}</span>
                      </span>
                    ) : (
                      <span className="muted">{t('feedback.waiting')}</span>
                    )}
                    <GoldLabel comment={c} canLabel={canLabel} />
                  </td>
                  <td>
                    {c.tags.map((tag) => (
                      <span className="badge" key={tag}>
                        {tagName(tag, tags, lang)}
                      </span>
                    ))}
                  </td>
                  <td>{c.source}</td>
                  <td className="nowrap">{formatWhen(c.created_at ?? c.received_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loading') : t('feedback.more')}
        </button>
      )}
      {open && <History comment={open} tags={tags} onClose={() => setOpen(null)} />}
    </div>
  );
}

function History({ comment, tags, onClose }: { comment: FeedbackComment; tags: FeedbackTag[]; onClose(): void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const history = useQuery({
    queryKey: ['feedback', 'history', comment.source, comment.id],
    queryFn: () => commentHistory(api, comment.source, comment.id),
  });
  return (
    <div className="card comment-history" role="region" aria-label={t('feedback.history')} data-testid="comment-history">
      <div className="row">
        <h2>{t('feedback.history')}</h2>
        <span className="spacer" />
        <button type="button" className="button small ghost" onClick={onClose} autoFocus>
          {t('feedback.close')}
        </button>
      </div>
      <blockquote>{comment.text}</blockquote>
      <p className="muted small">
        {comment.source} / {comment.id}
        {comment.author ? ` · ${comment.author}` : ''}
      </p>
      {history.isError && <ErrorNotice error={history.error} compact />}
      {history.data && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('feedback.classifiedAt')}</th>
              <th scope="col">{t('feedback.sentiment')}</th>
              <th scope="col">{t('feedback.tags')}</th>
              <th scope="col">{t('feedback.classifierCol')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.history.map((h, i) => (
              <tr key={i}>
                <td className="nowrap">{formatDate(h.classified_at, lang)}</td>
                <td>
                  {t(`feedback.sentiments.${h.sentiment}`)} ({formatFixed(h.sentiment_score, lang, 2)})
                </td>
                <td>{h.tags.map((tag) => tagName(tag, tags, lang)).join(', ')}</td>
                <td className="small">
                  {h.classifier} {h.classifier_version}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// The comment's gold label (a person's), and the relabel action for those who may write.
function GoldLabel({ comment, canLabel }: { comment: FeedbackComment; canLabel: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [choice, setChoice] = useState<Sentiment>(comment.label?.sentiment ?? comment.sentiment ?? 'neutral');
  const save = useMutation({
    mutationFn: (sentiment: Sentiment) => relabelComment(api, comment.source, comment.id, sentiment),
    onSuccess: () => {
      setEditing(false);
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['feedback', 'comments'] });
    },
  });
  const gold = comment.label?.sentiment;
  return (
    <div className="gold-label">
      {gold && (
        <span className="badge gold" title={t('feedback.goldHint')} data-testid="gold-label">
          {t('feedback.gold', { sentiment: t(`feedback.sentiments.${gold}`) })}
        </span>
      )}
      {canLabel && !editing && (
        <button
          type="button"
          className="link-button small"
          onClick={() => setEditing(true)}
          aria-label={t('feedback.relabelOf', { id: comment.id })}
        >
          {t('feedback.relabel')}
        </button>
      )}
      {editing && (
        <form
          className="row relabel-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(choice);
          }}
        >
          <select
            className="select small"
            aria-label={t('feedback.relabelOf', { id: comment.id })}
            value={choice}
            onChange={(e) => setChoice(e.target.value as Sentiment)}
          >
            {SENTIMENTS.map((s) => (
              <option key={s} value={s}>
                {t(`feedback.sentiments.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button small primary" disabled={save.isPending}>
            {t('feedback.saveLabel')}
          </button>
          <button type="button" className="button small ghost" onClick={() => setEditing(false)}>
            {t('feedback.cancel')}
          </button>
        </form>
      )}
      {saved && !editing && (
        <span className="muted small" role="status">
          {t('feedback.labelSaved')}
        </span>
      )}
      <ErrorNotice error={save.error} compact />
    </div>
  );
}
