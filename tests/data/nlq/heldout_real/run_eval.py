#!/usr/bin/env python3
"""Measures Ask on the held-out real-shaped question set the way a new user meets it: a fresh data directory,
every CSV loaded with plain `sagaz ingest`, each question asked with `sagaz --json ask` in its own process (so a
crash is a crash of that question, not of the run), no --dataset and no --language.

For each question:
  crash     the process died of a signal or hung (--timeout)
  declined  `sagaz ask` exited with an error (e.g. nothing in the question matches the data)
  unclear   the answer's status is "unclear"
  right     status ok, and the result of its answer_sql equals the result of the gold SQL
  wrong     status ok and a different result (or an answer_sql that fails): a wrong answer said with confidence

A question that should be unclear is right when it is unclear or declined, and wrong when answered ok.

Results are compared as `sagaz eval nlq` compares them (src/ask/eval.cpp): values as text, numbers to 9
significant digits, rows as a multiset (a ranking is right when its top N are; eval.cpp's ordered comparison falls
back to the multiset too, since ties make the order among equals arbitrary). Three allowances for a user's reading
of "the same answer": the answer may carry up to two extra columns (every gold column must be one of them, row by
row: a ranking that also names the category is right, a ranking with no names is not, and neither are all the
columns of the table when the question names a measure); a one-column answer (a vector the statistics engine
describes) ignores missing values; a period is the same period however it is written (2017-03-01 00:00:00,
2017-03-01, 2017-03; 2017-01-01 and the year 2017).

Prints execution accuracy, the rate of wrong answers with status ok, the unclear/declined rate and the crashes, per
shape and per language. Exit code 1 when a question crashed (unless --allow-crashes), when accuracy is below
--min-accuracy or when wrong-with-ok is above --max-wrong-ok; 2 on a setup failure.

  python3 tests/data/nlq/heldout_real/run_eval.py --sagaz build/bin/sagaz --shared ../shared/data \
      [--json report.json] [--show-failures] [--min-accuracy 40] [--only ID_SUBSTRING] [--set DIR]

--set names another set's directory (tests/data/nlq/heldout_ops: the second held-out set, other domains).

The questions over the samples of ../shared/data (cotacoes_diarias, tweets_sentimento) are skipped when --shared
is absent or does not hold the data.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SYNTHETIC = ["produtos", "pedidos", "itens_pedido", "vendedores", "avaliacoes_loja", "estoque_deposito",
             "campanhas_marketing", "pesquisa_clientes", "empresa"]
REAL = ["cotacoes_diarias", "tweets_sentimento"]


def read_set(directory):
    """A question set's directory: questions.jsonl, gen_data.py (writes the samples of ../shared/data with
    --shared DIR --real-only OUT), the committed CSVs, and set.json {"synthetic": [...], "real": [...]} naming the
    tables (the default is this folder's set)."""
    manifest = os.path.join(directory, "set.json")
    if not os.path.isfile(manifest):
        return SYNTHETIC, REAL
    with open(manifest, encoding="utf-8") as f:
        m = json.load(f)
    return m["synthetic"], m.get("real", [])
SHAPES = ["single", "group", "ranking", "time", "distribution", "measure_filter", "count_filter", "unclear"]


class Sagaz:
    def __init__(self, binary, data_dir, timeout):
        self.binary, self.data_dir, self.timeout = binary, data_dir, timeout

    def run(self, *args):
        """(returncode, stdout, stderr); returncode is -signal for a crash, None for a hang."""
        try:
            p = subprocess.run([self.binary, "--data-dir", self.data_dir, *args], capture_output=True, text=True,
                               timeout=self.timeout)
            return p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            return None, e.stdout or "", e.stderr or ""

    def rows(self, sql):
        """The rows of a query (standard policy), or raises RuntimeError with the error."""
        code, out, err = self.run("--json", "sql", sql, "--policy", "standard", "--limit", "1000000")
        if code != 0:
            raise RuntimeError(f"exit {code}: {(err or out).strip()[:300]}")
        return json.loads(out)["rows"]


# ---- comparing results ---------------------------------------------------------------------------------------
PERIOD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00(?:\.0+)?(?:[+-]\d{2}(?::?\d{2})?|Z)?)?$")


