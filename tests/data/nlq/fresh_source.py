#!/usr/bin/env python3
"""Source of tests/data/nlq/fresh.jsonl: the generalization figure. Written after the parser was frozen and
never used to change it: questions over two data sets it had never seen (gen_fresh_data.py: imoveis with
Portuguese headers with units in parentheses, trips with English camelCase headers) and new phrasings over the
data of the other sets. The gold SQL is what an analyst would write; conventions as in general_source.py (periods
anchored at the latest record; "last quarter", "last month" are the previous calendar period). Regenerate with:
fresh_source.py > fresh.jsonl
"""
from question_set import QuestionSet

IM, TR = "imoveis", "trips"
SET = QuestionSet("f-")
q = SET.q


# ---- Real-estate listings (latest listing 2025-08-14: "último trimestre" is 2025-04-01 .. 2025-07-01) -----
q("pt", "Quantos imóveis estão anunciados?", f"SELECT count(*) FROM {IM}")
q("pt", "Qual o preço médio dos apartamentos à venda em São Paulo?",
  f"SELECT avg(preco_r) FROM {IM} WHERE tipo = 'Apartamento' AND finalidade = 'Venda' AND cidade = 'São Paulo'")
q("pt", "Aluguel médio por cidade", f"SELECT cidade, avg(preco_r) FROM {IM} WHERE finalidade = 'Aluguel' GROUP BY cidade")
q("pt", "Quantos imóveis para alugar em Curitiba?",
  f"SELECT count(*) FROM {IM} WHERE finalidade = 'Aluguel' AND cidade = 'Curitiba'")
q("pt", "Área média dos imóveis por tipo", f"SELECT tipo, avg(area_m) FROM {IM} GROUP BY tipo")
q("pt", "Quantos apartamentos têm 3 quartos?", f"SELECT count(*) FROM {IM} WHERE tipo = 'Apartamento' AND quartos = 3")
q("pt", "Imóveis com mais de 200 m²", f"SELECT * FROM {IM} WHERE area_m > 200")
q("pt", "Qual a cidade com mais imóveis anunciados?",
  f"SELECT cidade, count(*) AS n FROM {IM} GROUP BY cidade ORDER BY n DESC LIMIT 1")
q("pt", "Valor médio do condomínio em Copacabana", f"SELECT avg(condominio_r) FROM {IM} WHERE bairro = 'Copacabana'")
q("pt", "Quantos imóveis mobiliados aceitam pet?", f"SELECT count(*) FROM {IM} WHERE mobiliado AND aceita_pet")
q("pt", "Anúncios por mês em 2025",
  f"SELECT date_trunc('month', data_do_anuncio), count(*) FROM {IM} WHERE data_do_anuncio >= '2025-01-01' "
  "AND data_do_anuncio < '2026-01-01' GROUP BY 1 ORDER BY 1")
q("pt", "Quantos imóveis foram anunciados no último trimestre?",
  f"SELECT count(*) FROM {IM} WHERE data_do_anuncio >= '2025-04-01' AND data_do_anuncio < '2025-07-01'")
q("pt", "Os 5 bairros com mais anúncios",
  f"SELECT bairro, count(*) AS n FROM {IM} GROUP BY bairro ORDER BY n DESC LIMIT 5")
q("pt", "Preço máximo de uma cobertura à venda no Rio de Janeiro",
  f"SELECT max(preco_r) FROM {IM} WHERE tipo = 'Cobertura' AND finalidade = 'Venda' AND cidade = 'Rio de Janeiro'")
q("pt", "Mediana de quartos por cidade", f"SELECT cidade, median(quartos) FROM {IM} GROUP BY cidade")
q("pt", "Quantas salas comerciais estão para alugar?",
  f"SELECT count(*) FROM {IM} WHERE tipo = 'Sala Comercial' AND finalidade = 'Aluguel'")
