#!/usr/bin/env python3
"""Writes the data of the third held-out question set (questions.jsonl beside this file), aimed at seven known
failure classes of Ask (issue 15) on domains unlike the first two sets: a web shop's orders with several date
columns and their items (the filter often on the related table), water-level sensor readings (measures named by
a prefix of their column: "nivel" for nivel_cm), and a support desk with English headers and English values
(asked in Portuguese) beside the shop's Portuguese headers and values (asked in English).

Synthetic, deterministic (seed 1515), committed as CSV beside this script:

  encomendas.csv         700 orders 2023-01-02 .. 2024-12-30: encomenda_id (integer), cliente_id (integer, a
                         look-alike key of no table here), cidade, estado (UF), canal (site, aplicativo,
                         loja_fisica), status (entregue, cancelado, em_transito, devolvido), three dates:
                         data_pedido (when the order was placed), data_envio (empty when cancelled), data_entrega
                         (only for entregue), valor_total (the items' value), frete
  itens_encomenda.csv    the orders' items: item_id, encomenda_id -> encomendas, produto, categoria
                         (eletronicos, moda, casa_e_decoracao, beleza_saude, esporte_lazer), quantidade,
                         preco_unitario
  leituras_sensores.csv  readings of 8 river sensors 2024-01-01 .. 2024-06-29, two a day: leitura_id, sensor
                         (S-01..), estacao (Norte, Sul, Leste, Oeste), lido_em (timestamp), nivel_cm,
                         temperatura_c, vazao_l_s, bateria_pct
  support_tickets.csv    900 tickets 2024-01-01 .. 2024-06-30, English headers and values: ticket_id (TK-0001),
                         opened_at, closed_at (empty when open or pending), status (open, closed, pending),
                         priority (low, medium, high, urgent), channel (email, phone, chat), city, agent,
                         resolution_hours and satisfaction (1-5), both empty unless closed

usage: gen_data.py [OUT_DIR]                               the synthetic CSVs (default OUT_DIR: this folder)
       gen_data.py --shared DATA_DIR --real-only OUT_DIR     nothing: this set uses no data of ../shared/data
"""
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from data_gen import pick, write_csv as write  # noqa: E402
CITIES = [("São Paulo", "SP", 30), ("Rio de Janeiro", "RJ", 18), ("Belo Horizonte", "MG", 12), ("Curitiba", "PR", 9),
          ("Porto Alegre", "RS", 8), ("Salvador", "BA", 8), ("Recife", "PE", 7), ("Campinas", "SP", 8)]
CATEGORIES = {"eletronicos": [("Fone Bluetooth", 189.9), ("Carregador USB-C", 79.9), ("Smartwatch", 899.0),
                              ("Caixa de Som", 349.0)],
              "moda": [("Camiseta Básica", 59.9), ("Tênis Corrida", 399.0), ("Jaqueta Jeans", 249.0)],
              "casa_e_decoracao": [("Luminária", 129.0), ("Jogo de Toalhas", 149.9), ("Vaso Cerâmica", 89.0)],
              "beleza_saude": [("Protetor Solar", 69.9), ("Perfume 100ml", 459.0), ("Escova Elétrica", 219.0)],
              "esporte_lazer": [("Bola de Futebol", 119.0), ("Tapete Yoga", 99.9), ("Bicicleta Aro 29", 1899.0)]}



