#!/usr/bin/env python3
"""Source of tests/data/nlq/holdout.jsonl: questions held out from parser development, over data sets with
Portuguese headers and no descriptions (vendas_loja, funcionarios from gen_holdout_data.py) and with new
phrasings over the demo data. Regenerate with:  holdout_source.py > holdout.jsonl
"""
from question_set import QuestionSet

V, F, S, OI = "vendas_loja", "funcionarios", "leituras_sensores", "order_items"
SET = QuestionSet("h-")
q = SET.q


# Retail sales with Portuguese headers.
q("pt", "Qual o faturamento total das lojas?", f"SELECT sum(valor_total) FROM {V}")
q("pt", "Faturamento por região", f"SELECT regiao, sum(valor_total) FROM {V} GROUP BY regiao")
q("pt", "Quanto cada loja vendeu?", f"SELECT loja, sum(valor_total) FROM {V} GROUP BY loja")
q("pt", "Quantas vendas foram feitas no Pix?", f"SELECT count(*) FROM {V} WHERE forma_de_pagamento = 'Pix'")
q("pt", "Quantidade total de notebooks vendidos",
  f"SELECT sum(quantidade) FROM {V} WHERE produto = 'Notebook'")
q("pt", "Valor médio das vendas por forma de pagamento",
  f"SELECT forma_de_pagamento, avg(valor_total) FROM {V} GROUP BY forma_de_pagamento")
q("pt", "Qual vendedor mais faturou?",
  f"SELECT vendedor, sum(valor_total) AS v FROM {V} GROUP BY vendedor ORDER BY v DESC LIMIT 1")
q("pt", "Os 3 produtos com maior faturamento",
  f"SELECT produto, sum(valor_total) AS v FROM {V} GROUP BY produto ORDER BY v DESC LIMIT 3")
q("pt", "Faturamento mensal em 2025",
  f"SELECT date_trunc('month', data_da_venda), sum(valor_total) FROM {V} WHERE data_da_venda >= '2025-01-01' "
  "AND data_da_venda < '2026-01-01' GROUP BY 1 ORDER BY 1", dataset=V)
q("pt", "Vendas acima de 10.000 reais", f"SELECT * FROM {V} WHERE valor_total > 10000")
q("pt", "Quantas vendas da categoria Informática na região Sul?",
  f"SELECT count(*) FROM {V} WHERE categoria = 'Informática' AND regiao = 'Sul'")
q("pt", "Ticket médio na Loja Centro", f"SELECT avg(valor_total) FROM {V} WHERE loja = 'Loja Centro'")
q("pt", "Qual o maior valor unitário de geladeira?", f"SELECT max(valor_unitario) FROM {V} WHERE produto = 'Geladeira'")
q("pt", "Número de vendas por categoria", f"SELECT categoria, count(*) FROM {V} GROUP BY categoria")
q("pt", "Faturamento da Loja Boa Viagem em dezembro de 2024",
  f"SELECT sum(valor_total) FROM {V} WHERE loja = 'Loja Boa Viagem' AND data_da_venda >= '2024-12-01' "
  "AND data_da_venda < '2025-01-01'")
q("pt", "Evolução do faturamento por trimestre",
  f"SELECT date_trunc('quarter', data_da_venda), sum(valor_total) FROM {V} GROUP BY 1 ORDER BY 1", dataset=V)
q("pt", "Quantas vendas com mais de 3 unidades?", f"SELECT count(*) FROM {V} WHERE quantidade > 3")
q("en", "Total revenue by region", f"SELECT regiao, sum(valor_total) FROM {V} GROUP BY regiao")
q("en", "How many sales were paid by boleto?", f"SELECT count(*) FROM {V} WHERE forma_de_pagamento = 'Boleto'")
q("en", "Average sale value per store", f"SELECT loja, avg(valor_total) FROM {V} GROUP BY loja")
q("en", "Top 3 sellers by revenue",
  f"SELECT vendedor, sum(valor_total) AS v FROM {V} GROUP BY vendedor ORDER BY v DESC LIMIT 3")
q("en", "Monthly revenue in 2024",
  f"SELECT date_trunc('month', data_da_venda), sum(valor_total) FROM {V} WHERE data_da_venda >= '2024-01-01' "
  "AND data_da_venda < '2025-01-01' GROUP BY 1 ORDER BY 1", dataset=V)
q("en", "How many smartphones were sold?", f"SELECT sum(quantidade) FROM {V} WHERE produto = 'Smartphone'")
q("en", "Sales count per category", f"SELECT categoria, count(*) FROM {V} GROUP BY categoria")

# Employees with Portuguese headers.
q("pt", "Quantos funcionários temos?", f"SELECT count(*) FROM {F}")
q("pt", "Salário médio por departamento", f"SELECT departamento, avg(salario) FROM {F} GROUP BY departamento")
q("pt", "Qual o maior salário?", f"SELECT max(salario) FROM {F}")
q("pt", "Quantos gerentes existem?", f"SELECT count(*) FROM {F} WHERE cargo = 'Gerente'")
q("pt", "Funcionários por cidade", f"SELECT cidade, count(*) FROM {F} GROUP BY cidade")
q("pt", "Idade média dos funcionários de Tecnologia", f"SELECT avg(idade) FROM {F} WHERE departamento = 'Tecnologia'")
q("pt", "Quantos funcionários foram admitidos em 2020?",
  f"SELECT count(*) FROM {F} WHERE data_admissao >= '2020-01-01' AND data_admissao < '2021-01-01'")