q("pt", "Qual o menor preço de casa à venda em Porto Alegre?",
  f"SELECT min(preco_r) FROM {IM} WHERE tipo = 'Casa' AND finalidade = 'Venda' AND cidade = 'Porto Alegre'")
q("en", "How many listings are for sale in Florianópolis?",
  f"SELECT count(*) FROM {IM} WHERE finalidade = 'Venda' AND cidade = 'Florianópolis'")
q("en", "Average number of bedrooms by property type", f"SELECT tipo, avg(quartos) FROM {IM} GROUP BY tipo")
q("en", "Number of studios per city", f"SELECT cidade, count(*) FROM {IM} WHERE tipo = 'Studio' GROUP BY cidade")

# ---- Fleet trips (latest departure 2025-05-20: "last month" is April 2025) ----------------------------------
q("en", "How many trips were completed?", f"SELECT count(*) FROM {TR} WHERE tripstatus = 'Completed'")
q("en", "Total distance driven by each driver", f"SELECT drivername, sum(distancekm) FROM {TR} GROUP BY drivername")
q("en", "Average fuel per trip for trucks", f"SELECT avg(fuelliters) FROM {TR} WHERE vehicletype = 'Truck'")
q("en", "Which vehicle type has the highest average delay?",
  f"SELECT vehicletype, avg(delayminutes) AS v FROM {TR} GROUP BY vehicletype ORDER BY v DESC LIMIT 1")
q("en", "Revenue by origin city", f"SELECT origincity, sum(triprevenue) FROM {TR} GROUP BY origincity")
q("en", "Top 3 drivers by revenue in 2025",
  f"SELECT drivername, sum(triprevenue) AS v FROM {TR} WHERE departuretime >= '2025-01-01' "
  "AND departuretime < '2026-01-01' GROUP BY drivername ORDER BY v DESC LIMIT 3")
q("en", "How many trips were cancelled last month?",
  f"SELECT count(*) FROM {TR} WHERE tripstatus = 'Cancelled' AND departuretime >= '2025-04-01' "
  "AND departuretime < '2025-05-01'")
q("en", "Monthly toll costs", f"SELECT date_trunc('month', departuretime), sum(tollcost) FROM {TR} GROUP BY 1 ORDER BY 1")
q("en", "Trips longer than 800 km", f"SELECT * FROM {TR} WHERE distancekm > 800")
q("en", "What is the average cargo weight of vans?", f"SELECT avg(cargoweightkg) FROM {TR} WHERE vehicletype = 'Van'")
q("en", "Number of trips from Chicago to Detroit",
  f"SELECT count(*) FROM {TR} WHERE origincity = 'Chicago' AND destinationcity = 'Detroit'")
q("en", "Median delay in minutes per destination",
  f"SELECT destinationcity, median(delayminutes) FROM {TR} GROUP BY destinationcity")
q("en", "How many different vehicles do we have?", f"SELECT count(DISTINCT vehicleplate) FROM {TR}")
q("en", "Average revenue per trip between January and March 2025",
  f"SELECT avg(triprevenue) FROM {TR} WHERE departuretime >= '2025-01-01' AND departuretime < '2025-04-01'")
q("en", "Which driver drove the most kilometers?",
  f"SELECT drivername, sum(distancekm) AS v FROM {TR} GROUP BY drivername ORDER BY v DESC LIMIT 1")
q("pt", "Receita total das viagens em 2024",
  f"SELECT sum(triprevenue) FROM {TR} WHERE departuretime >= '2024-01-01' AND departuretime < '2025-01-01'")
q("pt", "Consumo médio de combustível por tipo de veículo",
  f"SELECT vehicletype, avg(fuelliters) FROM {TR} GROUP BY vehicletype")
q("pt", "Quantas viagens atrasaram mais de 60 minutos?", f"SELECT count(*) FROM {TR} WHERE delayminutes > 60")
q("pt", "Custo total de pedágio por motorista", f"SELECT drivername, sum(tollcost) FROM {TR} GROUP BY drivername")

