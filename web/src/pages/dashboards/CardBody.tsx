// One dashboard card: its title, a chart type switch (question cards), and its result drawn as a
// chart, a table, a single number, Markdown text, or the error that kept it from a result.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import Markdown from 'react-markdown';
import type { ChartType, DashboardCard, DrillFilter, QuestionResult } from '../../api/schema';
import { DataGrid } from '../../components/DataGrid';
import { EChart } from '../../components/EChart';
import { formatNumber, formatPercent } from '../../format';
import { CHART_TYPES, cardView } from './cardView';

interface Props {
  card: DashboardCard;
  index: number;
  /** The chart type shown (the card's choice, or its question's). */
  type: ChartType;
  onType?: (type: ChartType) => void;
  /** A click on a bar, point or slice: the filters that select the rows behind it. */
  onDrill?: (questionId: string, title: string, filters: DrillFilter[]) => void;
}

type CardQuestion = { name?: string; chart?: { type?: ChartType } & Record<string, unknown> };

export function CardBody({ card, index, type, onType, onDrill }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const question = card.question as CardQuestion | undefined;
  const result = card.result as QuestionResult | null | undefined;
  const error = card.error as { message?: string } | null | undefined;
  const view = useMemo(
    () => (result ? cardView(result, question?.chart as never, card.kind === 'kpi' ? 'number' : type) : null),
    [result, question, type, card.kind],
  );
  const title = card.title || question?.name || '';
  const testId = `card-${index}`;

  if (card.kind === 'markdown') {
    return (
      <div className="dash-card-body markdown" data-testid={testId}>
        <Markdown>{card.text ?? ''}</Markdown>
      </div>
    );
  }
  return (
    <div className="dash-card-body" data-testid={testId}>
      <div className="dash-card-head">
        <h3 className="dash-card-title drag-handle" title={title}>
          {title}
        </h3>
        {onType && card.kind !== 'kpi' && (
          <>
            <label className="visually-hidden" htmlFor={`chart-type-${index}`}>
              {t('dashboards.chartType')}
            </label>
            <select
              id={`chart-type-${index}`}
              className="select small"
              value={type}
              onChange={(e) => onType(e.target.value as ChartType)}
              data-testid={`chart-type-${index}`}
            >
              {CHART_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(`dashboards.types.${c}`)}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      {error && (
        <p className="notice notice-error small" role="alert">
          {error.message ?? t('dashboards.cardFailed')}
        </p>
      )}
      {!error && !result && <p className="muted small">{t('common.loading')}</p>}
      {view?.kind === 'chart' && (
        <EChart
          option={view.option}
          label={title}
          height={220}
          testId={`${testId}-chart`}
          downloadName={title}
          onItemClick={
            onDrill && view.drill && card.question_id
              ? ({ dataIndex, seriesIndex }) => {
                  const drill = view.drill!;
                  if (dataIndex >= drill.values.length) return;
                  const filters: DrillFilter[] = [{ column: drill.column, value: drill.values[dataIndex] }];
                  if (drill.series && seriesIndex < drill.series.values.length) {
                    filters.push({ column: drill.series.column, value: drill.series.values[seriesIndex] });
                  }
                  onDrill(card.question_id!, title, filters);
                }
              : undefined
          }
        />
      )}
      {view?.kind === 'table' && <DataGrid columns={view.columns} rows={view.rows} pageSize={50} caption={title} />}
      {view?.kind === 'number' && (
        <div className="kpi" data-testid={`${testId}-value`}>
          <span className="kpi-value">{view.value === null ? '—' : formatNumber(view.value, lang)}</span>
          {view.previous !== null && view.value !== null && view.previous !== 0 && (
            <span className={view.value >= view.previous ? 'kpi-change up' : 'kpi-change down'}>
              {view.value >= view.previous ? '▲' : '▼'}{' '}
              {formatPercent(Math.abs(view.value - view.previous) / Math.abs(view.previous), lang)}{' '}
              <span className="muted">{t('dashboards.vsPrevious')}</span>
            </span>
          )}
        </div>
      )}
      {view?.kind === 'empty' && <p className="muted small">{t('dashboards.noRows')}</p>}
      {result?.insight && <p className="small muted insight-line">{result.insight}</p>}
    </div>
  );
}
