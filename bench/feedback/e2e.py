#!/usr/bin/env python3
"""Only the end-to-end part of compare.py: N comments posted to `sagaz serve` (one NDJSON file, then
JSON batches of 10,000) until the jobs have stored and classified them. For profiling the server (prints its pid first).

usage: e2e.py SAGAZ_BIN TWEETS_CSV [N]
"""
import os
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import end_to_end, end_to_end_batches  # noqa: E402


def main():
    bin_, csv = sys.argv[1:3]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    df = pd.read_csv(csv)
    n, elapsed, cpu, classified, size = end_to_end(bin_, df["Text"].astype(str).tolist(), n)
    print(f"{n} comments ({size / 1e6:.1f} MB): {elapsed:.1f} s wall, {cpu:.1f} s server CPU, "
          f"{classified} classified, load {os.getloadavg()[0]:.1f}")
    n, elapsed, cpu, classified = end_to_end_batches(bin_, df["Text"].astype(str).tolist(), n)
    print(f"{n} comments as JSON batches of 10,000: {elapsed:.1f} s wall, {cpu:.1f} s server CPU, "
          f"{classified} classified, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
