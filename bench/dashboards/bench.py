#!/usr/bin/env python3
"""A dashboard of 12 cards over the demo data at scale 11 (leituras_sensores: 1,013,760 rows), opened
with GET /api/v1/dashboards/{id} on a keep-alive connection, as the web UI opens it:

- warm: the server has answered it before and no dataset changed (the per-card cache, keyed on the
  datasets' data versions, answers without a query);
- cold: every card computed (the cache is emptied by editing the questions, which bumps their
  versions: the same work as after a data change);
- the same 12 queries sent one by one to POST /api/v1/sql (what a client without saved questions
  would do);
- pandas 1.5 computing the same 12 aggregates on DataFrames already in memory (a lower bound for a
  notebook: no SQL, no HTTP, no JSON).

usage: bench.py SAGAZ_BIN OUT.md [REPEATS]
"""
import json
import os
import statistics
import sys
import time

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from sagaz_server import SagazServer  # noqa: E402

sagaz, out = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 30
SCALE = 11

L = "leituras_sensores"
CARDS = [
    ("Nível diário por sensor", f"SELECT date_trunc('day', \"timestamp\") AS dia, sensor, avg(nivel_agua) AS nivel FROM {L} GROUP BY 1, 2 ORDER BY 1, 2"),
    ("Nível médio por dia", f"SELECT date_trunc('day', \"timestamp\") AS dia, avg(nivel_agua) AS nivel FROM {L} GROUP BY 1 ORDER BY 1"),
    ("Temperatura por sensor", f"SELECT sensor, avg(temperatura) AS temperatura FROM {L} GROUP BY 1 ORDER BY 1"),
    ("Umidade por mês", f"SELECT date_trunc('month', \"timestamp\") AS mes, avg(umidade) AS umidade FROM {L} GROUP BY 1 ORDER BY 1"),
    ("Leituras por estado", f"SELECT status, count(*) AS leituras FROM {L} GROUP BY 1 ORDER BY 2 DESC"),
    ("Distribuição do nível", f"SELECT round(floor(nivel_agua * 10) / 10, 1) AS faixa, count(*) AS n FROM {L} WHERE nivel_agua IS NOT NULL GROUP BY 1 ORDER BY 1"),
    ("Bateria mínima por sensor", f"SELECT sensor, min(bateria) AS bateria FROM {L} GROUP BY 1 ORDER BY 2"),
    ("Pressão por local", f"SELECT local, avg(pressao) AS pressao FROM {L} GROUP BY 1 ORDER BY 2 DESC"),
    ("Nível máximo por mês", f"SELECT date_trunc('month', \"timestamp\") AS mes, max(nivel_agua) AS maximo FROM {L} GROUP BY 1 ORDER BY 1"),
    ("Alertas por sensor", f"SELECT sensor, sum(CASE WHEN status = 'alerta' THEN 1 ELSE 0 END) AS alertas FROM {L} GROUP BY 1 ORDER BY 2 DESC"),
    ("Leituras", f"SELECT count(*) AS leituras FROM {L}"),
    ("GMV por mês", "SELECT date_trunc('month', created_at) AS mes, sum(sale_price) AS gmv FROM order_items WHERE status NOT IN ('Cancelled', 'Returned') GROUP BY 1 ORDER BY 1"),
]


def pandas_cards(df, items):
    day = df["timestamp"].dt.floor("D")
    month = df["timestamp"].dt.to_period("M")
    sold = items[~items["status"].isin(["Cancelled", "Returned"])]
    return [
        df.groupby([day, "sensor"])["nivel_agua"].mean(),
        df.groupby(day)["nivel_agua"].mean(),
        df.groupby("sensor")["temperatura"].mean(),
        df.groupby(month)["umidade"].mean(),
        df["status"].value_counts(),
        (df["nivel_agua"].dropna() * 10).floordiv(1).div(10).value_counts().sort_index(),
        df.groupby("sensor")["bateria"].min().sort_values(),
        df.groupby("local")["pressao"].mean().sort_values(ascending=False),
        df.groupby(month)["nivel_agua"].max(),
        (df["status"] == "alerta").groupby(df["sensor"]).sum().sort_values(ascending=False),
        len(df),
        sold.groupby(sold["created_at"].dt.to_period("M"))["sale_price"].sum(),
    ]