def canonical(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return "%.9g" % v
    if isinstance(v, str):
        m = PERIOD.match(v)
        if m:  # a period: midnight dropped, the first of a month is the month, January 1st the year
            y, mo, d = m.groups()
            if d != "01":
                return f"{y}-{mo}-{d}"
            return y if mo == "01" else f"{y}-{mo}"
        try:
            return "%.9g" % float(v) if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", v) else v
        except ValueError:
            return v
    return json.dumps(v, sort_keys=True)


def canon_rows(rows):
    return [[canonical(v) for v in r] for r in rows]


MAX_EXTRA_COLUMNS = 2  # a name and a date beside the gold's columns


def same_result(got, want):
    """got/want: canonical rows. True when every column of `want` is a column of `got`, row by row (extra columns
    of `got` are allowed); a one-column `want` (a vector) ignores missing values on both sides."""
    vector = bool(want) and len(want[0]) == 1
    if vector:
        want = [r for r in want if r[0] != "NULL"]
    if not want or not got:
        return not want and not got
    width = len(want[0])
    if len(got[0]) > width + MAX_EXTRA_COLUMNS:
        return False  # the table's rows rather than the measure the question names

    def project(mapping):
        rows = [[r[c] for c in mapping] for r in got]
        return [p for p in rows if p[0] != "NULL"] if vector else rows

    # candidate columns of `got` for each column of `want`: the same values as a multiset
    candidates = []
    for j in range(width):
        wj = sorted(r[j] for r in want)
        options = [c for c in range(len(got[0])) if sorted(r[0] for r in project([c])) == wj]
        if not options:
            return False
        candidates.append(options)

    def search(j, mapping):
        if j == width:
            return sorted(project(mapping)) == sorted(want)
        return any(search(j + 1, mapping + [c]) for c in candidates[j] if c not in mapping)

    return search(0, [])


def summarize(rows, limit=3):
    out = "; ".join(", ".join(r) for r in rows[:limit])
    return out + (f"; … ({len(rows)} rows)" if len(rows) > limit else "")


# ---- the run -------------------------------------------------------------------------------------------------
def load(sagaz, csv_dir_synthetic, csv_dir_real, log, synthetic, real):
    loaded = []
    for name in synthetic + real:
        folder = csv_dir_synthetic if name in synthetic else csv_dir_real
        path = os.path.join(folder, name + ".csv") if folder else None
        if not path or not os.path.isfile(path):
            log(f"skip dataset {name}: " + (f"{path} is absent" if path else "no --shared data"))
            continue
        code, out, err = sagaz.run("ingest", path, "--name", name)
        if code != 0:
            raise SystemExit(f"ingest {name} failed (exit {code}): {err or out}")
        loaded.append(name)
    return loaded


def tables_of(sql):
    return set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)", sql, re.IGNORECASE))


def evaluate(sagaz, case, expected_cache):
    r = {"id": case["id"], "lang": case["lang"], "shape": case["shape"], "question": case["question"],
         "expected_sql": case.get("sql"), "expect": case.get("expect", "answer")}
    started = time.monotonic()
    code, out, err = sagaz.run("--json", "ask", case["question"])
    r["ms"] = round((time.monotonic() - started) * 1000)
    if code is None or code < 0:
        r["outcome"] = "crash"
        r["detail"] = "hang (timeout)" if code is None else f"signal {signal.Signals(-code).name}"
        r["stderr"] = err.strip()[-500:]
        return r
    if code != 0:
        r["outcome"] = "declined"
        r["detail"] = (err or out).strip()[:300]
        if r["expect"] == "unclear":
            r["right"] = True
        return r
    answer = json.loads(out)
    r["status"] = answer.get("status")
    r["confidence"] = answer.get("confidence")
    r["table"] = answer.get("table")
    r["interpretation"] = [f"{m.get('phrase')} → {m.get('role')}: {m.get('target')}"
                           for m in (answer.get("plan") or {}).get("interpretation", [])] or \
        [f"{m.get('phrase')} → {m.get('role')}: {m.get('target')}" for m in answer.get("interpretation", [])]
    r["notes"] = (answer.get("plan") or {}).get("notes", [])
    if r["status"] == "unclear":
        r["outcome"] = "unclear"
        r["detail"] = answer.get("message", "")
        r["candidates"] = [c.get("answer_sql", "") for c in answer.get("candidates", [])][:3]
        r["right"] = r["expect"] == "unclear"
        return r
    r["answer_sql"] = answer.get("answer_sql") or answer.get("query", "")
    if r["expect"] == "unclear":
        r["outcome"] = "wrong"
        r["detail"] = "answered a question that should be unclear"
        return r
    sql = case["sql"]
    if sql not in expected_cache:
        expected_cache[sql] = canon_rows(sagaz.rows(sql))  # a gold SQL that fails is a setup error
    want = expected_cache[sql]
    try:
        got = canon_rows(sagaz.rows(r["answer_sql"]))
    except RuntimeError as e:
        r["outcome"] = "wrong"
        r["detail"] = f"its answer_sql failed: {e}"
        return r
    if same_result(got, want):
        r["outcome"] = "right"
        r["right"] = True
    else:
        r["outcome"] = "wrong"
        r["detail"] = f"got {summarize(got)} | expected {summarize(want)}"
    return r


