#!/usr/bin/env python3
"""Writes the data of the fifth held-out question set (questions.jsonl beside this file): written before the parser
ran on it, over four business domains no other set uses, with the quirks of real exports.

Synthetic, deterministic (seed 5555), committed as CSV beside this script:

  garcons.csv           10 waiters of a restaurant, `;`-separated: "Código Garçom" (text G01..), "Nome", "Turno"
                        (Almoço, Jantar), "Data Admissão" dd/mm/yyyy
  comandas.csv          900 checks (2024-01 .. 2024-09), `;`-separated with decimal commas: "Comanda" (integer),
                        "Mesa" (1..24, an integer look-alike of other numbers), "Código Garçom" -> garcons (empty on a
                        few), "Data" dd/mm/yyyy, "Pessoas", "Status" (Paga, Cancelada, Em aberto), "Forma de
                        Pagamento" (Pix, Cartão de Crédito, Cartão de Débito, Dinheiro; empty unless paid),
                        "Valor Total (R$)", "Gorjeta (R$)" (empty when no tip)
  itens_comanda.csv     the dishes of each check, `;`-separated: "Comanda" -> comandas, "Prato", "Categoria"
                        (Entrada, Prato Principal, Sobremesa, Bebida), "Qtd", "Preço Unitário (R$)"
  skus.csv              80 products of a warehouse: "SKU" (text with leading zeros, 000417), "Descricao" (no accent),
                        "Categoria" (Eletrônicos, Limpeza, Alimentos, Ferramentas), "Fornecedor", "Peso_Kg",
                        "Ativo" (sim/não)
  movimentacoes.csv     1,200 stock movements, mixed-case headers: "ID_Mov", "SKU" -> skus, "Tipo" (Entrada, Saída,
                        Transferência, Ajuste), "Armazem" (São Paulo, Recife, Curitiba), "Quantidade", "Custo_Unit",
                        "Data_Solicitacao" (ISO, when it was requested), "Data_Efetivacao" (dd/mm/yyyy, empty while
                        pending or cancelled), "Status" (Concluída, Pendente, Cancelada)
  alunos.csv            240 students of a school: "Matrícula" (text 2023A001), "Nome", "Turma" (6A .. 8B),
                        "Data de Nascimento" dd/mm/yyyy, "Bolsista" (Sim/Não), "Cidade"
  notas.csv             grades, `;`-separated, decimal commas: "Matrícula" -> alunos, "Disciplina" (Matemática,
                        Português, História, Ciências, Inglês), "Bimestre" (1..4), "Nota" (0-10, empty on some),
                        "Faltas"
  stations.csv          16 bike-share stations, English: station_id (text ST-01), station_name, district (Downtown,
                        Riverside, University, Harbor), capacity, opened_on (ISO)
  bike_trips.csv        2,500 trips in 2024-04 .. 2024-07: trip_id, start_station_id -> stations, end_station_id,
                        started_at, ended_at (ISO date-times), rider_type (member, casual), bike_type (electric,
                        classic), duration_min, distance_km (empty on some), fare_usd, rating (1-5, mostly empty)

usage: gen_data.py [OUT_DIR]; gen_data.py --shared DATA_DIR --real-only OUT_DIR writes nothing (no real data here)
"""
import csv
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from data_gen import br, pick, write_csv  # noqa: E402


