#!/usr/bin/env python3
"""Writes a realistic e-commerce CSV of about the requested size (default ~1 GB) for the ingest benchmark.

usage: gen_csv.py OUT.csv [ROWS]
Columns: order_id, created_at (ISO timestamp), category, city, price, quantity, discount, returned, note.
Deterministic (seed 42).
"""
import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 11_000_000
rng = np.random.default_rng(42)
cats = np.array(["eletronicos", "moda", "casa", "esporte", "livros", "beleza", "brinquedos", "alimentos"])
cities = np.array(["Sao Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Recife",
                   "Salvador"])
base = np.datetime64("2022-01-01T00:00:00")
with open(out, "w") as f:
    f.write("order_id,created_at,category,city,price,quantity,discount,returned,note\n")
    chunk = 500_000
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        ids = np.arange(start, start + n)
        ts = (base + rng.integers(0, 3 * 365 * 86400, n).astype("timedelta64[s]")).astype(str)
        cat = cats[rng.integers(0, len(cats), n)]
        city = cities[rng.integers(0, len(cities), n)]
        price = np.round(rng.lognormal(4, 1, n), 2)
        qty = rng.integers(1, 10, n)
        disc = np.round(rng.random(n) * 0.3, 3)
        ret = np.where(rng.random(n) < 0.05, "true", "false")
        f.writelines(f"{a},{b},{c},{d},{e},{g},{h},{i},pedido {a}\n"
                     for a, b, c, d, e, g, h, i in zip(ids, ts, cat, city, price, qty, disc, ret))
