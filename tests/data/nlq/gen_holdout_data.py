#!/usr/bin/env python3
"""Writes the held-out data sets for NL→SQL evaluation: schemas the parser was not developed on.

  vendas_loja.csv   retail sales with Portuguese headers (as exported from a spreadsheet)
  funcionarios.csv  employees (HR) with Portuguese headers
Deterministic (seed 7). usage: gen_holdout_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, timedelta

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(7)

lojas = [("Loja Centro", "Sudeste", "São Paulo"), ("Loja Norte Shopping", "Sudeste", "Rio de Janeiro"),
         ("Loja Savassi", "Sudeste", "Belo Horizonte"), ("Loja Batel", "Sul", "Curitiba"),
         ("Loja Moinhos", "Sul", "Porto Alegre"), ("Loja Boa Viagem", "Nordeste", "Recife"),
         ("Loja Pelourinho", "Nordeste", "Salvador"), ("Loja Asa Sul", "Centro-Oeste", "Brasília")]
produtos = [("Notebook", "Informática", 3500), ("Mouse", "Informática", 80), ("Teclado", "Informática", 150),
            ("Monitor", "Informática", 1200), ("Geladeira", "Eletrodomésticos", 4200),
            ("Micro-ondas", "Eletrodomésticos", 650), ("Liquidificador", "Eletrodomésticos", 180),
            ("Smartphone", "Telefonia", 2500), ("Fone de ouvido", "Telefonia", 250), ("Cafeteira", "Eletroportáteis", 320)]
pagamentos = ["Cartão de crédito", "Pix", "Boleto", "Cartão de débito"]
vendedores = ["Ana Souza", "Bruno Lima", "Carla Dias", "Diego Alves", "Elisa Rocha", "Fábio Nunes"]

with open(f"{out}/vendas_loja.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Data da Venda", "Loja", "Região", "Produto", "Categoria", "Quantidade", "Valor Unitário",
                "Valor Total", "Vendedor", "Forma de Pagamento"])
    start = date(2024, 1, 1)
    for i in range(3000):
        d = start + timedelta(days=rng.randrange(0, 730))
        loja = rng.choice(lojas)
        prod = rng.choice(produtos)
        qtd = rng.choice([1, 1, 1, 2, 2, 3, 4, 5])
        unit = round(prod[2] * rng.uniform(0.85, 1.1), 2)
        total = round(unit * qtd, 2)
        fmt = lambda v: f"{v:.2f}".replace(".", ",")
        w.writerow([d.strftime("%d/%m/%Y"), loja[0], loja[1], prod[0], prod[1], qtd, fmt(unit), fmt(total),
                    rng.choice(vendedores), rng.choice(pagamentos)])

departamentos = ["Vendas", "Financeiro", "Tecnologia", "Recursos Humanos", "Marketing", "Operações"]
cargos = ["Analista", "Gerente", "Assistente", "Coordenador", "Diretor"]
cidades = ["São Paulo", "Campinas", "Rio de Janeiro", "Curitiba", "Recife"]
nomes = ["Maria", "José", "Ana", "João", "Paula", "Pedro", "Lucia", "Marcos", "Julia", "Rafael", "Camila", "Tiago"]
sobrenomes = ["Silva", "Santos", "Oliveira", "Costa", "Pereira", "Ferreira", "Gomes", "Martins"]
with open(f"{out}/funcionarios.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["matricula", "nome", "departamento", "cargo", "salario", "data_admissao", "idade", "cidade", "ativo"])
    for i in range(1, 401):
        cargo = rng.choices(cargos, weights=[40, 10, 30, 15, 5])[0]
        base = {"Assistente": 3200, "Analista": 6500, "Coordenador": 11000, "Gerente": 16000, "Diretor": 30000}[cargo]
        adm = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 5400))
        w.writerow([1000 + i, f"{rng.choice(nomes)} {rng.choice(sobrenomes)}", rng.choice(departamentos), cargo,
                    f"{base * rng.uniform(0.8, 1.3):.2f}", adm.isoformat(), rng.randint(20, 64),
                    rng.choice(cidades), rng.choice(["sim", "sim", "sim", "não"])])
