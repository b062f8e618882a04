#!/usr/bin/env python3
"""Ask end to end over HTTP on a ~1M-row dataset: question -> SQL -> statistics -> chart -> insight,
timed by the client on a keep-alive connection (what a user's browser sees, minus the network).

usage: bench.py SAGAZ_BIN OUT.md [REPEATS]
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from sagaz_server import SagazServer  # noqa: E402

sagaz, out = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 40
SCALE = 11  # leituras_sensores: 88 sensors x 11,520 readings = 1,013,760 rows

QUESTIONS = [
    ("series (the seed question)", "Qual foi o nível de água registrado ao longo do tempo?"),
    ("mean per group", "Qual a temperatura média de cada sensor?"),
    ("count with a filter", "Quantas leituras têm nível de água acima de 5?"),
    ("distribution", "Describe the water level"),
    ("per month", "Average temperature by month"),
]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


with SagazServer(sagaz, demo_scale=SCALE) as server:
    conn = server.connection()
    status, body = server.request("GET", "/api/v1/datasets/leituras_sensores", conn=conn)
    rows = json.loads(body)["rows"]
    lines = []
    for label, question in QUESTIONS:
        times, server_ms, read = [], [], 0
        for i in range(repeats + 3):
            t = time.perf_counter()
            status, body = server.request("POST", "/api/v1/ask", {"question": question}, conn=conn)
            elapsed = (time.perf_counter() - t) * 1000
            assert status == 200, body
            answer = json.loads(body)
            if i >= 3:  # warm-up
                times.append(elapsed)
                server_ms.append(answer["timings"]["total_ms"])
                read = answer["rows_read"]
        lines.append((label, question, read, percentile(times, 0.5), percentile(times, 0.95),
                      statistics.mean(server_ms)))
    conn.close()

with open(out, "w") as f:
    f.write("## Ask (`bench/ask`)\n\n")
    f.write(f"`POST /api/v1/ask` with the builtin parser over HTTP on loopback (keep-alive), dataset "
            f"`leituras_sensores` with {rows:,} rows (`sagaz demo --scale {SCALE}`), strict policy "
            f"(every statistic by Sagaz's engine from the rows read). {repeats} timed requests per "
            f"question after 3 warm-ups; client-side latency. Measured {time.strftime('%Y-%m-%d')}.\n\n")
    f.write("| question | rows read | p50 ms | p95 ms | server total ms (mean) |\n|---|---:|---:|---:|---:|\n")
    for label, question, read, p50, p95, srv in lines:
        f.write(f"| {label}: \"{question}\" | {read:,} | {p50:.1f} | {p95:.1f} | {srv:.1f} |\n")
    seed = lines[0]
    met = "met" if seed[3] <= 25 else "not met"
    f.write(f"\nTarget: p50 <= 25 ms for the seed question (the system Sagaz replaces claimed < 100 ms); "
            f"measured {seed[3]:.1f} ms: {met}.\n")
print(open(out).read())
