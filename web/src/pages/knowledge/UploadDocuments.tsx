// Uploads documents into a collection, one after another, each with its progress and outcome
// (indexed with its chunks, a duplicate of a document already there, or the server's error).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { postForm, type KnowledgeAddResult } from '../../api/tools';
import { describeError } from '../../components/ErrorNotice';
import { Progress } from '../../components/Progress';
import { formatInteger } from '../../format';

interface Item {
  name: string;
  progress: number | null;
  result?: KnowledgeAddResult;
  error?: string;
}

export function UploadDocuments({ collection }: { collection: string }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [target, setTarget] = useState(collection || 'default');
  const [files, setFiles] = useState<File[]>([]);
  const [items, setItems] = useState<Item[]>([]);
  const [busy, setBusy] = useState(false);
  const [picker, setPicker] = useState(0); // a new key empties the file input after an upload

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const start = files.map((f) => ({ name: f.name, progress: 0 }) as Item);
    setItems(start);
    const update = (i: number, patch: Partial<Item>) => setItems((list) => list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
    for (const [i, file] of files.entries()) {
      const form = new FormData();
      form.append('collection', target.trim() || 'default');
      form.append('file', file, file.name);
      try {
        const result = await postForm<KnowledgeAddResult>(api, '/api/v1/knowledge/documents', form, (p) =>
          update(i, { progress: p.total ? (100 * p.loaded) / p.total : null }),
        );
        update(i, { result, progress: 100 });
      } catch (err) {
        update(i, { error: describeError(err, t).message, progress: null });
      }
    }
    setBusy(false);
    setFiles([]);
    setPicker((k) => k + 1);
    void queries.invalidateQueries({ queryKey: ['knowledge'] });
  };

  return (
    <form className="card upload-documents" onSubmit={(e) => void submit(e)} aria-labelledby="kn-upload-title">
      <h2 id="kn-upload-title">{t('knowledge.upload.title')}</h2>
      <p className="muted small">{t('knowledge.upload.hint')}</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="kn-target">{t('knowledge.collection')}</label>
          <input id="kn-target" className="input" value={target} pattern="[A-Za-z0-9_.\-]{1,64}" onChange={(e) => setTarget(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kn-files">{t('knowledge.upload.files')}</label>
          <input
            key={picker}
            id="kn-files"
            data-testid="knowledge-files"
            type="file"
            multiple
            accept=".pdf,.html,.htm,.md,.markdown,.txt,.csv,text/*,application/pdf"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
        <button type="submit" className="button primary" disabled={busy || files.length === 0}>
          {t('knowledge.upload.submit', { count: files.length })}
        </button>
      </div>
      {items.length > 0 && (
        <ul className="plain-list" aria-live="polite" data-testid="upload-results">
          {items.map((x, i) => (
            <li key={`${x.name}-${i}`}>
              <strong>{x.name}</strong>{' '}
              {x.error ? (
                <span className="error-text">{x.error}</span>
              ) : x.result ? (
                <span className={x.result.duplicate ? 'muted' : 'good-text'}>
                  {x.result.duplicate
                    ? t('knowledge.upload.duplicate')
                    : t('knowledge.upload.indexed', { n: formatInteger(x.result.document.chunks, i18n.language), count: x.result.document.chunks })}
                </span>
              ) : (
                <Progress value={x.progress} label={t('knowledge.upload.progressOf', { name: x.name })} />
              )}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
