// The data of the pipelines benchmark, and its plain-DuckDB baseline, through DuckDB's Node
// bindings (the same libduckdb 1.4.4 that Sagaz links, from third_party/node_modules).
//
//   node duckdb_sql.cjs generate DIR ROWS   # DIR/{base,changed,appended}.parquet and .csv
//   node duckdb_sql.cjs baseline DIR        # prints JSON timings of the same loads in plain SQL
const path = require('path');
const d = require(path.join(__dirname, '../../third_party/node_modules/@duckdb/node-bindings-linux-x64/duckdb.node'));

const COLUMNS = 'id, order_id, user_id, product_id, status, created_at, shipped_at, sale_price';

async function run(conn, sql) {
  const t0 = process.hrtime.bigint();
  const r = await d.query(conn, sql);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, rows: Number(d.rows_changed(r)) };
}

async function generate(dir, rows) {
  const db = await d.open(':memory:');
  const c = await d.connect(db);
  const q = (s) => d.query(c, s);
  // theLook-shaped order_items: one row per item, ids in order, created over three years.
  await q(`CREATE TABLE base AS SELECT i AS id, i // 3 AS order_id, (i * 7919) % 100000 AS user_id,
      (i * 104729) % 29120 AS product_id,
      ['Complete', 'Shipped', 'Processing', 'Cancelled', 'Returned'][1 + (i * 31) % 5] AS status,
      TIMESTAMP '2023-01-01' + to_seconds(i * 9) AS created_at,
      TIMESTAMP '2023-01-02' + to_seconds(i * 9) AS shipped_at,
      round(5 + ((i * 2654435761) % 99500) / 100.0, 2)::DECIMAL(18,2) AS sale_price
    FROM range(${rows}) t(i)`);
  // 10% of the rows change (price and status), as a day of returns and repricing would.
  await q(`CREATE TABLE changed AS SELECT * REPLACE (
      CASE WHEN id % 10 = 0 THEN sale_price + 1 ELSE sale_price END AS sale_price,
      CASE WHEN id % 10 = 0 THEN 'Returned' ELSE status END AS status) FROM base`);
  // 1% new rows, created after every existing one.
  await q(`CREATE TABLE appended AS SELECT * FROM base UNION ALL
    SELECT * REPLACE (id + ${rows} AS id, created_at + INTERVAL 1200 DAY AS created_at)
    FROM base WHERE id < ${Math.floor(rows / 100)}`);
  for (const t of ['base', 'changed', 'appended']) {
    await q(`COPY (SELECT ${COLUMNS} FROM ${t} ORDER BY id) TO '${dir}/${t}.parquet' (FORMAT parquet)`);
    await q(`COPY (SELECT ${COLUMNS} FROM ${t} ORDER BY id) TO '${dir}/${t}.csv' (HEADER)`);
  }
  await q(`COPY (SELECT ${COLUMNS} FROM changed WHERE id % 10 = 0 ORDER BY id)
    TO '${dir}/changed_only.parquet' (FORMAT parquet)`);
}

async function baseline(dir) {
  const db = await d.open(`${dir}/baseline.duckdb`);
  const c = await d.connect(db);
  const out = {};
  const table = `CREATE TABLE t (id BIGINT PRIMARY KEY, order_id BIGINT, user_id BIGINT,
      product_id BIGINT, status VARCHAR, created_at TIMESTAMP, shipped_at TIMESTAMP,
      sale_price DECIMAL(18,2))`;
  const set = `order_id = EXCLUDED.order_id, user_id = EXCLUDED.user_id,
      product_id = EXCLUDED.product_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
      shipped_at = EXCLUDED.shipped_at, sale_price = EXCLUDED.sale_price`;
  const distinct = `(t.order_id, t.user_id, t.product_id, t.status, t.created_at, t.shipped_at,
      t.sale_price) IS DISTINCT FROM (EXCLUDED.order_id, EXCLUDED.user_id, EXCLUDED.product_id,
      EXCLUDED.status, EXCLUDED.created_at, EXCLUDED.shipped_at, EXCLUDED.sale_price)`;
  await run(c, table);
  out.full_load = await run(c, `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/base.parquet'`);
  await run(c, 'CHECKPOINT');
  // Only the 1M changed rows, already known: INSERT … ON CONFLICT DO UPDATE.
  out.upsert_changed_only = await run(c,
    `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/changed_only.parquet' ON CONFLICT (id) DO UPDATE SET ${set}`);
  await run(c, 'CHECKPOINT');
  // The new snapshot (10M rows, 1M changed) back to the base, then merged with a WHERE … IS
  // DISTINCT FROM so that only changed rows are written: what a pipeline that is given a snapshot does.
  await run(c, 'DROP TABLE t');
  await run(c, table);
  await run(c, `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/base.parquet'`);
  await run(c, 'CHECKPOINT');
  out.upsert_snapshot = await run(c,
    `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/changed.parquet' ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${distinct}`);
  await run(c, 'CHECKPOINT');
  out.upsert_snapshot_again = await run(c,
    `INSERT INTO t SELECT ${COLUMNS} FROM '${dir}/changed.parquet' ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${distinct}`);
  // Append past the watermark (1% new rows).
  await run(c, 'CREATE TABLE a AS SELECT * FROM t LIMIT 0');
  out.append_full = await run(c, `INSERT INTO a SELECT ${COLUMNS} FROM '${dir}/base.parquet'`);
  await run(c, 'CHECKPOINT');
  out.append_incremental = await run(c,
    `INSERT INTO a SELECT ${COLUMNS} FROM '${dir}/appended.parquet' WHERE created_at > (SELECT max(created_at) FROM a)`);
  console.log(JSON.stringify(out));
}

const [cmd, dir, rows] = process.argv.slice(2);
(cmd === 'generate' ? generate(dir, Number(rows)) : baseline(dir)).catch((e) => {
  console.error(e);
  process.exit(1);
});
