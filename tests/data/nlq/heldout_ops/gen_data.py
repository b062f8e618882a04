#!/usr/bin/env python3
"""Writes the data of the second held-out question set (questions.jsonl beside this file): a company's operations
in a domain mix unlike the first held-out set (a marketplace) and unlike the development sets — people (HR),
shipments with carriers (logistics), a SaaS product's accounts and invoices — plus a sample of the real B3 quotes
with other tickers, other years and other headers than the first set.

Synthetic, deterministic (seed 2626), committed as CSV beside this script:

  colaboradores.csv     320 employees: Portuguese accented headers with units ("Salário (R$)", "Horas extras
                        (mês)"), a text registration key (C0001), department, role, contract type (CLT, PJ,
                        Estágio), gender F/M (some empty), state, hire date dd/mm/yyyy, termination date (85% empty),
                        a 1-5 performance score, an integer `id` 1..320 (a look-alike of other integer keys)
  transportadoras.csv   12 carriers: transportadora_id (T01..), name, home state, fleet size
  envios.csv            900 shipments 2022-01-03 .. 2023-12-29: transportadora_id -> transportadoras (the related
                        key), an integer pedido_ref from a catalog that is not in this data, origin/destination
                        state, "Peso (kg)", "Valor do frete (R$)", ISO posting time, delivery date empty when not
                        delivered, status (Entregue, Em trânsito, Extraviado, Devolvido), service (Expresso,
                        Econômico, Same_Day)
  saas_accounts.csv     250 SaaS accounts, English headers: account_id (acc-001), plan (Starter, Pro, Enterprise),
                        mrr_usd, seats, signup_date (ISO), churned_at (mostly empty), country, billing_cycle
                        (monthly/annual), industry
  saas_invoices.csv     1,400 invoices: invoice_no, account_id -> saas_accounts, issued_on, amount_usd, status (paid,
                        overdue, void), payment_method (card, pix, boleto, wire)

Derived from ../shared/data at run time (never committed; written to OUT_DIR only with --shared):

  pregao_b3.csv         daily quotes of BBAS3, NATU3 and USIM5 in 2012-2013 from the B3 files, headers
                        data_pregao, papel, preco_abertura, preco_maximo, preco_minimo, preco_fechamento,
                        volume_financeiro, qtd_negocios

usage: gen_data.py [OUT_DIR]                               the synthetic CSVs (default OUT_DIR: this folder)
       gen_data.py --shared DATA_DIR --real-only OUT_DIR     only the sample of the real data (the runner's way)
"""
import csv
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
UFS = ["SP", "RJ", "MG", "PR", "RS", "BA", "SC", "PE", "GO", "CE"]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


def people(rng, out):
    departments = [("Vendas", 30, 5200), ("Tecnologia", 22, 9800), ("Financeiro", 12, 7600),
                   ("Operações", 24, 4300), ("Recursos Humanos", 8, 6100), ("Jurídico", 4, 11200)]
    roles = {"Vendas": ["Vendedor", "Supervisor de Vendas", "Gerente Comercial"],
             "Tecnologia": ["Desenvolvedor", "Analista de Dados", "Gerente de TI"],
             "Financeiro": ["Analista Financeiro", "Controller"],
             "Operações": ["Operador de Logística", "Conferente", "Coordenador de Operações"],
             "Recursos Humanos": ["Analista de RH", "Business Partner"],
             "Jurídico": ["Advogado", "Paralegal"]}
    rows = []
    for i in range(1, 321):
        dep, _, base = pick(rng, [((d, w, b), w) for d, w, b in departments])
        role = rng.choice(roles[dep])
        contract = pick(rng, [("CLT", 75), ("PJ", 17), ("Estágio", 8)])
        salary = round(base * rng.uniform(0.6, 1.7) * (0.35 if contract == "Estágio" else 1.0), 2)
        hired = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 4200))
        left = None
        if rng.random() < 0.15:
            left = hired + timedelta(days=rng.randrange(90, 1500))
            if left > date(2023, 12, 31):
                left = None
        gender = pick(rng, [("F", 46), ("M", 50), (None, 4)])
        overtime = rng.choice([0, 0, 0, 2, 4, 6, 8, 10, 12, 16, 20]) if contract == "CLT" else 0
        rows.append([i, f"C{i:04d}", dep, role, contract, gender, pick(rng, [(u, 10 - k) for k, u in enumerate(UFS)]),
                     hired.strftime("%d/%m/%Y"), left.strftime("%d/%m/%Y") if left else None, salary, overtime,
                     pick(rng, [(1, 4), (2, 10), (3, 40), (4, 32), (5, 14)])])
    write(f"{out}/colaboradores.csv",
          ["id", "Matrícula", "Departamento", "Cargo", "Tipo de contrato", "Gênero", "UF", "Data de admissão",
           "Data de desligamento", "Salário (R$)", "Horas extras (mês)", "Nota de desempenho"], rows)