def shop(rng, out):
    orders, items = [], []
    item_id = 0
    start = date(2023, 1, 2)
    for oid in range(1, 701):
        placed = start + timedelta(days=rng.randrange(0, 729))
        city, uf, _ = pick(rng, [(c, c[2]) for c in CITIES])
        channel = pick(rng, [("site", 50), ("aplicativo", 38), ("loja_fisica", 12)])
        status = pick(rng, [("entregue", 70), ("cancelado", 11), ("em_transito", 9), ("devolvido", 10)])
        shipped = None if status == "cancelado" else placed + timedelta(days=rng.randrange(0, 4))
        delivered = shipped + timedelta(days=rng.randrange(1, 12)) if status == "entregue" else None
        total = 0.0
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            item_id += 1
            category = rng.choice(list(CATEGORIES))
            product, price = rng.choice(CATEGORIES[category])
            unit = round(price * rng.uniform(0.85, 1.1), 2)
            qty = pick(rng, [(1, 60), (2, 25), (3, 10), (5, 5)])
            total += unit * qty
            items.append([item_id, oid, product, category, qty, unit])
        freight = round(rng.uniform(0, 45) + (15 if uf not in ("SP",) else 0), 2)
        orders.append([oid, rng.randrange(1000, 1400), city, uf, channel, status, placed.isoformat(),
                       shipped.isoformat() if shipped else None, delivered.isoformat() if delivered else None,
                       round(total, 2), freight])
    write(os.path.join(out, "encomendas.csv"),
          ["encomenda_id", "cliente_id", "cidade", "estado", "canal", "status", "data_pedido", "data_envio",
           "data_entrega", "valor_total", "frete"], orders)
    write(os.path.join(out, "itens_encomenda.csv"),
          ["item_id", "encomenda_id", "produto", "categoria", "quantidade", "preco_unitario"], items)


def sensors(rng, out):
    stations = ["Norte", "Sul", "Leste", "Oeste"]
    base = {f"S-{k:02d}": (stations[(k - 1) % 4], 80 + 17 * k, 18 + k * 0.7, 20 + 6 * k) for k in range(1, 9)}
    rows, rid = [], 0
    for d in range(0, 181):
        day = datetime(2024, 1, 1) + timedelta(days=d)
        season = 25 * (1 + (d % 60) / 60.0)
        for sensor, (station, level, temp, flow) in base.items():
            for hour in (6, 18):
                rid += 1
                when = day + timedelta(hours=hour, minutes=rng.randrange(0, 50))
                lvl = round(level + season * rng.uniform(0.4, 1.3) + rng.gauss(0, 6), 1)
                t = round(temp + (4 if hour == 18 else 0) - d * 0.03 + rng.gauss(0, 1.2), 2)
                v = round(flow * rng.uniform(0.7, 1.4), 2)
                battery = min(100, max(5, 100 - (d * 100 // 200) - rng.randrange(0, 6) + int(sensor[2:])))
                rows.append([rid, sensor, station, when.strftime("%Y-%m-%d %H:%M:%S"), lvl, t, v, battery])
    write(os.path.join(out, "leituras_sensores.csv"),
          ["leitura_id", "sensor", "estacao", "lido_em", "nivel_cm", "temperatura_c", "vazao_l_s", "bateria_pct"],
          rows)


def tickets(rng, out):
    agents = ["Ana Souza", "Bruno Lima", "Carla Dias", "Diego Alves", "Elisa Rocha", "Felipe Nunes"]
    cities = ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Recife"]
    rows = []
    for i in range(1, 901):
        opened = datetime(2024, 1, 1) + timedelta(minutes=rng.randrange(0, 182 * 24 * 60))
        priority = pick(rng, [("low", 35), ("medium", 35), ("high", 20), ("urgent", 10)])
        status = pick(rng, [("closed", 72), ("open", 16), ("pending", 12)])
        closed = hours = sat = None
        if status == "closed":
            scale = {"low": 40, "medium": 26, "high": 14, "urgent": 6}[priority]
            hours = round(rng.uniform(0.3, 2.0) * scale, 1)
            closed = opened + timedelta(hours=hours)
            sat = pick(rng, [(1, 6), (2, 9), (3, 20), (4, 35), (5, 30)])
        rows.append([f"TK-{i:04d}", opened.strftime("%Y-%m-%d %H:%M:%S"),
                     closed.strftime("%Y-%m-%d %H:%M:%S") if closed else None, status, priority,
                     pick(rng, [("email", 40), ("phone", 25), ("chat", 35)]), rng.choice(cities), rng.choice(agents),
                     hours, sat])
    write(os.path.join(out, "support_tickets.csv"),
          ["ticket_id", "opened_at", "closed_at", "status", "priority", "channel", "city", "agent",
           "resolution_hours", "satisfaction"], rows)


def main():
    if "--real-only" in sys.argv:
        return 0  # no sample of ../shared/data in this set
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    rng = random.Random(1515)
    shop(rng, out)
    sensors(rng, out)
    tickets(rng, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
