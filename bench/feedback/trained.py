#!/usr/bin/env python3
"""Feedback's trained classifier beside scikit-learn on the same deduplicated data.

usage: trained.py SAGAZ_BIN TWEETS_CSV OUT.md

Both sides: distinct texts (after folding case and accents and leaving out URLs, @mentions and the
retweet mark: 61% of the rows repeat a text), word 1-2-grams and character 3-5-grams within words
with sublinear TF-IDF, one-vs-rest logistic regression with balanced class weights, 5-fold
stratified cross-validation. Sagaz: `sagaz feedback train` (hashed features, LIBLINEAR); its CV
figures are the ones it reports before activation. scikit-learn: TfidfVectorizer (vocabulary) +
LogisticRegression (liblinear solver). Speed: comments per second on one thread (CPU time),
classifying every distinct text with the fitted model; training time is wall time of one fit
(Sagaz: the k-fold CV and the final fit).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata

import numpy as np
import pandas as pd

LABELS = {"Positivo": "positive", "Negativo": "negative", "Neutro": "neutral"}
ORDER = ["negative", "neutral", "positive"]


def key(text):
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"(https?://|www\.)\S+|@\S+", " ", t)
    words = re.findall(r"[a-z0-9]+|[^\x00-\x7f]+", t)
    if words[:1] == ["rt"]:
        words = words[1:]
    return " ".join(re.sub(r"([a-z])\1{2,}", r"\1", w) for w in words)


def sklearn_cv(texts, gold):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    def model():
        return make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
            OneVsRestClassifier(LogisticRegression(C=4, solver="liblinear",
                                                   class_weight="balanced")))
    texts, gold = np.array(texts, dtype=object), np.array(gold)
    pred = np.empty_like(gold)
    start = time.perf_counter()
    for train, test in StratifiedKFold(5, shuffle=True, random_state=1).split(texts, gold):
        pred[test] = model().fit(texts[train], gold[train]).predict(texts[test])
    m = model()
    m.fit(texts, gold)
    train_s = time.perf_counter() - start
    start = time.thread_time()
    m.predict(texts)
    rate = len(texts) / (time.thread_time() - start)
    per = f1_score(gold, pred, labels=ORDER, average=None)
    return float(np.mean(per)), per, rate, train_s


def main():
    bin_, csv, out = sys.argv[1:4]
    df = pd.read_csv(csv)
    df = df[df["Classificacao"].isin(LABELS)]
    df = df.assign(key=df["Text"].astype(str).map(key))
    d = df[df["key"] != ""].drop_duplicates("key")
    texts, gold = d["Text"].astype(str).tolist(), d["Classificacao"].map(LABELS).tolist()
    rows = []
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, SAGAZ_DATA_DIR=data)
        start = time.perf_counter()
        trained = json.loads(subprocess.run(
            [bin_, "--json", "feedback", "train", csv, "--text-column", "Text", "--label-column",
             "Classificacao"], check=True, capture_output=True, env=env, cwd=data).stdout)
        train_s = time.perf_counter() - start
        cv = trained["cross_validation"]["sentiment"]
        ev = json.loads(subprocess.run(
            [bin_, "--json", "feedback", "eval", csv, "--text-column", "Text", "--label-column",
             "Classificacao", "--unique", "--classifier", trained["id"]],
            check=True, capture_output=True, env=env, cwd=data).stdout)
        rows.append((f"Sagaz trained ({trained['items']} distinct)", cv["macro_f1"],
                     [cv["per_class"][k]["f1"] for k in ORDER], ev["comments_per_second"], train_s))
    f1, per, rate, fit_s = sklearn_cv(texts, gold)
    rows.append((f"scikit-learn TF-IDF + LogisticRegression ({len(texts)} distinct)", f1, per,
                 rate, fit_s))
    import sklearn
    with open(out, "w") as f:
        f.write("## Feedback trained classifier (`bench/feedback/trained.py`)\n\n")
        f.write(f"Measured {time.strftime('%Y-%m-%d')} on `../shared/data/sentiment` (Tweets_Mg.csv), "
                "deduplicated as `sagaz feedback train` does (case, accents, URLs, @mentions, "
                "retweet marks). Both: word 1-2-grams + character 3-5-grams, sublinear TF-IDF, "
                "one-vs-rest logistic regression with balanced class weights, C=4, 5-fold stratified "
                "CV (macro-F1 pooled over the held-out folds). Sagaz hashes the n-grams (2^18 "
                "buckets per family) and fits with LIBLINEAR; scikit-learn "
                f"{sklearn.__version__} keeps a vocabulary (liblinear solver). comments/s: one "
                "thread's CPU time classifying every distinct text (Sagaz: the whole classification, "
                "keyphrases included). Training: wall time of the 5 CV fits and the final fit (Sagaz: "
                "the whole `sagaz feedback train` command). These tweets' labels follow news topics, "
                "so the figures are far above what product reviews give.\n\n")
        f.write("| classifier | macro-F1 (CV) | F1 neg | F1 neu | F1 pos | comments/s | training s |\n")
        f.write("|---|---:|---:|---:|---:|---:|---:|\n")
        for name, f1, per, rate, secs in rows:
            f.write(f"| {name} | {f1:.3f} | {per[0]:.3f} | {per[1]:.3f} | {per[2]:.3f} | "
                    f"{rate:,.0f} | {secs:.1f} |\n")
    print(open(out).read())


if __name__ == "__main__":
    main()
