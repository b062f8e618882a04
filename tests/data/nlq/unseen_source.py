#!/usr/bin/env python3
"""Source of tests/data/nlq/unseen.jsonl: the final generalization figure. Written after the parser was frozen
for good (after fresh.jsonl had become a development set) and never used to change it: questions over two more
data sets it had never seen (gen_unseen_data.py: delivery with Portuguese headers such as "Nº do Pedido" and
"Tempo de Entrega (min)", energy with English UPPER_SNAKE_CASE headers) and new phrasings over the data of the
other sets. The gold SQL is what an analyst would write; conventions as in general_source.py. Regenerate with:
unseen_source.py > unseen.jsonl
"""
from question_set import QuestionSet

DL, EN = "delivery", "energy"
SET = QuestionSet("u-")
q = SET.q


# ---- Food delivery (latest order 2025-03-18: "último trimestre" is 2024-10-01 .. 2025-01-01, "last month"
# February 2025) -------------------------------------------------------------------------------------------
q("pt", "Quantos pedidos de delivery foram feitos?", f"SELECT count(*) FROM {DL}")
q("pt", "Qual o valor médio dos pedidos por restaurante?",
  f"SELECT restaurante, avg(valor_do_pedido_r) FROM {DL} GROUP BY restaurante")
q("pt", "Qual restaurante teve o maior faturamento?",
  f"SELECT restaurante, sum(valor_do_pedido_r) AS v FROM {DL} GROUP BY restaurante ORDER BY v DESC LIMIT 1")
q("pt", "Tempo médio de entrega por bairro", f"SELECT bairro, avg(tempo_de_entrega_min) FROM {DL} GROUP BY bairro")
q("pt", "Quantos pedidos do delivery foram cancelados?", f"SELECT count(*) FROM {DL} WHERE status = 'Cancelado'")
q("pt", "Qual a nota média dos restaurantes japoneses?", f"SELECT avg(avaliacao) FROM {DL} WHERE culinaria = 'Japonesa'")
q("pt", "Quantos pedidos de delivery usaram cupom?", f"SELECT count(*) FROM {DL} WHERE usou_cupom")
q("pt", "Faturamento do delivery por mês",
  f"SELECT date_trunc('month', data_e_hora), sum(valor_do_pedido_r) FROM {DL} GROUP BY 1 ORDER BY 1")
q("pt", "Qual entregador atendeu mais pedidos?",
  f"SELECT entregador, count(*) AS n FROM {DL} GROUP BY entregador ORDER BY n DESC LIMIT 1")
q("pt", "Taxa de entrega média por forma de pagamento",
  f"SELECT forma_de_pagamento, avg(taxa_de_entrega_r) FROM {DL} GROUP BY forma_de_pagamento")
q("pt", "Pedidos com tempo de entrega acima de 60 minutos", f"SELECT * FROM {DL} WHERE tempo_de_entrega_min > 60")
q("pt", "Quantos pedidos de delivery pagos no Pix em janeiro de 2025?",
  f"SELECT count(*) FROM {DL} WHERE forma_de_pagamento = 'Pix' AND data_e_hora >= '2025-01-01' "
  "AND data_e_hora < '2025-02-01'")
q("pt", "Ticket médio por culinária", f"SELECT culinaria, avg(valor_do_pedido_r) FROM {DL} GROUP BY culinaria")
q("pt", "Qual o bairro com menor tempo médio de entrega?",
  f"SELECT bairro, avg(tempo_de_entrega_min) AS v FROM {DL} GROUP BY bairro ORDER BY v ASC LIMIT 1")
q("pt", "Quantos pedidos de delivery tiveram avaliação 5?", f"SELECT count(*) FROM {DL} WHERE avaliacao = 5")
q("pt", "Soma das taxas de entrega no último trimestre",
  f"SELECT sum(taxa_de_entrega_r) FROM {DL} WHERE data_e_hora >= '2024-10-01' AND data_e_hora < '2025-01-01'")
q("en", "Average delivery time per restaurant",
  f"SELECT restaurante, avg(tempo_de_entrega_min) FROM {DL} GROUP BY restaurante")
q("en", "Which cuisine has the best average rating?",
  f"SELECT culinaria, avg(avaliacao) AS v FROM {DL} GROUP BY culinaria ORDER BY v DESC LIMIT 1")
q("en", "How many delivery orders were cancelled last month?",
  f"SELECT count(*) FROM {DL} WHERE status = 'Cancelado' AND data_e_hora >= '2025-02-01' AND data_e_hora < '2025-03-01'")
q("en", "Total delivery fees by neighborhood", f"SELECT bairro, sum(taxa_de_entrega_r) FROM {DL} GROUP BY bairro")

# ---- Electricity meters (latest reading month 2025-04-01: "last quarter" is 2025-01-01 .. 2025-04-01) -------
q("en", "Total kWh used by customer class", f"SELECT customer_class, sum(kwh_used) FROM {EN} GROUP BY customer_class")
q("en", "Average bill amount per region", f"SELECT region, avg(bill_amount) FROM {EN} GROUP BY region")
q("en", "Which region had the most outage minutes in 2024?",
  f"SELECT region, sum(outage_minutes) AS v FROM {EN} WHERE reading_month >= '2024-01-01' AND reading_month < '2025-01-01' "
  "GROUP BY region ORDER BY v DESC LIMIT 1")
q("en", "How many meters have solar panels?", f"SELECT count(DISTINCT meter_id) FROM {EN} WHERE has_solar")
q("en", "Monthly energy consumption",
  f"SELECT date_trunc('month', reading_month), sum(kwh_used) FROM {EN} GROUP BY 1 ORDER BY 1")
