#!/usr/bin/env python3
"""Writes the data of the held-out "real-shaped" question set (questions.jsonl beside this file): a Brazilian
marketplace shaped unlike the development sets in tests/data/nlq, with the quirks of real exports, plus two
samples derived from the real data sets in ../shared/data.

Synthetic, deterministic (seed 1515), committed as CSV beside this script:

  produtos.csv          600 products, Olist-style English headers with the real misspellings
                        (product_name_lenght, product_description_lenght), units in headers ("peso (kg)",
                        "altura (cm)", "preco_R$"), categories with underscores and mixed case (cama_mesa_banho,
                        Beleza_Saude), a brand column that is 75% empty, a registration date as dd/mm/yyyy
  pedidos.csv           1,200 orders 2017-01-02 .. 2018-08-31 (ISO timestamps), status, sales channel
                        (Site, App, "Market Place"), order type (pedido_normal, outro_pedido, troca), customer
                        state; the delivery date is empty for undelivered orders
  itens_pedido.csv      2,000 order lines: order_id -> pedidos, product_id -> produtos, seller_id -> vendedores
                        (the related keys), price and freight_value
  vendedores.csv        60 sellers (seller_id, seller_zip_code_prefix with leading zeros, seller_city,
                        seller_state)
  avaliacoes_loja.csv   1,500 marketplace reviews (B2W-style): their own integer `id`, an integer product_id
                        from another catalog (NOT produtos.product_id), rating, recommend Yes/No, reviewer
                        gender M/F (some empty), birth year (some empty), state, site category with accents
  estoque_deposito.csv  500 stock rows with Portuguese accented headers and units; product_id is an integer of
                        the warehouse's own catalog (unrelated to produtos and to avaliacoes); last count date as
                        dd-mm-yyyy text, an expiry date that is 80% empty
  campanhas_marketing.csv 40 campaigns with an integer `id` 1..40 (look-alike of every other id, unrelated),
                        "Orçamento (R$)", start date as yyyy/mm/dd
  pesquisa_clientes.csv 500 survey answers, a wide table (44 columns): q01..q30 scores 1-5 with gaps, NPS,
                        "Gênero", "Renda familiar (R$)", dd/mm/yyyy answer date, a comment that is 90% empty
  empresa.csv           one row: the company's own figures

Derived from ../shared/data at run time (never committed; written to OUT_DIR only with --shared):

  cotacoes_diarias.csv  daily quotes of PETR4, VALE3, ITUB4 and ABEV3 in 2016-2017 from the B3 files, with
                        Portuguese headers with units ("Abertura (R$)", "Fechamento (R$)", "Volume (R$)")
  tweets_sentimento.csv 1,500 tweets of Tweets_Mg.csv (every 5th row that has a text and a label), the date
                        rewritten as ISO, with user, location, retweets and the sentiment label

usage: gen_data.py [OUT_DIR]                               the synthetic CSVs (default OUT_DIR: this folder)
       gen_data.py --shared DATA_DIR --real-only OUT_DIR     only the samples of the real data (the runner's way)
"""
import csv
import hashlib
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from data_gen import write_csv as write  # noqa: E402


def hexid(kind, i):
    """A 32-hex key like Olist's, stable for (kind, i)."""
    return hashlib.md5(f"{kind}-{i}".encode()).hexdigest()



