#!/usr/bin/env python3
"""POST /api/v1/stats end to end at 1M and 10M rows, beside what a user would do instead, in one run.

    python3 bench/stats/over_http.py SAGAZ_BIN OUT.md [REPEATS]

The same N(100, 15) doubles (seeded) are loaded as datasets of 1M and 10M rows. Timed, client-side,
over loopback HTTP with keep-alive, after two warm-ups, median of REPEATS:
  - Sagaz: POST /api/v1/stats {"dataset", "columns": ["x"]} (the seed statistics: count, min, max,
    mean, median, quartiles, std, cv; read from DuckDB and computed by the engine);
  - DuckDB SQL through the same server: POST /api/v1/sql with min, max, avg, median, quartiles and
    stddev_samp of the column (DuckDB's own exact aggregates, under the SQL guard);
  - pandas describe() on the values already in memory (no reading at all: a lower bound for doing it
    by hand), median of 5.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from sagaz_server import SagazServer  # noqa: E402

SIZES = [1_000_000, 10_000_000]


def values(n):
    return np.random.default_rng(20261207).normal(100, 15, n)


def median_ms(fn, repeats):
    fn()
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    sagaz, out = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    tmp = tempfile.mkdtemp(prefix="sagaz-stats-http-")
    files = {}
    for n in SIZES:
        path = os.path.join(tmp, f"v{n // 1_000_000}m.csv")
        pd.DataFrame({"x": values(n)}).to_csv(path, index=False, float_format="%.17g")
        files[n] = path

    def prepare(server):
        for n, path in files.items():
            server.cli("ingest", path, "--name", f"v{n // 1_000_000}m")

    rows = []
    with SagazServer(sagaz, demo_scale=1, prepare=prepare) as s:
        conn = s.connection()
        for n in SIZES:
            name = f"v{n // 1_000_000}m"

            server_times = []

            def stats():
                status, body = s.request("POST", "/api/v1/stats", {"dataset": name, "columns": ["x"]},
                                         conn=conn)
                assert status == 200, body
                server_times.append(json.loads(body)["timing"])

            def sql():
                q = (f"SELECT count(x), min(x), max(x), avg(x), median(x), quantile_cont(x, 0.25), "
                     f"quantile_cont(x, 0.75), stddev_samp(x) FROM {name}")
                status, body = s.request("POST", "/api/v1/sql", {"sql": q}, conn=conn)
                assert status == 200, body

            sagaz_ms = median_ms(stats, repeats)
            timed = server_times[2:]  # not the warm-ups
            timing = {k: statistics.median(t[k] for t in timed) for k in ("read_ms", "compute_ms")}
            sql_ms = median_ms(sql, repeats)
            series = pd.Series(values(n))
            pandas_ms = median_ms(lambda: series.describe(), 5)
            rows.append((n, sagaz_ms, timing, sql_ms, pandas_ms))
    subprocess.run(["rm", "-rf", tmp], check=False)

    cpu = os.cpu_count()
    with open(out, "w") as f:
        f.write("## Statistics over HTTP (`bench/stats/over_http.py`)\n\n")
        f.write(f"Measured {time.strftime('%Y-%m-%d')} on {cpu} cores: `POST /api/v1/stats` on a "
                "dataset column of N(100, 15) doubles (the seed statistics: count, min, max, mean, "
                "median, quartiles, std, cv), client-side over loopback HTTP with keep-alive, median of "
                f"{repeats} after two warm-ups. Beside it, in the same run: DuckDB's own exact "
                "aggregates of the same statistics through `POST /api/v1/sql`, and pandas `describe()` "
                "on the values already in memory (no reading: a lower bound for doing it by hand).\n\n")
        f.write("| rows | Sagaz /stats ms | of which read | compute | DuckDB SQL /sql ms | pandas describe() ms "
                "(in memory) | Sagaz vs DuckDB SQL | Sagaz vs pandas |\n")
        f.write("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
        for n, sagaz_ms, timing, sql_ms, pandas_ms in rows:
            f.write(f"| {n:,} | **{sagaz_ms:.1f}** | {timing['read_ms']:.1f} | {timing['compute_ms']:.1f} "
                    f"| {sql_ms:.1f} | {pandas_ms:.1f} | {sql_ms / sagaz_ms:.1f}x | "
                    f"{pandas_ms / sagaz_ms:.1f}x |\n")
        ten = next(r for r in rows if r[0] == 10_000_000)
        verdict = "met" if ten[1] <= 50 else "not met"
        f.write(f"\nTarget for 10M rows end to end: <= 50 ms; measured {ten[1]:.1f} ms: {verdict}. "
                "Read and compute are the server's own timings (medians).\n")
    print(open(out).read())


if __name__ == "__main__":
    main()
