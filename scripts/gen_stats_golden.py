#!/usr/bin/python3
"""Generates the golden files of the statistics engine's tests (tests/data/stats/*.json).

Run with Debian's python3 (numpy, pandas, scipy):   /usr/bin/python3 scripts/gen_stats_golden.py

Each file holds its input values exactly (shortest round-trip decimal; "NaN", "Infinity",
"-Infinity" as strings; null for NULL) and the expected statistics:
  * quantiles (all nine Hyndman-Fan methods), histograms, MAD, modes: numpy / scipy / pandas, which
    define them;
  * moments, sums, trimmed and winsorized means, coefficients of variation: exact arithmetic with
    Python's decimal module at 80 digits, correctly rounded to double (numpy's float64 arithmetic is
    itself inexact on ill-conditioned data such as 1e15 + noise, and overflows on 1e300-sized
    values). Where numpy is well-conditioned the script checks that it agrees.
Undefined statistics are null. Everything is deterministic (fixed seeds).
"""
import decimal
import json
import math
import pathlib
import sys

import numpy as np
import pandas as pd
from scipy import stats as sst

D = decimal.Decimal
decimal.getcontext().prec = 80
decimal.getcontext().Emax = 999999
decimal.getcontext().Emin = -999999

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "stats"
METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
           "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
           "normal_unbiased"]
PROBS = [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]
EPS = np.finfo(float).eps


def enc(v):
    """A float for JSON: shortest repr, non-finite as strings."""
    if v is None:
        return None
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def to_float(d):
    """Decimal to the nearest double (inf when beyond the range)."""
    try:
        return float(d)
    except OverflowError:
        return math.inf if d > 0 else -math.inf


def dsqrt(d):
    return d.sqrt() if d > 0 else D(0)


def moments(x):
    """Exact moment statistics of a float array (Decimal arithmetic)."""
    n = len(x)
    xs = [D(float(v)) for v in x]
    s = sum(xs)
    mean = s / n
    d = [v - mean for v in xs]
    m2 = sum(v * v for v in d)
    m3 = sum(v * v * v for v in d)
    m4 = sum(v * v * v * v for v in d)
    r = {"sum": s, "mean": mean}
    r["variance_pop"] = m2 / n
    r["std_dev_pop"] = dsqrt(m2 / n)
    if n >= 2:
        r["variance"] = m2 / (n - 1)
        r["std_dev"] = dsqrt(m2 / (n - 1))
        r["sem"] = r["std_dev"] / D(n).sqrt()
    if m2 > 0:
        g1 = (m3 / n) / (m2 / n) ** D("1.5")
        g2 = (m4 / n) / (m2 / n) ** 2 - 3
        r["skewness_pop"], r["kurtosis_pop"] = g1, g2
        if n >= 3:
            r["skewness"] = g1 * (D(n) * (n - 1)).sqrt() / (n - 2)
        if n >= 4:
            r["kurtosis"] = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    return r


def cv(std, mean, magnitude):
    if mean == 0 or abs(to_float(mean)) <= 8 * EPS * magnitude:
        return None
    return std / abs(mean)


def quantile(x, p, method="linear"):
    return float(np.quantile(x, p, method=method))


