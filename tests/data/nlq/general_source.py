#!/usr/bin/env python3
"""Source of tests/data/nlq/general.jsonl: a generalization set written before the parser was tuned on it.

Questions over three data sets the parser was not developed on (gen_general_data.py: internacoes with
Portuguese headers with accents and spaces, shipments in English snake_case, subscriptions with English Title
Case headers) and new phrasings over the demo data (theLook tables and leituras_sensores at scale 1). The gold
SQL is what an analyst would write for the question. Conventions, as in dev.jsonl: relative periods are
anchored at the latest record of the table ("last 30 days" counts back from it; "last quarter", "last month"
and "last year" are the previous calendar period before the one holding the latest record; "this year" is the
calendar year of the latest record); a month with no year is the latest such month in the data; "sales" of
order_items are rows, "revenue" is sum(sale_price). Regenerate with:  general_source.py > general.jsonl
"""
from question_set import QuestionSet

I, SH, SU = "internacoes", "shipments", "subscriptions"
S, OI = "leituras_sensores", "order_items"
SET = QuestionSet("g-")
q = SET.q


# ---- Hospital admissions (Portuguese headers with accents and spaces) ------------------------------------
# Latest admission: 2025-05-19, so "último trimestre" is 2025-01-01 .. 2025-04-01.
q("pt", "Quantas internações tivemos?", f"SELECT count(*) FROM {I}")
q("pt", "Qual o valor médio da conta?", f"SELECT avg(valor_da_conta) FROM {I}")
q("pt", "Valor total das contas por convênio", f"SELECT convenio, sum(valor_da_conta) FROM {I} GROUP BY convenio")
q("pt", "Quantas internações por especialidade?", f"SELECT especialidade, count(*) FROM {I} GROUP BY especialidade")
q("pt", "Qual hospital teve mais internações?",
  f"SELECT hospital, count(*) AS n FROM {I} GROUP BY hospital ORDER BY n DESC LIMIT 1")
q("pt", "Média de dias internado por hospital", f"SELECT hospital, avg(dias_internado) FROM {I} GROUP BY hospital")
q("pt", "Quantos pacientes foram para a UTI?", f"SELECT count(*) FROM {I} WHERE uti")
q("pt", "Quantas internações pelo SUS em 2024?",
  f"SELECT count(*) FROM {I} WHERE convenio = 'SUS' AND data_de_internacao >= '2024-01-01' "
  "AND data_de_internacao < '2025-01-01'")
q("pt", "Internações por mês em 2024",
  f"SELECT date_trunc('month', data_de_internacao), count(*) FROM {I} WHERE data_de_internacao >= '2024-01-01' "
  "AND data_de_internacao < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Qual a idade média dos pacientes internados em cardiologia?",
  f"SELECT avg(idade) FROM {I} WHERE especialidade = 'Cardiologia'")
q("pt", "Quantos óbitos houve?", f"SELECT count(*) FROM {I} WHERE desfecho = 'Óbito'")
q("pt", "Os 3 hospitais com maior faturamento",
  f"SELECT hospital, sum(valor_da_conta) AS v FROM {I} GROUP BY hospital ORDER BY v DESC LIMIT 3")
q("pt", "Qual a especialidade com maior tempo médio de internação?",
  f"SELECT especialidade, avg(dias_internado) AS v FROM {I} GROUP BY especialidade ORDER BY v DESC LIMIT 1")
q("pt", "Mediana do valor da conta na Oncologia", f"SELECT median(valor_da_conta) FROM {I} WHERE especialidade = 'Oncologia'")
q("pt", "Quantos pacientes com mais de 80 anos?", f"SELECT count(*) FROM {I} WHERE idade > 80")
q("pt", "Maior conta hospitalar da Unimed", f"SELECT max(valor_da_conta) FROM {I} WHERE convenio = 'Unimed'")
q("pt", "Internações nos últimos 30 dias",
  f"SELECT * FROM {I} WHERE data_de_internacao >= (SELECT max(data_de_internacao) FROM {I}) - INTERVAL 30 DAY")
