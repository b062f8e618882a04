#!/usr/bin/env python3
"""Every row of leituras_sensores (demo scale 11: 1,013,760 rows, 11 columns) exported through
POST /api/v1/export as CSV, Parquet and XLSX (streamed to the client and read to the end), beside
pandas 1.5 writing the same rows (a DataFrame already in memory) with to_csv and to_parquet. XLSX
has no pandas writer on this machine (openpyxl and XlsxWriter are not installed), so it stands
against the server's own CSV.

usage: bench.py SAGAZ_BIN OUT.md [REPEATS]
"""
import json
import os
import statistics
import sys
import tempfile
import time

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from sagaz_server import SagazServer  # noqa: E402

sagaz, out = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SQL = "SELECT * FROM leituras_sensores"


def timed(fn):
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        size = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), size


with SagazServer(sagaz, demo_scale=11, config="[sql]\nrow_limit = 1100000\n") as s:
    rows = {}
    for fmt in ("csv", "parquet", "xlsx"):
        def export(fmt=fmt):
            conn = s.connection()
            conn.request("POST", "/api/v1/export", body=json.dumps({"sql": SQL, "format": fmt}),
                         headers={"Content-Type": "application/json",
                                  "Authorization": "Bearer " + s.token})
            r = conn.getresponse()
            n = 0
            while True:
                chunk = r.read(1 << 20)
                if not chunk:
                    break
                n += len(chunk)
            conn.close()
            assert r.status == 200, r.status
            return n
        rows[fmt] = timed(export)
    status, body = s.request("POST", "/api/v1/sql", {"sql": SQL, "limit": 2000000})
    data = json.loads(body)
    df = pd.DataFrame(data["rows"], columns=[c["name"] for c in data["columns"]])

with tempfile.TemporaryDirectory() as d:
    def to_csv():
        p = os.path.join(d, "x.csv")
        df.to_csv(p, index=False)
        return os.path.getsize(p)

    def to_parquet():
        p = os.path.join(d, "x.parquet")
        df.to_parquet(p, index=False)
        return os.path.getsize(p)
    pandas_csv = timed(to_csv)
    try:
        pandas_parquet = timed(to_parquet)
    except ImportError:
        pandas_parquet = None

lines = [
    "## Exports",
    "",
    f"Every row of `leituras_sensores` ({len(df):,} rows × {len(df.columns)} columns), median of "
    f"{repeats} runs on this machine (2 cores shared).",
    "",
    "| what | seconds | MiB |",
    "|---|---:|---:|",
]
for fmt, (sec, size) in rows.items():
    lines.append(f"| Sagaz `POST /api/v1/export` {fmt} (streamed over HTTP) | {sec:.2f} | {size / 2**20:.1f} |")
lines.append(f"| pandas `to_csv` (DataFrame in memory) | {pandas_csv[0]:.2f} | {pandas_csv[1] / 2**20:.1f} |")
if pandas_parquet:
    lines.append(f"| pandas `to_parquet` (DataFrame in memory) | {pandas_parquet[0]:.2f} | {pandas_parquet[1] / 2**20:.1f} |")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