q("en", "Average tariff per kWh in 2025",
  f"SELECT avg(tariff_per_kwh) FROM {EN} WHERE reading_month >= '2025-01-01' AND reading_month < '2026-01-01'")
q("en", "Top 5 meters by total bill in 2024",
  f"SELECT meter_id, sum(bill_amount) AS v FROM {EN} WHERE reading_month >= '2024-01-01' AND reading_month < '2025-01-01' "
  "GROUP BY meter_id ORDER BY v DESC LIMIT 5")
q("en", "What was the peak demand of industrial customers?",
  f"SELECT max(peak_kw) FROM {EN} WHERE customer_class = 'Industrial'")
q("en", "Total billed last quarter",
  f"SELECT sum(bill_amount) FROM {EN} WHERE reading_month >= '2025-01-01' AND reading_month < '2025-04-01'")
q("en", "Number of readings with outages", f"SELECT count(*) FROM {EN} WHERE outage_minutes > 0")
q("en", "Average kWh for residential customers in the South",
  f"SELECT avg(kwh_used) FROM {EN} WHERE customer_class = 'Residential' AND region = 'South'")
q("en", "Median bill of commercial customers", f"SELECT median(bill_amount) FROM {EN} WHERE customer_class = 'Commercial'")
q("pt", "Consumo total de energia por região em 2024",
  f"SELECT region, sum(kwh_used) FROM {EN} WHERE reading_month >= '2024-01-01' AND reading_month < '2025-01-01' "
  "GROUP BY region")
q("pt", "Quantos medidores existem?", f"SELECT count(DISTINCT meter_id) FROM {EN}")
q("pt", "Valor médio da conta de luz dos clientes residenciais",
  f"SELECT avg(bill_amount) FROM {EN} WHERE customer_class = 'Residential'")
q("pt", "Qual o mês com maior consumo de energia?",
  f"SELECT reading_month, sum(kwh_used) AS v FROM {EN} GROUP BY reading_month ORDER BY v DESC LIMIT 1")

# ---- New phrasings over the data of the other sets ---------------------------------------------------------
q("pt", "Qual a média salarial dos coordenadores?", "SELECT avg(salario) FROM funcionarios WHERE cargo = 'Coordenador'")
q("en", "How many hospitalizations lasted more than 10 days?",
  "SELECT count(*) FROM internacoes WHERE dias_internado > 10")
q("pt", "Quais os 3 hospitais com mais óbitos?",
  "SELECT hospital, count(*) AS n FROM internacoes WHERE desfecho = 'Óbito' GROUP BY hospital ORDER BY n DESC LIMIT 3")
q("en", "Average freight cost of Ground shipments to FL",
  "SELECT avg(freight_cost) FROM shipments WHERE service_level = 'Ground' AND destination_state = 'FL'")
q("pt", "Quantas assinaturas do plano Business estão ativas?",
  "SELECT count(*) FROM subscriptions WHERE plan = 'Business' AND active")
q("en", "Which industry has the highest average number of seats?",
  "SELECT industry, avg(seats) AS v FROM subscriptions GROUP BY industry ORDER BY v DESC LIMIT 1")
q("pt", "Receita de produtos femininos em 2025",
  "SELECT sum(oi.sale_price) FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.department = 'Women' "
  "AND oi.created_at >= '2025-01-01' AND oi.created_at < '2026-01-01'")
q("en", "How many users came from Search in 2024?",
  "SELECT count(*) FROM users WHERE traffic_source = 'Search' AND created_at >= '2024-01-01' AND created_at < '2025-01-01'")
q("pt", "Temperatura média do sensor S02 por mês",
  "SELECT date_trunc('month', timestamp), avg(temperatura) FROM leituras_sensores WHERE sensor = 'S02' GROUP BY 1 ORDER BY 1")
q("en", "List the apartments for rent in Botafogo",
  "SELECT * FROM imoveis WHERE tipo = 'Apartamento' AND finalidade = 'Aluguel' AND bairro = 'Botafogo'")
q("pt", "Quantas viagens de caminhão foram canceladas?",
  "SELECT count(*) FROM trips WHERE vehicletype = 'Truck' AND tripstatus = 'Cancelled'")
q("en", "Average delay of trips to Chicago", "SELECT avg(delayminutes) FROM trips WHERE destinationcity = 'Chicago'")
q("pt", "Qual loja vendeu mais em 2024?",
  "SELECT loja, sum(valor_total) AS v FROM vendas_loja WHERE data_da_venda >= '2024-01-01' AND data_da_venda < '2025-01-01' "
  "GROUP BY loja ORDER BY v DESC LIMIT 1")
q("en", "Employees per department hired after 2018",
  "SELECT departamento, count(*) FROM funcionarios WHERE data_admissao >= '2019-01-01' GROUP BY departamento")
q("pt", "Quantas leituras de alerta houve no sensor S08 em abril?",
  "SELECT count(*) FROM leituras_sensores WHERE status = 'alerta' AND sensor = 'S08' AND timestamp >= '2025-04-01' "
  "AND timestamp < '2025-05-01'")
q("en", "Total inventory cost by distribution center",
  "SELECT dc.name, sum(ii.cost) FROM inventory_items ii JOIN distribution_centers dc "
  "ON dc.id = ii.product_distribution_center_id GROUP BY 1")
q("pt", "Quantos produtos da categoria Jeans custam menos de 30?",
  "SELECT count(*) FROM products WHERE category = 'Jeans' AND retail_price < 30")

SET.print()