def logistics(rng, out):
    carriers = [("T01", "Rápido Sul", "RS", 140), ("T02", "TransBrasil Cargas", "SP", 620), ("T03", "Jadlog", "PR", 900),
                ("T04", "Total Express", "SP", 450), ("T05", "Braspress", "SP", 780), ("T06", "Azul Cargo", "SP", 95),
                ("T07", "Patrus", "MG", 380), ("T08", "Expresso Nordeste", "PE", 210), ("T09", "Sequoia", "SP", 330),
                ("T10", "Loggi", "SP", 260), ("T11", "Trans Minas", "MG", 120), ("T12", "Correios", "DF", 5200)]
    write(f"{out}/transportadoras.csv", ["transportadora_id", "nome_transportadora", "uf_sede", "tamanho_frota"],
          carriers)
    start = datetime(2022, 1, 3, 8, 0)
    rows = []
    for i in range(1, 901):
        code = f"BR{100000 + i * 37}XX"
        carrier = pick(rng, [(c[0], w) for c, w in zip(carriers, [4, 8, 9, 7, 8, 3, 5, 4, 5, 6, 2, 14])])
        posted = start + timedelta(minutes=rng.randrange(0, 725 * 24 * 60))
        service = pick(rng, [("Econômico", 55), ("Expresso", 38), ("Same_Day", 7)])
        status = pick(rng, [("Entregue", 82), ("Em trânsito", 8), ("Extraviado", 3), ("Devolvido", 7)])
        if posted > datetime(2023, 12, 15):
            status = "Em trânsito" if status == "Entregue" else status
        days = {"Same_Day": 0, "Expresso": rng.randrange(1, 4), "Econômico": rng.randrange(3, 12)}[service]
        delivered = (posted + timedelta(days=days)).date() if status == "Entregue" else None
        weight = round(rng.lognormvariate(0.8, 0.9), 2)
        freight = round(12 + weight * rng.uniform(2.5, 6.0) * (1.8 if service == "Expresso" else 1.0), 2)
        rows.append([code, rng.randrange(50000, 99999), carrier, pick(rng, [(u, 10 - k) for k, u in enumerate(UFS)]),
                     rng.choice(UFS), weight, freight, posted.strftime("%Y-%m-%d %H:%M:%S"),
                     delivered.isoformat() if delivered else None, status, service])
    write(f"{out}/envios.csv",
          ["codigo_rastreio", "pedido_ref", "transportadora_id", "uf_origem", "uf_destino", "Peso (kg)",
           "Valor do frete (R$)", "data_postagem", "data_entrega", "status_envio", "modalidade"], rows)


def saas(rng, out):
    plans = [("Starter", 50, 49), ("Pro", 35, 199), ("Enterprise", 15, 1200)]
    countries = [("Brazil", 45), ("United States", 20), ("Mexico", 10), ("Portugal", 8), ("Argentina", 9),
                 ("Chile", 8)]
    industries = ["Retail", "Healthcare", "Education", "Finance", "Manufacturing", "Logistics"]
    accounts = []
    for i in range(1, 251):
        plan, _, price = pick(rng, [((p, w, c), w) for p, w, c in plans])
        seats = rng.randrange(1, 6) if plan == "Starter" else rng.randrange(3, 40) if plan == "Pro" else \
            rng.randrange(25, 400)
        signup = date(2021, 1, 4) + timedelta(days=rng.randrange(0, 1000))
        churned = None
        if rng.random() < 0.22:
            churned = signup + timedelta(days=rng.randrange(40, 700))
            if churned > date(2023, 12, 31):
                churned = None
        mrr = round(price * (1 + seats / 20) * rng.uniform(0.85, 1.15), 2)
        accounts.append([f"acc-{i:03d}", plan, mrr, seats, signup.isoformat(), churned.isoformat() if churned else None,
                         pick(rng, countries), pick(rng, [("monthly", 65), ("annual", 35)]), rng.choice(industries)])
    write(f"{out}/saas_accounts.csv",
          ["account_id", "plan", "mrr_usd", "seats", "signup_date", "churned_at", "country", "billing_cycle",
           "industry"], accounts)
    invoices = []
    n = 0
    while len(invoices) < 1400:
        a = rng.choice(accounts)
        signup = date.fromisoformat(a[4])
        end = date.fromisoformat(a[5]) if a[5] else date(2023, 12, 31)
        if end <= signup:
            continue
        issued = signup + timedelta(days=rng.randrange(0, (end - signup).days + 1))
        n += 1
        amount = round(a[2] * (12 * 0.85 if a[7] == "annual" else 1) * rng.uniform(0.95, 1.05), 2)
        invoices.append([f"INV-{n:05d}", a[0], issued.isoformat(), amount,
                         pick(rng, [("paid", 84), ("overdue", 11), ("void", 5)]),
                         pick(rng, [("card", 48), ("pix", 22), ("boleto", 18), ("wire", 12)])])
    invoices.sort(key=lambda r: r[2])
    write(f"{out}/saas_invoices.csv",
          ["invoice_no", "account_id", "issued_on", "amount_usd", "status", "payment_method"], invoices)


def b3(shared, out):
    """Daily quotes of three tickers in 2012-2013 from the B3 files, with plain Portuguese headers."""
    rows = []
    for ticker in ["BBAS3", "NATU3", "USIM5"]:
        with open(os.path.join(shared, "b3", f"{ticker}.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if "2012-01-01" <= r["dia"] < "2014-01-01":
                    rows.append([r["dia"], r["cod_neg"], r["pre_abe"], r["pre_max"], r["pre_min"], r["pre_ult"],
                                 r["vol_tot"], r["tot_neg"]])
    rows.sort(key=lambda r: (r[0], r[1]))
    write(f"{out}/pregao_b3.csv",
          ["data_pregao", "papel", "preco_abertura", "preco_maximo", "preco_minimo", "preco_fechamento",
           "volume_financeiro", "qtd_negocios"], rows)


def main(argv):
    shared, real_only, args = None, False, []
    i = 0
    while i < len(argv):
        if argv[i] == "--shared":
            shared, i = argv[i + 1], i + 2
        elif argv[i] == "--real-only":
            real_only, i = True, i + 1
        else:
            args.append(argv[i])
            i += 1
    out = args[0] if args else HERE
    os.makedirs(out, exist_ok=True)
    if not real_only:
        rng = random.Random(2626)
        people(rng, out)
        logistics(rng, out)
        saas(rng, out)
    if shared and os.path.isdir(os.path.join(shared, "b3")):
        b3(shared, out)


if __name__ == "__main__":
    main(sys.argv[1:])
