// Knowledge: documents (PDF, HTML, Markdown, text, CSV) in collections, uploaded with progress;
// search that returns the best passages with the question's words marked; and questions answered
// from the passages, each claim followed by its citation, which leads to the passage it cites.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { knowledgeDocuments } from '../api/tools';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../components/ErrorNotice';
import { TabPanel, Tabs } from '../components/Tabs';
import { DocumentList } from './knowledge/DocumentList';
import { UploadDocuments } from './knowledge/UploadDocuments';
import { AskDocuments } from './knowledge/AskDocuments';

type Tab = 'ask' | 'documents';

export function KnowledgePage() {
  const api = useApi();
  const { t } = useTranslation();
  const session = useSession();
  const [tab, setTab] = useState<Tab>('ask');
  const [collection, setCollection] = useState('');
  const all = useQuery({ queryKey: ['knowledge', 'documents', ''], queryFn: ({ signal }) => knowledgeDocuments(api, '', signal) });
  const collections = useMemo(() => [...new Set((all.data?.items ?? []).map((d) => d.collection))].sort(), [all.data]);

  return (
    <section className="page knowledge-page" aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">{t('knowledge.title')}</h1>
      <p className="muted">{t('knowledge.intro')}</p>
      <div className="row wrap filter-bar">
        <div className="field">
          <label htmlFor="kn-collection">{t('knowledge.collection')}</label>
          <select id="kn-collection" className="select" value={collection} onChange={(e) => setCollection(e.target.value)}>
            <option value="">{t('knowledge.allCollections')}</option>
            {collections.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </div>
        {all.data && (
          <p className="muted small">{t('knowledge.summary', { count: all.data.items.length, collections: collections.length })}</p>
        )}
      </div>
      {all.isError && <ErrorNotice error={all.error} onRetry={() => void all.refetch()} />}
      <Tabs<Tab>
        tabs={[
          { key: 'ask', label: t('knowledge.tabs.ask') },
          { key: 'documents', label: t('knowledge.tabs.documents') },
        ]}
        current={tab}
        onChange={setTab}
        label={t('knowledge.views')}
        idPrefix="kn"
      />
      {tab === 'ask' && (
        <TabPanel idPrefix="kn" tab="ask">
          {all.data && all.data.items.length === 0 ? (
            <p className="empty" data-testid="knowledge-empty">{t('knowledge.noDocuments')}</p>
          ) : (
            <AskDocuments collection={collection} />
          )}
        </TabPanel>
      )}
      {tab === 'documents' && (
        <TabPanel idPrefix="kn" tab="documents">
          {session.can('write') && <UploadDocuments collection={collection} />}
          <DocumentList collection={collection} />
        </TabPanel>
      )}
    </section>
  );
}
