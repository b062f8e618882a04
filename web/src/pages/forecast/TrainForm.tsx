// Trains a model version with walk-forward evaluation, as a job whose progress shows live.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { trainForecast, type ForecastTrainRequest } from '../../api/tools';
import type { Job } from '../../api/schema';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobLine, useJob } from '../../components/JobFollow';

type Model = NonNullable<ForecastTrainRequest['model']>;

export function TrainForm({ dataset, ticker, hasTickers }: { dataset: string; ticker: string; hasTickers: boolean }) {
  const api = useApi();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [all, setAll] = useState(false);
  const [horizon, setHorizon] = useState(1);
  const [model, setModel] = useState<Model>('gbdt');
  const [minTrain, setMinTrain] = useState('');
  const [retrain, setRetrain] = useState('');
  const [search, setSearch] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const followed = useJob(job?.id ?? null, () => void queries.invalidateQueries({ queryKey: ['forecast'] }));
  const busy = !!followed.job && (followed.job.status === 'queued' || followed.job.status === 'running');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await trainForecast(api, {
        dataset,
        ...(hasTickers && !all && ticker ? { ticker } : {}),
        horizon,
        model,
        ...(minTrain ? { min_train: Number(minTrain) } : {}),
        ...(retrain ? { retrain_every: Number(retrain) } : {}),
        ...(search ? { search_budget: Number(search) } : {}),
      });
      setJob(r.job);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="card train-form" onSubmit={(e) => void submit(e)} aria-labelledby="fc-train-title">
      <h2 id="fc-train-title">{t('forecast.train.title')}</h2>
      <p className="muted small">{t('forecast.train.hint')}</p>
      <div className="row wrap">
        {hasTickers && (
          <label className="check">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('forecast.train.allTickers')}
          </label>
        )}
        <div className="field">
          <label htmlFor="fc-horizon">{t('forecast.train.horizon')}</label>
          <input id="fc-horizon" className="input narrow" type="number" min={1} max={250} value={horizon} onChange={(e) => setHorizon(Number(e.target.value) || 1)} />
        </div>
        <div className="field">
          <label htmlFor="fc-model">{t('forecast.train.model')}</label>
          <select id="fc-model" className="select" value={model} onChange={(e) => setModel(e.target.value as Model)}>
            {(['gbdt', 'random_forest', 'logistic'] as const).map((m) => (
              <option key={m} value={m}>{t(`forecast.models.${m}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fc-min-train">{t('forecast.train.minTrain')}</label>
          <input id="fc-min-train" className="input narrow" type="number" min={50} placeholder="500" value={minTrain} onChange={(e) => setMinTrain(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="fc-retrain">{t('forecast.train.retrain')}</label>
          <input id="fc-retrain" className="input narrow" type="number" min={1} placeholder="250" value={retrain} onChange={(e) => setRetrain(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="fc-search" title={t('forecast.train.searchHint')}>
            {t('forecast.train.search')}
          </label>
          <input id="fc-search" className="input narrow" type="number" min={0} max={64} placeholder="0" value={search} onChange={(e) => setSearch(e.target.value)} aria-describedby="fc-search-hint" />
          <span id="fc-search-hint" className="visually-hidden">{t('forecast.train.searchHint')}</span>
        </div>
        <button type="submit" className="button primary" disabled={busy} data-testid="train">
          {t('forecast.train.submit')}
        </button>
      </div>
      <ErrorNotice error={error} />
      {job && <JobLine job={followed.job ?? job} error={followed.error} label={t('forecast.train.job', { target: all || !ticker ? dataset : ticker })} testId="train-job" />}
    </form>
  );
}
