#!/usr/bin/env python3
"""Writes the data sets of the last held-out question set (unseen.jsonl), made after the parser was frozen for
good: domains and naming styles no earlier set used.

  delivery.csv  food-delivery orders; Portuguese headers with "Nº", units in parentheses and a date with a time
                ("Data e Hora", dd/mm/yyyy HH:MM), ';', decimal commas, Sim/Não flags
  energy.csv    monthly electricity meter readings; English UPPER_SNAKE_CASE headers, TRUE/FALSE flags

Latest delivery order 2025-03-18; latest reading month 2025-04-01.
Deterministic (seed 31). usage: gen_unseen_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(31)


# ---- Food delivery ----------------------------------------------------------------------------------------
restaurantes = [("Sushi Kento", "Japonesa", 85), ("Nonna Lucia", "Italiana", 70), ("Sabor Mineiro", "Brasileira", 45),
                ("Burger Bros", "Hamburgueria", 52), ("Forno de Pedra", "Pizzaria", 68), ("Verde Vivo", "Vegana", 48),
                ("Temaki Já", "Japonesa", 60), ("Cantina do Zé", "Brasileira", 38)]
bairros = ["Pinheiros", "Moema", "Vila Madalena", "Itaim Bibi", "Perdizes", "Mooca", "Santana", "Butantã"]
pagamentos = ["Pix", "Cartão de Crédito", "Dinheiro", "Vale-Refeição"]
entregadores = ["Carlos", "Renata", "Jefferson", "Patrícia", "Wellington", "Luana"]

with open(f"{out}/delivery.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Nº do Pedido", "Data e Hora", "Restaurante", "Culinária", "Bairro", "Valor do Pedido (R$)",
                "Taxa de Entrega (R$)", "Tempo de Entrega (min)", "Avaliação", "Forma de Pagamento", "Usou Cupom",
                "Entregador", "Status"])
    start, end = datetime(2024, 6, 1, 10, 0), datetime(2025, 3, 18, 23, 0)
    span = int((end - start).total_seconds())
    times = sorted(start + timedelta(seconds=rng.randrange(0, span)) for _ in range(3000))
    for i, t in enumerate(times):
        rest, cozinha, ticket = rng.choices(restaurantes, weights=[14, 12, 16, 18, 15, 7, 8, 10])[0]
        valor = ticket * rng.uniform(0.6, 1.9)
        taxa = rng.choice([0, 4.99, 6.99, 8.99, 9.99])
        tempo = max(12, int(rng.gauss(38, 12)))
        status = "Cancelado" if rng.random() < 0.05 else "Entregue"
        nota = "" if status == "Cancelado" or rng.random() < 0.25 else str(
            max(1, min(5, round(rng.gauss(4.6 - max(0, tempo - 45) / 15, 0.8)))))
        w.writerow([f"D-{100000 + i}", t.strftime("%d/%m/%Y %H:%M"), rest, cozinha, rng.choice(bairros), br(valor),
                    br(taxa), tempo if status == "Entregue" else "", nota, rng.choice(pagamentos),
                    "Sim" if rng.random() < 0.22 else "Não", rng.choice(entregadores), status])

# ---- Electricity meter readings ---------------------------------------------------------------------------
classes = [("Residential", 320, 0.19, 6), ("Commercial", 2400, 0.16, 45), ("Industrial", 18000, 0.12, 260)]
regions = ["North", "South", "East", "West", "Central"]
with open(f"{out}/energy.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["METER_ID", "CUSTOMER_CLASS", "REGION", "READING_MONTH", "KWH_USED", "PEAK_KW", "TARIFF_PER_KWH",
                "BILL_AMOUNT", "OUTAGE_MINUTES", "HAS_SOLAR"])
    meters = []
    for m in range(150):
        cls = rng.choices(classes, weights=[70, 22, 8])[0]
        meters.append((f"M-{m + 1:04d}", cls, rng.choice(regions), rng.random() < 0.18, rng.uniform(0.7, 1.3)))
    month = date(2023, 1, 1)
    while month <= date(2025, 4, 1):
        season = 1.25 if month.month in (1, 2, 12) else 1.15 if month.month in (6, 7, 8) else 1.0
        for meter_id, (name, base, tariff, peak), region, solar, scale in meters:
            kwh = base * scale * season * rng.uniform(0.85, 1.15) * (0.7 if solar else 1.0)
            t = round(tariff * (1.06 if month.year >= 2024 else 1.0) * (1.04 if month.year >= 2025 else 1.0), 4)
            outage = 0 if rng.random() < 0.8 else rng.randint(5, 240)
            w.writerow([meter_id, name, region, month.isoformat(), round(kwh, 1), round(peak * scale * rng.uniform(0.8, 1.2), 2),
                        t, round(kwh * t + (8 if name == "Residential" else 40), 2), outage,
                        "TRUE" if solar else "FALSE"])
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
