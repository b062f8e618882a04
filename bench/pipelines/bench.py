#!/usr/bin/env python3
"""Incremental loads of the pipeline engine at scale, beside plain DuckDB SQL and pandas, in one run.

Data (made at bench time by DuckDB, theLook-shaped order_items): `base` (ROWS rows), `changed` (the
same rows, 10% with a new price and status) and `appended` (base plus 1% newer rows).

- Sagaz: `sagaz pipelines run` (the CLI, a RelWithDebInfo or Release build) on two one-node
  pipelines reading a Parquet file: an upsert by id (first load; the changed snapshot: writes only the
  changed rows; the same snapshot again: writes 0) and an append past the created_at watermark (first
  load; 1% new rows).
- DuckDB SQL (duckdb_sql.cjs, the same libduckdb): a table with a primary key loaded by INSERT; INSERT
  … ON CONFLICT DO UPDATE of the changed rows only (the ideal case: someone already knows which rows
  changed), and of the whole snapshot with WHERE … IS DISTINCT FROM; INSERT … WHERE created_at > max.
- pandas: the same operations on DataFrames (CSV read timed apart: pandas here has no Parquet reader).

usage: bench.py SAGAZ_BIN OUT.md [ROWS]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pandas as pd

sagaz, out = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000
here = os.path.dirname(os.path.abspath(__file__))

work = tempfile.mkdtemp(prefix="sagaz-bench-pipelines-")
data_dir = os.path.join(work, "data")
pipelines = os.path.join(data_dir, "pipelines")
os.makedirs(pipelines)


def sh(args):
    t0 = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{r.stderr}\n{r.stdout}")
    return r.stdout, (time.perf_counter() - t0) * 1000


print(f"generating {rows:,} rows in {work}", file=sys.stderr)
_, gen_ms = sh(["node", os.path.join(here, "duckdb_sql.cjs"), "generate", work, str(rows)])

with open(os.path.join(pipelines, "bench_upsert.toml"), "w") as f:
    f.write('name = "bench_upsert"\n[nodes.items_upsert]\nfile = "items_upsert.parquet"\n'
            'strategy = "upsert"\nkey = ["id"]\n')
with open(os.path.join(pipelines, "bench_append.toml"), "w") as f:
    f.write('name = "bench_append"\n[nodes.items_append]\nfile = "items_append.parquet"\n'
            'strategy = "append"\nwatermark = "created_at"\n')


def sagaz_run(pipeline, source, target):
    shutil.copy(os.path.join(work, source), os.path.join(pipelines, target))
    text, wall = sh([sagaz, "--data-dir", data_dir, "--json", "pipelines", "run", pipeline])
    report = json.loads(text)
    node = report["nodes"][0]
    assert report["status"] == "succeeded", report
    return {"ms": node["elapsed_ms"], "wall_ms": wall, "read": node["rows_read"],
            "written": node["rows_written"]}


print("sagaz", file=sys.stderr)
s = {
    "full_load": sagaz_run("bench_upsert", "base.parquet", "items_upsert.parquet"),
    "upsert_snapshot": sagaz_run("bench_upsert", "changed.parquet", "items_upsert.parquet"),
    "upsert_snapshot_again": sagaz_run("bench_upsert", "changed.parquet", "items_upsert.parquet"),
    "append_full": sagaz_run("bench_append", "base.parquet", "items_append.parquet"),
    "append_incremental": sagaz_run("bench_append", "appended.parquet", "items_append.parquet"),
}

print("duckdb sql", file=sys.stderr)
text, _ = sh(["node", os.path.join(here, "duckdb_sql.cjs"), "baseline", work])
d = json.loads(text)

print("pandas", file=sys.stderr)
p = {}
t0 = time.perf_counter()
base = pd.read_csv(os.path.join(work, "base.csv"), parse_dates=["created_at", "shipped_at"])
changed = pd.read_csv(os.path.join(work, "changed.csv"), parse_dates=["created_at", "shipped_at"])
appended = pd.read_csv(os.path.join(work, "appended.csv"), parse_dates=["created_at", "shipped_at"])
p["read_csv_ms"] = (time.perf_counter() - t0) * 1000 / 3


def timed(fn):
    t0 = time.perf_counter()
    n = fn()
    return {"ms": (time.perf_counter() - t0) * 1000, "rows": int(n)}


def upsert(target, snapshot):
    # Rows of the snapshot whose values differ from the target's (by id), written into it.
    t = target.set_index("id")
    new = snapshot.set_index("id")
    common = new.index.intersection(t.index)
    old = t.loc[common]
    cur = new.loc[common]
    differs = ~((old == cur) | (old.isna() & cur.isna())).all(axis=1)
    t.loc[differs[differs].index] = cur[differs]
    fresh = new.index.difference(t.index)
    t = pd.concat([t, new.loc[fresh]])
    return int(differs.sum()) + len(fresh)


p["upsert_snapshot"] = timed(lambda: upsert(base, changed))
p["append_incremental"] = timed(
    lambda: len(pd.concat([base, appended[appended["created_at"] > base["created_at"].max()]]))
    - len(base))

shutil.rmtree(work, ignore_errors=True)


def ms(x):
    return f"{x:,.0f}"


lines = [
    "## Incremental pipeline loads at scale (`bench/pipelines`)",
    "",
    f"Measured {time.strftime('%Y-%m-%d')} by `bench/pipelines/run`: theLook-shaped order_items made by "
    f"DuckDB at bench time ({rows:,} rows; the changed snapshot rewrites price and status of 10% of them; "
    f"the appended file adds 1% newer rows), read from Parquet. Sagaz: the node's own time from "
    f"`sagaz pipelines run --json` (staging, validation, the write, in one transaction; the CLI's "
    f"wall time, with start-up, in brackets). DuckDB SQL: the same libduckdb ({'1.4.4'}) through its "
    f"Node bindings, on a file database with a primary key. pandas {pd.__version__}: in-memory "
    f"DataFrames (CSV read apart, {ms(p['read_csv_ms'])} ms per file).",
    "",
    "| operation | Sagaz pipeline | rows written | DuckDB SQL | pandas |",
    "|---|---:|---:|---:|---:|",
    f"| first load ({rows:,} rows) | {ms(s['full_load']['ms'])} ms ({ms(s['full_load']['wall_ms'])}) | "
    f"{s['full_load']['written']:,} | {ms(d['full_load']['ms'])} ms (INSERT into a keyed table) | — |",
    f"| upsert of the snapshot, 10% changed | {ms(s['upsert_snapshot']['ms'])} ms "
    f"({ms(s['upsert_snapshot']['wall_ms'])}) | {s['upsert_snapshot']['written']:,} | "
    f"{ms(d['upsert_snapshot']['ms'])} ms (ON CONFLICT … WHERE IS DISTINCT FROM, "
    f"{d['upsert_snapshot']['rows']:,} rows); {ms(d['upsert_changed_only']['ms'])} ms given only the "
    f"{d['upsert_changed_only']['rows']:,} changed rows | {ms(p['upsert_snapshot']['ms'])} ms "
    f"({p['upsert_snapshot']['rows']:,} rows) |",
    f"| the same snapshot again (nothing changed) | {ms(s['upsert_snapshot_again']['ms'])} ms "
    f"({ms(s['upsert_snapshot_again']['wall_ms'])}) | {s['upsert_snapshot_again']['written']:,} | "
    f"{ms(d['upsert_snapshot_again']['ms'])} ms ({d['upsert_snapshot_again']['rows']:,} rows) | — |",
    f"| append, first load | {ms(s['append_full']['ms'])} ms ({ms(s['append_full']['wall_ms'])}) | "
    f"{s['append_full']['written']:,} | {ms(d['append_full']['ms'])} ms | — |",
    f"| append past the watermark, 1% new rows | {ms(s['append_incremental']['ms'])} ms "
    f"({ms(s['append_incremental']['wall_ms'])}) | {s['append_incremental']['written']:,} | "
    f"{ms(d['append_incremental']['ms'])} ms | {ms(p['append_incremental']['ms'])} ms |",
    "",
    "Load average during the run: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + ".",
    "",
]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
