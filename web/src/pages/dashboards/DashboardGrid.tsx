// The cards of a dashboard on a 12-column grid (react-grid-layout). In edit mode cards are moved by
// their title and resized by their corner; the new positions are reported with onLayout.
import ReactGridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import type { ChartType, Dashboard, DashboardCard, DrillFilter } from '../../api/schema';
import { CardBody } from './CardBody';

export interface Position {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Props {
  dashboard: Dashboard;
  editing?: boolean;
  /** The chart type shown on each card (by index); absent: the card's or its question's. */
  types?: Record<number, ChartType>;
  onType?: (index: number, type: ChartType) => void;
  onLayout?: (positions: Position[]) => void;
  /** Clicks on charts open the rows behind them (never on public pages: rows are not shared). */
  onDrill?: (questionId: string, title: string, filters: DrillFilter[]) => void;
}

const ROW_HEIGHT = 64;

/** The type a card shows: chosen here, set on the card, or its question's. */
export function cardType(card: DashboardCard, chosen?: ChartType): ChartType {
  if (chosen) return chosen;
  if (card.chart) return card.chart as ChartType;
  const q = card.question as { chart?: { type?: ChartType } } | undefined;
  return q?.chart?.type ?? 'auto';
}

export function DashboardGrid({ dashboard, editing = false, types = {}, onType, onLayout, onDrill }: Props) {
  const { width, containerRef, mounted } = useContainerWidth();
  const cards = dashboard.cards;
  const layout: Layout = cards.map((c, i) => {
    const p = (c.position ?? { x: (i % 2) * 6, y: Math.floor(i / 2) * 4, w: 6, h: 4 }) as Position;
    return { i: String(i), x: p.x, y: p.y, w: p.w, h: p.h, minW: 2, minH: 2 };
  });
  return (
    <div ref={containerRef} className="dash-grid" data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          layout={layout}
          width={width}
          gridConfig={{ cols: 12, rowHeight: ROW_HEIGHT, margin: [12, 12] }}
          dragConfig={{ enabled: editing, handle: '.drag-handle' }}
          resizeConfig={{ enabled: editing }}
          onLayoutChange={(next) => {
            if (!editing || !onLayout) return;
            const byId = new Map(next.map((l) => [l.i, l]));
            onLayout(
              cards.map((_, i) => {
                const l = byId.get(String(i))!;
                return { x: l.x, y: l.y, w: l.w, h: l.h };
              }),
            );
          }}
        >
          {cards.map((card, i) => (
            <div key={String(i)} className={editing ? 'dash-card card editing' : 'dash-card card'}>
              <CardBody
                card={card}
                index={i}
                type={cardType(card, types[i])}
                onType={onType ? (t) => onType(i, t) : undefined}
                onDrill={editing ? undefined : onDrill}
              />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
