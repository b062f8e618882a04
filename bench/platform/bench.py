#!/usr/bin/env python3
"""HTTP load with wrk (Debian) on loopback: 64 connections for a bounded time on the health check and
on an authenticated dataset listing (token verified and the catalog read on every request).

usage: bench.py SAGAZ_BIN OUT.md [SECONDS]
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from sagaz_server import SagazServer  # noqa: E402

sagaz, out = sys.argv[1], sys.argv[2]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 10


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, headers=()):
    cmd = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    text = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    dist = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, to_ms(dist["50"]), to_ms(dist["99"]), int(errors.group(1)) if errors else 0


with SagazServer(sagaz, config="[server]\nthreads = 64\n") as server:
    base = f"http://127.0.0.1:{server.port}"
    rows = [("`GET /api/v1/health` (public)",) + wrk(base + "/api/v1/health"),
            ("`GET /api/v1/datasets` (Bearer JWT, 8 datasets)",)
            + wrk(base + "/api/v1/datasets", [f"Authorization: Bearer {server.token}"])]

with open(out, "w") as f:
    f.write("## HTTP load (`bench/platform`)\n\n")
    f.write(f"wrk 4 on loopback, 2 threads, 64 connections, {seconds} s per route, against `sagaz serve` "
            f"(64 HTTP threads, the default) on the same 2-core machine (wrk and the server share the cores). Measured "
            f"{time.strftime('%Y-%m-%d')}.\n\n")
    f.write("| route | requests/s | p50 ms | p99 ms | non-2xx |\n|---|---:|---:|---:|---:|\n")
    for name, rps, p50, p99, errors in rows:
        f.write(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errors} |\n")
print(open(out).read())
