#!/usr/bin/env python3
"""Replaces one area's section of docs/benchmarks.md with a Markdown file.

usage: update_docs.py AREA RESULTS.md
The section is delimited by <!-- BEGIN AREA --> and <!-- END AREA --> and appended when missing.
"""
import pathlib
import sys

area, results = sys.argv[1], pathlib.Path(sys.argv[2]).read_text()
doc = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
text = doc.read_text() if doc.exists() else "# Benchmarks\n"
begin, end = f"<!-- BEGIN {area} -->", f"<!-- END {area} -->"
block = f"{begin}\n{results.rstrip()}\n{end}"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = head + block + tail
else:
    text = text.rstrip() + "\n\n" + block + "\n"
doc.write_text(text)
