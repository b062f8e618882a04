"""What every *_source.py in this folder shares: a question set that prints itself as JSON lines, one
{"id", "lang", "question", "sql", "order_matters", "dataset"?} per question, ids numbered in order
("g-pt-001"). The gold SQL is written on one line; order matters when it orders, unless said.
"""
import json


class QuestionSet:
    def __init__(self, prefix, dataset_first=False):
        self.prefix = prefix  # "g-" gives ids g-pt-001, g-en-002, ...
        self.dataset_first = dataset_first  # dev.jsonl writes "dataset" before "order_matters"
        self.items = []

    def q(self, lang, question, sql, order=None, dataset=None):
        item = {"id": f"{self.prefix}{lang}-{len(self.items) + 1:03d}", "lang": lang, "question": question,
                "sql": " ".join(sql.split())}
        if dataset and self.dataset_first:
            item["dataset"] = dataset
        item["order_matters"] = ("ORDER BY" in sql.upper()) if order is None else order
        if dataset and not self.dataset_first:
            item["dataset"] = dataset
        self.items.append(item)

    def print(self):
        for item in self.items:
            print(json.dumps(item, ensure_ascii=False))


def between(col, a, b):
    """A half-open range of a date or time column: a <= col < b."""
    return f"{col} >= '{a}' AND {col} < '{b}'"


class ShapedQuestionSet:
    """The held-out sets' questions: ids numbered per shape ("ops-group-en-03"), and a question without
    gold SQL is one the answer should call `unclear` (or decline)."""

    def __init__(self, prefix):
        self.prefix = prefix  # "ops-" gives ids ops-single-pt-01, ...
        self.items = []
        self.counters = {}

    def q(self, shape, lang, question, sql=None, order=None):
        self.counters[shape] = self.counters.get(shape, 0) + 1
        item = {"id": f"{self.prefix}{shape}-{lang}-{self.counters[shape]:02d}", "lang": lang, "shape": shape,
                "question": question}
        if sql is None:
            item["expect"] = "unclear"
        else:
            item["sql"] = " ".join(sql.split())
            item["order_matters"] = ("ORDER BY" in sql.upper()) if order is None else order
        self.items.append(item)

    def print(self):
        for item in self.items:
            print(json.dumps(item, ensure_ascii=False))
