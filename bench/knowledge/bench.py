#!/usr/bin/env python3
"""Knowledge: indexing speed of a generated ~10,000-page PDF (`sagaz knowledge add`) and query
latency over HTTP (POST /api/v1/knowledge/query, builtin engine: retrieval + extractive answer),
beside scikit-learn's TF-IDF + cosine over the same page texts (what a Python user would write).

usage: bench.py SAGAZ_BIN OUT.md [PAGES] [QUERIES]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "lib"))
sys.path.insert(0, here)
from sagaz_server import SagazServer  # noqa: E402
import make_pdf  # noqa: E402

QUESTIONS = [
    "Qual o prazo de entrega da transportadora?", "What is the refund policy for returns?",
    "custo do frete por pedido", "supplier contract discount margin", "cancelamento de pedido",
    "How is revenue reported per quarter?", "estoque do produto na loja", "invoice payment deadline",
    "meta de receita do trimestre", "Which carrier serves the region?",
]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)


def main():
    sagaz, out = sys.argv[1], sys.argv[2]
    pages = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    queries = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    work = tempfile.mkdtemp(prefix="sagaz-kbench-")
    pdf = os.path.join(work, "generated.pdf")
    page_lines = make_pdf.generated_pages(pages, 7)
    make_pdf.write_pdf(pdf, page_lines)
    size_mb = os.path.getsize(pdf) / 1e6

    timing = {}

    def prepare(server):
        t = time.perf_counter()
        server.cli("--json", "knowledge", "add", pdf, "--collection", "bench",
                   env={"SAGAZ_KNOWLEDGE_MAX_PAGES": str(pages + 1)})
        timing["index_s"] = time.perf_counter() - t

    with SagazServer(sagaz, demo_scale=1, prepare=prepare) as s:
        conn = s.connection()
        for q in QUESTIONS:  # warm-up
            s.request("POST", "/api/v1/knowledge/query", {"question": q, "collection": "bench"}, conn=conn)
        http_ms, server_ms = [], []
        for i in range(queries):
            q = QUESTIONS[i % len(QUESTIONS)]
            t = time.perf_counter()
            status, body = s.request("POST", "/api/v1/knowledge/query",
                                     {"question": q, "collection": "bench", "engine": "builtin"},
                                     conn=conn)
            http_ms.append((time.perf_counter() - t) * 1000)
            assert status == 200, body
            server_ms.append(json.loads(body)["timings"]["total_ms"])

    # Baseline: scikit-learn TF-IDF over the page texts, cosine top 5 per question.
    sk = {}
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        import numpy as np
        texts = ["\n".join(p) for p in page_lines]
        t = time.perf_counter()
        vec = TfidfVectorizer()
        matrix = vec.fit_transform(texts)
        sk["index_s"] = time.perf_counter() - t
        lat = []
        for i in range(queries):
            t = time.perf_counter()
            scores = (matrix @ vec.transform([QUESTIONS[i % len(QUESTIONS)]]).T).toarray().ravel()
            np.argpartition(-scores, 5)[:5]
            lat.append((time.perf_counter() - t) * 1000)
        sk["p50"] = percentile(lat, 50)
        sk["p95"] = percentile(lat, 95)
    except ImportError:
        pass

    cpu = os.cpu_count()
    lines = [
        "## Knowledge (`bench/knowledge`)",
        "",
        f"A generated text PDF of {pages:,} pages ({size_mb:.1f} MB, ~40 lines of Portuguese or English "
        f"business words per page), indexed with `sagaz knowledge add` (parse with poppler, chunk, "
        f"BM25 index with Xapian, one transaction), then {queries} questions over HTTP with "
        f"`engine: builtin` (retrieval of 5 passages with the bilingual expansion + extractive answer). "
        f"Machine: {cpu} cores shared with other builds; `bench/knowledge/run`.",
        "",
        "| measure | Sagaz | scikit-learn TF-IDF (same pages) |",
        "|---|---|---|",
        f"| indexing | {timing['index_s']:.1f} s, **{pages / timing['index_s']:.0f} pages/s** (whole CLI run, one thread) | "
        + (f"{sk['index_s']:.1f} s fit (text given, no PDF parsing) |" if sk else "n/a |"),
        f"| query p50 (HTTP round trip) | **{percentile(http_ms, 50):.1f} ms** | "
        + (f"{sk['p50']:.1f} ms (in-process, retrieval only) |" if sk else "n/a |"),
        f"| query p95 (HTTP round trip) | {percentile(http_ms, 95):.1f} ms | "
        + (f"{sk['p95']:.1f} ms |" if sk else "n/a |"),
        f"| query p50 (server `timings.total_ms`) | {percentile(server_ms, 50):.1f} ms | |",
        "",
        "The TF-IDF column is a lower bound of what a script would do, not the same work: no PDF parsing, no",
        "stemming, no bilingual expansion, no answer, no HTTP. Sagaz's query time is dominated by the expanded",
        "OR query (each word searches ~4–8 stems) over 10,000 page-sized chunks; the issue's target is ≤ 50 ms",
        "p50 and ≥ 50 pages/s per core.",
        "",
    ]
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
