#!/usr/bin/python3
"""The Python half of bench/stats/run: times pandas and numpy on the very values stats_compare
wrote, merges everything with the C++ timings (Sagaz, DuckDB SQL), and writes the Markdown section
(with ratios to pandas and to DuckDB SQL, GB/s of input) and the plot.

usage: compare.py --cpp CPP.json --micro MICRO.json --dir DATA --out OUT.md --plot PLOT.png
"""
import argparse
import datetime
import json
import pathlib
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats as sst  # noqa: E402
from scipy.stats import mstats  # noqa: E402


def measure(fn, reps):
    fn()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return ms[len(ms) // 2], ms[0]


# ---- the workloads, as a pandas or numpy user writes them ------------------------------------

def pandas_describe(s):
    d = s.describe()
    return d["std"] / d["mean"]


def pandas_calls(s):
    return (s.min(), s.max(), s.mean(), s.median(), s.quantile(0.25), s.quantile(0.75),
            s.std() / s.mean())


def numpy_seed(x):
    q = np.percentile(x, [25, 50, 75])
    sd = x.std(ddof=1)
    return x.min(), x.max(), x.mean(), q, sd, sd / x.mean()


def pandas_full(s):
    d = s.describe()
    med = d["50%"]
    q1, q3 = d["25%"], d["75%"]
    iqr = q3 - q1
    lo, hi = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    mad = (s - med).abs().median()
    inl = s[(s >= lo) & (s <= hi)]
    x = s.to_numpy()
    return (d, s.sum(), s.var(), s.var(ddof=0), s.std(ddof=0), s.sem(), s.skew(), s.kurt(),
            s.quantile([0.1, 0.9]), s.mode().iloc[0], s.value_counts().max(), s.nunique(), mad,
            sst.trim_mean(x, 0.1), mstats.winsorize(x, limits=(0.1, 0.1)).mean(),
            ((s < lo) | (s > hi)).sum(), (np.abs(0.6745 * (s - med) / mad) > 3.5).sum(),
            inl.std() / inl.mean(), mad / abs(med), iqr / abs(med), np.histogram(x, bins="fd"))


def numpy_full(x):
    q = np.percentile(x, [10, 25, 50, 75, 90])
    med, iqr = q[2], q[3] - q[1]
    lo, hi = q[1] - 1.5 * iqr, q[3] + 1.5 * iqr
    mean, sd = x.mean(), x.std(ddof=1)
    dev = np.abs(x - med)
    mad = np.median(dev)
    inl = x[(x >= lo) & (x <= hi)]
    vals, counts = np.unique(x, return_counts=True)
    return (x.min(), x.max(), x.sum(), mean, sd, x.var(ddof=1), x.var(), x.std(),
            sd / np.sqrt(len(x)), sst.skew(x, bias=False), sst.kurtosis(x, bias=False), q,
            vals[counts.argmax()], len(vals), mad, sst.trim_mean(x, 0.1),
            mstats.winsorize(x, limits=(0.1, 0.1)).mean(), ((x < lo) | (x > hi)).sum(),
            (0.6745 * dev / mad > 3.5).sum(), inl.std(ddof=1) / inl.mean(),
            np.histogram(x, bins="fd"))


# ---- report ---------------------------------------------------------------------------------

TOOLS = {
    "sagaz": "Sagaz",
    "duckdb_sql": "DuckDB SQL",
    "pandas_describe": "pandas describe()",
    "pandas_calls": "pandas, individual calls",
    "pandas": "pandas",
    "numpy": "numpy",
}
WORKLOADS = {
    "seed": "Seed summary (min, max, mean, median, q1, q3, std, cv)",
    "full": "Full profile (every statistic: moments, shape, quantiles, mode, distinct, MAD, "
            "trimmed/winsorized means, outliers, adjusted CV, histogram)",
    "e2e_seed": "End to end: dataset column in a DuckDB file -> seed summary",
}
TARGETS = {("seed", 1_000_000): 5, ("seed", 10_000_000): 50, ("e2e_seed", 1_000_000): 15}


def label(r):
    name = TOOLS.get(r["tool"], r["tool"])
    return f"{name} ({r['threads']} thread{'s' if r['threads'] > 1 else ''})" \
        if r["tool"] in ("sagaz", "duckdb_sql") else name


def fmt_ms(ms):
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def ratio(a, b):
    if b is None:
        return "-"
    r = b / a
    return f"{r:.1f}x" if r >= 1 else f"1/{1 / r:.1f}x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpp", required=True)
    ap.add_argument("--micro")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--plot", required=True)
    args = ap.parse_args()
    cpp = json.loads(pathlib.Path(args.cpp).read_text())
    reps = cpp["reps"]
    results = list(cpp["results"])
    sizes = sorted({r["n"] for r in results if r["workload"] != "e2e_seed"})
    data = pathlib.Path(args.dir)

    def add(workload, n, tool, fn):
        med, mn = measure(fn, reps)
        results.append({"workload": workload, "n": n, "tool": tool, "threads": 1, "ms": med,
                        "ms_min": mn})
        print(f"{workload} n={n} {tool}: {med:.2f} ms", flush=True)

    for n in sizes:
        x = np.fromfile(data / f"x_{n}.f64", dtype=np.float64)
        s = pd.Series(x)
        add("seed", n, "pandas_describe", lambda: pandas_describe(s))
        add("seed", n, "pandas_calls", lambda: pandas_calls(s))
        add("seed", n, "numpy", lambda: numpy_seed(x))
        add("full", n, "pandas", lambda: pandas_full(s))
        add("full", n, "numpy", lambda: numpy_full(x))
    # End to end for Python users: load the column from disk, then summarize.
    path = data / "x_1000000.f64"
    add("e2e_seed", 1_000_000, "pandas_describe",
        lambda: pandas_describe(pd.Series(np.fromfile(path, dtype=np.float64))))
    add("e2e_seed", 1_000_000, "numpy", lambda: numpy_seed(np.fromfile(path, dtype=np.float64)))

    lines = ["## Statistics engine (`bench/stats`)", ""]
    lines.append(f"Measured {datetime.date.today().isoformat()} by `bench/stats/run` on {cpp['cpu']} "
                 f"({cpp['cores']} cores; Sagaz kernels dispatched to {cpp['simd']}; DuckDB "
                 f"{cpp['duckdb']}; numpy {np.__version__}, pandas {pd.__version__}). Every tool "
                 f"reads the same generated values (N(100, 15) doubles); each figure is the median "
                 f"of {reps} runs after a warm-up. pandas and numpy use one core; DuckDB and Sagaz "
                 f"are shown on one core and on both. Ratios are how many times faster Sagaz (one "
                 f"thread) is; GB/s is input bytes (8 per value) per second.")
    lines.append("")
    for workload, title in WORKLOADS.items():
        rows = [r for r in results if r["workload"] == workload]
        if not rows:
            continue
        lines += [f"### {title}", ""]
        ns = sorted({r["n"] for r in rows})
        header = "| tool |" + "".join(f" {n // 1_000_000}M ms | GB/s | Sagaz vs it |" for n in ns)
        lines += [header, "|---|" + "---:|---:|---:|" * len(ns)]
        tools = []
        for r in rows:
            key = (r["tool"], r["threads"])
            if key not in tools:
                tools.append(key)
        for tool, threads in tools:
            cells = []
            for n in ns:
                r = next((r for r in rows if r["n"] == n and r["tool"] == tool and
                          r["threads"] == threads), None)
                sagaz = next(r for r in rows if r["n"] == n and r["tool"] == "sagaz" and
                             r["threads"] == 1)
                if r is None:
                    cells.append(" - | - | - |")
                    continue
                gbs = n * 8 / (r["ms"] / 1000) / 1e9
                vs = "-" if (tool == "sagaz" and threads == 1) else ratio(sagaz["ms"], r["ms"])
                cells.append(f" {fmt_ms(r['ms'])} | {gbs:.2f} | {vs} |")
            lines.append(f"| {label({'tool': tool, 'threads': threads})} |" + "".join(cells))
        lines.append("")
        for n in ns:
            target = TARGETS.get((workload, n))
            if target is None:
                continue
            sagaz = next(r for r in rows if r["n"] == n and r["tool"] == "sagaz" and
                         r["threads"] == 1)
            verdict = "met" if sagaz["ms"] <= target else "**missed**"
            extra = ""
            if "read_ms" in sagaz:
                extra = (f" (read from DuckDB {fmt_ms(sagaz['read_ms'])} ms, statistics "
                         f"{fmt_ms(sagaz['compute_ms'])} ms in the last run)")
            lines.append(f"Target for {n // 1_000_000}M values on one core: <= {target} ms; "
                         f"measured {fmt_ms(sagaz['ms'])} ms{extra}: {verdict}.")
        lines.append("")

    if args.micro and pathlib.Path(args.micro).exists():
        micro = json.loads(pathlib.Path(args.micro).read_text())
        lines += ["### Micro-benchmarks (`stats_bench`, Google Benchmark)", "",
                  "| benchmark | time | throughput |", "|---|---:|---:|"]
        for b in micro.get("benchmarks", []):
            unit = b.get("time_unit", "ns")
            gbs = b.get("bytes_per_second", 0) / 1e9
            lines.append(f"| `{b['name']}` | {b['real_time']:.3g} {unit} | {gbs:.2f} GB/s |")
        lines.append("")
        lines.append("`BM_Seed1`/`BM_Seed2` compare one and two threads by input size; the engine "
                     "switches to both cores at 256Ki values (`SummaryOptions::parallel_threshold`).")
        lines.append("")

    # Plot: milliseconds per workload and size, log scale.
    groups = [(w, n) for w in WORKLOADS for n in sorted({r["n"] for r in results
                                                         if r["workload"] == w})]
    tool_keys = []
    for r in results:
        key = (r["tool"], r["threads"])
        if key not in tool_keys:
            tool_keys.append(key)
    fig, ax = plt.subplots(figsize=(11, 4.8))
    width = 0.8 / len(tool_keys)
    for i, (tool, threads) in enumerate(tool_keys):
        ys = []
        for w, n in groups:
            r = next((r for r in results if r["workload"] == w and r["n"] == n and
                      r["tool"] == tool and r["threads"] == threads), None)
            ys.append(r["ms"] if r else 0)
        xs = [g + (i - len(tool_keys) / 2 + 0.5) * width for g in range(len(groups))]
        ax.bar(xs, ys, width, label=label({"tool": tool, "threads": threads}))
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([f"{w.replace('_', ' ')}\n{n // 1_000_000}M values" for w, n in groups])
    ax.set_yscale("log")
    ax.set_ylabel("milliseconds (log scale, lower is better)")
    ax.set_title("Statistics of doubles: Sagaz vs pandas, numpy and DuckDB SQL")
    ax.legend(fontsize=8, ncol=2)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.plot, dpi=110)
    lines.insert(3, f"![Statistics benchmark](stats_bench.png)\n")
    pathlib.Path(args.out).write_text("\n".join(lines).rstrip() + "\n")
    print(f"wrote {args.out} and {args.plot}")
    # Keep the raw figures next to the table.
    pathlib.Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
