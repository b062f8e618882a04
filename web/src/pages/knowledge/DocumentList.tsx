// The documents of a collection (or all): format, size, pages, chunks, encoding, scanned pages
// without text; an analyst deletes one (and every chunk of it).
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { deleteKnowledgeDocument, knowledgeDocuments } from '../../api/tools';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDate, formatInteger } from '../../format';

export function DocumentList({ collection, highlight }: { collection: string; highlight?: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const queries = useQueryClient();
  const docs = useQuery({ queryKey: ['knowledge', 'documents', collection], queryFn: ({ signal }) => knowledgeDocuments(api, collection, signal) });
  const remove = useMutation({
    mutationFn: (id: string) => deleteKnowledgeDocument(api, id),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['knowledge'] }),
  });
  if (docs.isError) return <ErrorNotice error={docs.error} onRetry={() => void docs.refetch()} />;
  if (docs.isPending) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (docs.data.items.length === 0) return <p className="empty">{t('knowledge.noDocuments')}</p>;
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('knowledge.tabs.documents')}>
      <ErrorNotice error={remove.error} compact />
      <table className="grid" data-testid="document-list">
        <thead>
          <tr>
            <th scope="col">{t('knowledge.doc.name')}</th>
            <th scope="col">{t('knowledge.collection')}</th>
            <th scope="col">{t('knowledge.doc.format')}</th>
            <th scope="col" className="num">{t('knowledge.doc.size')}</th>
            <th scope="col" className="num">{t('knowledge.doc.pages')}</th>
            <th scope="col" className="num">{t('knowledge.doc.chunks')}</th>
            <th scope="col">{t('knowledge.doc.encoding')}</th>
            <th scope="col">{t('knowledge.doc.added')}</th>
            <th scope="col"><span className="visually-hidden">{t('knowledge.doc.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {docs.data.items.map((d) => (
            <tr key={d.id} id={`doc-${d.id}`} className={highlight === d.id ? 'active-row' : undefined}>
              <td>
                <strong>{d.name}</strong>
                {d.pages_without_text.length > 0 && (
                  <div className="small warn-text">{t('knowledge.doc.noText', { pages: d.pages_without_text.join(', ') })}</div>
                )}
              </td>
              <td>{d.collection}</td>
              <td>{d.format}</td>
              <td className="num">{formatBytes(d.bytes, lang)}</td>
              <td className="num">{d.pages ? formatInteger(d.pages, lang) : '—'}</td>
              <td className="num">{formatInteger(d.chunks, lang)}</td>
              <td className="small">{d.encoding}</td>
              <td className="nowrap small">{formatDate(d.added_at, lang)}</td>
              <td>
                {session.can('write') && (
                  <button
                    type="button"
                    className="button small ghost"
                    disabled={remove.isPending}
                    aria-label={t('knowledge.doc.deleteLabel', { name: d.name })}
                    onClick={() => {
                      if (window.confirm(t('knowledge.doc.confirmDelete', { name: d.name }))) remove.mutate(d.id);
                    }}
                  >
                    {t('common.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
