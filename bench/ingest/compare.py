#!/usr/bin/env python3
"""Ingest throughput: `sagaz ingest` against pandas.read_csv (and DuckDB's own CTAS as a reference) on the
same generated CSV, in one run. Writes a Markdown table to stdout.

usage: compare.py SAGAZ_BIN CSV [REPEATS]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sagaz, csv = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
size = os.path.getsize(csv)


def best(fn):
    times = []
    for _ in range(repeats):
        times.append(fn())
    return min(times), sorted(times)[len(times) // 2]


def run_sagaz():
    d = tempfile.mkdtemp(prefix="sagaz-bench-")
    try:
        t = time.perf_counter()
        subprocess.run([sagaz, "--data-dir", d, "ingest", csv, "--name", "bench"], check=True,
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - t
    finally:
        shutil.rmtree(d, ignore_errors=True)


def run_pandas():
    import pandas as pd
    t = time.perf_counter()
    df = pd.read_csv(csv)
    elapsed = time.perf_counter() - t
    assert len(df) > 0
    del df
    return elapsed


sagaz_best, sagaz_med = best(run_sagaz)
pandas_best, pandas_med = best(run_pandas)
mb = size / 1e6
print("| tool | best (s) | median (s) | MB/s | speed-up vs pandas |")
print("|---|---:|---:|---:|---:|")
print(f"| `sagaz ingest` (typed, checked, persisted to DuckDB) | {sagaz_best:.2f} | {sagaz_med:.2f} | "
      f"{mb / sagaz_best:.0f} | {pandas_best / sagaz_best:.1f}x |")
print(f"| pandas.read_csv (in memory only) | {pandas_best:.2f} | {pandas_med:.2f} | {mb / pandas_best:.0f} | 1.0x |")
print()
print(f"File: {mb:.0f} MB, {repeats} runs each; pandas {__import__('pandas').__version__}.")
