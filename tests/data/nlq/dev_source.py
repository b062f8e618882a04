#!/usr/bin/env python3
"""Source of tests/data/nlq/dev.jsonl: questions over the demo data with gold SQL (standard DuckDB SQL).

Execution accuracy compares the result of the gold SQL with the result of the SQL Sagaz derives; column
names do not matter, row order matters only when the gold SQL has ORDER BY. Relative periods ("last 30
days") are anchored at the latest timestamp in the data. Regenerate with:  dev_source.py > dev.jsonl
"""
from question_set import QuestionSet

S = "leituras_sensores"
SET = QuestionSet("", dataset_first=True)
q = SET.q


# ---- Sensor readings (leituras_sensores) -------------------------------------------------------------
q("pt", "Qual foi o nível de água registrado ao longo do tempo?",
  f"SELECT timestamp, nivel_agua FROM {S} ORDER BY timestamp")
q("pt", "Qual a média do nível de água?", f"SELECT avg(nivel_agua) FROM {S}")
q("pt", "Qual o nível máximo de água registrado?", f"SELECT max(nivel_agua) FROM {S}")
q("pt", "Qual foi a menor temperatura?", f"SELECT min(temperatura) FROM {S}")
q("pt", "Qual a temperatura média por sensor?", f"SELECT sensor, avg(temperatura) FROM {S} GROUP BY sensor")
q("pt", "Nível médio da água por local", f"SELECT local, avg(nivel_agua) FROM {S} GROUP BY local")
q("pt", "Quantas leituras existem?", f"SELECT count(*) FROM {S}")
q("pt", "Quantas leituras com status de falha?", f"SELECT count(*) FROM {S} WHERE status = 'falha'")
q("pt", "Quantas leituras em alerta por sensor?",
  f"SELECT sensor, count(*) FROM {S} WHERE status = 'alerta' GROUP BY sensor")
q("pt", "Qual a mediana da umidade?", f"SELECT median(umidade) FROM {S}")
q("pt", "Desvio padrão da pressão", f"SELECT stddev_samp(pressao) FROM {S}")
q("pt", "Como variou a temperatura ao longo do tempo no sensor S03?",
  f"SELECT timestamp, temperatura FROM {S} WHERE sensor = 'S03' ORDER BY timestamp")
q("pt", "Evolução diária do nível de água",
  f"SELECT date_trunc('day', timestamp) AS dia, avg(nivel_agua) FROM {S} GROUP BY 1 ORDER BY 1")
q("pt", "Média mensal da temperatura",
  f"SELECT date_trunc('month', timestamp) AS mes, avg(temperatura) FROM {S} GROUP BY 1 ORDER BY 1")
q("pt", "Leituras com nível de água acima de 5 metros",
  f"SELECT * FROM {S} WHERE nivel_agua > 5")
q("pt", "Quantas leituras tiveram nível de água acima de 4?", f"SELECT count(*) FROM {S} WHERE nivel_agua > 4")
q("pt", "Quantas leituras com temperatura abaixo de 20 graus?",
  f"SELECT count(*) FROM {S} WHERE temperatura < 20")
q("pt", "Qual o nível máximo de água por sensor?", f"SELECT sensor, max(nivel_agua) FROM {S} GROUP BY sensor")
q("pt", "Quais sensores tiveram o maior nível médio de água? Top 3",
  f"SELECT sensor, avg(nivel_agua) AS v FROM {S} GROUP BY sensor ORDER BY v DESC LIMIT 3")
q("pt", "Média da bateria do sensor S05", f"SELECT avg(bateria) FROM {S} WHERE sensor = 'S05'")
q("pt", "Nível de água em Manaus ao longo do tempo",
  f"SELECT timestamp, nivel_agua FROM {S} WHERE local = 'Rio Negro - Manaus' ORDER BY timestamp")
q("pt", "Qual a temperatura média em março de 2025?",
  f"SELECT avg(temperatura) FROM {S} WHERE timestamp >= '2025-03-01' AND timestamp < '2025-04-01'")
q("pt", "Quantas leituras por status?", f"SELECT status, count(*) FROM {S} GROUP BY status")
q("pt", "Estatísticas do nível de água", f"SELECT nivel_agua FROM {S}")
q("pt", "Qual a umidade média quando a temperatura passa de 30 graus?",
  f"SELECT avg(umidade) FROM {S} WHERE temperatura > 30")
