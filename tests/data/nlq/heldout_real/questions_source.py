#!/usr/bin/env python3
"""Source of questions.jsonl: 224 questions over the data of gen_data.py (a Brazilian marketplace with the quirks
of real exports, and samples of the real B3 quotes and tweets in ../shared/data), half in Brazilian Portuguese and
half in English, as a new user would type them. Written, with their gold SQL, before the builtin parser was ever
run on them (and without reading the parser): a measurement, not a development set.

Eight shapes, 28 questions each (14 pt, 14 en):

  single          one number ("Qual o preço médio dos produtos?"; the one-row table empresa)
  group           one number per group, joins along the real keys included ("Faturamento por canal de venda")
  ranking         top-N / the one with the most, with the names or dates ("Os 5 dias de maior volume da PETR4")
  time            series: daily, weekly, monthly, yearly, "mês a mês", year over year; a year with no data
  distribution    "como se distribui X" with a filter: the vector of X (numeric) or the count per value
                  (categorical)
  measure_filter  a measure and a filter with no aggregate word ("O preço de fechamento da PETR4 em 2017"): the
                  vector of the measure, which the statistics engine describes
  count_filter    counts with filters, missing values, comparisons, periods
  unclear         should be answered `unclear` (or declined): columns that do not exist, vague questions, joins
                  between tables that are not related (estoque_deposito.product_id, avaliacoes_loja.product_id and
                  campanhas_marketing.id look like produtos' keys but are other catalogs)

Conventions: "faturamento"/"revenue"/"vendas" is the sum of itens_pedido.price, dated by the order's purchase time
(pedidos.order_purchase_timestamp, joined on order_id); rows of pedidos are orders, of itens_pedido order lines, of
avaliacoes_loja reviews, of pesquisa_clientes answers; "preço dos produtos" is produtos.preco_r (the catalog
price). A period filter is a half-open range. Each line: {"id", "lang", "shape", "question", "sql" |
"expect": "unclear", "order_matters"}. Regenerate with: python3 questions_source.py > questions.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from question_set import ShapedQuestionSet, between  # noqa: E402

P, O, I, V, A = "produtos", "pedidos", "itens_pedido", "vendedores", "avaliacoes_loja"
E, C, S, EM, Q, T = ("estoque_deposito", "campanhas_marketing", "pesquisa_clientes", "empresa", "cotacoes_diarias",
                     "tweets_sentimento")
TS = "order_purchase_timestamp"
IO = f"{I} i JOIN {O} o ON o.order_id = i.order_id"
IP = f"{I} i JOIN {P} p ON p.product_id = i.product_id"
IV = f"{I} i JOIN {V} v ON v.seller_id = i.seller_id"
CAT = "product_category_name"

questions = ShapedQuestionSet("hr-")
q = questions.q


# ---- single number ------------------------------------------------------------------------------------------
s = "single"
q(s, "pt", "Quantos pedidos foram feitos no total?", f"SELECT count(*) FROM {O}")
q(s, "pt", "Qual o preço médio dos produtos?", f"SELECT avg(preco_r) FROM {P}")
q(s, "pt", "Qual foi o maior valor de frete cobrado?", f"SELECT max(freight_value) FROM {I}")
q(s, "pt", "Qual a nota média das avaliações?", f"SELECT avg(overall_rating) FROM {A}")
q(s, "pt", "Qual a meta de faturamento anual da empresa?", f"SELECT meta_de_faturamento_anual_r FROM {EM}")
q(s, "pt", "Quantos funcionários a empresa tem?", f"SELECT funcionarios FROM {EM}")
q(s, "pt", "Qual o NPS médio da pesquisa de clientes?", f"SELECT avg(nps) FROM {S}")
q(s, "pt", "Quantos vendedores existem?", f"SELECT count(*) FROM {V}")
q(s, "pt", "Qual o volume financeiro total negociado da VALE3 em 2017?",
  f"SELECT sum(volume_r) FROM {Q} WHERE ticker = 'VALE3' AND {between('data', '2017-01-01', '2018-01-01')}")
q(s, "pt", "Qual o peso médio dos produtos em kg?", f"SELECT avg(peso_kg) FROM {P}")
q(s, "pt", "Qual o orçamento total das campanhas de marketing?", f"SELECT sum(orcamento_r) FROM {C}")
q(s, "pt", "Quantas unidades temos disponíveis no estoque ao todo?", f"SELECT sum(quantidade_disponivel) FROM {E}")
q(s, "pt", "Qual a mediana da renda familiar dos respondentes?", f"SELECT median(renda_familiar_r) FROM {S}")
q(s, "pt", "Qual a maior quantidade de retweets de um tweet?", f"SELECT max(retweets) FROM {T}")
q(s, "en", "How many products are in the catalog?", f"SELECT count(*) FROM {P}")
q(s, "en", "What is the average freight value?", f"SELECT avg(freight_value) FROM {I}")
q(s, "en", "What was the highest closing price of PETR4?",
  f"SELECT max(fechamento_r) FROM {Q} WHERE ticker = 'PETR4'")
q(s, "en", "How many reviews are there?", f"SELECT count(*) FROM {A}")
q(s, "en", "What is the average age of survey respondents?", f"SELECT avg(idade) FROM {S}")
q(s, "en", "Total number of clicks across all campaigns", f"SELECT sum(cliques) FROM {C}")
q(s, "en", "What is the company's annual revenue target?", f"SELECT meta_de_faturamento_anual_r FROM {EM}")
q(s, "en", "What's the average number of installments per order?", f"SELECT avg(parcelas) FROM {O}")
q(s, "en", "In how many distinct cities are our sellers?", f"SELECT count(DISTINCT seller_city) FROM {V}")
q(s, "en", "What is the lowest unit cost in the warehouse stock?", f"SELECT min(custo_unitario_r) FROM {E}")
q(s, "en", "What is the average description length of the products?",
  f"SELECT avg(product_description_lenght) FROM {P}")
q(s, "en", "What's the total traded volume of ITUB4 over the whole period?",
  f"SELECT sum(volume_r) FROM {Q} WHERE ticker = 'ITUB4'")
q(s, "en", "How many tweets are there in total?", f"SELECT count(*) FROM {T}")
q(s, "en", "On average, how many items does an order have?",
  f"SELECT avg(n) FROM (SELECT order_id, count(*) AS n FROM {I} GROUP BY order_id)")

# ---- one number per group -----------------------------------------------------------------------------------
s = "group"
q(s, "pt", "Quantidade de pedidos por status", f"SELECT order_status, count(*) FROM {O} GROUP BY 1")
q(s, "pt", "Preço médio por categoria de produto", f"SELECT {CAT}, avg(preco_r) FROM {P} GROUP BY 1")
q(s, "pt", "Faturamento por canal de venda", f"SELECT o.canal_venda, sum(i.price) FROM {IO} GROUP BY 1")
q(s, "pt", "Número de vendedores por estado", f"SELECT seller_state, count(*) FROM {V} GROUP BY 1")
q(s, "pt", "Nota média por categoria do site nas avaliações",
  f"SELECT site_category_lv1, avg(overall_rating) FROM {A} GROUP BY 1")
q(s, "pt", "Quantidade disponível por depósito", f"SELECT deposito, sum(quantidade_disponivel) FROM {E} GROUP BY 1")
q(s, "pt", "NPS médio por gênero", f"SELECT genero, avg(nps) FROM {S} GROUP BY 1")
q(s, "pt", "Cliques por canal das campanhas", f"SELECT canal, sum(cliques) FROM {C} GROUP BY 1")
q(s, "pt", "Frete médio por estado do cliente",
  f"SELECT o.customer_state, avg(i.freight_value) FROM {IO} GROUP BY 1")
q(s, "pt", "Quantos tweets por sentimento?", f"SELECT sentimento, count(*) FROM {T} GROUP BY 1")
q(s, "pt", "Fechamento médio por ação em 2016",
  f"SELECT ticker, avg(fechamento_r) FROM {Q} WHERE {between('data', '2016-01-01', '2017-01-01')} GROUP BY 1")
q(s, "pt", "Satisfação geral média por escolaridade",
  f"SELECT escolaridade, avg(satisfacao_geral) FROM {S} GROUP BY 1")
q(s, "pt", "Total vendido por categoria de produto", f"SELECT p.{CAT}, sum(i.price) FROM {IP} GROUP BY 1")
q(s, "pt", "Pedidos por tipo de pedido", f"SELECT tipo_pedido, count(*) FROM {O} GROUP BY 1")
q(s, "en", "Number of orders per customer state", f"SELECT customer_state, count(*) FROM {O} GROUP BY 1")
q(s, "en", "Average rating by reviewer gender", f"SELECT reviewer_gender, avg(overall_rating) FROM {A} GROUP BY 1")
q(s, "en", "Average product weight per category", f"SELECT {CAT}, avg(peso_kg) FROM {P} GROUP BY 1")
q(s, "en", "Total budget per marketing channel", f"SELECT canal, sum(orcamento_r) FROM {C} GROUP BY 1")
q(s, "en", "Average unit cost by warehouse", f"SELECT deposito, avg(custo_unitario_r) FROM {E} GROUP BY 1")
q(s, "en", "Revenue per seller state", f"SELECT v.seller_state, sum(i.price) FROM {IV} GROUP BY 1")
q(s, "en", "Average NPS per preferred channel", f"SELECT canal_preferido, avg(nps) FROM {S} GROUP BY 1")
q(s, "en", "Total traded volume per ticker", f"SELECT ticker, sum(volume_r) FROM {Q} GROUP BY 1")
q(s, "en", "Number of products per category", f"SELECT {CAT}, count(*) FROM {P} GROUP BY 1")
q(s, "en", "Average installments by sales channel", f"SELECT canal_venda, avg(parcelas) FROM {O} GROUP BY 1")
q(s, "en", "How many reviews per state?", f"SELECT reviewer_state, count(*) FROM {A} GROUP BY 1")
q(s, "en", "Average retweets by sentiment", f"SELECT sentimento, avg(retweets) FROM {T} GROUP BY 1")
q(s, "en", "Conversions by campaign channel", f"SELECT canal, sum(conversoes) FROM {C} GROUP BY 1")
q(s, "en", "Average household income by education level",
  f"SELECT escolaridade, avg(renda_familiar_r) FROM {S} GROUP BY 1")

# ---- rankings -----------------------------------------------------------------------------------------------
s = "ranking"
q(s, "pt", "Quais os 3 produtos mais caros?", f"SELECT product_id, preco_r FROM {P} ORDER BY preco_r DESC LIMIT 3")
q(s, "pt", "Os 5 dias de maior volume da PETR4",
  f"SELECT data, volume_r FROM {Q} WHERE ticker = 'PETR4' ORDER BY volume_r DESC LIMIT 5")
q(s, "pt", "Top 5 vendedores por faturamento",
  f"SELECT seller_id, sum(price) AS v FROM {I} GROUP BY 1 ORDER BY v DESC LIMIT 5")
q(s, "pt", "Qual categoria de produto tem mais produtos?",
  f"SELECT {CAT}, count(*) AS n FROM {P} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q(s, "pt", "Quais os 3 estados com mais pedidos?",
  f"SELECT customer_state, count(*) AS n FROM {O} GROUP BY 1 ORDER BY n DESC LIMIT 3")
q(s, "pt", "Qual depósito tem a maior quantidade disponível?",
  f"SELECT deposito, sum(quantidade_disponivel) AS n FROM {E} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q(s, "pt", "As 5 campanhas com mais conversões",
  f"SELECT nome_campanha, conversoes FROM {C} ORDER BY conversoes DESC LIMIT 5")
q(s, "pt", "Qual ação teve o maior fechamento médio em 2017?",
  f"SELECT ticker, avg(fechamento_r) AS v FROM {Q} WHERE {between('data', '2017-01-01', '2018-01-01')} "
  f"GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "pt", "Quais as 3 categorias do site com pior nota média nas avaliações?",
  f"SELECT site_category_lv1, avg(overall_rating) AS v FROM {A} GROUP BY 1 ORDER BY v ASC LIMIT 3")
q(s, "pt", "Os 10 produtos mais pesados", f"SELECT product_id, peso_kg FROM {P} ORDER BY peso_kg DESC NULLS LAST LIMIT 10")
q(s, "pt", "Qual o mês com mais pedidos?",
  f"SELECT date_trunc('month', {TS}), count(*) AS n FROM {O} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q(s, "pt", "Quais os 5 produtos que mais faturaram?",
  f"SELECT product_id, sum(price) AS v FROM {I} GROUP BY 1 ORDER BY v DESC LIMIT 5")
q(s, "pt", "Os 3 usuários com mais retweets somados",
  f"SELECT usuario, sum(retweets) AS v FROM {T} GROUP BY 1 ORDER BY v DESC LIMIT 3")
q(s, "pt", "Qual estado tem a maior renda familiar média na pesquisa?",
  f"SELECT uf, avg(renda_familiar_r) AS v FROM {S} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "en", "What are the 5 cheapest products?", f"SELECT product_id, preco_r FROM {P} ORDER BY preco_r ASC LIMIT 5")
q(s, "en", "Top 3 product categories by revenue",
  f"SELECT p.{CAT}, sum(i.price) AS v FROM {IP} GROUP BY 1 ORDER BY v DESC LIMIT 3")
q(s, "en", "Which ticker had the highest total traded volume in 2016?",
  f"SELECT ticker, sum(volume_r) AS v FROM {Q} WHERE {between('data', '2016-01-01', '2017-01-01')} "
  f"GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "en", "Which 5 days had the lowest closing price for VALE3?",
  f"SELECT data, fechamento_r FROM {Q} WHERE ticker = 'VALE3' ORDER BY fechamento_r ASC LIMIT 5")
q(s, "en", "Top 3 seller cities by number of items sold",
  f"SELECT v.seller_city, count(*) AS n FROM {IV} GROUP BY 1 ORDER BY n DESC LIMIT 3")
q(s, "en", "Which campaign had the biggest budget?",
  f"SELECT nome_campanha, orcamento_r FROM {C} ORDER BY orcamento_r DESC LIMIT 1")
q(s, "en", "Which warehouse has the highest average unit cost?",
  f"SELECT deposito, avg(custo_unitario_r) AS v FROM {E} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "en", "Top 5 states by number of reviews",
  f"SELECT reviewer_state, count(*) AS n FROM {A} GROUP BY 1 ORDER BY n DESC LIMIT 5")
q(s, "en", "Which sales channel brings the most orders?",
  f"SELECT canal_venda, count(*) AS n FROM {O} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q(s, "en", "Which product category has the highest average freight?",
  f"SELECT p.{CAT}, avg(i.freight_value) AS v FROM {IP} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "en", "The 3 days with the most trades for ABEV3",
  f"SELECT data, negocios FROM {Q} WHERE ticker = 'ABEV3' ORDER BY negocios DESC LIMIT 3")
q(s, "en", "Which month had the most tweets?",
  f"SELECT date_trunc('month', data_hora), count(*) AS n FROM {T} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q(s, "en", "Which education level has the highest average NPS?",
  f"SELECT escolaridade, avg(nps) AS v FROM {S} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q(s, "en", "What are the 3 campaigns with the most impressions?",
  f"SELECT nome_campanha, impressoes FROM {C} ORDER BY impressoes DESC LIMIT 3")

# ---- over time ----------------------------------------------------------------------------------------------
s = "time"
q(s, "pt", "Pedidos mês a mês", f"SELECT date_trunc('month', {TS}), count(*) FROM {O} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Evolução do fechamento da PETR4 em 2017",
  f"SELECT data, fechamento_r FROM {Q} WHERE ticker = 'PETR4' AND {between('data', '2017-01-01', '2018-01-01')} "
  f"ORDER BY 1")
q(s, "pt", "Faturamento mensal em 2018",
  f"SELECT date_trunc('month', o.{TS}), sum(i.price) FROM {IO} "
  f"WHERE {between('o.' + TS, '2018-01-01', '2019-01-01')} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Quantidade de pedidos por ano", f"SELECT date_trunc('year', {TS}), count(*) FROM {O} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Volume negociado da VALE3 mês a mês em 2016",
  f"SELECT date_trunc('month', data), sum(volume_r) FROM {Q} WHERE ticker = 'VALE3' AND "
  f"{between('data', '2016-01-01', '2017-01-01')} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Como evoluiu a nota média das avaliações semana a semana?",
  f"SELECT date_trunc('week', submission_date), avg(overall_rating) FROM {A} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Tweets por dia", f"SELECT date_trunc('day', data_hora), count(*) FROM {T} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Média diária de retweets em janeiro de 2017",
  f"SELECT date_trunc('day', data_hora), avg(retweets) FROM {T} WHERE "
  f"{between('data_hora', '2017-01-01', '2017-02-01')} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Pedidos cancelados por mês",
  f"SELECT date_trunc('month', {TS}), count(*) FROM {O} WHERE order_status = 'canceled' GROUP BY 1 ORDER BY 1")
q(s, "pt", "Número de respostas da pesquisa por mês",
  f"SELECT date_trunc('month', data_da_resposta), count(*) FROM {S} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Número de negócios da ITUB4 ano a ano",
  f"SELECT date_trunc('year', data), sum(negocios) FROM {Q} WHERE ticker = 'ITUB4' GROUP BY 1 ORDER BY 1")
q(s, "pt", "Quantos produtos foram cadastrados por mês?",
  f"SELECT date_trunc('month', data_cadastro), count(*) FROM {P} GROUP BY 1 ORDER BY 1")
q(s, "pt", "Pedidos por mês em 2019",
  f"SELECT date_trunc('month', {TS}), count(*) FROM {O} WHERE {between(TS, '2019-01-01', '2020-01-01')} "
  f"GROUP BY 1 ORDER BY 1")
q(s, "pt", "Evolução do preço máximo diário da ABEV3 no primeiro semestre de 2017",
  f"SELECT data, maxima_r FROM {Q} WHERE ticker = 'ABEV3' AND {between('data', '2017-01-01', '2017-07-01')} "
  f"ORDER BY 1")
q(s, "en", "Monthly number of orders in 2017",
  f"SELECT date_trunc('month', {TS}), count(*) FROM {O} WHERE {between(TS, '2017-01-01', '2018-01-01')} "
  f"GROUP BY 1 ORDER BY 1")
q(s, "en", "Closing price of VALE3 over time",
  f"SELECT data, fechamento_r FROM {Q} WHERE ticker = 'VALE3' ORDER BY 1")
q(s, "en", "Orders year over year", f"SELECT date_trunc('year', {TS}), count(*) FROM {O} GROUP BY 1 ORDER BY 1")
q(s, "en", "Revenue by month",
  f"SELECT date_trunc('month', o.{TS}), sum(i.price) FROM {IO} GROUP BY 1 ORDER BY 1")
q(s, "en", "Daily traded volume of PETR4 in December 2017",
  f"SELECT data, volume_r FROM {Q} WHERE ticker = 'PETR4' AND {between('data', '2017-12-01', '2018-01-01')} "
  f"ORDER BY 1")
q(s, "en", "How did the average rating change month over month?",
  f"SELECT date_trunc('month', submission_date), avg(overall_rating) FROM {A} GROUP BY 1 ORDER BY 1")
q(s, "en", "Number of reviews per week",
  f"SELECT date_trunc('week', submission_date), count(*) FROM {A} GROUP BY 1 ORDER BY 1")
q(s, "en", "Negative tweets per day",
  f"SELECT date_trunc('day', data_hora), count(*) FROM {T} WHERE sentimento = 'Negativo' GROUP BY 1 ORDER BY 1")
q(s, "en", "Average closing price of ITUB4 per month in 2017",
  f"SELECT date_trunc('month', data), avg(fechamento_r) FROM {Q} WHERE ticker = 'ITUB4' AND "
  f"{between('data', '2017-01-01', '2018-01-01')} GROUP BY 1 ORDER BY 1")
q(s, "en", "Campaigns started per quarter",
  f"SELECT date_trunc('quarter', data_inicio), count(*) FROM {C} GROUP BY 1 ORDER BY 1")
q(s, "en", "Deliveries per month",
  f"SELECT date_trunc('month', order_delivered_customer_date), count(*) FROM {O} "
  f"WHERE order_delivered_customer_date IS NOT NULL GROUP BY 1 ORDER BY 1")
q(s, "en", "Orders per month in 2015",
  f"SELECT date_trunc('month', {TS}), count(*) FROM {O} WHERE {between(TS, '2015-01-01', '2016-01-01')} "
  f"GROUP BY 1 ORDER BY 1")
q(s, "en", "Survey NPS trend by month",
  f"SELECT date_trunc('month', data_da_resposta), avg(nps) FROM {S} GROUP BY 1 ORDER BY 1")
q(s, "en", "How many products were registered each year?",
  f"SELECT date_trunc('year', data_cadastro), count(*) FROM {P} GROUP BY 1 ORDER BY 1")

# ---- distribution with a filter -----------------------------------------------------------------------------
s = "distribution"
q(s, "pt", "Como se distribui o preço dos produtos de perfumaria?",
  f"SELECT preco_r FROM {P} WHERE {CAT} = 'perfumaria'")
q(s, "pt", "Distribuição da idade dos respondentes do gênero feminino",
  f"SELECT idade FROM {S} WHERE genero = 'Feminino'")
q(s, "pt", "Qual a distribuição do valor do frete nos pedidos de SP?",
  f"SELECT i.freight_value FROM {IO} WHERE o.customer_state = 'SP'")
q(s, "pt", "Distribuição do custo unitário no CD Cajamar",
  f"SELECT custo_unitario_r FROM {E} WHERE deposito = 'CD Cajamar'")
q(s, "pt", "Como se distribui a renda familiar de quem tem ensino superior?",
  f"SELECT renda_familiar_r FROM {S} WHERE escolaridade = 'Superior'")
q(s, "pt", "Distribuição do fechamento da VALE3 em 2016",
  f"SELECT fechamento_r FROM {Q} WHERE ticker = 'VALE3' AND {between('data', '2016-01-01', '2017-01-01')}")
q(s, "pt", "Como se distribuem os pedidos por status?", f"SELECT order_status, count(*) FROM {O} GROUP BY 1")
q(s, "pt", "Distribuição do peso dos produtos da categoria cama mesa banho",
  f"SELECT peso_kg FROM {P} WHERE {CAT} = 'cama_mesa_banho'")
q(s, "pt", "Distribuição dos retweets dos tweets positivos",
  f"SELECT retweets FROM {T} WHERE sentimento = 'Positivo'")
q(s, "pt", "Como se distribui o preço dos itens vendidos pelo Market Place?",
  f"SELECT i.price FROM {IO} WHERE o.canal_venda = 'Market Place'")
q(s, "pt", "Distribuição do tempo de resposta da pesquisa em MG",
  f"SELECT tempo_resposta_min FROM {S} WHERE uf = 'MG'")
q(s, "pt", "Distribuição dos pedidos por canal de venda em 2018",
  f"SELECT canal_venda, count(*) FROM {O} WHERE {between(TS, '2018-01-01', '2019-01-01')} GROUP BY 1")
q(s, "pt", "Distribuição do orçamento das campanhas do Instagram",
  f"SELECT orcamento_r FROM {C} WHERE canal = 'Instagram'")
q(s, "pt", "Como se distribui o tamanho do nome dos produtos de beleza e saúde?",
  f"SELECT product_name_lenght FROM {P} WHERE {CAT} = 'Beleza_Saude'")
q(s, "en", "What does the distribution of product prices look like for the brinquedos category?",
  f"SELECT preco_r FROM {P} WHERE {CAT} = 'brinquedos'")
q(s, "en", "Distribution of the age of respondents from SP", f"SELECT idade FROM {S} WHERE uf = 'SP'")
q(s, "en", "Distribution of PETR4 daily volume in 2017",
  f"SELECT volume_r FROM {Q} WHERE ticker = 'PETR4' AND {between('data', '2017-01-01', '2018-01-01')}")
q(s, "en", "How are reviews distributed across site categories?",
  f"SELECT site_category_lv1, count(*) FROM {A} GROUP BY 1")
q(s, "en", "Distribution of unit cost at CD Extrema", f"SELECT custo_unitario_r FROM {E} WHERE deposito = 'CD Extrema'")
q(s, "en", "Distribution of freight values for orders paid in 10 installments",
  f"SELECT i.freight_value FROM {IO} WHERE o.parcelas = 10")
q(s, "en", "What is the distribution of household income among female respondents?",
  f"SELECT renda_familiar_r FROM {S} WHERE genero = 'Feminino'")
q(s, "en", "Distribution of reviewer birth year for female reviewers",
  f"SELECT reviewer_birth_year FROM {A} WHERE reviewer_gender = 'F'")
q(s, "en", "Distribution of ABEV3 closing prices in 2016",
  f"SELECT fechamento_r FROM {Q} WHERE ticker = 'ABEV3' AND {between('data', '2016-01-01', '2017-01-01')}")
q(s, "en", "How are orders distributed by customer state in 2017?",
  f"SELECT customer_state, count(*) FROM {O} WHERE {between(TS, '2017-01-01', '2018-01-01')} GROUP BY 1")
q(s, "en", "Distribution of available quantity in CD Recife",
  f"SELECT quantidade_disponivel FROM {E} WHERE deposito = 'CD Recife'")
q(s, "en", "Distribution of NPS for respondents who prefer the App",
  f"SELECT nps FROM {S} WHERE canal_preferido = 'App'")
q(s, "en", "Distribution of campaign clicks on Google Ads", f"SELECT cliques FROM {C} WHERE canal = 'Google Ads'")
q(s, "en", "Distribution of product description length in the cama mesa banho category",
  f"SELECT product_description_lenght FROM {P} WHERE {CAT} = 'cama_mesa_banho'")

# ---- a measure and a filter, no aggregate word --------------------------------------------------------------
s = "measure_filter"
q(s, "pt", "O preço de fechamento da PETR4 em 2017",
  f"SELECT fechamento_r FROM {Q} WHERE ticker = 'PETR4' AND {between('data', '2017-01-01', '2018-01-01')}")
q(s, "pt", "Preço dos produtos da marca Tramontina", f"SELECT preco_r FROM {P} WHERE marca = 'Tramontina'")
q(s, "pt", "Custo unitário dos itens do depósito Loja Centro",
  f"SELECT custo_unitario_r FROM {E} WHERE deposito = 'Loja Centro'")
q(s, "pt", "Valor do frete dos pedidos do RJ", f"SELECT i.freight_value FROM {IO} WHERE o.customer_state = 'RJ'")
q(s, "pt", "Idade dos respondentes de SC", f"SELECT idade FROM {S} WHERE uf = 'SC'")
q(s, "pt", "Notas das avaliações da categoria Livros",
  f"SELECT overall_rating FROM {A} WHERE site_category_lv1 = 'Livros'")
q(s, "pt", "Renda familiar dos clientes com pós-graduação",
  f"SELECT renda_familiar_r FROM {S} WHERE escolaridade = 'Pós-graduação'")
q(s, "pt", "Retweets dos tweets negativos", f"SELECT retweets FROM {T} WHERE sentimento = 'Negativo'")
q(s, "pt", "Peso dos produtos de beleza e saúde", f"SELECT peso_kg FROM {P} WHERE {CAT} = 'Beleza_Saude'")
q(s, "pt", "Volume da ITUB4 em dezembro de 2016",
  f"SELECT volume_r FROM {Q} WHERE ticker = 'ITUB4' AND {between('data', '2016-12-01', '2017-01-01')}")
q(s, "pt", "Orçamento das campanhas do TikTok", f"SELECT orcamento_r FROM {C} WHERE canal = 'TikTok'")
q(s, "pt", "Preço dos itens vendidos pelos vendedores de Ibitinga",
  f"SELECT i.price FROM {IV} WHERE v.seller_city = 'ibitinga'")
q(s, "pt", "NPS das respondentes do gênero feminino", f"SELECT nps FROM {S} WHERE genero = 'Feminino'")
q(s, "pt", "Quantidade disponível dos SKUs do CD Extrema",
  f"SELECT quantidade_disponivel FROM {E} WHERE deposito = 'CD Extrema'")
q(s, "en", "The closing price in 2017 for VALE3",
  f"SELECT fechamento_r FROM {Q} WHERE ticker = 'VALE3' AND {between('data', '2017-01-01', '2018-01-01')}")
q(s, "en", "Price of the products in the perfumaria category", f"SELECT preco_r FROM {P} WHERE {CAT} = 'perfumaria'")
q(s, "en", "Freight value of the items of canceled orders",
  f"SELECT i.freight_value FROM {IO} WHERE o.order_status = 'canceled'")
q(s, "en", "Ratings from female reviewers", f"SELECT overall_rating FROM {A} WHERE reviewer_gender = 'F'")
q(s, "en", "Unit cost of the stock in CD Recife", f"SELECT custo_unitario_r FROM {E} WHERE deposito = 'CD Recife'")
q(s, "en", "Household income of respondents from RJ", f"SELECT renda_familiar_r FROM {S} WHERE uf = 'RJ'")
q(s, "en", "Opening price of ABEV3 in January 2017",
  f"SELECT abertura_r FROM {Q} WHERE ticker = 'ABEV3' AND {between('data', '2017-01-01', '2017-02-01')}")
q(s, "en", "Weight of the products in the ferramentas jardim category",
  f"SELECT peso_kg FROM {P} WHERE {CAT} = 'Ferramentas_Jardim'")
q(s, "en", "Clicks of the Facebook campaigns", f"SELECT cliques FROM {C} WHERE canal = 'Facebook'")
q(s, "en", "Overall satisfaction of respondents who buy weekly (Semanal)",
  f"SELECT satisfacao_geral FROM {S} WHERE frequencia_de_compra = 'Semanal'")
q(s, "en", "Price of items sold through the App channel", f"SELECT i.price FROM {IO} WHERE o.canal_venda = 'App'")
q(s, "en", "Retweets of positive tweets", f"SELECT retweets FROM {T} WHERE sentimento = 'Positivo'")
q(s, "en", "Daily high of PETR4 in March 2016",
  f"SELECT maxima_r FROM {Q} WHERE ticker = 'PETR4' AND {between('data', '2016-03-01', '2016-04-01')}")
q(s, "en", "Number of photos of the Mondial products", f"SELECT product_photos_qty FROM {P} WHERE marca = 'Mondial'")

# ---- counts with filters ------------------------------------------------------------------------------------
s = "count_filter"
q(s, "pt", "Quantos pedidos foram cancelados?", f"SELECT count(*) FROM {O} WHERE order_status = 'canceled'")
q(s, "pt", "Quantas avaliações recomendam o produto?",
  f"SELECT count(*) FROM {A} WHERE recommend_to_a_friend = 'Yes'")
q(s, "pt", "Quantos produtos da categoria cama mesa banho custam mais de 100 reais?",
  f"SELECT count(*) FROM {P} WHERE {CAT} = 'cama_mesa_banho' AND preco_r > 100")
q(s, "pt", "Quantos pedidos do tipo outro pedido existem?",
  f"SELECT count(*) FROM {O} WHERE tipo_pedido = 'outro_pedido'")
q(s, "pt", "Quantos pedidos foram feitos pelo Market Place em 2018?",
  f"SELECT count(*) FROM {O} WHERE canal_venda = 'Market Place' AND {between(TS, '2018-01-01', '2019-01-01')}")
q(s, "pt", "Quantos SKUs estão com quantidade disponível zerada?",
  f"SELECT count(*) FROM {E} WHERE quantidade_disponivel = 0")
q(s, "pt", "Quantos respondentes deram nota 10 no NPS?", f"SELECT count(*) FROM {S} WHERE nps = 10")
q(s, "pt", "Quantos tweets positivos foram publicados em fevereiro de 2017?",
  f"SELECT count(*) FROM {T} WHERE sentimento = 'Positivo' AND {between('data_hora', '2017-02-01', '2017-03-01')}")
q(s, "pt", "Em quantos pregões de 2017 a PETR4 fechou acima de 15 reais?",
  f"SELECT count(*) FROM {Q} WHERE ticker = 'PETR4' AND fechamento_r > 15 AND "
  f"{between('data', '2017-01-01', '2018-01-01')}")
q(s, "pt", "Quantos pedidos ainda não foram entregues?",
  f"SELECT count(*) FROM {O} WHERE order_delivered_customer_date IS NULL")
q(s, "pt", "Quantos produtos estão sem marca?", f"SELECT count(*) FROM {P} WHERE marca IS NULL")
q(s, "pt", "Quantas avaliações com nota 1 na categoria Celulares e Smartphones?",
  f"SELECT count(*) FROM {A} WHERE overall_rating = 1 AND site_category_lv1 = 'Celulares e Smartphones'")
q(s, "pt", "Quantas campanhas tiveram mais de 1000 conversões?", f"SELECT count(*) FROM {C} WHERE conversoes > 1000")
q(s, "pt", "Quantos vendedores ficam no estado do PR?", f"SELECT count(*) FROM {V} WHERE seller_state = 'PR'")
q(s, "en", "How many orders were delivered?", f"SELECT count(*) FROM {O} WHERE order_status = 'delivered'")
q(s, "en", "How many reviewers would recommend the product to a friend?",
  f"SELECT count(*) FROM {A} WHERE recommend_to_a_friend = 'Yes'")
q(s, "en", "How many products weigh more than 5 kg?", f"SELECT count(*) FROM {P} WHERE peso_kg > 5")
q(s, "en", "How many orders were placed in March 2018?",
  f"SELECT count(*) FROM {O} WHERE {between(TS, '2018-03-01', '2018-04-01')}")
q(s, "en", "How many female reviewers gave 5 stars?",
  f"SELECT count(*) FROM {A} WHERE reviewer_gender = 'F' AND overall_rating = 5")
q(s, "en", "How many stock rows have a lot expiry date?",
  f"SELECT count(*) FROM {E} WHERE validade_do_lote IS NOT NULL")
q(s, "en", "How many campaigns ran on Instagram?", f"SELECT count(*) FROM {C} WHERE canal = 'Instagram'")
q(s, "en", "On how many trading days of 2016 did VALE3 close below 20?",
  f"SELECT count(*) FROM {Q} WHERE ticker = 'VALE3' AND fechamento_r < 20 AND "
  f"{between('data', '2016-01-01', '2017-01-01')}")
q(s, "en", "How many survey respondents are over 60?", f"SELECT count(*) FROM {S} WHERE idade > 60")
q(s, "en", "How many negative tweets?", f"SELECT count(*) FROM {T} WHERE sentimento = 'Negativo'")
q(s, "en", "How many orders from MG were paid in more than 3 installments?",
  f"SELECT count(*) FROM {O} WHERE customer_state = 'MG' AND parcelas > 3")
q(s, "en", "How many order items had a freight value above 20?", f"SELECT count(*) FROM {I} WHERE freight_value > 20")
q(s, "en", "How many products are missing the weight?", f"SELECT count(*) FROM {P} WHERE peso_kg IS NULL")
q(s, "en", "How many sellers are there in Curitiba?", f"SELECT count(*) FROM {V} WHERE seller_city = 'curitiba'")

# ---- should be unclear (or declined) ------------------------------------------------------------------------
s = "unclear"
for lang, question in [
    ("pt", "Qual a margem de lucro média dos produtos?"),
    ("pt", "Quantos clientes cancelaram a assinatura?"),
    ("pt", "Quantidade em estoque por categoria de produto"),
    ("pt", "Custo dos produtos da marca Mondial"),
    ("pt", "Qual o salário médio dos funcionários?"),
    ("pt", "Qual o valor?"),
    ("pt", "Orçamento das campanhas por categoria de produto"),
    ("pt", "Qual a taxa de câmbio do dólar em 2017?"),
    ("pt", "Quantos pedidos cada campanha gerou?"),
    ("pt", "Qual o dividend yield da PETR4?"),
    ("pt", "Qual a cor mais vendida?"),
    ("pt", "Tempo médio de entrega por transportadora"),
    ("pt", "Média"),
    ("pt", "Sentimento dos tweets por categoria de produto"),
    ("en", "What is the average customer lifetime value?"),
    ("en", "Stock quantity by product category"),
    ("en", "Average review rating by product weight"),
    ("en", "What is the profit per campaign?"),
    ("en", "Which employee sold the most?"),
    ("en", "Revenue by campaign"),
    ("en", "What is the refund rate?"),
    ("en", "Show me the numbers"),
    ("en", "How many units of stock does each seller have?"),
    ("en", "Average delivery time by carrier"),
    ("en", "What was the inflation in 2017?"),
    ("en", "Tweets per product category"),
    ("en", "Average stock cost per review rating"),
    ("en", "What's the dividend of VALE3 in 2017?"),
]:
    q(s, lang, question)

if __name__ == "__main__":
    questions.print()