q("pt", "Quantas internações no último trimestre?",
  f"SELECT count(*) FROM {I} WHERE data_de_internacao >= '2025-01-01' AND data_de_internacao < '2025-04-01'")
q("pt", "Valor total das contas entre janeiro e março de 2025",
  f"SELECT sum(valor_da_conta) FROM {I} WHERE data_de_internacao >= '2025-01-01' AND data_de_internacao < '2025-04-01'")
q("pt", "Número de internações por sexo", f"SELECT sexo, count(*) FROM {I} GROUP BY sexo")
q("pt", "Quantos convênios diferentes atendemos?", f"SELECT count(DISTINCT convenio) FROM {I}")
q("pt", "Evolução mensal do valor das contas",
  f"SELECT date_trunc('month', data_de_internacao), sum(valor_da_conta) FROM {I} GROUP BY 1 ORDER BY 1")
q("pt", "Qual o menor valor de conta no Hospital Municipal?",
  f"SELECT min(valor_da_conta) FROM {I} WHERE hospital = 'Hospital Municipal'")
q("pt", "Quantas internações no Hospital Infantil Esperança?",
  f"SELECT count(*) FROM {I} WHERE hospital = 'Hospital Infantil Esperança'")
q("pt", "Desvio padrão dos dias internado", f"SELECT stddev_samp(dias_internado) FROM {I}")
q("pt", "Internações com conta acima de 50.000 reais", f"SELECT * FROM {I} WHERE valor_da_conta > 50000")
q("pt", "Ticket médio por convênio", f"SELECT convenio, avg(valor_da_conta) FROM {I} GROUP BY convenio")
q("pt", "Qual convênio tem a maior conta média?",
  f"SELECT convenio, avg(valor_da_conta) AS v FROM {I} GROUP BY convenio ORDER BY v DESC LIMIT 1")
q("pt", "Internações na UTI por especialidade",
  f"SELECT especialidade, count(*) FROM {I} WHERE uti GROUP BY especialidade")
q("pt", "Em 2023, quantas internações terminaram em transferência?",
  f"SELECT count(*) FROM {I} WHERE desfecho = 'Transferência' AND data_de_internacao >= '2023-01-01' "
  "AND data_de_internacao < '2024-01-01'")
q("pt", "Faturamento de cada hospital em 2025",
  f"SELECT hospital, sum(valor_da_conta) FROM {I} WHERE data_de_internacao >= '2025-01-01' "
  "AND data_de_internacao < '2026-01-01' GROUP BY hospital")
q("pt", "Idade média por convênio", f"SELECT convenio, avg(idade) FROM {I} GROUP BY convenio")
q("pt", "Liste as internações do Hospital do Coração com UTI em 2025",
  f"SELECT * FROM {I} WHERE hospital = 'Hospital do Coração' AND uti AND data_de_internacao >= '2025-01-01' "
  "AND data_de_internacao < '2026-01-01'")
q("pt", "Conta média no Hospital São Lucas", f"SELECT avg(valor_da_conta) FROM {I} WHERE hospital = 'Hospital São Lucas'")
q("en", "Number of patients per hospital", f"SELECT hospital, count(*) FROM {I} GROUP BY hospital")
q("en", "Average age of patients by specialty", f"SELECT especialidade, avg(idade) FROM {I} GROUP BY especialidade")
q("en", "Top 3 hospitals by total bill amount",
  f"SELECT hospital, sum(valor_da_conta) AS v FROM {I} GROUP BY hospital ORDER BY v DESC LIMIT 3")
q("en", "How many Unimed patients were admitted in 2025?",
  f"SELECT count(*) FROM {I} WHERE convenio = 'Unimed' AND data_de_internacao >= '2025-01-01' "
  "AND data_de_internacao < '2026-01-01'")