def check_gold(sagaz, cases, loaded):
    """Every gold SQL runs; a ranking's LIMIT does not cut between ties (its last column is the ordering key)."""
    bad = 0
    for case in cases:
        sql = case.get("sql")
        if not sql or not tables_of(sql) <= loaded:
            continue
        try:
            rows = sagaz.rows(sql)
        except RuntimeError as e:
            print(f"GOLD FAILS {case['id']}: {e}\n     {sql}")
            bad += 1
            continue
        note = "" if rows else " (empty result)"
        m = re.search(r"LIMIT (\d+)\s*$", sql)
        if m:
            n = int(m.group(1))
            more = sagaz.rows(sql[:m.start()] + f"LIMIT {n + 1}")
            if len(more) > n and canonical(more[n - 1][-1]) == canonical(more[n][-1]):
                print(f"GOLD TIES {case['id']}: row {n} and {n + 1} tie on {more[n][-1]}\n     {sql}")
                bad += 1
        print(f"ok {case['id']}: {summarize(canon_rows(rows), 2)}{note}")
    return 1 if bad else 0


def table(title, groups, results):
    lines = [f"{title:<16} {'n':>4} {'accuracy':>9} {'wrong-ok':>9} {'unclear':>8} {'declined':>9} {'crash':>6}"]
    for g in groups + ["all"]:
        rs = [r for r in results if g == "all" or r["shape"] == g or r["lang"] == g]
        if not rs:
            continue
        n = len(rs)
        right = sum(1 for r in rs if r.get("right"))
        wrong_ok = sum(1 for r in rs if r["outcome"] == "wrong")
        unclear = sum(1 for r in rs if r["outcome"] == "unclear")
        declined = sum(1 for r in rs if r["outcome"] == "declined")
        crash = sum(1 for r in rs if r["outcome"] == "crash")
        lines.append(f"{g:<16} {n:>4} {100 * right / n:>8.1f}% {100 * wrong_ok / n:>8.1f}% {100 * unclear / n:>7.1f}% "
                     f"{100 * declined / n:>8.1f}% {crash:>6}")
    return "\n".join(lines)