q("pt", "Funcionários com salário acima de 20000", f"SELECT * FROM {F} WHERE salario > 20000")
q("pt", "Mediana do salário por cargo", f"SELECT cargo, median(salario) FROM {F} GROUP BY cargo")
q("pt", "Quantos funcionários ativos?", f"SELECT count(*) FROM {F} WHERE ativo")
q("pt", "Folha salarial total por departamento", f"SELECT departamento, sum(salario) FROM {F} GROUP BY departamento")
q("pt", "Quantos funcionários têm menos de 30 anos?", f"SELECT count(*) FROM {F} WHERE idade < 30")
q("pt", "Admissões por ano", f"SELECT date_trunc('year', data_admissao), count(*) FROM {F} GROUP BY 1 ORDER BY 1")
q("en", "How many employees work in Marketing?", f"SELECT count(*) FROM {F} WHERE departamento = 'Marketing'")
q("en", "Average salary by job title", f"SELECT cargo, avg(salario) FROM {F} GROUP BY cargo")
q("en", "Highest salary in Finance", f"SELECT max(salario) FROM {F} WHERE departamento = 'Financeiro'")
q("en", "Employees by city", f"SELECT cidade, count(*) FROM {F} GROUP BY cidade")
q("en", "How many employees are over 50?", f"SELECT count(*) FROM {F} WHERE idade > 50")
q("en", "Average age of directors", f"SELECT avg(idade) FROM {F} WHERE cargo = 'Diretor'")

# New phrasings over the demo data.
q("pt", "Me diga a temperatura média de cada sensor", f"SELECT sensor, avg(temperatura) FROM {S} GROUP BY sensor")
q("pt", "Em média, qual o nível da água no sensor S07?", f"SELECT avg(nivel_agua) FROM {S} WHERE sensor = 'S07'")
q("pt", "Quantas leituras houve em fevereiro de 2025?",
  f"SELECT count(*) FROM {S} WHERE timestamp >= '2025-02-01' AND timestamp < '2025-03-01'")
q("pt", "Qual sensor registrou a maior temperatura?",
  f"SELECT sensor, max(temperatura) AS v FROM {S} GROUP BY sensor ORDER BY v DESC LIMIT 1")
q("pt", "Umidade mínima registrada em Recife", f"SELECT min(umidade) FROM {S} WHERE local = 'Rio Capibaribe - Recife'")
q("pt", "Número de pedidos cancelados por ano",
  "SELECT date_trunc('year', created_at), count(*) FROM orders WHERE status = 'Cancelled' GROUP BY 1 ORDER BY 1")
q("pt", "Qual o faturamento de 2024?",
  f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01'", dataset=OI)
q("pt", "Quantos clientes do Japão?", "SELECT count(*) FROM users WHERE country = 'Japan'")
q("pt", "Clientes por país", "SELECT country, count(*) FROM users GROUP BY country")
q("pt", "Média de idade das clientes mulheres", "SELECT avg(age) FROM users WHERE gender = 'F'")
q("pt", "Quantos produtos custam mais de 100?", "SELECT count(*) FROM products WHERE retail_price > 100")
q("pt", "Preço médio por categoria de produto", "SELECT category, avg(retail_price) FROM products GROUP BY category",
  dataset="products")
q("pt", "Pedidos feitos em janeiro de 2023", "SELECT * FROM orders WHERE created_at >= '2023-01-01' AND created_at < '2023-02-01'")
q("en", "What is the average humidity for each location?", f"SELECT local, avg(umidade) FROM {S} GROUP BY local")
q("en", "How many alerts per sensor?", f"SELECT sensor, count(*) FROM {S} WHERE status = 'alerta' GROUP BY sensor")
q("en", "Water level trend for sensor S04",
  f"SELECT timestamp, nivel_agua FROM {S} WHERE sensor = 'S04' ORDER BY timestamp")
q("en", "Which country has the most customers?",
  "SELECT country, count(*) AS n FROM users GROUP BY country ORDER BY n DESC LIMIT 1")
q("en", "Revenue in 2023", f"SELECT sum(sale_price) FROM {OI} WHERE created_at >= '2023-01-01' AND created_at < '2024-01-01'")
q("en", "Count of orders per month in 2022",
  "SELECT date_trunc('month', created_at), count(*) FROM orders WHERE created_at >= '2022-01-01' AND created_at < "
  "'2023-01-01' GROUP BY 1 ORDER BY 1")
q("en", "How many female customers are there?", "SELECT count(*) FROM users WHERE gender = 'F'")
q("en", "Average price of Dresses", "SELECT avg(retail_price) FROM products WHERE category = 'Dresses'")
q("en", "Number of products in each department", "SELECT department, count(*) FROM products GROUP BY department")
q("en", "What is the lowest battery level of sensor S06?", f"SELECT min(bateria) FROM {S} WHERE sensor = 'S06'")

SET.print()