# ---- Shipments (English snake_case) ---------------------------------------------------------------------
# Latest shipment: 2025-02-14 16:30:45, so "last quarter" is 2024-10-01 .. 2025-01-01, "this year" 2025.
q("en", "How many shipments did we send?", f"SELECT count(*) FROM {SH}")
q("en", "Average freight cost per carrier", f"SELECT carrier, avg(freight_cost) FROM {SH} GROUP BY carrier")
q("en", "Total freight cost by destination state",
  f"SELECT destination_state, sum(freight_cost) FROM {SH} GROUP BY destination_state")
q("en", "Which carrier has the highest average freight cost?",
  f"SELECT carrier, avg(freight_cost) AS v FROM {SH} GROUP BY carrier ORDER BY v DESC LIMIT 1")
q("en", "Top 5 destination states by number of shipments",
  f"SELECT destination_state, count(*) AS n FROM {SH} GROUP BY destination_state ORDER BY n DESC LIMIT 5")
q("en", "How many shipments went to TX?", f"SELECT count(*) FROM {SH} WHERE destination_state = 'TX'")
q("en", "Average weight of Overnight shipments", f"SELECT avg(weight_kg) FROM {SH} WHERE service_level = 'Overnight'")
q("en", "Shipments per month in 2024",
  f"SELECT date_trunc('month', shipped_at), count(*) FROM {SH} WHERE shipped_at >= '2024-01-01' "
  "AND shipped_at < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("en", "How many shipments were lost?", f"SELECT count(*) FROM {SH} WHERE status = 'Lost'")
q("en", "Freight cost over time",
  f"SELECT date_trunc('month', shipped_at), sum(freight_cost) FROM {SH} GROUP BY 1 ORDER BY 1")
q("en", "What was the heaviest shipment's weight?", f"SELECT max(weight_kg) FROM {SH}")
q("en", "How many shipments were not on time?", f"SELECT count(*) FROM {SH} WHERE NOT on_time")
q("en", "Average freight cost in the last 30 days",
  f"SELECT avg(freight_cost) FROM {SH} WHERE shipped_at >= (SELECT max(shipped_at) FROM {SH}) - INTERVAL 30 DAY")
q("en", "How many packages did UPS ship last quarter?",
  f"SELECT sum(packages) FROM {SH} WHERE carrier = 'UPS' AND shipped_at >= '2024-10-01' AND shipped_at < '2025-01-01'")
q("en", "Total weight shipped by warehouse", f"SELECT origin_warehouse, sum(weight_kg) FROM {SH} GROUP BY origin_warehouse")
q("en", "Median freight cost for Express", f"SELECT median(freight_cost) FROM {SH} WHERE service_level = 'Express'")
q("en", "Shipments heavier than 30 kg", f"SELECT * FROM {SH} WHERE weight_kg > 30")
q("en", "How many shipments cost more than 100 dollars?", f"SELECT count(*) FROM {SH} WHERE freight_cost > 100")
q("en", "Number of distinct destination states", f"SELECT count(DISTINCT destination_state) FROM {SH}")
q("en", "Average number of packages per shipment", f"SELECT avg(packages) FROM {SH}")
q("en", "Which warehouse ships the most?",
  f"SELECT origin_warehouse, count(*) AS n FROM {SH} GROUP BY origin_warehouse ORDER BY n DESC LIMIT 1")
q("en", "Cheapest carrier on average",
  f"SELECT carrier, avg(freight_cost) AS v FROM {SH} GROUP BY carrier ORDER BY v ASC LIMIT 1")
q("en", "Weekly shipments in January 2025",
  f"SELECT date_trunc('week', shipped_at), count(*) FROM {SH} WHERE shipped_at >= '2025-01-01' "
  "AND shipped_at < '2025-02-01' GROUP BY 1 ORDER BY 1")
q("en", "How many shipments between 2024-06-01 and 2024-06-30?",
  f"SELECT count(*) FROM {SH} WHERE shipped_at >= '2024-06-01' AND shipped_at < '2024-07-01'")
q("en", "Shipments to CA in December 2024",
  f"SELECT * FROM {SH} WHERE destination_state = 'CA' AND shipped_at >= '2024-12-01' AND shipped_at < '2025-01-01'")
q("en", "Total freight spend this year", f"SELECT sum(freight_cost) FROM {SH} WHERE shipped_at >= '2025-01-01'")
q("en", "Freight cost by service level", f"SELECT service_level, sum(freight_cost) FROM {SH} GROUP BY service_level")
q("en", "What is the average weight per package?", f"SELECT sum(weight_kg) / sum(packages) FROM {SH}")
q("pt", "Quantos envios foram feitos pela DHL?", f"SELECT count(*) FROM {SH} WHERE carrier = 'DHL'")
q("pt", "Custo médio do frete por transportadora", f"SELECT carrier, avg(freight_cost) FROM {SH} GROUP BY carrier")
q("pt", "Peso total enviado por mês",
  f"SELECT date_trunc('month', shipped_at), sum(weight_kg) FROM {SH} GROUP BY 1 ORDER BY 1")
q("pt", "Qual o custo total de frete em 2024?",
  f"SELECT sum(freight_cost) FROM {SH} WHERE shipped_at >= '2024-01-01' AND shipped_at < '2025-01-01'")
q("pt", "Quantas remessas estão em trânsito?", f"SELECT count(*) FROM {SH} WHERE status = 'In Transit'")
q("pt", "Envios por nível de serviço", f"SELECT service_level, count(*) FROM {SH} GROUP BY service_level")
q("pt", "Quais os 5 estados de destino com maior custo médio de frete?",
  f"SELECT destination_state, avg(freight_cost) AS v FROM {SH} GROUP BY destination_state ORDER BY v DESC LIMIT 5")
q("pt", "Qual o peso médio dos envios para NY?", f"SELECT avg(weight_kg) FROM {SH} WHERE destination_state = 'NY'")

# ---- SaaS subscriptions (English Title Case headers) ----------------------------------------------------
# Latest start: 2025-04-23, so "last quarter" is 2025-01-01 .. 2025-04-01.
q("en", "What is our total MRR?", f"SELECT sum(mrr_usd) FROM {SU}")
q("en", "MRR by plan", f"SELECT plan, sum(mrr_usd) FROM {SU} GROUP BY plan")
q("en", "How many active subscriptions are there?", f"SELECT count(*) FROM {SU} WHERE active")
q("en", "Average seats per plan", f"SELECT plan, avg(seats) FROM {SU} GROUP BY plan")
q("en", "Which region brings the most MRR?",
  f"SELECT region, sum(mrr_usd) AS v FROM {SU} GROUP BY region ORDER BY v DESC LIMIT 1")
q("en", "Top 3 industries by MRR",
  f"SELECT industry, sum(mrr_usd) AS v FROM {SU} GROUP BY industry ORDER BY v DESC LIMIT 3")
q("en", "How many subscriptions were cancelled in 2024?",
  f"SELECT count(*) FROM {SU} WHERE cancel_date >= '2024-01-01' AND cancel_date < '2025-01-01'")
q("en", "New subscriptions per month in 2024",
  f"SELECT date_trunc('month', start_date), count(*) FROM {SU} WHERE start_date >= '2024-01-01' "
  "AND start_date < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("en", "How many customers are on the Enterprise plan?", f"SELECT count(*) FROM {SU} WHERE plan = 'Enterprise'")
q("en", "Average MRR of annual subscriptions", f"SELECT avg(mrr_usd) FROM {SU} WHERE billing_cycle = 'Annual'")
q("en", "Number of subscriptions by country", f"SELECT country, count(*) FROM {SU} GROUP BY country")
q("en", "Which account manager has the most subscriptions?",
  f"SELECT account_manager, count(*) AS n FROM {SU} GROUP BY account_manager ORDER BY n DESC LIMIT 1")
q("en", "How many subscriptions started last quarter?",
  f"SELECT count(*) FROM {SU} WHERE start_date >= '2025-01-01' AND start_date < '2025-04-01'")
q("en", "Subscriptions with more than 500 seats", f"SELECT * FROM {SU} WHERE seats > 500")
q("en", "Median MRR in Europe", f"SELECT median(mrr_usd) FROM {SU} WHERE region = 'Europe'")
q("en", "Total seats in Latin America", f"SELECT sum(seats) FROM {SU} WHERE region = 'Latin America'")
q("en", "How many subscriptions started since March 2025?", f"SELECT count(*) FROM {SU} WHERE start_date >= '2025-03-01'")
q("en", "Largest MRR of a Healthcare customer", f"SELECT max(mrr_usd) FROM {SU} WHERE industry = 'Healthcare'")
q("en", "Number of distinct countries with subscriptions", f"SELECT count(DISTINCT country) FROM {SU}")
q("en", "MRR of monthly plans by region",
  f"SELECT region, sum(mrr_usd) FROM {SU} WHERE billing_cycle = 'Monthly' GROUP BY region")
q("en", "List the Finance subscriptions in Germany",
  f"SELECT * FROM {SU} WHERE industry = 'Finance' AND country = 'Germany'")
q("en", "Monthly MRR of new subscriptions in 2025",
  f"SELECT date_trunc('month', start_date), sum(mrr_usd) FROM {SU} WHERE start_date >= '2025-01-01' "
  "AND start_date < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("en", "Customers per plan", f"SELECT plan, count(*) FROM {SU} GROUP BY plan")
q("pt", "Qual o MRR total por região?", f"SELECT region, sum(mrr_usd) FROM {SU} GROUP BY region")
q("pt", "Quantas assinaturas ativas temos?", f"SELECT count(*) FROM {SU} WHERE active")
q("pt", "Quantos clientes no plano Starter?", f"SELECT count(*) FROM {SU} WHERE plan = 'Starter'")
q("pt", "Média de seats por plano", f"SELECT plan, avg(seats) FROM {SU} GROUP BY plan")
q("pt", "Quantas assinaturas foram canceladas em 2025?",
  f"SELECT count(*) FROM {SU} WHERE cancel_date >= '2025-01-01' AND cancel_date < '2026-01-01'")
q("pt", "Assinaturas iniciadas entre janeiro e março de 2025",
  f"SELECT * FROM {SU} WHERE start_date >= '2025-01-01' AND start_date < '2025-04-01'")
q("pt", "Qual país tem mais assinaturas?",
  f"SELECT country, count(*) AS n FROM {SU} GROUP BY country ORDER BY n DESC LIMIT 1")
q("pt", "MRR médio por ciclo de cobrança", f"SELECT billing_cycle, avg(mrr_usd) FROM {SU} GROUP BY billing_cycle")
q("pt", "Quantas assinaturas por indústria?", f"SELECT industry, count(*) FROM {SU} GROUP BY industry")
q("pt", "MRR total do gerente de contas Priya Nair", f"SELECT sum(mrr_usd) FROM {SU} WHERE account_manager = 'Priya Nair'")

# ---- New phrasings over the demo e-commerce data (theLook, scale 1: 2022..2025) ---------------------------
q("pt", "Qual a marca com maior preço médio?",
  "SELECT brand, avg(retail_price) AS v FROM products GROUP BY brand ORDER BY v DESC LIMIT 1")
q("pt", "Quantos eventos de compra aconteceram em março?",
  "SELECT count(*) FROM events WHERE event_type = 'purchase' AND created_at >= '2025-03-01' AND created_at < '2025-04-01'")
q("pt", "Qual o total vendido em 2024?",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01'")
q("pt", "Qual categoria vende mais?",
  f"SELECT p.category, count(*) AS n FROM {OI} oi JOIN products p ON p.id = oi.product_id GROUP BY 1 "
  "ORDER BY n DESC LIMIT 1")
q("en", "Which brand has the highest average retail price?",
  "SELECT brand, avg(retail_price) AS v FROM products GROUP BY brand ORDER BY v DESC LIMIT 1")
q("pt", "Quanto faturamos por trimestre em 2024?",
  f"SELECT date_trunc('quarter', created_at), sum(sale_price) FROM {OI} WHERE created_at >= '2024-01-01' "
  "AND created_at < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Quantos clientes novos por mês em 2025?",
  "SELECT date_trunc('month', created_at), count(*) FROM users WHERE created_at >= '2025-01-01' "
  "AND created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Qual país tem mais clientes?",
  "SELECT country, count(*) AS n FROM users GROUP BY country ORDER BY n DESC LIMIT 1")
q("en", "How many orders were shipped in November 2025?",
  "SELECT count(*) FROM orders WHERE shipped_at >= '2025-11-01' AND shipped_at < '2025-12-01'")
q("en", "Total inventory cost of unsold items", "SELECT sum(cost) FROM inventory_items WHERE sold_at IS NULL")
q("en", "Average retail price of products in the Women department",
  "SELECT avg(retail_price) FROM products WHERE department = 'Women'")
q("pt", "Quantos produtos da marca Luna custam mais de 50?",
  "SELECT count(*) FROM products WHERE brand = 'Luna' AND retail_price > 50")
q("pt", "Preço médio de venda na categoria Jeans",
  f"SELECT avg(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'Jeans'")
q("pt", "Quantos pedidos foram feitos por mulheres?", "SELECT count(*) FROM orders WHERE gender = 'F'")
q("pt", "Quantos itens de estoque por centro de distribuição?",
  "SELECT dc.name, count(*) FROM inventory_items ii JOIN distribution_centers dc "
  "ON dc.id = ii.product_distribution_center_id GROUP BY 1")
q("en", "Which traffic source brings the most users?",
  "SELECT traffic_source, count(*) AS n FROM users GROUP BY traffic_source ORDER BY n DESC LIMIT 1")
q("en", "Average age of customers from Brasil", "SELECT avg(age) FROM users WHERE country = 'Brasil'")
q("en", "Number of sessions per browser", "SELECT browser, count(DISTINCT session_id) FROM events GROUP BY browser")
q("en", "How many purchases were made on Safari?",
  "SELECT count(*) FROM events WHERE event_type = 'purchase' AND browser = 'Safari'")
q("pt", "Receita de 2025 por departamento",
  f"SELECT p.department, sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id "
  "WHERE oi.created_at >= '2025-01-01' AND oi.created_at < '2026-01-01' GROUP BY 1")
q("pt", "Quantos usuários vieram por email?", "SELECT count(*) FROM users WHERE traffic_source = 'Email'")
q("en", "Show the 5 most expensive products",
  "SELECT name, retail_price FROM products ORDER BY retail_price DESC LIMIT 5")
q("en", "What was the revenue last year?",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01'")
q("pt", "Quantos pedidos foram devolvidos no ano passado?",
  "SELECT count(*) FROM orders WHERE status = 'Returned' AND returned_at >= '2024-01-01' AND returned_at < '2025-01-01'")
q("pt", "Menor idade entre os clientes", "SELECT min(age) FROM users")
q("en", "Average sale price per month",
  f"SELECT date_trunc('month', created_at), avg(sale_price) FROM {OI} GROUP BY 1 ORDER BY 1")
q("en", "How many different brands do we sell?", "SELECT count(DISTINCT brand) FROM products")
q("pt", "Faturamento por marca no Brasil",
  f"SELECT p.brand, sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id "
  "JOIN users u ON u.id = oi.user_id WHERE u.country = 'Brasil' GROUP BY 1")
q("en", "Cancelled orders in the last 30 days",
  "SELECT * FROM orders WHERE status = 'Cancelled' AND created_at >= (SELECT max(created_at) FROM orders) - INTERVAL 30 DAY")
q("pt", "Quantos clientes entre 20 e 30 anos?", "SELECT count(*) FROM users WHERE age BETWEEN 20 AND 30")
q("en", "Which department has the lowest average product cost?",
  "SELECT department, avg(cost) AS v FROM products GROUP BY department ORDER BY v ASC LIMIT 1")
q("pt", "Vendas por dia nos últimos 7 dias",
  f"SELECT date_trunc('day', created_at), count(*) FROM {OI} WHERE created_at >= "
  f"(SELECT max(created_at) FROM {OI}) - INTERVAL 7 DAY GROUP BY 1 ORDER BY 1")

# ---- New phrasings over the sensor readings (scale 1: S01..S08, 2025-01-01 .. 2025-04-30) ----------------
q("pt", "Qual a umidade média no sensor S01?", f"SELECT avg(umidade) FROM {S} WHERE sensor = 'S01'")
q("pt", "Qual local teve a maior pressão média?",
  f"SELECT local, avg(pressao) AS v FROM {S} GROUP BY local ORDER BY v DESC LIMIT 1")
q("pt", "Temperatura média em Manaus em fevereiro de 2025",
  f"SELECT avg(temperatura) FROM {S} WHERE local = 'Rio Negro - Manaus' AND timestamp >= '2025-02-01' "
  "AND timestamp < '2025-03-01'")
q("pt", "Quantas leituras com bateria abaixo de 20%?", f"SELECT count(*) FROM {S} WHERE bateria < 20")
q("pt", "Nível médio da água por dia no sensor S08 na última semana",
  f"SELECT date_trunc('day', timestamp), avg(nivel_agua) FROM {S} WHERE sensor = 'S08' AND timestamp >= "
  f"(SELECT max(timestamp) FROM {S}) - INTERVAL 7 DAY GROUP BY 1 ORDER BY 1")
q("en", "Which location is the hottest on average?",
  f"SELECT local, avg(temperatura) AS v FROM {S} GROUP BY local ORDER BY v DESC LIMIT 1")
q("en", "How many failure readings per location?",
  f"SELECT local, count(*) FROM {S} WHERE status = 'falha' GROUP BY local")
q("en", "Average humidity when the battery is below 30", f"SELECT avg(umidade) FROM {S} WHERE bateria < 30")
q("en", "Max water level in Blumenau", f"SELECT max(nivel_agua) FROM {S} WHERE local = 'Rio Itajaí-Açu - Blumenau'")
q("pt", "Quantos alertas em março?",
  f"SELECT count(*) FROM {S} WHERE status = 'alerta' AND timestamp >= '2025-03-01' AND timestamp < '2025-04-01'")
q("pt", "Temperatura mínima de cada local", f"SELECT local, min(temperatura) FROM {S} GROUP BY local")
q("en", "Hourly average temperature on 2025-03-10",
  f"SELECT date_trunc('hour', timestamp), avg(temperatura) FROM {S} WHERE timestamp >= '2025-03-10' "
  "AND timestamp < '2025-03-11' GROUP BY 1 ORDER BY 1")
q("pt", "Qual sensor tem a menor bateria média?",
  f"SELECT sensor, avg(bateria) AS v FROM {S} GROUP BY sensor ORDER BY v ASC LIMIT 1")
q("en", "Water level statistics for sensor S05", f"SELECT nivel_agua FROM {S} WHERE sensor = 'S05'")
q("pt", "Pressão média entre 01/03/2025 e 15/03/2025",
  f"SELECT avg(pressao) FROM {S} WHERE timestamp >= '2025-03-01' AND timestamp < '2025-03-16'")

# ---- Rankings of periods over the other sets' data (added with them) -------------------------------------
q("pt", "Qual dia da semana tem mais pedidos de delivery?",
  "SELECT dayofweek(data_e_hora), count(*) AS n FROM delivery GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "Which quarter had the highest total bill?",
  "SELECT date_trunc('quarter', reading_month), sum(bill_amount) AS v FROM energy GROUP BY 1 ORDER BY v DESC LIMIT 1")
q("pt", "Em que ano houve mais admissões?",
  "SELECT date_trunc('year', data_admissao), count(*) AS n FROM funcionarios GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "What were the 3 busiest days for shipments?",
  "SELECT date_trunc('day', shipped_at), count(*) AS n FROM shipments GROUP BY 1 ORDER BY n DESC LIMIT 3")
q("en", "Which month had the most hospital admissions?",
  "SELECT date_trunc('month', data_de_internacao), count(*) AS n FROM internacoes GROUP BY 1 ORDER BY n DESC LIMIT 1")

SET.print()
