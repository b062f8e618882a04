#!/usr/bin/env python3
"""Writes a text PDF (Helvetica, WinAnsiEncoding) from pages of lines; an empty page has no text,
like a scanned page. No dependencies: the PDF objects and the xref table are written by hand.

    make_pdf.py OUT.pdf --pages-json pages.json     # [["line", ...], ...]
    make_pdf.py OUT.pdf --generate 10000 --seed 1   # generated business pages (benchmark)
"""
import argparse
import json
import random


def escape(line: str) -> bytes:
    data = line.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def write_pdf(path, pages):
    objects = []  # bytes of objects 1..n

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = add(b"")  # filled below
    kids = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
        for line in lines:
            ops.append(b"(" + escape(line) + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops) if lines else b""
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    objects[pages_id - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                             + b"] /Count %d >>" % len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)


WORDS_PT = ("pedido cliente entrega prazo frete pagamento fatura reembolso estoque produto "
            "fornecedor contrato desconto margem receita custo categoria loja relatório "
            "trimestre meta cancelamento devolução transportadora região cidade").split()
WORDS_EN = ("order customer delivery deadline shipping payment invoice refund stock product "
            "supplier contract discount margin revenue cost category store report quarter "
            "target cancellation return carrier region city").split()


def generated_pages(n, seed):
    rng = random.Random(seed)
    pages = []
    for p in range(n):
        words = WORDS_PT if p % 2 == 0 else WORDS_EN
        lines = [f"Section {p + 1}: {rng.choice(words)} {rng.choice(words)}", ""]
        for _ in range(40):
            lines.append(" ".join(rng.choice(words) for _ in range(12)) + ".")
        pages.append(lines)
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pages-json")
    ap.add_argument("--generate", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.pages_json:
        with open(args.pages_json, encoding="utf-8") as f:
            pages = json.load(f)
    else:
        pages = generated_pages(args.generate or 10, args.seed)
    write_pdf(args.out, pages)


if __name__ == "__main__":
    main()