q("pt", "Pressão mínima por local", f"SELECT local, min(pressao) FROM {S} GROUP BY local")
q("pt", "Qual o nível de água médio por semana?",
  f"SELECT date_trunc('week', timestamp), avg(nivel_agua) FROM {S} GROUP BY 1 ORDER BY 1")
q("pt", "Nível médio da água entre 10/02/2025 e 20/02/2025",
  f"SELECT avg(nivel_agua) FROM {S} WHERE timestamp >= '2025-02-10' AND timestamp < '2025-02-21'")
q("pt", "Quantos sensores diferentes existem?", f"SELECT count(DISTINCT sensor) FROM {S}")
q("pt", "Qual a carga mínima de bateria registrada?", f"SELECT min(bateria) FROM {S}")
q("en", "What was the water level over time?", f"SELECT timestamp, nivel_agua FROM {S} ORDER BY timestamp")
q("en", "Average temperature by sensor", f"SELECT sensor, avg(temperatura) FROM {S} GROUP BY sensor")
q("en", "What is the highest water level?", f"SELECT max(nivel_agua) FROM {S}")
q("en", "How many readings are there?", f"SELECT count(*) FROM {S}")
q("en", "How many readings failed?", f"SELECT count(*) FROM {S} WHERE status = 'falha'")
q("en", "Median humidity per location", f"SELECT local, median(umidade) FROM {S} GROUP BY local")
q("en", "Monthly average water level",
  f"SELECT date_trunc('month', timestamp), avg(nivel_agua) FROM {S} GROUP BY 1 ORDER BY 1")
q("en", "Temperature of sensor S01 over time",
  f"SELECT timestamp, temperatura FROM {S} WHERE sensor = 'S01' ORDER BY timestamp")
q("en", "How many readings had a water level above 6?", f"SELECT count(*) FROM {S} WHERE nivel_agua > 6")
q("en", "Lowest pressure recorded", f"SELECT min(pressao) FROM {S}")
q("en", "Standard deviation of temperature by sensor",
  f"SELECT sensor, stddev_samp(temperatura) FROM {S} GROUP BY sensor")
q("en", "Average battery level in April 2025",
  f"SELECT avg(bateria) FROM {S} WHERE timestamp >= '2025-04-01' AND timestamp < '2025-05-01'")
q("en", "Top 2 sensors by maximum water level",
  f"SELECT sensor, max(nivel_agua) AS v FROM {S} GROUP BY sensor ORDER BY v DESC LIMIT 2")
q("en", "Number of distinct locations", f"SELECT count(DISTINCT local) FROM {S}")
q("en", "Readings count per status", f"SELECT status, count(*) FROM {S} GROUP BY status")

# ---- E-commerce (theLook) ------------------------------------------------------------------------------
OI = "order_items"
q("pt", "Quantos pedidos existem?", "SELECT count(*) FROM orders")
q("pt", "Quantos pedidos foram cancelados?", "SELECT count(*) FROM orders WHERE status = 'Cancelled'")
q("pt", "Quantos pedidos foram devolvidos em 2024?",
  "SELECT count(*) FROM orders WHERE status = 'Returned' AND returned_at >= '2024-01-01' AND returned_at < '2025-01-01'")
q("pt", "Quantos pedidos por status?", "SELECT status, count(*) FROM orders GROUP BY status")
q("pt", "Número de pedidos por mês",
  "SELECT date_trunc('month', created_at), count(*) FROM orders GROUP BY 1 ORDER BY 1")
q("pt", "Quantos pedidos por ano?",
  "SELECT date_trunc('year', created_at), count(*) FROM orders GROUP BY 1 ORDER BY 1")
q("pt", "Qual a receita total?", f"SELECT sum(sale_price) FROM {OI}")
q("pt", "Qual o faturamento por categoria?",
  f"SELECT p.category, sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id GROUP BY 1")
q("pt", "Qual o ticket médio dos itens?", f"SELECT avg(sale_price) FROM {OI}")
q("pt", "Preço médio de venda por status", f"SELECT status, avg(sale_price) FROM {OI} GROUP BY status")
q("pt", "Receita por mês em 2025",
  f"SELECT date_trunc('month', created_at), sum(sale_price) FROM {OI} WHERE created_at >= '2025-01-01' "
  "AND created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Quais as 5 categorias com maior receita?",
  f"SELECT p.category, sum(oi.sale_price) AS v FROM {OI} oi JOIN products p ON p.id = oi.product_id "
  "GROUP BY 1 ORDER BY v DESC LIMIT 5")
