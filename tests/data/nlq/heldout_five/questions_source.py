#!/usr/bin/env python3
"""Source of questions.jsonl: the fifth held-out set (issue 15), 120 questions (half pt-BR, half English) over four
domains no other set uses (a restaurant's checks, waiters and dishes; a warehouse's SKUs and stock movements; a
school's students and grades; a bike-share network's stations and trips), written with gold SQL and committed
before the parser ran on them. Each question is tagged with a class: plain, dates (a table with two dates), bottom_n
(N periods or rows at the top or bottom), avg_rank ("which X has the highest average Y"), lexicon (an English word
over a Portuguese value or header), related (a filter or group on a related table), types (a number or a comparison
against a column), null (a missing value as a filter), stem (a measure named by part of its column).

Conventions: a check (comanda) is dated by `data`; a trip by `started_at` unless the question says it ended; a
movement by `data_solicitacao` when requested and `data_efetivacao` when carried out (a series over the latter
leaves out the movements not carried out); money and counts of things (absences, quantities) are summed and grades, durations, capacities and
scores averaged when no aggregate is said; a measure with a filter and no aggregate word is the vector of its values. Regenerate with:
python3 questions_source.py > questions.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from question_set import ShapedQuestionSet, month  # noqa: E402

G, C, I, K, M, A, N, S, T = ("garcons", "comandas", "itens_comanda", "skus", "movimentacoes", "alunos", "notas",
                             "stations", "bike_trips")
NA = f"{N} n JOIN {A} a ON a.matricula = n.matricula"
IC = f"{I} i JOIN {C} c ON c.comanda = i.comanda"
CG = f"{C} c JOIN {G} g ON g.codigo_garcom = c.codigo_garcom"
TS = f"{T} t JOIN {S} s ON s.station_id = t.start_station_id"

questions = ShapedQuestionSet("five-")
q = questions.qc

# single numbers
q("plain", "single", "pt", "Quantas comandas foram registradas?", f"SELECT count(*) FROM {C}")
q("plain", "single", "pt", "Qual o valor médio das comandas?", f"SELECT avg(valor_total_r) FROM {C}")
q("plain", "single", "pt", "Qual a nota média dos alunos?", f"SELECT avg(nota) FROM {N}")
q("plain", "single", "pt", "Quantos SKUs estão cadastrados?", f"SELECT count(*) FROM {K}")
q("plain", "single", "pt", "Qual a maior gorjeta já recebida?", f"SELECT max(gorjeta_r) FROM {C}")
q("plain", "single", "pt", "Total de faltas registradas", f"SELECT sum(faltas) FROM {N}")
q("plain", "single", "pt", "Quantos garçons trabalham no restaurante?", f"SELECT count(*) FROM {G}")
q("plain", "single", "pt", "Qual o peso médio dos produtos do armazém?", f"SELECT avg(peso_kg) FROM {K}")
q("plain", "single", "en", "How many bike trips are there?", f"SELECT count(*) FROM {T}")
q("plain", "single", "en", "What is the average trip duration?", f"SELECT avg(duration_min) FROM {T}")
q("plain", "single", "en", "What is the longest distance ridden?", f"SELECT max(distance_km) FROM {T}")
q("plain", "single", "en", "Total fares collected", f"SELECT sum(fare_usd) FROM {T}")
q("plain", "single", "en", "How many stations does the network have?", f"SELECT count(*) FROM {S}")
q("lexicon", "single", "en", "What is the average grade of the students?", f"SELECT avg(nota) FROM {N}")
q("lexicon", "single", "en", "How many stock movements were recorded?", f"SELECT count(*) FROM {M}")
q("lexicon", "single", "en", "What's the average number of people per check?", f"SELECT avg(pessoas) FROM {C}")

# per group
q("plain", "group", "pt", "Valor total das comandas por forma de pagamento",
  f"SELECT forma_de_pagamento, sum(valor_total_r) FROM {C} GROUP BY 1")
q("plain", "group", "pt", "Nota média por disciplina", f"SELECT disciplina, avg(nota) FROM {N} GROUP BY 1")
q("stem", "group", "pt", "Quantidade movimentada por armazém", f"SELECT armazem, sum(quantidade) FROM {M} GROUP BY 1")
q("plain", "group", "pt", "Número de comandas por garçom", f"SELECT codigo_garcom, count(*) FROM {C} GROUP BY 1")
q("related", "group", "pt", "Faltas por turma", f"SELECT a.turma, sum(n.faltas) FROM {NA} GROUP BY 1")
q("plain", "group", "pt", "Quantos alunos por cidade?", f"SELECT cidade, count(*) FROM {A} GROUP BY 1")
q("plain", "group", "pt", "Média de pessoas por mesa", f"SELECT mesa, avg(pessoas) FROM {C} GROUP BY 1")
q("plain", "group", "pt", "Quantos itens por categoria de prato?", f"SELECT categoria, count(*) FROM {I} GROUP BY 1")
q("plain", "group", "en", "Average fare by rider type", f"SELECT rider_type, avg(fare_usd) FROM {T} GROUP BY 1")
q("plain", "group", "en", "Number of trips per bike type", f"SELECT bike_type, count(*) FROM {T} GROUP BY 1")
q("plain", "group", "en", "Total capacity by district", f"SELECT district, sum(capacity) FROM {S} GROUP BY 1")
q("related", "group", "en", "Average grade per class", f"SELECT a.turma, avg(n.nota) FROM {NA} GROUP BY 1")
q("lexicon", "group", "en", "Number of stock movements by type", f"SELECT tipo, count(*) FROM {M} GROUP BY 1")
q("lexicon", "group", "en", "Average tip per waiter", f"SELECT codigo_garcom, avg(gorjeta_r) FROM {C} GROUP BY 1")
q("related", "group", "en", "Trips by district of the start station",
  f"SELECT s.district, count(*) FROM {TS} GROUP BY 1")
q("lexicon", "group", "en", "Average check value by payment method",
  f"SELECT forma_de_pagamento, avg(valor_total_r) FROM {C} GROUP BY 1")

# rankings
q("plain", "ranking", "pt", "Quais os 3 pratos com maior quantidade vendida?",
  f"SELECT prato, sum(qtd) FROM {I} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q("plain", "ranking", "pt", "Qual garçom atendeu mais comandas?",
  f"SELECT codigo_garcom, count(*) FROM {C} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("bottom_n", "ranking", "pt", "Os 5 dias com menor valor total de comandas",
  f"SELECT data, sum(valor_total_r) FROM {C} GROUP BY 1 ORDER BY 2 ASC LIMIT 5")
q("avg_rank", "ranking", "pt", "Qual disciplina tem a maior nota média?",
  f"SELECT disciplina, avg(nota) FROM {N} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("related", "ranking", "pt", "Qual turma tem a menor nota média?",
  f"SELECT a.turma, avg(n.nota) FROM {NA} GROUP BY 1 ORDER BY 2 ASC LIMIT 1")
q("plain", "ranking", "pt", "Qual armazém teve mais saídas?",
  f"SELECT armazem, count(*) FROM {M} WHERE tipo = 'Saída' GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("plain", "ranking", "pt", "Quais os 5 SKUs mais pesados?", f"SELECT sku, peso_kg FROM {K} ORDER BY peso_kg DESC LIMIT 5")
q("plain", "ranking", "pt", "Qual fornecedor tem mais SKUs?",
  f"SELECT fornecedor, count(*) FROM {K} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("plain", "ranking", "en", "Which 3 stations had the most trip starts?",
  f"SELECT start_station_id, count(*) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q("bottom_n", "ranking", "en", "The 5 days with the lowest number of trips",
  f"SELECT CAST(started_at AS DATE), count(*) FROM {T} GROUP BY 1 ORDER BY 2 ASC LIMIT 5")
q("avg_rank", "ranking", "en", "Which district has the highest average capacity?",
  f"SELECT district, avg(capacity) FROM {S} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("avg_rank", "ranking", "en", "Which rider type has the highest average trip duration?",
  f"SELECT rider_type, avg(duration_min) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("lexicon", "ranking", "en", "Top 3 waiters by total tips",
  f"SELECT codigo_garcom, sum(gorjeta_r) FROM {C} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q("bottom_n", "ranking", "en", "What are the 5 longest trips by distance?",
  f"SELECT trip_id, distance_km FROM {T} WHERE distance_km IS NOT NULL ORDER BY distance_km DESC LIMIT 5")
q("lexicon", "ranking", "en", "Which subject has the most absences?",
  f"SELECT disciplina, sum(faltas) FROM {N} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q("bottom_n", "ranking", "en", "Which 2 months had the highest total fares?",
  f"SELECT date_trunc('month', started_at), sum(fare_usd) FROM {T} GROUP BY 1 ORDER BY 2 DESC LIMIT 2")

# over time
q("plain", "time", "pt", "Valor total das comandas por mês",
  f"SELECT date_trunc('month', data), sum(valor_total_r) FROM {C} GROUP BY 1")
q("plain", "time", "pt", "Quantas comandas por mês em 2024?", f"SELECT date_trunc('month', data), count(*) FROM {C} GROUP BY 1")
q("dates", "time", "pt", "Movimentações solicitadas por mês",
  f"SELECT date_trunc('month', data_solicitacao), count(*) FROM {M} GROUP BY 1")
q("dates", "time", "pt", "Quantidade efetivada por mês",
  f"SELECT date_trunc('month', data_efetivacao), sum(quantidade) FROM {M} WHERE data_efetivacao IS NOT NULL GROUP BY 1")
q("plain", "time", "pt", "Evolução das gorjetas mês a mês",
  f"SELECT date_trunc('month', data), sum(gorjeta_r) FROM {C} GROUP BY 1")
q("plain", "time", "pt", "Valor total das comandas por dia em março de 2024",
  f"SELECT data, sum(valor_total_r) FROM {C} WHERE {month('data', 2024, 3)} GROUP BY 1")
q("plain", "time", "pt", "Média de pessoas por comanda mês a mês",
  f"SELECT date_trunc('month', data), avg(pessoas) FROM {C} GROUP BY 1")
q("plain", "time", "en", "Trips per month", f"SELECT date_trunc('month', started_at), count(*) FROM {T} GROUP BY 1")
q("plain", "time", "en", "Average trip duration per week",
  f"SELECT date_trunc('week', started_at), avg(duration_min) FROM {T} GROUP BY 1")
q("plain", "time", "en", "Total fares per day in May 2024",
  f"SELECT CAST(started_at AS DATE), sum(fare_usd) FROM {T} WHERE {month('started_at', 2024, 5)} GROUP BY 1")
q("plain", "time", "en", "How did the number of electric bike trips change month over month?",
  f"SELECT date_trunc('month', started_at), count(*) FROM {T} WHERE bike_type = 'electric' GROUP BY 1")
q("lexicon", "time", "en", "Monthly stock movements requested",
  f"SELECT date_trunc('month', data_solicitacao), count(*) FROM {M} GROUP BY 1")
q("lexicon", "time", "en", "Check value per month", f"SELECT date_trunc('month', data), sum(valor_total_r) FROM {C} GROUP BY 1")
q("dates", "time", "en", "Trips ended per day in June 2024",
  f"SELECT CAST(ended_at AS DATE), count(*) FROM {T} WHERE {month('ended_at', 2024, 6)} GROUP BY 1")

# distributions with a filter
q("plain", "distribution", "pt", "Distribuição do valor das comandas pagas com Pix",
  f"SELECT valor_total_r FROM {C} WHERE forma_de_pagamento = 'Pix'")
q("plain", "distribution", "pt", "Como se distribuem as notas de Matemática?",
  f"SELECT nota FROM {N} WHERE disciplina = 'Matemática'")
q("plain", "distribution", "pt", "Distribuição da quantidade nas saídas do armazém de Recife",
  f"SELECT quantidade FROM {M} WHERE tipo = 'Saída' AND armazem = 'Recife'")
q("plain", "distribution", "pt", "Como se distribui o custo unitário das entradas?",
  f"SELECT custo_unit FROM {M} WHERE tipo = 'Entrada'")
q("related", "distribution", "pt", "Distribuição das gorjetas dos garçons do turno do jantar",
  f"SELECT c.gorjeta_r FROM {CG} WHERE g.turno = 'Jantar'")
q("related", "distribution", "pt", "Distribuição das faltas dos alunos bolsistas",
  f"SELECT n.faltas FROM {NA} WHERE a.bolsista")
q("plain", "distribution", "en", "Distribution of trip duration for casual riders",
  f"SELECT duration_min FROM {T} WHERE rider_type = 'casual'")
q("plain", "distribution", "en", "What does the distribution of fares look like for electric bikes?",
  f"SELECT fare_usd FROM {T} WHERE bike_type = 'electric'")
q("related", "distribution", "en", "Distribution of distance for trips starting in Harbor",
  f"SELECT t.distance_km FROM {TS} WHERE s.district = 'Harbor'")
q("lexicon", "distribution", "en", "Distribution of grades in History", f"SELECT nota FROM {N} WHERE disciplina = 'História'")
q("lexicon", "distribution", "en", "Distribution of check totals paid by credit card",
  f"SELECT valor_total_r FROM {C} WHERE forma_de_pagamento = 'Cartão de Crédito'")
q("plain", "distribution", "en", "How are ratings distributed for member trips?",
  f"SELECT rating FROM {T} WHERE rider_type = 'member'")

# a measure with a filter and no aggregate word
q("plain", "measure_filter", "pt", "Gorjeta das comandas pagas em dinheiro",
  f"SELECT gorjeta_r FROM {C} WHERE forma_de_pagamento = 'Dinheiro'")
q("related", "measure_filter", "pt", "Notas de Português da turma 7A",
  f"SELECT n.nota FROM {NA} WHERE n.disciplina = 'Português' AND a.turma = '7A'")
q("plain", "measure_filter", "pt", "Custo unitário das transferências", f"SELECT custo_unit FROM {M} WHERE tipo = 'Transferência'")
q("plain", "measure_filter", "pt", "Peso dos SKUs de Ferramentas", f"SELECT peso_kg FROM {K} WHERE categoria = 'Ferramentas'")
q("plain", "measure_filter", "pt", "Quantidade das movimentações pendentes", f"SELECT quantidade FROM {M} WHERE status = 'Pendente'")
q("related", "measure_filter", "pt", "Faltas dos alunos de Palhoça", f"SELECT n.faltas FROM {NA} WHERE a.cidade = 'Palhoça'")
q("plain", "measure_filter", "pt", "Preço unitário das sobremesas", f"SELECT preco_unitario_r FROM {I} WHERE categoria = 'Sobremesa'")
q("types", "measure_filter", "pt", "Pessoas por comanda na mesa 12", f"SELECT pessoas FROM {C} WHERE mesa = 12")
q("plain", "measure_filter", "en", "Fares of casual riders in June 2024",
  f"SELECT fare_usd FROM {T} WHERE rider_type = 'casual' AND {month('started_at', 2024, 6)}")
q("plain", "measure_filter", "en", "Duration of electric bike trips", f"SELECT duration_min FROM {T} WHERE bike_type = 'electric'")
q("lexicon", "measure_filter", "en", "Tips of checks paid by Pix", f"SELECT gorjeta_r FROM {C} WHERE forma_de_pagamento = 'Pix'")
q("lexicon", "measure_filter", "en", "Unit cost of the adjustments", f"SELECT custo_unit FROM {M} WHERE tipo = 'Ajuste'")
q("related", "measure_filter", "en", "Grades of the scholarship students", f"SELECT n.nota FROM {NA} WHERE a.bolsista")
q("plain", "measure_filter", "en", "Capacity of the Riverside stations", f"SELECT capacity FROM {S} WHERE district = 'Riverside'")
q("related", "measure_filter", "en", "Distance of trips from the Central Plaza station",
  f"SELECT t.distance_km FROM {TS} WHERE s.station_name = 'Central Plaza'")
q("lexicon", "measure_filter", "en", "Quantity of the pending movements in Curitiba",
  f"SELECT quantidade FROM {M} WHERE status = 'Pendente' AND armazem = 'Curitiba'")

# counts with filters
q("plain", "count_filter", "pt", "Quantas comandas foram canceladas?", f"SELECT count(*) FROM {C} WHERE status = 'Cancelada'")
q("plain", "count_filter", "pt", "Quantas comandas pagas com Pix em março de 2024?",
  f"SELECT count(*) FROM {C} WHERE forma_de_pagamento = 'Pix' AND {month('data', 2024, 3)}")
q("plain", "count_filter", "pt", "Quantos alunos bolsistas?", f"SELECT count(*) FROM {A} WHERE bolsista")
q("types", "count_filter", "pt", "Quantas notas abaixo de 5?", f"SELECT count(*) FROM {N} WHERE nota < 5")
q("dates", "count_filter", "pt", "Quantas movimentações foram efetivadas em abril de 2024?",
  f"SELECT count(*) FROM {M} WHERE {month('data_efetivacao', 2024, 4)}")
q("null", "count_filter", "pt", "Quantas comandas sem garçom?", f"SELECT count(*) FROM {C} WHERE codigo_garcom IS NULL")
q("plain", "count_filter", "pt", "Quantos SKUs inativos?", f"SELECT count(*) FROM {K} WHERE NOT ativo")
q("related", "count_filter", "pt", "Quantos itens de bebida nas comandas da mesa 5?",
  f"SELECT count(*) FROM {IC} WHERE i.categoria = 'Bebida' AND c.mesa = 5")
q("plain", "count_filter", "en", "How many trips by casual riders in May 2024?",
  f"SELECT count(*) FROM {T} WHERE rider_type = 'casual' AND {month('started_at', 2024, 5)}")
q("null", "count_filter", "en", "How many trips have no distance recorded?", f"SELECT count(*) FROM {T} WHERE distance_km IS NULL")
q("types", "count_filter", "en", "How many trips lasted more than 30 minutes?", f"SELECT count(*) FROM {T} WHERE duration_min > 30")
q("lexicon", "count_filter", "en", "How many cancelled checks?", f"SELECT count(*) FROM {C} WHERE status = 'Cancelada'")
q("lexicon", "count_filter", "en", "How many pending movements?", f"SELECT count(*) FROM {M} WHERE status = 'Pendente'")
q("related", "count_filter", "en", "How many trips started at Downtown stations?",
  f"SELECT count(*) FROM {TS} WHERE s.district = 'Downtown'")
q("lexicon", "count_filter", "en", "How many grades in Math are below 6?",
  f"SELECT count(*) FROM {N} WHERE disciplina = 'Matemática' AND nota < 6")
q("dates", "count_filter", "en", "How many trips ended in July 2024?", f"SELECT count(*) FROM {T} WHERE {month('ended_at', 2024, 7)}")

# should be unclear (nothing in the data answers them, or the comparison does not fit the column)
q("plain", "unclear", "pt", "Qual o lucro do restaurante?")
q("plain", "unclear", "pt", "Qual o salário médio dos garçons?")
q("types", "unclear", "pt", "Quantas comandas com status acima de 3?")
q("plain", "unclear", "pt", "Qual o valor?")
q("plain", "unclear", "pt", "Média de idade dos fornecedores")
q("plain", "unclear", "pt", "Quantas reclamações por armazém?")
q("plain", "unclear", "pt", "Quantos alunos foram aprovados?")
q("plain", "unclear", "en", "What is the profit margin per dish?")
q("plain", "unclear", "en", "How many helmets were rented?")
q("plain", "unclear", "en", "Average temperature per station")
q("types", "unclear", "en", "How many trips with bike_type greater than 5?")
q("plain", "unclear", "en", "Show me the numbers")
q("related", "unclear", "en", "Which waiter has the highest customer rating?")
q("plain", "unclear", "en", "What's the delivery time of each supplier?")

if __name__ == "__main__":
    questions.print()
