#!/usr/bin/env python3
"""Source of tests/data/nlq/probe.jsonl: a development set written in the second generalization round, after
unseen.jsonl and b3.jsonl had become development sets, over two more domains the parser had not seen
(gen_probe_data.py: crop harvests with Portuguese headers and units, support tickets with English snake_case
headers). It was written before it was first run (the figure then is in the user guide), then used to develop
the parser. Conventions as in general_source.py. Regenerate with: probe_source.py > probe.jsonl
"""
from question_set import QuestionSet, between

SF, TK = "safras", "tickets"
SET = QuestionSet("p-")
q = SET.q


# ---- Crop harvests ------------------------------------------------------------------------------------------
q("pt", "Qual a produção total de soja?", f"SELECT sum(producao_t) FROM {SF} WHERE cultura = 'Soja'")
q("pt", "Produtividade média por cultura", f"SELECT cultura, avg(produtividade_t_ha) FROM {SF} GROUP BY cultura")
q("pt", "Qual fazenda colheu mais toneladas?",
  f"SELECT fazenda, sum(producao_t) AS v FROM {SF} GROUP BY fazenda ORDER BY v DESC LIMIT 1")
q("pt", "Quantas safras foram irrigadas?", f"SELECT count(*) FROM {SF} WHERE irrigada")
q("en", "Total planted area by state", f"SELECT uf, sum(area_plantada_ha) FROM {SF} GROUP BY uf")
q("pt", "Custo total por fazenda", f"SELECT fazenda, sum(custo_total_r) FROM {SF} GROUP BY fazenda")
q("en", "Average rainfall for corn", f"SELECT avg(chuva_acumulada_mm) FROM {SF} WHERE cultura = 'Milho'")
q("pt", "Quantas colheitas de café em 2024?",
  f"SELECT count(*) FROM {SF} WHERE cultura = 'Café' AND {between('data_da_colheita', '2024-01-01', '2025-01-01')}")
q("en", "Which crop has the highest average yield?",
  f"SELECT cultura, avg(produtividade_t_ha) AS v FROM {SF} GROUP BY cultura ORDER BY v DESC LIMIT 1")
q("pt", "Área plantada média no MT", f"SELECT avg(area_plantada_ha) FROM {SF} WHERE uf = 'MT'")
q("pt", "Top 3 municípios por produção",
  f"SELECT municipio, sum(producao_t) AS v FROM {SF} GROUP BY municipio ORDER BY v DESC LIMIT 3")
q("en", "How many harvests had more than 800 mm of rain?", f"SELECT count(*) FROM {SF} WHERE chuva_acumulada_mm > 800")
q("pt", "Produção de milho por ano de colheita",
  f"SELECT date_trunc('year', data_da_colheita), sum(producao_t) FROM {SF} WHERE cultura = 'Milho' GROUP BY 1 "
  "ORDER BY 1")
q("en", "Total production of irrigated fields", f"SELECT sum(producao_t) FROM {SF} WHERE irrigada")
q("pt", "Qual o mês com maior produção colhida?",
  f"SELECT date_trunc('month', data_da_colheita), sum(producao_t) AS v FROM {SF} GROUP BY 1 ORDER BY v DESC LIMIT 1")
q("pt", "Chuva média por município", f"SELECT municipio, avg(chuva_acumulada_mm) FROM {SF} GROUP BY municipio")
q("en", "Average cost per farm", f"SELECT fazenda, avg(custo_total_r) FROM {SF} GROUP BY fazenda")
q("pt", "Quantas fazendas diferentes existem?", f"SELECT count(DISTINCT fazenda) FROM {SF}")
q("pt", "Qual cultura ocupa mais área plantada?",
  f"SELECT cultura, sum(area_plantada_ha) AS v FROM {SF} GROUP BY cultura ORDER BY v DESC LIMIT 1")
q("en", "Lowest productivity recorded for wheat", f"SELECT min(produtividade_t_ha) FROM {SF} WHERE cultura = 'Trigo'")
q("pt", "Plantios de algodão na Bahia", f"SELECT * FROM {SF} WHERE cultura = 'Algodão' AND uf = 'BA'")
q("en", "Median production of soybeans", f"SELECT median(producao_t) FROM {SF} WHERE cultura = 'Soja'")
q("en", "How many fields were planted in 2023?",
  f"SELECT count(*) FROM {SF} WHERE {between('data_do_plantio', '2023-01-01', '2024-01-01')}")