def write_semicolon(path, header, rows):
    """A Brazilian spreadsheet export: `;` between fields, decimal commas (floats only), None empty."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else br(v) if isinstance(v, float) else v for v in r])


def dmy(d):
    return d.strftime("%d/%m/%Y")


def restaurant(rng, out):
    names = ["Ana Souza", "Bruno Lima", "Carla Dias", "Diego Alves", "Elisa Rocha", "Fábio Nunes", "Gabriela Reis",
             "Hugo Prado", "Íris Melo", "João Pinto"]
    waiters = []
    for k, name in enumerate(names, 1):
        waiters.append([f"G{k:02d}", name, "Almoço" if k % 2 else "Jantar",
                        dmy(date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2000)))])
    write_semicolon(os.path.join(out, "garcons.csv"), ["Código Garçom", "Nome", "Turno", "Data Admissão"], waiters)
    menu = {"Entrada": [("Bruschetta", 28.0), ("Carpaccio", 42.0), ("Bolinho de Bacalhau", 36.0)],
            "Prato Principal": [("Risoto de Cogumelos", 78.0), ("Picanha na Brasa", 96.0), ("Moqueca", 88.0),
                                ("Feijoada", 69.0), ("Salmão Grelhado", 92.0)],
            "Sobremesa": [("Pudim", 22.0), ("Petit Gâteau", 32.0), ("Sorvete", 18.0)],
            "Bebida": [("Suco Natural", 14.0), ("Refrigerante", 9.0), ("Caipirinha", 26.0), ("Água", 6.0),
                       ("Cerveja", 16.0)]}
    checks, items = [], []
    for cid in range(1, 901):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 274))
        waiter = pick(rng, [(f"G{k:02d}", 10 + 3 * k) for k in range(1, 11)] + [(None, 4)])
        people = pick(rng, [(1, 15), (2, 40), (3, 15), (4, 20), (5, 5), (6, 5)])
        status = pick(rng, [("Paga", 86), ("Cancelada", 8), ("Em aberto", 6)])
        total = 0.0
        for _ in range(people + rng.randrange(0, 4)):
            cat = pick(rng, [("Entrada", 15), ("Prato Principal", 40), ("Sobremesa", 15), ("Bebida", 30)])
            dish, price = rng.choice(menu[cat])
            qty = pick(rng, [(1, 70), (2, 25), (3, 5)])
            items.append([cid, dish, cat, qty, price])
            total += qty * price
        pay = pick(rng, [("Pix", 35), ("Cartão de Crédito", 35), ("Cartão de Débito", 20), ("Dinheiro", 10)]) \
            if status == "Paga" else None
        tip = round(total * rng.choice([0.0, 0.1, 0.1, 0.1, 0.05]), 2) if status == "Paga" else 0.0
        checks.append([cid, rng.randrange(1, 25), waiter, dmy(day), people, status, pay, round(total, 2),
                       tip if tip > 0 else None])
    write_semicolon(os.path.join(out, "comandas.csv"),
                    ["Comanda", "Mesa", "Código Garçom", "Data", "Pessoas", "Status", "Forma de Pagamento",
                     "Valor Total (R$)", "Gorjeta (R$)"], checks)
    write_semicolon(os.path.join(out, "itens_comanda.csv"),
                    ["Comanda", "Prato", "Categoria", "Qtd", "Preço Unitário (R$)"], items)


def warehouse(rng, out):
    cats = {"Eletrônicos": ["Fone Bluetooth", "Carregador USB", "Mouse Sem Fio", "Teclado", "Cabo HDMI"],
            "Limpeza": ["Detergente", "Desinfetante", "Sabao em Po", "Esponja", "Agua Sanitaria"],
            "Alimentos": ["Arroz 5kg", "Feijao 1kg", "Cafe 500g", "Acucar 1kg", "Oleo de Soja"],
            "Ferramentas": ["Martelo", "Chave de Fenda", "Furadeira", "Trena", "Alicate"]}
    suppliers = ["Distribuidora Alfa", "Comercial Beta", "Atacado Gama", "Importadora Delta"]
    skus, sku_codes = [], []
    seen = set()
    for k in range(80):
        cat = list(cats)[k % 4]
        code = f"{rng.randrange(100, 99999):06d}"
        while code in seen:
            code = f"{rng.randrange(100, 99999):06d}"
        seen.add(code)
        sku_codes.append((code, cat))
        base = rng.choice(cats[cat])
        skus.append([code, f"{base} {k // 4 + 1}", cat, rng.choice(suppliers), round(rng.uniform(0.1, 12.0), 2),
                     "não" if rng.random() < 0.12 else "sim"])
    write_csv(os.path.join(out, "skus.csv"), ["SKU", "Descricao", "Categoria", "Fornecedor", "Peso_Kg", "Ativo"],
              skus)
    cost = {"Eletrônicos": 60, "Limpeza": 8, "Alimentos": 12, "Ferramentas": 45}
    rows = []
    for i in range(1, 1201):
        code, cat = rng.choice(sku_codes)
        kind = pick(rng, [("Entrada", 40), ("Saída", 42), ("Transferência", 12), ("Ajuste", 6)])
        wh = pick(rng, [("São Paulo", 50), ("Recife", 25), ("Curitiba", 25)])
        qty = rng.randrange(1, 200) if kind != "Ajuste" else rng.randrange(1, 15)
        requested = datetime(2023, 10, 1, 7) + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        status = pick(rng, [("Concluída", 85), ("Pendente", 9), ("Cancelada", 6)])
        done = (requested + timedelta(days=rng.randrange(0, 12))).date() if status == "Concluída" else None
        rows.append([i, code, kind, wh, qty, round(cost[cat] * rng.uniform(0.7, 1.4), 2),
                     requested.strftime("%Y-%m-%d %H:%M:%S"), dmy(done) if done else None, status])
    write_csv(os.path.join(out, "movimentacoes.csv"),
              ["ID_Mov", "SKU", "Tipo", "Armazem", "Quantidade", "Custo_Unit", "Data_Solicitacao", "Data_Efetivacao",
               "Status"], rows)


def school(rng, out):
    first = ["Ana", "Beatriz", "Caio", "Davi", "Elena", "Felipe", "Giovana", "Heitor", "Isabela", "Júlia", "Lucas",
             "Marina", "Nicolas", "Otávio", "Pedro", "Rafaela", "Sofia", "Thiago", "Valentina", "Vitor"]
    last = ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida"]
    classes = ["6A", "6B", "7A", "7B", "8A", "8B"]
    students, grades = [], []
    for k in range(1, 241):
        mat = f"2023A{k:03d}"
        turma = classes[(k - 1) % 6]
        grade_year = int(turma[0])
        born = date(2024 - grade_year - 6, 1, 1) + timedelta(days=rng.randrange(0, 365))
        scholar = "Sim" if rng.random() < 0.2 else "Não"
        students.append([mat, f"{rng.choice(first)} {rng.choice(last)}", turma, dmy(born), scholar,
                         pick(rng, [("Florianópolis", 50), ("São José", 30), ("Palhoça", 20)])])
        skill = rng.gauss(6.8, 1.3)
        for subj, bias in [("Matemática", -0.6), ("Português", 0.2), ("História", 0.4), ("Ciências", 0.0),
                           ("Inglês", 0.3)]:
            for term in range(1, 5):
                grade = None if rng.random() < 0.04 else round(min(10.0, max(0.0, rng.gauss(skill + bias, 1.2))), 1)
                grades.append([mat, subj, term, grade, pick(rng, [(0, 50), (1, 20), (2, 15), (3, 8), (5, 5),
                                                                   (8, 2)])])
    write_csv(os.path.join(out, "alunos.csv"),
              ["Matrícula", "Nome", "Turma", "Data de Nascimento", "Bolsista", "Cidade"], students)
    write_semicolon(os.path.join(out, "notas.csv"), ["Matrícula", "Disciplina", "Bimestre", "Nota", "Faltas"], grades)


def bikes(rng, out):
    districts = ["Downtown", "Riverside", "University", "Harbor"]
    names = ["Central Plaza", "City Hall", "Market St", "Library", "River Park", "Old Bridge", "Boathouse",
             "Mill Road", "Campus North", "Campus South", "Science Hall", "Stadium", "Pier 1", "Lighthouse",
             "Fish Market", "Dockyard"]
    stations = []
    for k, name in enumerate(names, 1):
        stations.append([f"ST-{k:02d}", name, districts[(k - 1) // 4], rng.choice([12, 15, 20, 24, 30]),
                         (date(2019, 3, 1) + timedelta(days=rng.randrange(0, 1500))).isoformat()])
    write_csv(os.path.join(out, "stations.csv"), ["station_id", "station_name", "district", "capacity", "opened_on"],
              stations)
    rows = []
    for i in range(1, 2501):
        start = pick(rng, [(s[0], 6 + (k * 7) % 11) for k, s in enumerate(stations)])
        end = rng.choice(stations)[0]
        started = datetime(2024, 4, 1, 6) + timedelta(minutes=rng.randrange(0, 122 * 24 * 60))
        rider = pick(rng, [("member", 65), ("casual", 35)])
        bike = pick(rng, [("electric", 40), ("classic", 60)])
        minutes = max(2, int(rng.lognormvariate(2.6, 0.6)))
        ended = started + timedelta(minutes=minutes)
        distance = None if rng.random() < 0.06 else round(minutes * rng.uniform(0.12, 0.3), 2)
        fare = round((1.0 if rider == "member" else 3.5) + minutes * (0.15 if bike == "electric" else 0.05), 2)
        rating = None if rng.random() < 0.7 else pick(rng, [(1, 5), (2, 7), (3, 18), (4, 35), (5, 35)])
        rows.append([i, start, end, started.strftime("%Y-%m-%d %H:%M:%S"), ended.strftime("%Y-%m-%d %H:%M:%S"),
                     rider, bike, minutes, distance, fare, rating])
    write_csv(os.path.join(out, "bike_trips.csv"),
              ["trip_id", "start_station_id", "end_station_id", "started_at", "ended_at", "rider_type", "bike_type",
               "duration_min", "distance_km", "fare_usd", "rating"], rows)


def main():
    if "--real-only" in sys.argv:
        return 0
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    rng = random.Random(5555)
    restaurant(rng, out)
    warehouse(rng, out)
    school(rng, out)
    bikes(rng, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