q("pt", "Quantos clientes temos?", "SELECT count(*) FROM users")
q("pt", "Quantos clientes por país?", "SELECT country, count(*) FROM users GROUP BY country")
q("pt", "Quantos clientes do Brasil?", "SELECT count(*) FROM users WHERE country = 'Brasil'")
q("pt", "Idade média dos clientes", "SELECT avg(age) FROM users")
q("pt", "Idade média dos clientes por gênero", "SELECT gender, avg(age) FROM users GROUP BY gender")
q("pt", "Quantos clientes vieram do Facebook?", "SELECT count(*) FROM users WHERE traffic_source = 'Facebook'")
q("pt", "Clientes por origem de tráfego", "SELECT traffic_source, count(*) FROM users GROUP BY traffic_source")
q("pt", "Quantos clientes se cadastraram em 2023?",
  "SELECT count(*) FROM users WHERE created_at >= '2023-01-01' AND created_at < '2024-01-01'")
q("pt", "Quantos produtos existem por categoria?", "SELECT category, count(*) FROM products GROUP BY category")
q("pt", "Preço médio dos produtos por departamento",
  "SELECT department, avg(retail_price) FROM products GROUP BY department")
q("pt", "Qual o produto mais caro?", "SELECT name, retail_price FROM products ORDER BY retail_price DESC LIMIT 1")
q("pt", "Quais as 3 marcas com mais produtos?",
  "SELECT brand, count(*) AS n FROM products GROUP BY brand ORDER BY n DESC LIMIT 3")
q("pt", "Custo médio dos produtos da categoria Jeans", "SELECT avg(cost) FROM products WHERE category = 'Jeans'")
q("pt", "Quantos itens foram vendidos na categoria Dresses?",
  f"SELECT count(*) FROM {OI} oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'Dresses'")
q("pt", "Receita da marca Luna", f"SELECT sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id "
                                   "WHERE p.brand = 'Luna'")
q("pt", "Quantos eventos por tipo?", "SELECT event_type, count(*) FROM events GROUP BY event_type")
q("pt", "Quantos eventos de compra houve em 2025?",
  "SELECT count(*) FROM events WHERE event_type = 'purchase' AND created_at >= '2025-01-01' AND created_at < '2026-01-01'")
q("pt", "Eventos por navegador", "SELECT browser, count(*) FROM events GROUP BY browser")
q("pt", "Quantas sessões distintas existem?", "SELECT count(DISTINCT session_id) FROM events")
q("pt", "Quantos itens estão em estoque sem venda?", "SELECT count(*) FROM inventory_items WHERE sold_at IS NULL")
q("pt", "Custo total do estoque por categoria de produto",
  "SELECT product_category, sum(cost) FROM inventory_items GROUP BY product_category")
q("pt", "Quantos centros de distribuição existem?", "SELECT count(*) FROM distribution_centers")
q("pt", "Quantos pedidos nos últimos 30 dias?",
  "SELECT count(*) FROM orders WHERE created_at >= (SELECT max(created_at) FROM orders) - INTERVAL 30 DAY")
