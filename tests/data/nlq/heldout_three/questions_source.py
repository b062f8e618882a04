#!/usr/bin/env python3
"""Source of questions.jsonl: the third held-out set (issue 15), written with its gold SQL before the parser ran on
it and before the parser was changed for the seven failure classes it aims at. Each question carries its class:

  dates     a table with several date columns: the one the question names ("entregues em", "closed in"), else
            the event's own date (the order's placement, the ticket's opening)
  bottom_n  "the N days/months with the lowest/highest X": a ranking over a time bucket
  avg_rank  "which X has the highest average Y": the aggregate word binds to the measure
  lexicon   English words over Portuguese values and headers, Portuguese words over English ones
  related   a filter on a related table (items filtered by an attribute of their order)
  types     comparisons whose types do not fit (a text or date column against a number, a number against a
            text value): unclear; with a few well-typed comparisons beside them
  stem      a numeric column named by its prefix/stem with "por X"/"by X": its mean for levels, temperatures,
            rates and scores, its sum for money and quantities; never a count

Shapes are those of ../heldout_real (single, group, ranking, time, distribution, measure_filter, count_filter,
unclear). Conventions: an order's value is encomendas.valor_total, dated by data_pedido unless the question says
shipped (data_envio) or delivered (data_entrega); a ticket is dated by opened_at unless it says closed; "vendas"/
"sales" of items are sum(quantidade); a day is the calendar day of a timestamp. Regenerate with:
python3 questions_source.py > questions.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from question_set import ShapedQuestionSet, between, month, year  # noqa: E402

E, I, L, T = "encomendas", "itens_encomenda", "leituras_sensores", "support_tickets"
IE = f"{I} i JOIN {E} e ON e.encomenda_id = i.encomenda_id"



questions = ShapedQuestionSet("three-")
q = questions.qc




# ---- 1. several date columns --------------------------------------------------------------------------------
c = "dates"
q(c, "count_filter", "pt", "Quantas encomendas foram entregues em março de 2024?",
  f"SELECT count(*) FROM {E} WHERE {month('data_entrega', 2024, 3)}")
q(c, "count_filter", "en", "How many orders were placed in March 2024?",
  f"SELECT count(*) FROM {E} WHERE {month('data_pedido', 2024, 3)}")
q(c, "measure_filter", "pt", "Valor total das encomendas de 2023",
  f"SELECT sum(valor_total) FROM {E} WHERE {year('data_pedido', 2023)}")
q(c, "time", "en", "Number of orders delivered per month in 2024",
  f"SELECT date_trunc('month', data_entrega), count(*) FROM {E} WHERE {year('data_entrega', 2024)} GROUP BY 1")
q(c, "count_filter", "pt", "Quantas encomendas foram enviadas em janeiro de 2024?",
  f"SELECT count(*) FROM {E} WHERE {month('data_envio', 2024, 1)}")
q(c, "count_filter", "en", "How many tickets were closed in February 2024?",
  f"SELECT count(*) FROM {T} WHERE {month('closed_at', 2024, 2)}")
q(c, "count_filter", "pt", "Quantos chamados foram abertos em fevereiro de 2024?",
  f"SELECT count(*) FROM {T} WHERE {month('opened_at', 2024, 2)}")
q(c, "time", "en", "Tickets per month", f"SELECT date_trunc('month', opened_at), count(*) FROM {T} GROUP BY 1")
q(c, "time", "pt", "Frete total por mês de entrega",
  f"SELECT date_trunc('month', data_entrega), sum(frete) FROM {E} WHERE data_entrega IS NOT NULL GROUP BY 1")
q(c, "time", "en", "Total order value per month in 2024",
  f"SELECT date_trunc('month', data_pedido), sum(valor_total) FROM {E} WHERE {year('data_pedido', 2024)} GROUP BY 1")

# ---- 2. bottom/top N over a time bucket ---------------------------------------------------------------------
c = "bottom_n"
q(c, "ranking", "pt", "Quais os 3 dias com menor valor total de encomendas?",
  f"SELECT data_pedido, sum(valor_total) FROM {E} GROUP BY 1 ORDER BY 2 ASC LIMIT 3")
q(c, "ranking", "en", "The 5 days with the highest total order value",
  f"SELECT data_pedido, sum(valor_total) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 5")
q(c, "ranking", "pt", "Quais os 5 dias com maior nível médio?",
  f"SELECT CAST(lido_em AS DATE), avg(nivel_cm) FROM {L} GROUP BY 1 ORDER BY 2 DESC LIMIT 5")
q(c, "ranking", "en", "Which 3 months had the highest average temperature?",
  f"SELECT date_trunc('month', lido_em), avg(temperatura_c) FROM {L} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q(c, "ranking", "pt", "Os 4 dias com a menor temperatura média",
  f"SELECT CAST(lido_em AS DATE), avg(temperatura_c) FROM {L} GROUP BY 1 ORDER BY 2 ASC LIMIT 4")
q(c, "ranking", "en", "The 2 months with the lowest total freight",
  f"SELECT date_trunc('month', data_pedido), sum(frete) FROM {E} GROUP BY 1 ORDER BY 2 ASC LIMIT 2")
q(c, "ranking", "pt", "Os 3 meses com maior soma de frete",
  f"SELECT date_trunc('month', data_pedido), sum(frete) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q(c, "ranking", "en", "What were the 3 days with the lowest average flow?",
  f"SELECT CAST(lido_em AS DATE), avg(vazao_l_s) FROM {L} GROUP BY 1 ORDER BY 2 ASC LIMIT 3")
q(c, "ranking", "pt", "Quais os 2 meses com menor tempo médio de resolução dos chamados?",
  f"SELECT date_trunc('month', opened_at), avg(resolution_hours) FROM {T} GROUP BY 1 ORDER BY 2 ASC LIMIT 2")
q(c, "ranking", "en", "Top 4 days by total freight",
  f"SELECT data_pedido, sum(frete) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 4")

# ---- 3. which X has the highest average Y -------------------------------------------------------------------
c = "avg_rank"
q(c, "ranking", "pt", "Qual cidade tem o maior valor total médio?",
  f"SELECT cidade, avg(valor_total) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which sensor has the highest average level?",
  f"SELECT sensor, avg(nivel_cm) FROM {L} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which station has the lowest average temperature?",
  f"SELECT estacao, avg(temperatura_c) FROM {L} GROUP BY 1 ORDER BY 2 ASC LIMIT 1")
q(c, "ranking", "pt", "Qual agente tem a maior satisfação média?",
  f"SELECT agent, avg(satisfaction) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which category has the highest average unit price?",
  f"SELECT categoria, avg(preco_unitario) FROM {I} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "pt", "Qual canal tem o menor frete médio?",
  f"SELECT canal, avg(frete) FROM {E} GROUP BY 1 ORDER BY 2 ASC LIMIT 1")
q(c, "ranking", "en", "Which priority has the highest average resolution hours?",
  f"SELECT priority, avg(resolution_hours) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "pt", "Qual estado tem a maior média de frete?",
  f"SELECT estado, avg(frete) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which agent has the highest total resolution hours?",
  f"SELECT agent, sum(resolution_hours) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "pt", "Quais os 3 sensores com maior vazão média?",
  f"SELECT sensor, avg(vazao_l_s) FROM {L} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")

# ---- 4. bilingual lexicon -----------------------------------------------------------------------------------
c = "lexicon"
q(c, "count_filter", "en", "How many cancelled orders are there?",
  f"SELECT count(*) FROM {E} WHERE status = 'cancelado'")
q(c, "measure_filter", "en", "Total value of delivered orders",
  f"SELECT sum(valor_total) FROM {E} WHERE status = 'entregue'")
q(c, "count_filter", "en", "How many orders were returned?", f"SELECT count(*) FROM {E} WHERE status = 'devolvido'")
q(c, "group", "en", "Total order value per state", f"SELECT estado, sum(valor_total) FROM {E} GROUP BY 1")
q(c, "group", "en", "Number of orders per city", f"SELECT cidade, count(*) FROM {E} GROUP BY 1")
q(c, "measure_filter", "en", "Average temperature at the north station",
  f"SELECT avg(temperatura_c) FROM {L} WHERE estacao = 'Norte'")
q(c, "count_filter", "pt", "Quantos chamados fechados existem?", f"SELECT count(*) FROM {T} WHERE status = 'closed'")
q(c, "measure_filter", "pt", "Tempo médio de resolução dos chamados de prioridade alta",
  f"SELECT avg(resolution_hours) FROM {T} WHERE priority = 'high'")
q(c, "group", "pt", "Quantos chamados abertos por canal?",
  f"SELECT channel, count(*) FROM {T} WHERE status = 'open' GROUP BY 1")
q(c, "measure_filter", "pt", "Satisfação média dos chamados urgentes",
  f"SELECT avg(satisfaction) FROM {T} WHERE priority = 'urgent'")
q(c, "count_filter", "pt", "Quantos chamados pendentes há?", f"SELECT count(*) FROM {T} WHERE status = 'pending'")
q(c, "group", "pt", "Quantidade de chamados por cidade", f"SELECT city, count(*) FROM {T} GROUP BY 1")
q(c, "group", "en", "Average price per category", f"SELECT categoria, avg(preco_unitario) FROM {I} GROUP BY 1")
q(c, "measure_filter", "en", "Average freight of cancelled orders",
  f"SELECT avg(frete) FROM {E} WHERE status = 'cancelado'")

# ---- 5. a filter on the related table -----------------------------------------------------------------------
c = "related"
q(c, "measure_filter", "pt", "Quantidade total de itens em encomendas do estado RJ",
  f"SELECT sum(i.quantidade) FROM {IE} WHERE e.estado = 'RJ'")
q(c, "measure_filter", "pt", "Preço unitário médio dos itens de encomendas canceladas",
  f"SELECT avg(i.preco_unitario) FROM {IE} WHERE e.status = 'cancelado'")
q(c, "measure_filter", "en", "Total quantity of items in orders from Curitiba",
  f"SELECT sum(i.quantidade) FROM {IE} WHERE e.cidade = 'Curitiba'")
q(c, "measure_filter", "en", "Average unit price of items in orders placed through the site channel",
  f"SELECT avg(i.preco_unitario) FROM {IE} WHERE e.canal = 'site'")
q(c, "group", "pt", "Quantidade total por categoria nas encomendas entregues",
  f"SELECT i.categoria, sum(i.quantidade) FROM {IE} WHERE e.status = 'entregue' GROUP BY 1")
q(c, "measure_filter", "en", "Total quantity of items in orders placed in 2024",
  f"SELECT sum(i.quantidade) FROM {IE} WHERE {year('e.data_pedido', 2024)}")
q(c, "measure_filter", "pt", "Quantidade total de itens da categoria moda em encomendas de Salvador",
  f"SELECT sum(i.quantidade) FROM {IE} WHERE i.categoria = 'moda' AND e.cidade = 'Salvador'")
q(c, "group", "en", "Total quantity per category for orders in the aplicativo channel",
  f"SELECT i.categoria, sum(i.quantidade) FROM {IE} WHERE e.canal = 'aplicativo' GROUP BY 1")
q(c, "measure_filter", "pt", "Maior preço unitário entre itens de encomendas devolvidas",
  f"SELECT max(i.preco_unitario) FROM {IE} WHERE e.status = 'devolvido'")
q(c, "count_filter", "en", "How many order items belong to orders from the state of MG?",
  f"SELECT count(*) FROM {IE} WHERE e.estado = 'MG'")

# ---- 6. comparisons whose types do not fit ------------------------------------------------------------------
c = "types"
q(c, "unclear", "pt", "Quantas encomendas com cidade maior que 100?")
q(c, "unclear", "pt", "Quantas encomendas têm data de entrega acima de 500?")
q(c, "unclear", "en", "How many tickets have a priority greater than 3?")
q(c, "unclear", "pt", "Quantas leituras com estação acima de 20?")
q(c, "unclear", "en", "How many tickets have opened_at below 10?")
q(c, "unclear", "pt", "Quantos itens com categoria menor que 5?")
q(c, "unclear", "en", "How many orders have a status above 2?")
q(c, "count_filter", "en", "How many tickets have satisfaction above 3?",
  f"SELECT count(*) FROM {T} WHERE satisfaction > 3")
q(c, "count_filter", "pt", "Quantas leituras com nível acima de 250?", f"SELECT count(*) FROM {L} WHERE nivel_cm > 250")
q(c, "count_filter", "en", "How many orders have freight above 50?", f"SELECT count(*) FROM {E} WHERE frete > 50")

# ---- 7. a column named by its stem, "por X" -----------------------------------------------------------------
c = "stem"
q(c, "group", "pt", "nível médio por sensor", f"SELECT sensor, avg(nivel_cm) FROM {L} GROUP BY 1")
q(c, "group", "pt", "media do nivel por sensor", f"SELECT sensor, avg(nivel_cm) FROM {L} GROUP BY 1")
q(c, "group", "pt", "nivel por estacao", f"SELECT estacao, avg(nivel_cm) FROM {L} GROUP BY 1")
q(c, "group", "pt", "temperatura por estação", f"SELECT estacao, avg(temperatura_c) FROM {L} GROUP BY 1")
q(c, "group", "pt", "vazão por sensor", f"SELECT sensor, avg(vazao_l_s) FROM {L} GROUP BY 1")
q(c, "group", "pt", "bateria por sensor", f"SELECT sensor, avg(bateria_pct) FROM {L} GROUP BY 1")
q(c, "group", "pt", "frete por estado", f"SELECT estado, sum(frete) FROM {E} GROUP BY 1")
q(c, "group", "pt", "quantidade por categoria", f"SELECT categoria, sum(quantidade) FROM {I} GROUP BY 1")
q(c, "group", "en", "temperature by station", f"SELECT estacao, avg(temperatura_c) FROM {L} GROUP BY 1")
q(c, "group", "en", "satisfaction by channel", f"SELECT channel, avg(satisfaction) FROM {T} GROUP BY 1")
q(c, "group", "en", "resolution hours by agent", f"SELECT agent, avg(resolution_hours) FROM {T} GROUP BY 1")
q(c, "group", "en", "freight by channel", f"SELECT canal, sum(frete) FROM {E} GROUP BY 1")

if __name__ == "__main__":
    questions.print()
