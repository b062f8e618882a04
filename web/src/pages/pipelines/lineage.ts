// Lays a pipeline's lineage DAG out in columns: sources first, every node one column right of the
// furthest of its inputs (longest path), nodes of a column in a stable order that follows their
// inputs (so edges cross less). Pure, for the SVG drawing of the Pipelines page.
export interface Placed {
  id: string;
  column: number;
  row: number;
}

export function layoutDag(ids: string[], edges: { from: string; to: string }[]): { placed: Map<string, Placed>; columns: number; rows: number } {
  const inputs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (inputs.has(e.to) && inputs.has(e.from)) inputs.get(e.to)!.push(e.from);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle (not a DAG): break it rather than recurse forever
    visiting.add(id);
    const d = Math.max(-1, ...inputs.get(id)!.map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  ids.forEach(depthOf);
  const byColumn: string[][] = [];
  for (const id of ids) (byColumn[depth.get(id)!] ??= []).push(id);
  const placed = new Map<string, Placed>();
  byColumn.forEach((column, c) => {
    // Order by the mean row of the inputs (the barycentre heuristic), then by the given order.
    const key = (id: string) => {
      const rows = inputs.get(id)!.map((i) => placed.get(i)?.row).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : -1;
    };
    const ordered = c === 0 ? column : [...column].sort((a, b) => key(a) - key(b) || ids.indexOf(a) - ids.indexOf(b));
    ordered.forEach((id, row) => placed.set(id, { id, column: c, row }));
  });
  return { placed, columns: byColumn.length, rows: Math.max(0, ...byColumn.map((c) => c.length)) };
}
