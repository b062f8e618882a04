#!/usr/bin/env python3
"""Writes the data sets of the probe question set (probe.jsonl), a development set written while the parser was
being generalized for the second time, over two more domains and header styles:

  safras.csv    crop harvests of farms; Portuguese headers with accents and units in parentheses
                ("Área Plantada (ha)", "Produção (t)", "Chuva Acumulada (mm)"), ';', decimal commas, Sim/Não
  tickets.csv   customer-support tickets; English snake_case headers with unit suffixes (first_response_min,
                resolution_hours), true/false flags, empty CSAT scores

Latest harvest 2025-06-27; latest ticket opened 2025-05-31.
Deterministic (seed 47). usage: gen_probe_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(47)


# ---- Crop harvests ------------------------------------------------------------------------------------------
fazendas = [("Fazenda Santa Rita", "Sorriso", "MT"), ("Fazenda Boa Vista", "Rio Verde", "GO"),
            ("Fazenda Esperança", "Cascavel", "PR"), ("Sítio Primavera", "Uberaba", "MG"),
            ("Fazenda Três Irmãos", "Dourados", "MS"), ("Fazenda São Jorge", "Luís Eduardo Magalhães", "BA")]
culturas = [("Soja", 3.4, 2800), ("Milho", 6.2, 3100), ("Algodão", 4.1, 7800), ("Café", 1.8, 9500),
            ("Trigo", 3.0, 2200), ("Feijão", 1.7, 2600)]
with open(f"{out}/safras.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Fazenda", "Município", "UF", "Cultura", "Data do Plantio", "Data da Colheita", "Área Plantada (ha)",
                "Produção (t)", "Produtividade (t/ha)", "Chuva Acumulada (mm)", "Custo Total (R$)", "Irrigada"])
    for i in range(1200):
        faz, mun, uf = rng.choice(fazendas)
        cult, prod_ha, custo_ha = rng.choice(culturas)
        plantio = date(2021, 9, 1) + timedelta(days=rng.randrange(0, 1340))
        colheita = plantio + timedelta(days=rng.randint(95, 150))
        if colheita > date(2025, 6, 27):
            colheita = date(2025, 6, 27) - timedelta(days=rng.randrange(0, 20))
        area = round(rng.uniform(20, 900), 1)
        irrigada = rng.random() < 0.3
        chuva = round(rng.gauss(620, 160), 1)
        produtividade = max(0.3, prod_ha * rng.uniform(0.7, 1.25) * (1.15 if irrigada else 1.0) * (0.85 + chuva / 4000))
        producao = round(area * produtividade, 1)
        custo = area * custo_ha * rng.uniform(0.85, 1.2)
        w.writerow([faz, mun, uf, cult, plantio.strftime("%d/%m/%Y"), colheita.strftime("%d/%m/%Y"), br(area),
                    br(producao), br(producao / area), br(chuva), br(custo), "Sim" if irrigada else "Não"])

# ---- Support tickets ----------------------------------------------------------------------------------------
channels = ["Email", "Chat", "Phone", "Web Form"]
priorities = [("Low", 30), ("Medium", 40), ("High", 22), ("Urgent", 8)]
areas = ["Billing", "Login", "Integrations", "Reports", "Mobile App", "API"]
agents = ["Alice Moreau", "Bruno Costa", "Chen Wei", "Dana Fischer", "Emeka Obi", "Fatima Zahra", "Gustavo Lima"]
tiers = [("Free", 45), ("Pro", 38), ("Enterprise", 17)]
with open(f"{out}/tickets.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ticket_id", "opened_at", "closed_at", "channel", "priority", "product_area", "agent_name",
                "customer_tier", "first_response_min", "resolution_hours", "csat", "reopened", "status"])
    start, end = datetime(2024, 6, 1, 0, 0), datetime(2025, 5, 31, 23, 0)
    span = int((end - start).total_seconds())
    opened = sorted(start + timedelta(seconds=rng.randrange(0, span)) for _ in range(2500))
    for i, t in enumerate(opened):
        prio = rng.choices([p for p, _ in priorities], weights=[x for _, x in priorities])[0]
        tier = rng.choices([p for p, _ in tiers], weights=[x for _, x in tiers])[0]
        first = max(1, int(rng.expovariate(1 / {"Low": 240, "Medium": 120, "High": 45, "Urgent": 12}[prio])))
        status = rng.choices(["Resolved", "Closed", "Open", "Pending"], weights=[55, 30, 9, 6])[0]
        hours = round(rng.uniform(0.5, 96) * (0.5 if prio in ("High", "Urgent") else 1.0), 1)
        closed = t + timedelta(hours=hours) if status in ("Resolved", "Closed") else None
        csat = "" if closed is None or rng.random() < 0.35 else str(max(1, min(5, round(rng.gauss(4.3 - hours / 60, 0.9)))))
        w.writerow([f"TCK-{50000 + i}", t.strftime("%Y-%m-%d %H:%M:%S"),
                    closed.strftime("%Y-%m-%d %H:%M:%S") if closed else "", rng.choice(channels), prio,
                    rng.choice(areas), rng.choice(agents), tier, first, hours if closed else "", csat,
                    "true" if closed and rng.random() < 0.08 else "false", status])