def summarize(values, kind):
    """Expected summary of a list of values (None = NULL) of a given numeric kind."""
    rows = len(values)
    nulls = sum(v is None for v in values)
    present = np.array([v for v in values if v is not None], dtype=float)
    nan = int(np.isnan(present).sum())
    infinite = int(np.isinf(present).sum())
    x = present[np.isfinite(present)]
    n = len(x)
    e = {"rows": rows, "count": n, "nulls": nulls, "nan": nan, "infinite": infinite}
    if n == 0:
        return e
    if kind in ("int32", "int64"):
        ints = [int(v) for v in values if v is not None]
        s = D(sum(ints))
        e["sum"] = enc(to_float(s))
    mo = moments(x)
    if kind in ("int32", "int64"):
        mo["sum"] = D(sum(int(v) for v in values if v is not None))
        mo["mean"] = mo["sum"] / n
    for k in ("sum", "mean", "variance", "std_dev", "variance_pop", "std_dev_pop", "sem",
              "skewness", "kurtosis", "skewness_pop", "kurtosis_pop"):
        e[k] = enc(to_float(mo[k])) if k in mo else None
    e["min"], e["max"] = float(x.min()), float(x.max())
    e["range"] = enc(x.max() - x.min())
    magnitude = float(max(abs(x.min()), abs(x.max())))
    if "std_dev" in mo:
        c = cv(mo["std_dev"], mo["mean"], magnitude)
        e["coef_var"] = enc(to_float(c)) if c is not None else None
        e["coef_var_pct"] = enc(to_float(c * 100)) if c is not None else None
    else:
        e["coef_var"] = e["coef_var_pct"] = None

    # numpy agrees where it is well-conditioned.
    if n > 1 and magnitude < 1e150 and magnitude > 1e-150:
        spread = float(np.std(x))
        if spread > 1e-6 * magnitude:
            assert abs(np.mean(x) - to_float(mo["mean"])) <= 1e-12 * magnitude, "numpy mean"
            assert abs(np.var(x, ddof=1) / to_float(mo["variance"]) - 1) < 1e-10, "numpy var"
            sk = pd.Series(x).skew()
            if n >= 3 and abs(to_float(mo["skewness"])) > 1e-6:
                assert abs(sk / to_float(mo["skewness"]) - 1) < 1e-8, ("pandas skew", sk)

    med = float(np.median(x))
    e["median"], e["q1"], e["q3"] = quantile(x, 0.5), quantile(x, 0.25), quantile(x, 0.75)
    e["iqr"] = e["q3"] - e["q1"]
    e["quantiles"] = {m: [enc(quantile(x, p, m)) for p in PROBS] for m in METHODS}

    # Mode: the most frequent value, smallest on ties; none when every value occurs once.
    counts = pd.Series(x).value_counts()
    top = counts.max()
    e["distinct"] = int(len(counts))
    if top == 1 and n > 1:
        e["mode"] = e["mode_count"] = None
    else:
        e["mode"] = float(min(counts[counts == top].index))
        e["mode_count"] = int(top)

    mad = float(sst.median_abs_deviation(x))
    e["mad"] = mad
    e["mad_normal"] = float(sst.median_abs_deviation(x, scale="normal"))
    e["robust_cv_mad"] = mad / abs(med) if med != 0 else None
    e["robust_cv_iqr"] = e["iqr"] / abs(med) if med != 0 else None

    # Trimmed and winsorized means (scipy's cut: int(0.1 * n) at each end), exactly.
    g = int(0.1 * n)
    srt = np.sort(x)
    kept = [D(float(v)) for v in srt[g:n - g]]
    e["trimmed_mean"] = to_float(sum(kept) / len(kept))
    e["winsorized_mean"] = to_float((sum(kept) + g * D(float(srt[g])) + g * D(float(srt[n - g - 1]))) / n)
    if magnitude < 1e150 and n > 10:
        assert abs(sst.trim_mean(x, 0.1) - e["trimmed_mean"]) <= 1e-9 * max(magnitude, 1e-300)
        w = np.asarray(sst.mstats.winsorize(x, limits=(0.1, 0.1))).mean()
        assert abs(w - e["winsorized_mean"]) <= 1e-9 * max(magnitude, 1e-300)

    # Outliers: Tukey fences from the type-7 quartiles, and modified z-scores.
    q1, q3 = e["q1"], e["q3"]
    lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    e["outliers_iqr"] = {"lower_bound": lo, "upper_bound": hi,
                         "low": int((x < lo).sum()), "high": int((x > hi).sum())}
    inl = x[(x >= lo) & (x <= hi)]
    if len(inl) >= 2:
        mi = moments(inl)
        c = cv(mi["std_dev"], mi["mean"], float(max(abs(lo), abs(hi))))
        e["coef_var_adjusted"] = enc(to_float(c)) if c is not None else None
    else:
        e["coef_var_adjusted"] = None
    if mad > 0:
        z = 0.6745 * (x - med) / mad
        e["outliers_mad"] = {"low": int(((np.abs(z) > 3.5) & (x < med)).sum()),
                             "high": int(((np.abs(z) > 3.5) & (x >= med)).sum())}
    else:
        e["outliers_mad"] = None

    hist = {}
    for name, bins in (("fd", "fd"), ("sturges", "sturges"), ("fixed10", 10)):
        counts_, edges = np.histogram(x, bins=bins)
        if len(counts_) <= 10000:
            hist[name] = {"edges": [float(v) for v in edges], "counts": [int(c) for c in counts_]}
    e["histogram"] = hist
    return e


