"""What the data generators in this folder share: how Brazilian exports write numbers, writing a CSV, a
weighted choice."""
import csv


def br(v):
    """A number as Brazilian spreadsheets export it: two decimals and a decimal comma (1234,50)."""
    return f"{v:.2f}".replace(".", ",")


def write_csv(path, header, rows):
    """A CSV in UTF-8 with a header; None is an empty field."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def pick(rng, weighted):
    """One value of [(value, weight), ...]."""
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]