def figures(results):
    n = len(results)
    answerable = [r for r in results if r["expect"] != "unclear"]
    return {
        "total": n,
        "right": sum(1 for r in results if r.get("right")),
        "accuracy": sum(1 for r in results if r.get("right")) / n if n else 0,
        "wrong_ok_rate": sum(1 for r in results if r["outcome"] == "wrong") / n if n else 0,
        "unclear_rate": sum(1 for r in results if r["outcome"] in ("unclear", "declined")) / n if n else 0,
        "answerable_accuracy": (sum(1 for r in answerable if r.get("right")) / len(answerable)) if answerable else 0,
        "crashes": sum(1 for r in results if r["outcome"] == "crash"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sagaz", required=True, help="the sagaz binary")
    ap.add_argument("--shared", help="../shared/data (B3 quotes and tweets); skipped when absent")
    ap.add_argument("--set", default=HERE,
                    help="the question set's directory (default: this one; ../heldout_ops is the second set)")
    ap.add_argument("--questions", help="default: questions.jsonl of --set")
    ap.add_argument("--work", help="keep the data directory here (default: a temporary one)")
    ap.add_argument("--json", help="write every question's result and the figures here")
    ap.add_argument("--only", help="only questions whose id contains this")
    ap.add_argument("--timeout", type=float, default=60, help="seconds before a question counts as a hang")
    ap.add_argument("--min-accuracy", type=float, default=0, help="percent; exit 1 below it")
    ap.add_argument("--max-wrong-ok", type=float, default=100, help="percent; exit 1 above it")
    ap.add_argument("--allow-crashes", action="store_true", help="crashes do not fail the run")
    ap.add_argument("--show-failures", action="store_true", help="print every failure with its SQL")
    ap.add_argument("--check-gold", action="store_true",
                    help="only run the gold SQL: report the ones that fail, return nothing or tie at their LIMIT")
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    set_dir = os.path.abspath(args.set)
    synthetic, real = read_set(set_dir)
    questions = args.questions or os.path.join(set_dir, "questions.jsonl")
    with tempfile.TemporaryDirectory(prefix="sagaz-heldout-real-") as tmp:
        work = args.work or tmp
        os.makedirs(work, exist_ok=True)
        real_dir = None
        if args.shared and os.path.isdir(args.shared):
            real_dir = os.path.join(work, "real")
            subprocess.run([sys.executable, os.path.join(set_dir, "gen_data.py"), "--shared", args.shared, "--real-only",
                            real_dir], check=True)
        data_dir = os.path.join(work, "data")
        sagaz = Sagaz(os.path.abspath(args.sagaz), data_dir, args.timeout)
        loaded = set(load(sagaz, set_dir, real_dir, log, synthetic, real))
        cases = [json.loads(line) for line in open(questions, encoding="utf-8") if line.strip()]
        if args.only:
            cases = [c for c in cases if args.only in c["id"]]
        if args.check_gold:
            return check_gold(sagaz, cases, loaded)
        results, expected_cache, skipped = [], {}, 0
        started = time.monotonic()
        for case in cases:
            if "sql" in case and not tables_of(case["sql"]) <= loaded:
                skipped += 1
                continue
            try:
                r = evaluate(sagaz, case, expected_cache)
            except RuntimeError as e:
                log(f"setup error: the gold SQL of {case['id']} failed: {e}")
                return 2
            results.append(r)
            if r["outcome"] == "crash":
                log(f"CRASH {r['id']}: {r['question']} ({r['detail']})")
        elapsed = time.monotonic() - started

    for r in results:
        if r.get("right"):
            continue
        print(f"FAIL {r['id']} [{r['outcome']}] {r['question']}\n     {r.get('detail', '')}")
        if args.show_failures:
            if r.get("answer_sql"):
                print(f"     answer:   {r['answer_sql']}")
            print(f"     expected: {r['expected_sql'] or 'unclear'}")
    print()
    print(table("shape", SHAPES, results))
    print()
    print(table("language", ["pt", "en"], results))
    f = figures(results)
    print(f"\nExecution accuracy: {f['right']}/{f['total']} ({100 * f['accuracy']:.1f}%); answerable questions "
          f"{100 * f['answerable_accuracy']:.1f}%; wrong with status ok {100 * f['wrong_ok_rate']:.1f}%; "
          f"unclear or declined {100 * f['unclear_rate']:.1f}%; crashes {f['crashes']}; "
          f"{skipped} skipped (no ../shared/data); {elapsed:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"figures": f, "skipped": skipped, "results": results}, out, ensure_ascii=False, indent=1)

    failed = False
    if f["crashes"] and not args.allow_crashes:
        log(f"{f['crashes']} question(s) crashed sagaz")
        failed = True
    if 100 * f["accuracy"] + 1e-9 < args.min_accuracy:
        log(f"execution accuracy {100 * f['accuracy']:.1f}% is below --min-accuracy {args.min_accuracy}%")
        failed = True
    if 100 * f["wrong_ok_rate"] > args.max_wrong_ok + 1e-9:
        log(f"wrong answers with status ok {100 * f['wrong_ok_rate']:.1f}% are above --max-wrong-ok "
            f"{args.max_wrong_ok}%")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