def synthetic(out):
    rng = random.Random(1515)

    # ---- products ---------------------------------------------------------------------------------------------
    # (category as written in the data, weight, base price, typical weight kg)
    categories = [("cama_mesa_banho", 14, 95, 1.8), ("Beleza_Saude", 12, 70, 0.4), ("esporte_lazer", 10, 130, 1.2),
                  ("moveis_decoracao", 9, 210, 6.5), ("informatica_acessorios", 9, 160, 0.6),
                  ("utilidades_domesticas", 8, 60, 1.1), ("Relogios_Presentes", 7, 240, 0.3),
                  ("telefonia", 7, 110, 0.2), ("Ferramentas_Jardim", 6, 150, 3.0), ("brinquedos", 6, 80, 0.9),
                  ("perfumaria", 5, 120, 0.35), ("bebes", 4, 100, 1.4), ("eletroportateis", 2, 280, 3.5)]
    brands = ["Tramontina", "Mondial", "Natura", "Philips", "Multilaser", "Estrela", "Boticário", "Arno"]
    products = []
    for i in range(600):
        cat, _, base, kg = rng.choices(categories, weights=[c[1] for c in categories])[0]
        price = round(base * rng.lognormvariate(0, 0.45), 2)
        weight = None if rng.random() < 0.03 else round(kg * rng.lognormvariate(0, 0.35), 3)
        photos = None if rng.random() < 0.05 else rng.choices([1, 2, 3, 4, 5, 6], weights=[40, 22, 15, 10, 8, 5])[0]
        brand = rng.choice(brands) if rng.random() < 0.25 else None
        reg = date(2016, 6, 1) + timedelta(days=rng.randrange(0, 760))
        products.append([hexid("p", i), cat, rng.randint(12, 64), rng.randint(80, 3200), photos, weight,
                         rng.randint(10, 90), rng.randint(2, 60), rng.randint(8, 60), f"{price:.2f}", brand,
                         reg.strftime("%d/%m/%Y")])
    write(f"{out}/produtos.csv",
          ["product_id", "product_category_name", "product_name_lenght", "product_description_lenght",
           "product_photos_qty", "peso (kg)", "comprimento (cm)", "altura (cm)", "largura (cm)", "preco_R$",
           "marca", "data_cadastro"], products)

    # ---- sellers ----------------------------------------------------------------------------------------------
    cities = [("sao paulo", "SP", "01"), ("campinas", "SP", "13"), ("curitiba", "PR", "80"),
              ("belo horizonte", "MG", "30"), ("rio de janeiro", "RJ", "20"), ("porto alegre", "RS", "90"),
              ("ibitinga", "SP", "14"), ("maringa", "PR", "87")]
    sellers = []
    for i in range(60):
        city, uf, prefix = rng.choices(cities, weights=[30, 10, 9, 9, 9, 6, 5, 4])[0]
        sellers.append([hexid("s", i), f"{prefix}{rng.randint(0, 999):03d}", city, uf])
    write(f"{out}/vendedores.csv", ["seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"], sellers)

    # ---- orders -----------------------------------------------------------------------------------------------
    start, end = datetime(2017, 1, 2, 8, 0, 0), datetime(2018, 8, 31, 22, 0, 0)
    span = int((end - start).total_seconds())
    # growth over time: later days are more likely
    stamps = sorted(start + timedelta(seconds=int(span * (rng.random() ** 0.7))) for _ in range(1200))
    stamps[0], stamps[-1] = start, end
    statuses = [("delivered", 86), ("shipped", 5), ("canceled", 4), ("invoiced", 2), ("processing", 2),
                ("unavailable", 1)]
    channels = [("Site", 45), ("App", 35), ("Market Place", 20)]
    kinds = [("pedido_normal", 90), ("outro_pedido", 6), ("troca", 4)]
    states = [("SP", 42), ("RJ", 13), ("MG", 12), ("RS", 6), ("PR", 5), ("SC", 4), ("BA", 4), ("DF", 3),
              ("GO", 2), ("PE", 2), ("CE", 2), ("ES", 2), ("AM", 1), ("PA", 1), ("MT", 1)]
    orders = []
    for i, ts in enumerate(stamps):
        status = rng.choices([s[0] for s in statuses], weights=[s[1] for s in statuses])[0]
        estimated = (ts + timedelta(days=rng.randint(12, 35))).date()
        delivered = None
        if status == "delivered":
            delivered = ts + timedelta(days=rng.randint(2, 40), hours=rng.randint(0, 12))
            delivered = delivered.strftime("%Y-%m-%d %H:%M:%S")
        orders.append([hexid("o", i), hexid("c", rng.randrange(950)), status,
                       ts.strftime("%Y-%m-%d %H:%M:%S"), delivered, estimated.isoformat(),
                       rng.choices([c[0] for c in channels], weights=[c[1] for c in channels])[0],
                       rng.choices([k[0] for k in kinds], weights=[k[1] for k in kinds])[0],
                       rng.choices([s[0] for s in states], weights=[s[1] for s in states])[0],
                       rng.choices([1, 2, 3, 4, 6, 8, 10], weights=[50, 15, 10, 8, 7, 6, 4])[0]])
    write(f"{out}/pedidos.csv",
          ["order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_delivered_customer_date",
           "order_estimated_delivery_date", "canal_venda", "tipo_pedido", "customer_state", "parcelas"], orders)

    # ---- order items: every order has at least one line; 2,000 lines in all -----------------------------------
    lines = [0] * 1200
    for o in range(1200):
        lines[o] = 1
    for _ in range(800):
        lines[rng.randrange(1200)] += 1
    items = []
    for o, n in enumerate(lines):
        for k in range(n):
            p = products[rng.randrange(600)]
            price = round(float(p[9]) * rng.uniform(0.9, 1.1), 2)
            freight = round(8 + (p[5] or 1.0) * rng.uniform(2.0, 5.0), 2)
            limit = datetime.strptime(orders[o][3], "%Y-%m-%d %H:%M:%S") + timedelta(days=rng.randint(2, 7))
            items.append([orders[o][0], k + 1, p[0], sellers[rng.randrange(60)][0],
                          limit.strftime("%Y-%m-%d %H:%M:%S"), f"{price:.2f}", f"{freight:.2f}"])
    write(f"{out}/itens_pedido.csv",
          ["order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price", "freight_value"],
          items)

    # ---- marketplace reviews (another store's catalog) ---------------------------------------------------------
    site_cats = [("Informática", 20), ("Celulares e Smartphones", 18), ("Eletrodomésticos", 15),
                 ("Beleza e Perfumaria", 14), ("Móveis", 10), ("Brinquedos", 9), ("Esporte e Lazer", 8),
                 ("Livros", 6)]
    review_brands = ["samsung", "lg", "motorola", "positivo", "britania", "electrolux", "mattel", None, None, None]
    titles = {5: ["Excelente", "Recomendo", "Muito bom", "Ótimo produto"], 4: ["Bom", "Gostei", "Satisfeito"],
              3: ["Regular", "Poderia ser melhor"], 2: ["Fraco", "Não gostei"], 1: ["Péssimo", "Não recomendo",
                                                                                     "Veio com defeito"]}
    reviews = []
    rstart = datetime(2018, 1, 1, 0, 0, 0)
    for i in range(1500):
        when = rstart + timedelta(seconds=rng.randrange(0, 151 * 86400))  # 2018-01-01 .. 2018-05-31
        cat = rng.choices([c[0] for c in site_cats], weights=[c[1] for c in site_cats])[0]
        rating = rng.choices([1, 2, 3, 4, 5], weights=[11, 5, 10, 22, 52])[0]
        recommend = "Yes" if (rating >= 4 or (rating == 3 and rng.random() < 0.4)) else "No"
        gender = rng.choices(["F", "M", None], weights=[48, 44, 8])[0]
        birth = None if rng.random() < 0.12 else rng.randint(1950, 2001)
        reviews.append([i + 1, when.strftime("%Y-%m-%d %H:%M:%S"), f"r{rng.randint(100000, 999999)}",
                        rng.randint(100000, 130000), cat, rng.choice(review_brands), rng.choice(titles[rating]),
                        rating, recommend, birth, gender,
                        rng.choices([s[0] for s in states], weights=[s[1] for s in states])[0]])
    write(f"{out}/avaliacoes_loja.csv",
          ["id", "submission_date", "reviewer_id", "product_id", "site_category_lv1", "product_brand",
           "review_title", "overall_rating", "recommend_to_a_friend", "reviewer_birth_year", "reviewer_gender",
           "reviewer_state"], reviews)

    # ---- warehouse stock (own integer catalog) ----------------------------------------------------------------
    depots = ["CD Cajamar", "CD Extrema", "Loja Centro", "CD Recife"]
    stock = []
    for i in range(500):
        counted = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 240))
        expiry = None if rng.random() < 0.8 else (counted + timedelta(days=rng.randint(30, 700))).isoformat()
        stock.append([f"SKU-{i + 1:05d}", rng.randint(1, 400), rng.choices(depots, weights=[40, 30, 15, 15])[0],
                      rng.choices([0, rng.randint(1, 20), rng.randint(20, 400)], weights=[8, 40, 52])[0],
                      f"{round(rng.lognormvariate(3.6, 0.7), 2):.2f}", counted.strftime("%d-%m-%Y"), expiry,
                      rng.choice(["Sim", "Não"])])
    write(f"{out}/estoque_deposito.csv",
          ["SKU", "product_id", "Depósito", "Quantidade disponível", "Custo unitário (R$)", "Última contagem",
           "Validade do lote", "Estoque de segurança"], stock)

    # ---- marketing campaigns ----------------------------------------------------------------------------------
    camp_channels = ["Google Ads", "Instagram", "E-mail", "Facebook", "TikTok"]
    camps = []
    for i in range(40):
        begin = date(2017, 3, 1) + timedelta(days=rng.randrange(0, 520))
        clicks = rng.randint(300, 40000)
        camps.append([i + 1, f"Campanha {i + 1:02d}", rng.choice(camp_channels),
                      f"{rng.randint(20, 400) * 50:.2f}", begin.strftime("%Y/%m/%d"), rng.randint(7, 60),
                      clicks * rng.randint(8, 40), clicks, int(clicks * rng.uniform(0.005, 0.06))])
    write(f"{out}/campanhas_marketing.csv",
          ["id", "nome_campanha", "canal", "Orçamento (R$)", "data_inicio", "duracao_dias", "impressoes", "cliques",
           "conversoes"], camps)

    # ---- customer survey: the wide table ----------------------------------------------------------------------
    topics = ["atendimento", "entrega", "embalagem", "preço", "site", "app", "pagamento", "troca", "variedade",
              "qualidade", "prazo", "rastreio", "chat", "telefone", "email", "promoções", "frete", "estoque",
              "descrição", "fotos", "avaliações", "busca", "checkout", "cupom", "fidelidade", "devolução",
              "nota_fiscal", "garantia", "montagem", "pós_venda"]
    header = ["respondente_id", "Data da resposta", "Idade", "Gênero", "UF", "Renda familiar (R$)", "Escolaridade",
              "Canal preferido", "Frequência de compra", "NPS", "Satisfação geral", "Comentário",
              "tempo_resposta (min)"] + [f"q{k + 1:02d}_{t}" for k, t in enumerate(topics)]
    rows = []
    for i in range(500):
        answered = date(2018, 2, 1) + timedelta(days=rng.randrange(0, 180))
        nps = rng.choices(range(11), weights=[3, 2, 2, 3, 3, 5, 7, 12, 20, 22, 21])[0]
        sat = max(1, min(5, round(nps / 2.2 + rng.uniform(-0.8, 0.8))))
        comment = rng.choice(["Entrega atrasou", "Gostei muito", "Frete caro", "Ótimo atendimento"]) \
            if rng.random() < 0.1 else None
        row = [1000 + i, answered.strftime("%d/%m/%Y"), rng.randint(18, 75),
               rng.choices(["Feminino", "Masculino", "Não informado"], weights=[52, 44, 4])[0],
               rng.choices([s[0] for s in states], weights=[s[1] for s in states])[0],
               f"{round(rng.lognormvariate(8.3, 0.6), 2):.2f}",
               rng.choice(["Fundamental", "Médio", "Superior", "Pós-graduação"]),
               rng.choice(["Site", "App", "Loja física"]),
               rng.choice(["Semanal", "Mensal", "Trimestral", "Raramente"]), nps, sat, comment,
               round(rng.uniform(2, 25), 1)]
        for _ in topics:
            row.append(None if rng.random() < 0.12 else max(1, min(5, sat + rng.choice([-1, 0, 0, 0, 1]))))
        rows.append(row)
    write(f"{out}/pesquisa_clientes.csv", header, rows)

    # ---- the company: one row ---------------------------------------------------------------------------------
    write(f"{out}/empresa.csv",
          ["Razão social", "CNPJ", "Data de fundação", "Funcionários", "Meta de faturamento anual (R$)",
           "Cidade sede"],
          [["Casa Viva Comércio Eletrônico Ltda", "12.345.678/0001-90", "14/03/2011", 187, "48000000.00",
            "São Paulo"]])


