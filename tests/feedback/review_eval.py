#!/usr/bin/env python3
"""Scores the builtin classifier on labelled product reviews with `sagaz feedback eval`, as a user
would, and fails when a figure drops under its floor.

  review_eval.py --sagaz BIN --reviews FILE --min-macro-f1 0.62 [--min-class-f1 neutral=0.4]
  review_eval.py --sagaz BIN --tags FILE --min-micro-f1 0.9
"""
import argparse
import json
import subprocess
import sys


def run(sagaz, args):
    proc = subprocess.run([sagaz, "--json", "feedback", "eval", *args],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"sagaz feedback eval failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sagaz", required=True)
    p.add_argument("--reviews")
    p.add_argument("--tags")
    p.add_argument("--min-macro-f1", type=float, default=0.0)
    p.add_argument("--min-class-f1", action="append", default=[],
                   help="CLASS=F1, e.g. neutral=0.4")
    p.add_argument("--min-micro-f1", type=float, default=0.0)
    p.add_argument("--score-tags", default="")
    a = p.parse_args()
    failures = []
    if a.reviews:
        r = run(a.sagaz, [a.reviews, "--label-column", "stars"])
        per_class = r["per_class"]
        print(f"sentiment on {r['items']} reviews: macro-F1 {r['macro_f1']:.3f}, "
              f"accuracy {r['accuracy']:.3f}")
        for label, m in per_class.items():
            print(f"  {label:9} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                  f"({m['support']})")
        if r["macro_f1"] < a.min_macro_f1:
            failures.append(f"macro-F1 {r['macro_f1']:.3f} < {a.min_macro_f1}")
        for spec in a.min_class_f1:
            label, floor = spec.split("=")
            if per_class[label]["f1"] < float(floor):
                failures.append(f"{label} F1 {per_class[label]['f1']:.3f} < {floor}")
    if a.tags:
        args = [a.tags, "--label-column", "", "--tags-column", "tags"]
        if a.score_tags:
            args += ["--tags", a.score_tags]
        t = run(a.sagaz, args)["tags"]
        print(f"tags on {t['items']} comments: micro-F1 {t['micro_f1']:.3f}, "
              f"macro-F1 {t['macro_f1']:.3f}")
        for m in t["per_tag"] if isinstance(t["per_tag"], list) else [
                dict(v, label=k) for k, v in t["per_tag"].items()]:
            print(f"  {m['label']:13} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
        if t["micro_f1"] < a.min_micro_f1:
            failures.append(f"tags micro-F1 {t['micro_f1']:.3f} < {a.min_micro_f1}")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