def write(name, description, kind, values, expected):
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {"name": name, "description": description, "type": kind,
           "values": [None if v is None else (int(v) if kind in ("int32", "int64") else enc(v))
                      for v in values],
           "expected": expected}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"{path.relative_to(OUT.parent.parent.parent)}: {len(values)} values")


def summary_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    cases.append(("normal", "N(10, 2), 1001 values", "float64", list(rng.normal(10, 2, 1001))))
    cases.append(("lognormal", "exp(N(0, 1)), 1000 values", "float64",
                  list(np.exp(rng.normal(0, 1, 1000)))))
    cases.append(("heavy_tailed", "Student t with 1.5 degrees of freedom, 1000 values", "float64",
                  list(rng.standard_t(1.5, 1000))))
    cases.append(("constant", "one value repeated", "float64", [7.25] * 500))
    cases.append(("single", "a single value", "float64", [42.5]))
    cases.append(("all_null", "only NULLs", "float64", [None] * 20))
    cases.append(("huge", "N(0, 1) * 1e300: the variance overflows, the std does not", "float64",
                  list(rng.normal(0, 1, 1000) * 1e300)))
    cases.append(("huge_offset", "1e15 + N(0, 1): catastrophic cancellation for naive variance",
                  "float64", list(1e15 + rng.normal(0, 1, 1000))))
    cases.append(("tiny", "N(0, 1) * 1e-300: squares underflow", "float64",
                  list(rng.normal(0, 1, 1000) * 1e-300)))
    mixed = list(rng.normal(100, 15, 1000))
    for i in rng.choice(1000, 80, replace=False):
        mixed[i] = [math.nan, math.inf, -math.inf, None][int(i) % 4]
    cases.append(("mixed_nan_inf", "N(100, 15) with NaN, +inf, -inf and NULLs", "float64", mixed))
    cases.append(("sorted", "uniform(0, 1000), sorted ascending, 2000 values", "float64",
                  list(np.sort(rng.uniform(0, 1000, 2000)))))
    cases.append(("reverse_sorted", "uniform(-50, 50), sorted descending, 1999 values", "float64",
                  list(np.sort(rng.uniform(-50, 50, 1999))[::-1])))
    cases.append(("duplicates", "integers 0..9, 2000 values (int64)", "int64",
                  [int(v) for v in rng.integers(0, 10, 2000)]))
    big = [int(v) for v in rng.integers(2**61, 2**62, 300)]
    cases.append(("int64_large", "int64 near 2^62: the sum needs more than 64 bits", "int64", big))
    ints = [int(v) for v in rng.integers(-1000, 1000, 1500)]
    for i in range(0, 1500, 37):
        ints[i] = None
    cases.append(("int32", "int32 in [-1000, 1000) with NULLs", "int32", ints))
    f32 = [float(np.float32(v)) for v in rng.gamma(2.0, 3.0, 1200)]
    cases.append(("float32", "gamma(2, 3) stored as float32", "float32", f32))
    cases.append(("zero_mean", "symmetric values with a mean of exactly zero", "float64",
                  [float(v) for v in range(-50, 51)] * 3))
    return cases