def b3(shared, out):
    """Daily quotes of four tickers in 2016-2017 from the B3 files, with Portuguese headers with units."""
    rows = []
    for ticker in ["PETR4", "VALE3", "ITUB4", "ABEV3"]:
        with open(os.path.join(shared, "b3", f"{ticker}.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if not ("2016-01-01" <= r["dia"] < "2018-01-01"):
                    continue
                rows.append([r["dia"], r["cod_neg"], r["nom_res"].strip(), r["pre_abe"], r["pre_max"], r["pre_min"],
                             r["pre_ult"], r["vol_tot"], r["tot_neg"], r["qua_tot"]])
    rows.sort(key=lambda r: (r[0], r[1]))
    write(f"{out}/cotacoes_diarias.csv",
          ["Data", "Ticker", "Empresa", "Abertura (R$)", "Máxima (R$)", "Mínima (R$)", "Fechamento (R$)",
           "Volume (R$)", "Negócios", "Quantidade de ações"], rows)


def tweets(shared, out):
    """Every 5th labelled tweet of Tweets_Mg.csv (1,500 of them), its date rewritten as ISO."""
    rows = []
    with open(os.path.join(shared, "sentiment", "Tweets_Mg.csv"), encoding="utf-8", errors="replace") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if i % 5 or not r["Text"].strip() or r["Classificacao"] not in ("Positivo", "Negativo", "Neutro"):
                continue
            when = datetime.strptime(r["Created At"], "%a %b %d %H:%M:%S +0000 %Y")
            rows.append([when.strftime("%Y-%m-%d %H:%M:%S"), " ".join(r["Text"].split()), r["Username"],
                         r["User Location"].strip() or None, r["Retweet Count"] or 0, r["Classificacao"]])
            if len(rows) == 1500:
                break
    write(f"{out}/tweets_sentimento.csv",
          ["data_hora", "texto", "usuario", "localizacao", "retweets", "sentimento"], rows)


def main(argv):
    shared = None
    real_only = False
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--shared":
            shared = argv[i + 1]
            i += 2
        elif argv[i] == "--real-only":
            real_only = True
            i += 1
        else:
            args.append(argv[i])
            i += 1
    out = args[0] if args else HERE
    os.makedirs(out, exist_ok=True)
    if not real_only:
        synthetic(out)
    if shared:
        if os.path.isdir(os.path.join(shared, "b3")):
            b3(shared, out)
        if os.path.isfile(os.path.join(shared, "sentiment", "Tweets_Mg.csv")):
            tweets(shared, out)


if __name__ == "__main__":
    main(sys.argv[1:])