def timed(fn, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def row(name, times, note=""):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {len(times)} | {note} |"


with SagazServer(sagaz, demo_scale=SCALE) as s:
    conn = s.connection()
    ids = []
    for name, sql in CARDS:
        status, body = s.request("POST", "/api/v1/questions", {"name": name, "sql": sql, "collection": "bench"}, conn=conn)
        assert status == 201, body
        ids.append(json.loads(body)["id"])
    status, body = s.request("POST", "/api/v1/dashboards", {
        "name": "Bench", "collection": "bench",
        "cards": [{"question_id": q, "kind": "kpi" if i == 10 else "question"} for i, q in enumerate(ids)],
        "filters": [{"column": "nada"}]}, conn=conn)
    assert status == 201, body
    board = json.loads(body)["id"]

    def open_board():
        status, body = s.request("GET", f"/api/v1/dashboards/{board}", conn=conn)
        assert status == 200, body[:300]
        d = json.loads(body)
        assert all(c["error"] is None for c in d["cards"]), body[:500]
        return d

    d = open_board()
    rows = s.request("GET", f"/api/v1/datasets/{L}", conn=conn)[1]
    table_rows = json.loads(rows)["rows"]
    items_rows = json.loads(s.request("GET", "/api/v1/datasets/order_items", conn=conn)[1])["rows"]
    warm = timed(open_board, repeats)
    assert all(c["result"]["cached"] for c in open_board()["cards"])

    version = [0]

    def cold():
        # A value of a filter no card has changes every card's cache key without narrowing it:
        # every card runs, the same work as after a data change.
        version[0] += 1
        t = time.perf_counter()
        st, b = s.request("GET", f"/api/v1/dashboards/{board}?filter.nada=v{version[0]}", conn=conn)
        assert st == 200, b[:300]
        assert not any(c["result"]["cached"] for c in json.loads(b)["cards"])
        return (time.perf_counter() - t) * 1000

    cold_times = [cold() for _ in range(max(3, repeats // 6))]

    def one_by_one():
        for _, sql in CARDS:
            st, b = s.request("POST", "/api/v1/sql", {"sql": sql}, conn=conn)
            assert st == 200, b[:300]

    sql_times = timed(one_by_one, max(3, repeats // 6))

    # pandas: the same data, read once through the export route (CSV: Debian's pandas has no
    # Parquet engine), then in memory.
    frames = {}
    for name, dates in ((L, ["timestamp"]), ("order_items", ["created_at"])):
        st, b = s.request("POST", "/api/v1/export", {"sql": f"SELECT * FROM {name}", "format": "csv"}, conn=conn)
        assert st == 200, b[:300]
        path = os.path.join(s.dir, f"{name}.csv")
        with open(path, "wb") as f:
            f.write(b)
        frames[name] = pd.read_csv(path, parse_dates=dates)
    pandas_times = timed(lambda: pandas_cards(frames[L], frames["order_items"]), max(3, repeats // 6))

lines = [
    "## Dashboards (`bench/dashboards`)",
    "",
    f"Measured {time.strftime('%Y-%m-%d')} by `bench/dashboards/run`: a dashboard of {len(CARDS)} cards "
    f"(11 over `leituras_sensores`, {table_rows:,} rows; 1 over `order_items`, {items_rows:,} rows; demo scale {SCALE}) "
    "opened with `GET /api/v1/dashboards/{id}` over a keep-alive loopback connection, timed by the client "
    "(JSON of every card's rows included). Cold: every card computed (four at a time), as after a data change. "
    "Warm: nothing changed since the last opening, so each card's cached result (keyed on the datasets' data "
    f"versions) answers. pandas {pd.__version__}: the same aggregates on DataFrames already in memory.",
    "",
    "| what | median ms | p95 ms | runs | notes |",
    "|---|---:|---:|---:|---|",
    row("Sagaz dashboard, warm (target < 1000 ms)", warm, "no query runs"),
    row("Sagaz dashboard, cold", cold_times, "12 guarded queries, 4 at a time"),
    row("the 12 queries one by one via `POST /api/v1/sql`", sql_times, "no cache, sequential"),
    row("pandas, the 12 aggregates in memory", pandas_times, "data already loaded; no HTTP/JSON"),
]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
