#!/usr/bin/env python3
"""Writes the data sets of the generalization question set (general.jsonl): domains and naming styles the
builtin parser was not developed on.

  internacoes.csv    hospital admissions; Portuguese headers with accents and spaces, ';', decimal commas,
                     dd/mm/yyyy dates, Sim/Não flags
  shipments.csv      parcel shipments; English snake_case headers, ISO timestamps, true/false flags
  subscriptions.csv  SaaS subscriptions; English Title Case headers with spaces and units in parentheses

Each data set ends in the middle of a quarter, so that "last quarter", "this year" and "last 30 days"
(anchored at the latest record) have one clear meaning. Deterministic (seed 11).
usage: gen_general_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(11)


# ---- Hospital admissions -------------------------------------------------------------------------------
hospitais = [("Hospital São Lucas", "São Paulo", 1.25), ("Hospital Santa Clara", "Campinas", 1.0),
             ("Hospital do Coração", "São Paulo", 1.6), ("Hospital Municipal", "Santos", 0.7),
             ("Hospital Regional Norte", "Ribeirão Preto", 0.8), ("Hospital Infantil Esperança", "Sorocaba", 0.9)]
especialidades = [("Cardiologia", 6, 9000), ("Ortopedia", 4, 7000), ("Pediatria", 3, 3500),
                  ("Obstetrícia", 2, 4200), ("Oncologia", 8, 15000), ("Neurologia", 6, 11000),
                  ("Clínica Geral", 3, 2800)]
convenios = ["SUS", "Unimed", "Bradesco Saúde", "Amil", "SulAmérica", "Particular"]
nomes = ["Maria", "José", "Ana", "João", "Francisca", "Antônio", "Adriana", "Carlos", "Juliana", "Paulo",
         "Márcia", "Lucas", "Aline", "Rafael", "Patrícia", "Bruno"]
sobrenomes = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima"]

with open(f"{out}/internacoes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Código da Internação", "Data de Internação", "Data da Alta", "Paciente", "Sexo", "Idade",
                "Hospital", "Especialidade", "Convênio", "Dias Internado", "Valor da Conta", "UTI", "Desfecho"])
    start, end = date(2023, 1, 1), date(2025, 5, 20)
    span = (end - start).days
    for i in range(2000):
        d = start + timedelta(days=rng.randrange(0, span + 1))
        hosp = rng.choices(hospitais, weights=[22, 18, 14, 20, 14, 12])[0]
        if hosp[0] == "Hospital Infantil Esperança":
            esp = rng.choice([especialidades[2], especialidades[1], especialidades[6]])
            idade = rng.randint(0, 14)
        else:
            esp = rng.choices(especialidades, weights=[18, 16, 6, 12, 10, 10, 28])[0]
            idade = rng.randint(16, 40) if esp[0] == "Obstetrícia" else min(99, max(0, int(rng.gauss(52, 20))))
        sexo = "Feminino" if esp[0] == "Obstetrícia" else rng.choice(["Feminino", "Masculino"])
        dias = max(1, int(rng.expovariate(1 / esp[1])) + 1)
        uti = rng.random() < (0.35 if esp[0] in ("Cardiologia", "Neurologia", "Oncologia") else 0.08)
        valor = esp[2] * hosp[2] * (0.6 + 0.12 * dias) * rng.uniform(0.8, 1.25) * (1.8 if uti else 1.0)
        convenio = rng.choices(convenios, weights=[34, 20, 12, 14, 10, 10])[0]
        r = rng.random()
        desfecho = "Óbito" if r < (0.05 if uti else 0.012) else "Transferência" if r < 0.08 else "Alta"
        alta = d + timedelta(days=dias)
        w.writerow([70000 + i * 3 + rng.randint(0, 2), d.strftime("%d/%m/%Y"),
                    alta.strftime("%d/%m/%Y") if alta <= end else "", f"{rng.choice(nomes)} {rng.choice(sobrenomes)}",
                    sexo, idade, hosp[0], esp[0], convenio, dias, br(valor), "Sim" if uti else "Não", desfecho])

# ---- Shipments -----------------------------------------------------------------------------------------
carriers = [("FedEx", 1.15, 0.93), ("UPS", 1.1, 0.91), ("DHL", 1.3, 0.95), ("USPS", 0.8, 0.84),
            ("OnTrac", 0.9, 0.88)]
warehouses = ["Dallas", "Reno", "Atlanta", "Newark"]
states = [("CA", 3.0), ("TX", 1.0), ("NY", 2.4), ("FL", 1.8), ("WA", 2.6), ("IL", 1.5), ("GA", 1.2),
          ("AZ", 1.7), ("CO", 1.9), ("MA", 2.5), ("OH", 1.4), ("NC", 1.3)]
services = [("Ground", 1.0, 5), ("Two-Day", 1.7, 2), ("Express", 2.4, 1), ("Overnight", 3.5, 1)]

with open(f"{out}/shipments.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["shipment_id", "tracking_number", "shipped_at", "delivered_at", "carrier", "origin_warehouse",
                "destination_state", "service_level", "packages", "weight_kg", "freight_cost", "status", "on_time"])
    start = datetime(2024, 1, 2, 6, 0, 0)
    end = datetime(2025, 2, 14, 18, 0, 0)
    span = int((end - start).total_seconds())
    rows = []
    for i in range(2500):
        t = start + timedelta(seconds=rng.randrange(0, span))
        rows.append(t)
    rows.sort()
    for i, t in enumerate(rows):
        car = rng.choices(carriers, weights=[26, 28, 12, 22, 12])[0]
        st = rng.choices(states, weights=[20, 14, 12, 10, 6, 7, 6, 5, 5, 5, 5, 5])[0]
        svc = rng.choices(services, weights=[60, 20, 12, 8])[0]
        pk = rng.choices([1, 2, 3, 4, 5, 8], weights=[50, 22, 12, 8, 5, 3])[0]
        weight = round(sum(rng.uniform(0.3, 9.0) for _ in range(pk)), 2)
        cost = round((6.5 + 1.35 * weight) * car[1] * svc[1] * (0.8 + 0.12 * st[1]) * rng.uniform(0.9, 1.1), 2)
        r = rng.random()
        status = "Lost" if r < 0.01 else "Returned" if r < 0.04 else "Delivered"
        days = svc[2] + (st[1] > 2) + (rng.random() > car[2]) * rng.randint(1, 4)
        delivered = t + timedelta(days=days, hours=rng.randint(0, 9))
        if delivered > end:
            status, delivered = "In Transit", None
        if status == "Lost":
            delivered = None
        on_time = "" if delivered is None else ("true" if days <= svc[2] + (st[1] > 2) else "false")
        w.writerow([500001 + i, f"1Z{rng.randrange(10**9, 10**10)}", t.isoformat(sep=" "),
                    delivered.isoformat(sep=" ") if delivered else "", car[0], rng.choice(warehouses), st[0],
                    svc[0], pk, weight, cost, status, on_time])

# ---- SaaS subscriptions --------------------------------------------------------------------------------
plans = [("Starter", 12, (1, 5)), ("Team", 25, (3, 25)), ("Business", 45, (10, 120)),
         ("Enterprise", 70, (50, 900))]
regions = ["North America", "Europe", "Latin America", "Asia Pacific"]
countries = {"North America": ["United States", "Canada", "Mexico"],
             "Europe": ["Germany", "France", "United Kingdom", "Spain", "Portugal"],
             "Latin America": ["Brazil", "Argentina", "Chile", "Colombia"],
             "Asia Pacific": ["Japan", "Australia", "India", "Singapore"]}
industries = ["Retail", "Healthcare", "Education", "Finance", "Manufacturing", "Software", "Logistics"]
managers = ["Olivia Chen", "Marcus Reed", "Priya Nair", "Diego Ramos", "Hannah Becker"]
words_a = ["Blue", "North", "Bright", "Rapid", "Green", "Silver", "Urban", "Prime", "Nova", "Atlas", "Cedar",
           "Summit", "Harbor", "Pixel", "Vertex", "Lumen"]
words_b = ["Labs", "Systems", "Foods", "Health", "Logistics", "Retail", "Partners", "Works", "Analytics",
           "Studio", "Group", "Dynamics"]

with open(f"{out}/subscriptions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Subscription ID", "Company", "Plan", "Billing Cycle", "Seats", "MRR (USD)", "Start Date",
                "Cancel Date", "Region", "Country", "Industry", "Account Manager", "Active"])
    start, end = date(2022, 1, 3), date(2025, 4, 25)
    span = (end - start).days
    used = set()
    for i in range(1200):
        d = start + timedelta(days=int(span * (rng.random() ** 0.8)))
        plan = rng.choices(plans, weights=[40, 32, 20, 8])[0]
        seats = rng.randint(*plan[2])
        cycle = rng.choices(["Monthly", "Annual"], weights=[60, 40])[0]
        mrr = round(plan[1] * seats * (0.8 if cycle == "Annual" else 1.0) * rng.uniform(0.9, 1.0), 2)
        region = rng.choices(regions, weights=[40, 30, 18, 12])[0]
        while True:
            name = f"{rng.choice(words_a)} {rng.choice(words_b)}"
            name = name if name not in used else f"{name} {rng.randint(2, 99)}"
            if name not in used:
                used.add(name)
                break
        cancel = ""
        if rng.random() < (0.35 if plan[0] == "Starter" else 0.2):
            c = d + timedelta(days=rng.randint(30, 700))
            if c <= end:
                cancel = c.isoformat()
        w.writerow([f"SUB-{10000 + i}", name, plan[0], cycle, seats, mrr, d.isoformat(), cancel, region,
                    rng.choice(countries[region]), rng.choice(industries), rng.choice(managers),
                    "no" if cancel else "yes"])
