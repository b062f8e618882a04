// The upsert of a changed snapshot, Sagaz beside DuckDB's own INSERT … ON CONFLICT, measured back to
// back on the same files with CPU time as well as wall time (the development machine is shared, so
// wall time moves with its load; CPU time much less). Uses the data of `duckdb_sql.cjs generate`.
//
//   node upsert.cjs SAGAZ_BIN DIR     # DIR holds base.parquet and changed.parquet
// Prints JSON: {"sagaz": {changed, again}, "duckdb": {changed, again}} with wall_ms, cpu_s, rows.
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const d = require(path.join(__dirname, '../../third_party/node_modules/@duckdb/node-bindings-linux-x64/duckdb.node'));

const [sagaz, dir] = process.argv.slice(2);
const COLUMNS = 'id, order_id, user_id, product_id, status, created_at, shipped_at, sale_price';
const VALUES = ['order_id', 'user_id', 'product_id', 'status', 'created_at', 'shipped_at', 'sale_price'];

function sagazSide() {
  const data = path.join(dir, 'upsert-sagaz');
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(path.join(data, 'pipelines'), { recursive: true });
  fs.writeFileSync(path.join(data, 'pipelines', 'bench_upsert.toml'), 'name = "bench_upsert"\n[nodes.items]\nfile = "items.parquet"\nstrategy = "upsert"\nkey = ["id"]\n');
  const run = (file) => {
    fs.copyFileSync(path.join(dir, file), path.join(data, 'pipelines', 'items.parquet'));
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', sagaz, '--data-dir', data, '--json', 'pipelines', 'run', 'bench_upsert'], { maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr.toString());
    const report = JSON.parse(r.stdout.toString());
    const cpu = r.stderr.toString().trim().split('\n').pop().split(' ').map(Number);
    const node = report.nodes[0];
    return { wall_ms: node.elapsed_ms, cpu_s: cpu[0] + cpu[1], rows: node.rows_written };
  };
  run('base.parquet');
  const out = { changed: run('changed.parquet'), again: run('changed.parquet') };
  fs.rmSync(data, { recursive: true, force: true });
  return out;
}

async function duckdbSide() {
  const file = path.join(dir, 'upsert-duckdb.duckdb');
  fs.rmSync(file, { force: true });
  const db = await d.open(file);
  const c = await d.connect(db);
  await d.query(c, `CREATE TABLE t (id BIGINT PRIMARY KEY, order_id BIGINT, user_id BIGINT, product_id BIGINT,
      status VARCHAR, created_at TIMESTAMP, shipped_at TIMESTAMP, sale_price DECIMAL(18,2))`);
  await d.query(c, `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/base.parquet'`);
  await d.query(c, 'CHECKPOINT');
  const set = VALUES.map((x) => `${x} = EXCLUDED.${x}`).join(', ');
  const distinct = `(${VALUES.map((x) => 't.' + x).join(', ')}) IS DISTINCT FROM (${VALUES.map((x) => 'EXCLUDED.' + x).join(', ')})`;
  const out = {};
  for (const label of ['changed', 'again']) {
    const u0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = await d.query(c, `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/changed.parquet' ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${distinct}`);
    await d.query(c, 'CHECKPOINT');
    const u = process.cpuUsage(u0);
    out[label] = { wall_ms: Number(process.hrtime.bigint() - t0) / 1e6, cpu_s: (u.user + u.system) / 1e6, rows: Number(d.rows_changed(r)) };
  }
  fs.rmSync(file, { force: true });
  fs.rmSync(file + '.wal', { force: true });
  return out;
}

(async () => {
  const s = sagazSide();
  const k = await duckdbSide();
  console.log(JSON.stringify({ sagaz: s, duckdb: k }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