def pair_expected(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    n = len(x)
    e = {"count": n}
    xs, ys = [D(float(v)) for v in x], [D(float(v)) for v in y]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((a - mx) ** 2 for a in xs)
    syy = sum((b - my) ** 2 for b in ys)
    sxy = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    e["covariance"] = to_float(sxy / (n - 1))
    e["pearson"] = to_float(sxy / (sxx * syy).sqrt()) if sxx > 0 and syy > 0 else None
    e["spearman"] = float(sst.spearmanr(x, y).correlation) if sxx > 0 and syy > 0 else None
    if sxx > 0:
        slope = sxy / sxx
        e["ols"] = {"slope": to_float(slope), "intercept": to_float(my - slope * mx)}
        if syy > 0:
            lr = sst.linregress(x, y)
            r2 = sxy * sxy / (sxx * syy)
            e["ols"].update({"r_squared": to_float(r2), "slope_stderr": float(lr.stderr),
                             "intercept_stderr": float(lr.intercept_stderr),
                             "p_value": float(lr.pvalue)})
            assert abs(lr.slope / to_float(slope) - 1) < 1e-9 or to_float(slope) == 0
        ts = sst.theilslopes(y, x)
        e["theil_sen"] = {"slope": float(ts[0]), "intercept": float(ts[1])}
    else:
        e["ols"] = e["theil_sen"] = None
    # Mann-Kendall: S over all pairs, Var(S) with ties in x and y.
    sx = np.sign(x[None, :] - x[:, None])
    sy = np.sign(y[None, :] - y[:, None])
    s = int(np.triu(sx * sy, 1).sum())

    def ties(v, f):
        _, c = np.unique(v, return_counts=True)
        return float(sum(f(float(t)) for t in c))
    nn = float(n)
    var = ((nn * (nn - 1) * (2 * nn + 5) - ties(x, lambda t: t * (t - 1) * (2 * t + 5))
            - ties(y, lambda t: t * (t - 1) * (2 * t + 5))) / 18
           + ties(x, lambda t: t * (t - 1)) * ties(y, lambda t: t * (t - 1)) / (2 * nn * (nn - 1))
           + ties(x, lambda t: t * (t - 1) * (t - 2)) * ties(y, lambda t: t * (t - 1) * (t - 2))
           / (9 * nn * (nn - 1) * (nn - 2)))
    z = (s - np.sign(s)) / math.sqrt(var) if var > 0 else 0.0
    e["mann_kendall"] = {"s": s, "variance": var, "z": float(z),
                         "p_value": float(2 * sst.norm.sf(abs(z))), "tau": s / (nn * (nn - 1) / 2)}
    return e


def pair_cases():
    rng = np.random.default_rng(7)
    out = []
    x = np.arange(1000, dtype=float)
    out.append(("linear_noise", "y = 2x + N(0, 50) over x = 0..999", list(x),
                list(2 * x + rng.normal(0, 50, 1000))))
    out.append(("ties", "integer x and y with many ties", [float(v) for v in rng.integers(0, 50, 600)],
                [float(v) for v in rng.integers(0, 20, 600)]))
    t = 19000 + np.arange(2000) / 96.0
    out.append(("timestamps", "15-minute readings over 20 days: x in days since 1970, a daily cycle "
                "and a slow decline", list(t),
                list(5 - 0.05 * (t - 19000) + np.sin(2 * np.pi * t) + rng.normal(0, 0.2, 2000))))
    xs = list(rng.normal(0, 1, 400))
    ys = [a * -3 + float(b) for a, b in zip(xs, rng.normal(0, 1, 400))]
    for i in range(0, 400, 23):
        ys[i] = math.nan
    for i in range(5, 400, 31):
        xs[i] = math.inf
    out.append(("with_nan", "negative relation with NaN in y and infinities in x", xs, ys))
    out.append(("constant_y", "y constant", list(np.arange(50.0)), [3.0] * 50))
    return out


def weighted_case():
    rng = np.random.default_rng(99)
    x = rng.normal(50, 10, 800)
    w = rng.uniform(0, 3, 800)
    w[::50] = 0
    m = np.average(x, weights=w)
    xs, ws = [D(float(v)) for v in x], [D(float(v)) for v in w]
    sw = sum(ws)
    mean = sum(a * b for a, b in zip(xs, ws)) / sw
    ss = sum(b * (a - mean) ** 2 for a, b in zip(xs, ws))
    v2 = sum(b * b for b in ws)
    assert abs(to_float(mean) / m - 1) < 1e-12
    return {"values": [float(v) for v in x], "weights": [float(v) for v in w],
            "expected": {"count": 800, "sum_weights": to_float(sw), "mean": to_float(mean),
                         "variance_pop": to_float(ss / sw),
                         "variance_frequency": to_float(ss / (sw - 1)),
                         "variance_reliability": to_float(ss / (sw - v2 / sw)),
                         "std_dev_pop": to_float(dsqrt(ss / sw))}}


def main():
    for name, desc, kind, values in summary_cases():
        write(name, desc, kind, values, summarize(values, kind))
    pairs = []
    for name, desc, x, y in pair_cases():
        pairs.append({"name": name, "description": desc, "x": [enc(v) for v in x],
                      "y": [enc(v) for v in y], "expected": pair_expected(x, y)})
    (OUT / "pairs.json").write_text(json.dumps(pairs, separators=(",", ":")) + "\n")
    print("tests/data/stats/pairs.json:", len(pairs), "cases")
    (OUT / "weighted.json").write_text(json.dumps(weighted_case(), separators=(",", ":")) + "\n")
    print("tests/data/stats/weighted.json")


if __name__ == "__main__":
    sys.exit(main())