# ---- New phrasings over the data of the other sets ---------------------------------------------------------
q("pt", "Qual foi o faturamento da Loja Batel no primeiro semestre de 2025?",
  "SELECT sum(valor_total) FROM vendas_loja WHERE loja = 'Loja Batel' AND data_da_venda >= '2025-01-01' "
  "AND data_da_venda < '2025-07-01'")
q("pt", "Me diga quantos funcionários do Financeiro ganham mais de 15 mil",
  "SELECT count(*) FROM funcionarios WHERE departamento = 'Financeiro' AND salario > 15000")
q("pt", "Qual o ticket médio das vendas no cartão de crédito?",
  "SELECT avg(valor_total) FROM vendas_loja WHERE forma_de_pagamento = 'Cartão de crédito'")
q("en", "Show the average temperature for each sensor in March 2025",
  "SELECT sensor, avg(temperatura) FROM leituras_sensores WHERE timestamp >= '2025-03-01' AND timestamp < '2025-04-01' "
  "GROUP BY sensor")
q("en", "How many orders did women place in 2024?",
  "SELECT count(*) FROM orders WHERE gender = 'F' AND created_at >= '2024-01-01' AND created_at < '2025-01-01'")
q("pt", "Quantos eventos vieram do YouTube?", "SELECT count(*) FROM events WHERE traffic_source = 'YouTube'")
q("en", "Which product category has the lowest average price?",
  "SELECT category, avg(retail_price) AS v FROM products GROUP BY category ORDER BY v ASC LIMIT 1")
q("pt", "Quantas internações de pacientes do sexo masculino na Neurologia?",
  "SELECT count(*) FROM internacoes WHERE sexo = 'Masculino' AND especialidade = 'Neurologia'")
q("en", "Total freight cost per month for DHL",
  "SELECT date_trunc('month', shipped_at), sum(freight_cost) FROM shipments WHERE carrier = 'DHL' GROUP BY 1 ORDER BY 1")
q("pt", "Qual gerente de contas tem o maior MRR total?",
  "SELECT account_manager, sum(mrr_usd) AS v FROM subscriptions GROUP BY account_manager ORDER BY v DESC LIMIT 1")
q("en", "Average hospital bill for ICU stays", "SELECT avg(valor_da_conta) FROM internacoes WHERE uti")
q("pt", "Quantos clientes se cadastraram pelo Facebook em 2025?",
  "SELECT count(*) FROM users WHERE traffic_source = 'Facebook' AND created_at >= '2025-01-01' AND created_at < '2026-01-01'")
q("en", "What is the median age of our customers?", "SELECT median(age) FROM users")
q("pt", "Média de pressão por local em abril",
  "SELECT local, avg(pressao) FROM leituras_sensores WHERE timestamp >= '2025-04-01' AND timestamp < '2025-05-01' "
  "GROUP BY local")
q("en", "List the employees hired since 2022", "SELECT * FROM funcionarios WHERE data_admissao >= '2022-01-01'")
q("pt", "Quantas remessas da UPS foram devolvidas?",
  "SELECT count(*) FROM shipments WHERE carrier = 'UPS' AND status = 'Returned'")
q("en", "Top 5 cities by number of customers",
  "SELECT city, count(*) AS n FROM users GROUP BY city ORDER BY n DESC LIMIT 5")
q("en", "What was the lowest water level in Porto Alegre?",
  "SELECT min(nivel_agua) FROM leituras_sensores WHERE local = 'Rio Guaíba - Porto Alegre'")
q("pt", "Quantos pedidos com 4 itens ou mais?", "SELECT count(*) FROM orders WHERE num_of_item >= 4")
q("en", "Average salary of managers in Campinas",
  "SELECT avg(salario) FROM funcionarios WHERE cargo = 'Gerente' AND cidade = 'Campinas'")

SET.print()