q("pt", "Qual a maior produtividade de soja irrigada?",
  f"SELECT max(produtividade_t_ha) FROM {SF} WHERE cultura = 'Soja' AND irrigada")
q("en", "Total cost of coffee harvests in Minas Gerais",
  f"SELECT sum(custo_total_r) FROM {SF} WHERE cultura = 'Café' AND uf = 'MG'")

# ---- Support tickets (latest opened 2025-05-31: "last month" is April 2025) -----------------------------------
q("en", "How many tickets are still open?", f"SELECT count(*) FROM {TK} WHERE status = 'Open'")
q("en", "Average first response time by priority",
  f"SELECT priority, avg(first_response_min) FROM {TK} GROUP BY priority")
q("en", "Which agent resolved the most tickets?",
  f"SELECT agent_name, count(*) AS n FROM {TK} WHERE status = 'Resolved' GROUP BY agent_name ORDER BY n DESC LIMIT 1")
q("en", "Average CSAT per channel", f"SELECT channel, avg(csat) FROM {TK} GROUP BY channel")
q("en", "Tickets per product area last month",
  f"SELECT product_area, count(*) FROM {TK} WHERE {between('opened_at', '2025-04-01', '2025-05-01')} "
  "GROUP BY product_area")
q("pt", "Quantos chamados urgentes tivemos em 2025?",
  f"SELECT count(*) FROM {TK} WHERE priority = 'Urgent' AND {between('opened_at', '2025-01-01', '2026-01-01')}")
q("en", "How many tickets were reopened?", f"SELECT count(*) FROM {TK} WHERE reopened")
q("en", "Average resolution time for Enterprise customers",
  f"SELECT avg(resolution_hours) FROM {TK} WHERE customer_tier = 'Enterprise'")
q("pt", "Tempo médio de resolução por agente", f"SELECT agent_name, avg(resolution_hours) FROM {TK} GROUP BY agent_name")
q("en", "Which weekday gets the most tickets?",
  f"SELECT dayofweek(opened_at), count(*) AS n FROM {TK} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "Monthly ticket volume", f"SELECT date_trunc('month', opened_at), count(*) FROM {TK} GROUP BY 1 ORDER BY 1")
q("en", "Top 3 product areas by number of urgent tickets",
  f"SELECT product_area, count(*) AS n FROM {TK} WHERE priority = 'Urgent' GROUP BY product_area "
  "ORDER BY n DESC LIMIT 3")
q("pt", "Nota média de satisfação dos tickets de Billing",
  f"SELECT avg(csat) FROM {TK} WHERE product_area = 'Billing'")
q("en", "How many tickets came in by phone?", f"SELECT count(*) FROM {TK} WHERE channel = 'Phone'")
q("en", "Tickets with a CSAT of 1", f"SELECT * FROM {TK} WHERE csat = 1")
q("pt", "Quantos tickets levaram mais de 48 horas para resolver?",
  f"SELECT count(*) FROM {TK} WHERE resolution_hours > 48")
q("en", "Which channel has the slowest first response?",
  f"SELECT channel, avg(first_response_min) AS v FROM {TK} GROUP BY channel ORDER BY v DESC LIMIT 1")
q("en", "Average first response in minutes for high priority tickets",
  f"SELECT avg(first_response_min) FROM {TK} WHERE priority = 'High'")
q("pt", "Quantos tickets por nível de cliente?", f"SELECT customer_tier, count(*) FROM {TK} GROUP BY customer_tier")
q("en", "Number of tickets closed in May 2025",
  f"SELECT count(*) FROM {TK} WHERE {between('closed_at', '2025-05-01', '2025-06-01')}")
q("pt", "Média de horas para resolução dos chamados do app mobile",
  f"SELECT avg(resolution_hours) FROM {TK} WHERE product_area = 'Mobile App'")
q("en", "List pending tickets from Enterprise customers",
  f"SELECT * FROM {TK} WHERE status = 'Pending' AND customer_tier = 'Enterprise'")
q("pt", "Qual agente tem a melhor nota de CSAT?",
  f"SELECT agent_name, avg(csat) AS v FROM {TK} GROUP BY agent_name ORDER BY v DESC LIMIT 1")

SET.print()