q("pt", "Receita dos últimos 7 dias",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= (SELECT max(created_at) FROM {OI}) - INTERVAL 7 DAY")
q("pt", "Pedidos com mais de 3 itens", "SELECT * FROM orders WHERE num_of_item > 3")
q("pt", "Quantos pedidos tiveram pelo menos 2 itens?", "SELECT count(*) FROM orders WHERE num_of_item >= 2")
q("pt", "Média de itens por pedido", "SELECT avg(num_of_item) FROM orders")
q("pt", "Quantidade de pedidos por gênero", "SELECT gender, count(*) FROM orders GROUP BY gender")
q("pt", "Quantos pedidos foram entregues em dezembro de 2024?",
  "SELECT count(*) FROM orders WHERE delivered_at >= '2024-12-01' AND delivered_at < '2025-01-01'")
q("pt", "Valor médio de venda dos itens devolvidos", f"SELECT avg(sale_price) FROM {OI} WHERE status = 'Returned'")
q("pt", "Maior preço de venda registrado", f"SELECT max(sale_price) FROM {OI}")
q("pt", "Itens vendidos por mais de 200", f"SELECT * FROM {OI} WHERE sale_price > 200")
q("pt", "Quantos itens custaram entre 50 e 100?",
  f"SELECT count(*) FROM {OI} WHERE sale_price BETWEEN 50 AND 100")
q("pt", "Receita por país dos clientes",
  f"SELECT u.country, sum(oi.sale_price) FROM {OI} oi JOIN users u ON u.id = oi.user_id GROUP BY 1")
q("pt", "Os 10 produtos mais vendidos",
  f"SELECT p.name, count(*) AS n FROM {OI} oi JOIN products p ON p.id = oi.product_id GROUP BY 1 ORDER BY n DESC LIMIT 10")
q("pt", "Quantos usuários por estado no Brasil?",
  "SELECT state, count(*) FROM users WHERE country = 'Brasil' GROUP BY state")
q("pt", "Quantos pedidos cancelados por mês em 2024?",
  "SELECT date_trunc('month', created_at), count(*) FROM orders WHERE status = 'Cancelled' AND created_at >= "
  "'2024-01-01' AND created_at < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Mostre os pedidos do usuário 17", "SELECT * FROM orders WHERE user_id = 17")
q("pt", "Qual a idade do cliente mais velho?", "SELECT max(age) FROM users")
q("pt", "Liste os centros de distribuição", "SELECT * FROM distribution_centers")
q("pt", "Preço médio de tabela por marca", "SELECT brand, avg(retail_price) FROM products GROUP BY brand")
q("pt", "Quantas vendas por dia da semana?",
  f"SELECT dayofweek(created_at), count(*) FROM {OI} GROUP BY 1", order=False)
q("pt", "Total vendido em novembro de 2025",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2025-11-01' AND created_at < '2025-12-01'")

q("en", "How many orders are there?", "SELECT count(*) FROM orders")
q("en", "How many orders were cancelled?", "SELECT count(*) FROM orders WHERE status = 'Cancelled'")
q("en", "Number of orders returned in 2023",
  "SELECT count(*) FROM orders WHERE status = 'Returned' AND returned_at >= '2023-01-01' AND returned_at < '2024-01-01'")
q("en", "Orders by status", "SELECT status, count(*) FROM orders GROUP BY status")
q("en", "Monthly number of orders",
  "SELECT date_trunc('month', created_at), count(*) FROM orders GROUP BY 1 ORDER BY 1")
q("en", "Total revenue", f"SELECT sum(sale_price) FROM {OI}")
q("en", "Revenue by product category",
  f"SELECT p.category, sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id GROUP BY 1")
q("en", "Top 5 brands by revenue",
  f"SELECT p.brand, sum(oi.sale_price) AS v FROM {OI} oi JOIN products p ON p.id = oi.product_id "
  "GROUP BY 1 ORDER BY v DESC LIMIT 5")
q("en", "Average sale price", f"SELECT avg(sale_price) FROM {OI}")
q("en", "Revenue per month in 2024",
  f"SELECT date_trunc('month', created_at), sum(sale_price) FROM {OI} WHERE created_at >= '2024-01-01' "
  "AND created_at < '2025-01-01' GROUP BY 1 ORDER BY 1")
q("en", "How many customers do we have?", "SELECT count(*) FROM users")
q("en", "Customers by country", "SELECT country, count(*) FROM users GROUP BY country")
q("en", "How many users are from Japan?", "SELECT count(*) FROM users WHERE country = 'Japan'")
q("en", "Average customer age by gender", "SELECT gender, avg(age) FROM users GROUP BY gender")
q("en", "How many users signed up in 2024?",
  "SELECT count(*) FROM users WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01'")
q("en", "Users by traffic source", "SELECT traffic_source, count(*) FROM users GROUP BY traffic_source")
q("en", "How many products per category?", "SELECT category, count(*) FROM products GROUP BY category")
q("en", "Average retail price by department", "SELECT department, avg(retail_price) FROM products GROUP BY department")
q("en", "What is the most expensive product?",
  "SELECT name, retail_price FROM products ORDER BY retail_price DESC LIMIT 1")
q("en", "Cheapest product", "SELECT name, retail_price FROM products ORDER BY retail_price ASC LIMIT 1")
q("en", "Average cost of Swim products", "SELECT avg(cost) FROM products WHERE category = 'Swim'")
q("en", "How many items were sold in the Jeans category?",
  f"SELECT count(*) FROM {OI} oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'Jeans'")
q("en", "Events by type", "SELECT event_type, count(*) FROM events GROUP BY event_type")
q("en", "How many cart events were there?", "SELECT count(*) FROM events WHERE event_type = 'cart'")
q("en", "Events per browser", "SELECT browser, count(*) FROM events GROUP BY browser")
q("en", "How many inventory items are unsold?", "SELECT count(*) FROM inventory_items WHERE sold_at IS NULL")
q("en", "Inventory cost by product category",
  "SELECT product_category, sum(cost) FROM inventory_items GROUP BY product_category")
q("en", "How many orders in the last 90 days?",
  "SELECT count(*) FROM orders WHERE created_at >= (SELECT max(created_at) FROM orders) - INTERVAL 90 DAY")
q("en", "Orders with more than 2 items", "SELECT * FROM orders WHERE num_of_item > 2")
q("en", "How many orders had at least 3 items?", "SELECT count(*) FROM orders WHERE num_of_item >= 3")
q("en", "Average number of items per order", "SELECT avg(num_of_item) FROM orders")
q("en", "Highest sale price", f"SELECT max(sale_price) FROM {OI}")
q("en", "Items sold for less than 10", f"SELECT * FROM {OI} WHERE sale_price < 10")
q("en", "How many items were sold between 20 and 30?",
  f"SELECT count(*) FROM {OI} WHERE sale_price BETWEEN 20 AND 30")
q("en", "Revenue by customer country",
  f"SELECT u.country, sum(oi.sale_price) FROM {OI} oi JOIN users u ON u.id = oi.user_id GROUP BY 1")
q("en", "Top 10 best selling products",
  f"SELECT p.name, count(*) AS n FROM {OI} oi JOIN products p ON p.id = oi.product_id GROUP BY 1 ORDER BY n DESC LIMIT 10")
q("en", "How many distribution centers are there?", "SELECT count(*) FROM distribution_centers")
q("en", "Number of cancelled orders per month in 2025",
  "SELECT date_trunc('month', created_at), count(*) FROM orders WHERE status = 'Cancelled' AND created_at >= "
  "'2025-01-01' AND created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("en", "Show orders of user 7", "SELECT * FROM orders WHERE user_id = 7")
q("en", "Oldest customer age", "SELECT max(age) FROM users")
q("en", "Number of distinct sessions", "SELECT count(DISTINCT session_id) FROM events")
q("en", "Total sales in December 2024",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2024-12-01' AND created_at < '2025-01-01'")
q("en", "Average sale price by order status", f"SELECT status, avg(sale_price) FROM {OI} GROUP BY status")
q("en", "Yearly revenue", f"SELECT date_trunc('year', created_at), sum(sale_price) FROM {OI} GROUP BY 1 ORDER BY 1")
q("en", "Number of users per state in Brasil",
  "SELECT state, count(*) FROM users WHERE country = 'Brasil' GROUP BY state")
q("en", "Revenue from Luna brand",
  f"SELECT sum(oi.sale_price) FROM {OI} oi JOIN products p ON p.id = oi.product_id WHERE p.brand = 'Luna'")
q("en", "List all distribution centers", "SELECT * FROM distribution_centers")
q("en", "Median sale price of complete items", f"SELECT median(sale_price) FROM {OI} WHERE status = 'Complete'")
q("en", "Count of products per brand", "SELECT brand, count(*) FROM products GROUP BY brand")
q("en", "Average product cost by category", "SELECT category, avg(cost) FROM products GROUP BY category")
q("en", "How many users are older than 60?", "SELECT count(*) FROM users WHERE age > 60")
q("en", "Users younger than 18", "SELECT * FROM users WHERE age < 18")
q("en", "Purchase events per day in December 2025",
  "SELECT date_trunc('day', created_at), count(*) FROM events WHERE event_type = 'purchase' AND "
  "created_at >= '2025-12-01' AND created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Eventos de compra por dia em dezembro de 2025",
  "SELECT date_trunc('day', created_at), count(*) FROM events WHERE event_type = 'purchase' AND "
  "created_at >= '2025-12-01' AND created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Quantos usuários têm mais de 60 anos?", "SELECT count(*) FROM users WHERE age > 60")
q("pt", "Custo médio dos produtos por categoria", "SELECT category, avg(cost) FROM products GROUP BY category")
q("pt", "Mediana do preço de venda dos itens completos",
  f"SELECT median(sale_price) FROM {OI} WHERE status = 'Complete'")
q("pt", "Receita anual", f"SELECT date_trunc('year', created_at), sum(sale_price) FROM {OI} GROUP BY 1 ORDER BY 1")
q("pt", "Qual o produto mais barato?", "SELECT name, retail_price FROM products ORDER BY retail_price ASC LIMIT 1")
q("pt", "Quantos itens foram enviados?", f"SELECT count(*) FROM {OI} WHERE status = 'Shipped'")
q("pt", "Quantos pedidos estão em processamento?", "SELECT count(*) FROM orders WHERE status = 'Processing'")
q("en", "How many orders are still processing?", "SELECT count(*) FROM orders WHERE status = 'Processing'")
q("en", "How many items were shipped?", f"SELECT count(*) FROM {OI} WHERE status = 'Shipped'")
q("pt", "Quantos clientes do sexo feminino?", "SELECT count(*) FROM users WHERE gender = 'F'")
q("en", "How many male customers?", "SELECT count(*) FROM users WHERE gender = 'M'")
q("pt", "Total de vendas por mês",
  f"SELECT date_trunc('month', created_at), sum(sale_price) FROM {OI} GROUP BY 1 ORDER BY 1")
q("en", "Weekly orders in 2025",
  "SELECT date_trunc('week', created_at), count(*) FROM orders WHERE created_at >= '2025-01-01' AND "
  "created_at < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Temperatura máxima por dia",
  f"SELECT date_trunc('day', timestamp), max(temperatura) FROM {S} GROUP BY 1 ORDER BY 1")
q("en", "Daily maximum temperature",
  f"SELECT date_trunc('day', timestamp), max(temperatura) FROM {S} GROUP BY 1 ORDER BY 1")
q("pt", "Quantos produtos da marca Gaia?", "SELECT count(*) FROM products WHERE brand = 'Gaia'")
q("en", "How many Gaia products are there?", "SELECT count(*) FROM products WHERE brand = 'Gaia'")
q("pt", "Nível mínimo da água no sensor S02", f"SELECT min(nivel_agua) FROM {S} WHERE sensor = 'S02'")
q("en", "Minimum water level at sensor S02", f"SELECT min(nivel_agua) FROM {S} WHERE sensor = 'S02'")

# ---- Rankings of periods (added with them: a top-N plan with a bucket and no group) -----------------
q("pt", "Qual o mês com maior faturamento?",
  f"SELECT date_trunc('month', created_at), sum(sale_price) AS v FROM {OI} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q("en", "Which weekday has the most orders?",
  "SELECT dayofweek(created_at), count(*) AS n FROM orders GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "Top 3 months by revenue",
  f"SELECT date_trunc('month', created_at), sum(sale_price) AS v FROM {OI} GROUP BY 1 ORDER BY v DESC LIMIT 3")
q("pt", "Qual o dia mais quente?",
  f"SELECT date_trunc('day', timestamp), avg(temperatura) AS v FROM {S} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q("pt", "Em que mês houve mais cadastros de clientes?",
  "SELECT date_trunc('month', created_at), count(*) AS n FROM users GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "Which year had the lowest revenue?",
  f"SELECT date_trunc('year', created_at), sum(sale_price) AS v FROM {OI} GROUP BY 1 ORDER BY v ASC LIMIT 1")
q("pt", "Os 3 dias com mais eventos de compra",
  "SELECT date_trunc('day', created_at), count(*) AS n FROM events WHERE event_type = 'purchase' GROUP BY 1 "
  "ORDER BY n DESC LIMIT 3")
q("pt", "Qual semana teve mais pedidos cancelados?",
  "SELECT date_trunc('week', created_at), count(*) AS n FROM orders WHERE status = 'Cancelled' GROUP BY 1 "
  "ORDER BY n DESC LIMIT 1")

SET.print()
