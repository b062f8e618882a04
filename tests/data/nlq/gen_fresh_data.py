#!/usr/bin/env python3
"""Writes the data sets of the fresh question set (fresh.jsonl), made after the parser was frozen: domains and
naming styles it was not developed on.

  imoveis.csv  real-estate listings; Portuguese headers with accents, units in parentheses ("Área (m²)",
               "Preço (R$)"), ';', decimal commas, dd/mm/yyyy dates, Sim/Não flags
  trips.csv    fleet trips; English camelCase headers (departureTime, distanceKm, tripRevenue)

Each ends in the middle of a quarter (latest listing 2025-08-14, latest departure 2025-05-20).
Deterministic (seed 23). usage: gen_fresh_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(23)


# ---- Real-estate listings --------------------------------------------------------------------------------
cidades = {
    "São Paulo": (["Pinheiros", "Moema", "Vila Mariana", "Tatuapé"], 1.35),
    "Rio de Janeiro": (["Copacabana", "Botafogo", "Tijuca", "Barra da Tijuca"], 1.25),
    "Belo Horizonte": (["Savassi", "Lourdes", "Pampulha", "Buritis"], 0.9),
    "Curitiba": (["Batel", "Água Verde", "Centro Cívico", "Portão"], 0.85),
    "Porto Alegre": (["Moinhos de Vento", "Menino Deus", "Petrópolis", "Cidade Baixa"], 0.8),
    "Florianópolis": (["Trindade", "Lagoa da Conceição", "Jurerê", "Itacorubi"], 1.05),
}
tipos = [("Apartamento", 1.0, (1, 4)), ("Casa", 0.9, (2, 5)), ("Studio", 1.3, (1, 1)), ("Cobertura", 1.5, (2, 5)),
         ("Sala Comercial", 0.95, (0, 0))]

with open(f"{out}/imoveis.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Código do Imóvel", "Cidade", "Bairro", "Tipo", "Finalidade", "Quartos", "Banheiros", "Vagas",
                "Área (m²)", "Preço (R$)", "Condomínio (R$)", "Data do Anúncio", "Mobiliado", "Aceita Pet"])
    start, end = date(2024, 1, 2), date(2025, 8, 14)
    for i in range(1500):
        cidade = rng.choices(list(cidades), weights=[30, 22, 14, 12, 10, 12])[0]
        bairros, fator_cidade = cidades[cidade]
        bairro = rng.choice(bairros)
        tipo, fator_tipo, (qmin, qmax) = rng.choices(tipos, weights=[50, 20, 12, 6, 12])[0]
        quartos = rng.randint(qmin, qmax)
        area = {"Studio": rng.uniform(22, 40), "Sala Comercial": rng.uniform(30, 200)}.get(
            tipo, 25 + quartos * rng.uniform(22, 40) * (1.4 if tipo == "Cobertura" else 1.0))
        banheiros = max(1, quartos - rng.randint(0, 1)) if quartos else 1
        vagas = rng.choice([0, 1, 1, 2, 2, 3]) if tipo != "Studio" else rng.choice([0, 0, 1])
        finalidade = rng.choices(["Venda", "Aluguel"], weights=[45, 55])[0]
        m2 = 9500 * fator_cidade * fator_tipo * rng.uniform(0.75, 1.3)
        preco = area * m2 if finalidade == "Venda" else area * m2 * rng.uniform(0.0042, 0.0058)
        condominio = 0 if tipo == "Casa" else area * rng.uniform(8, 16)
        d = start + timedelta(days=rng.randrange(0, (end - start).days + 1))
        w.writerow([f"IM-{30000 + i}", cidade, bairro, tipo, finalidade, quartos, banheiros, vagas, br(area),
                    br(round(preco, -2 if finalidade == "Venda" else 0)), br(condominio), d.strftime("%d/%m/%Y"),
                    rng.choice(["Sim", "Não", "Não"]), rng.choice(["Sim", "Não"])])

# ---- Fleet trips ------------------------------------------------------------------------------------------
vehicles = [("Van", 0.11, 1.0), ("Truck", 0.32, 2.6), ("Pickup", 0.14, 1.3), ("Motorcycle", 0.045, 0.5)]
cities = ["Chicago", "Detroit", "Columbus", "Indianapolis", "Milwaukee", "St. Louis", "Cleveland", "Pittsburgh"]
drivers = ["Maria Lopez", "James Carter", "Aisha Khan", "Tom Becker", "Lucas Silva", "Nina Park", "Omar Haddad",
           "Grace Miller"]
plates = {}
with open(f"{out}/trips.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["tripId", "vehiclePlate", "vehicleType", "driverName", "originCity", "destinationCity",
                "departureTime", "arrivalTime", "distanceKm", "fuelLiters", "tollCost", "cargoWeightKg",
                "tripRevenue", "delayMinutes", "tripStatus"])
    start, end = datetime(2024, 3, 1, 5, 0), datetime(2025, 5, 20, 21, 0)
    span = int((end - start).total_seconds())
    times = sorted(start + timedelta(seconds=rng.randrange(0, span)) for _ in range(2000))
    for i, t in enumerate(times):
        vtype, fuel_per_km, cargo_scale = rng.choices(vehicles, weights=[40, 25, 25, 10])[0]
        plate = f"{vtype[:2].upper()}-{rng.randint(100, 140)}"
        origin, dest = rng.sample(cities, 2)
        km = round(rng.uniform(40, 900) * (0.4 if vtype == "Motorcycle" else 1.0), 1)
        hours = km / rng.uniform(55, 85)
        delay = max(0, int(rng.gauss(12, 25)))
        status = rng.choices(["Completed", "Cancelled", "In Progress"], weights=[92, 6, 2])[0]
        if t > end - timedelta(hours=20):
            status = "In Progress"
        arrival = "" if status != "Completed" else (t + timedelta(hours=hours, minutes=delay)).isoformat(sep=" ")
        cargo = round(rng.uniform(20, 900) * cargo_scale, 1)
        revenue = round((km * 1.1 + cargo * 0.35) * rng.uniform(0.9, 1.2), 2) if status != "Cancelled" else 0.0
        w.writerow([f"T{700000 + i}", plate, vtype, rng.choice(drivers), origin, dest, t.isoformat(sep=" "), arrival,
                    km, round(km * fuel_per_km * rng.uniform(0.9, 1.15), 1),
                    round(rng.choice([0, 0, 4.5, 9.0, 13.5]) * (2 if vtype == "Truck" else 1), 2), cargo, revenue,
                    delay if status == "Completed" else "", status])
