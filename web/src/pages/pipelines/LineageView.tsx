// The lineage graph as SVG: sources on the left, each node one column right of its furthest input;
// every box is a button (Tab and Enter reach it). The chosen node shows its SQL, rules, columns and
// last run beside the graph, and can start a run from itself.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lineage, LineageNode } from '../../api/tools';
import { formatInteger, formatMs } from '../../format';
import { layoutDag } from './lineage';

const W = 176;
const H = 34;
const GX = 36;
const GY = 12;

/** `onRunFrom`: starts a run of the chosen node and what depends on it (absent: no button). */
export function LineageView({ lineage, onRunFrom }: { lineage: Lineage; onRunFrom?: (node: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [chosen, setChosen] = useState<LineageNode | null>(null);
  const { placed, columns, rows } = layoutDag(
    lineage.nodes.map((n) => n.id),
    lineage.edges,
  );
  const at = (id: string) => {
    const p = placed.get(id)!;
    return { x: p.column * (W + GX), y: p.row * (H + GY) };
  };
  const width = columns * (W + GX) - GX;
  const height = rows * (H + GY) - GY;
  const related = new Set<string>();
  if (chosen) {
    related.add(chosen.id);
    for (const e of lineage.edges) {
      if (e.from === chosen.id) related.add(e.to);
      if (e.to === chosen.id) related.add(e.from);
    }
  }
  return (
    <div className="lineage split reverse">
      <div className="lineage-scroll" tabIndex={-1}>
        <svg width={width + 2} height={height + 2} role="group" aria-label={t('pipelines.lineageOf', { name: lineage.pipeline })} data-testid="lineage">
          {lineage.edges.map((e) => {
            if (!placed.has(e.from) || !placed.has(e.to)) return null;
            const a = at(e.from);
            const b = at(e.to);
            const x1 = a.x + W;
            const y1 = a.y + H / 2;
            const x2 = b.x;
            const y2 = b.y + H / 2;
            const mid = (x1 + x2) / 2;
            const hot = chosen && (e.from === chosen.id || e.to === chosen.id);
            return <path key={`${e.from}>${e.to}`} d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} className={hot ? 'edge hot' : 'edge'} />;
          })}
          {lineage.nodes.map((n) => {
            const { x, y } = at(n.id);
            const status = n.last_run?.status;
            const dim = chosen && !related.has(n.id);
            return (
              <g key={n.id} transform={`translate(${x + 1},${y + 1})`} className={`lineage-node kind-${n.kind}${dim ? ' dim' : ''}${chosen?.id === n.id ? ' chosen' : ''}`}>
                <foreignObject width={W} height={H}>
                  <button type="button" className={`node-box status-${status ?? 'none'}`} onClick={() => setChosen(n)} aria-pressed={chosen?.id === n.id} title={n.description}>
                    {n.id}
                  </button>
                </foreignObject>
              </g>
            );
          })}
        </svg>
      </div>
      <aside className="card node-detail" aria-live="polite" data-testid="node-detail">
        {!chosen && <p className="muted">{t('pipelines.pickNode')}</p>}
        {chosen && (
          <>
            <h3>{chosen.id}</h3>
            <p className="small">
              <span className="badge">{t(`pipelines.kinds.${chosen.kind}`)}</span> {chosen.strategy && <span className="badge">{chosen.strategy}</span>}
            </p>
            <p className="muted small">{chosen.description}</p>
            {onRunFrom && chosen.kind === 'node' && (
              <button type="button" className="button small" onClick={() => onRunFrom(chosen.id)} data-testid="run-from-node">
                {t('pipelines.runFromNode')}
              </button>
            )}
            {chosen.sql && (
              <>
                <h4>SQL</h4>
                <pre className="sql-block">{chosen.sql}</pre>
              </>
            )}
            {chosen.rules.length > 0 && (
              <>
                <h4>{t('pipelines.rules')}</h4>
                <ul className="plain-list small">
                  {chosen.rules.map((r) => (
                    <li key={r}>
                      <code>{r}</code>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h4>{t('pipelines.writes')}</h4>
            <p className="small">{chosen.writes.join(', ') || '—'}</p>
            {chosen.reads.length > 0 && (
              <>
                <h4>{t('pipelines.reads')}</h4>
                <p className="small">{chosen.reads.join(', ')}</p>
              </>
            )}
            {chosen.last_run && (
              <>
                <h4>{t('pipelines.lastRun')}</h4>
                <p className="small">
                  <span className={`status status-${chosen.last_run.status}`}>{t(`pipelines.statuses.${chosen.last_run.status}`)}</span> ·{' '}
                  {t('pipelines.lastRunFigures', {
                    read: formatInteger(chosen.last_run.rows_read, lang),
                    written: formatInteger(chosen.last_run.rows_written, lang),
                    rejected: formatInteger(chosen.last_run.rows_rejected, lang),
                    time: formatMs(chosen.last_run.elapsed_ms, lang),
                  })}
                </p>
              </>
            )}
          </>
        )}
      </aside>
    </div>
  );
}
