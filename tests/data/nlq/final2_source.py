#!/usr/bin/env python3
"""Source of tests/data/nlq/final2.jsonl: the second final held-out set, over three more domains the parser was never
developed on (gen_final2_data.py: reservas_hotel, a hotel chain's bookings with plain Portuguese snake_case headers;
job_applications, a recruiting pipeline with English snake_case headers and timestamps; propostas_credito, a bank's
loan applications with abbreviated Brazilian headers with accents, dots and units: "Dt. Solicitação",
"Vlr. Solicitado (R$)", "Tx. Juros a.m. (%)"). Roughly half the questions are in Portuguese and half in English,
several in the other language than the data's vocabulary, as analysts type them.

Written and its gold SQL validated with the parser frozen, before the parser ever saw a single question of it; it is
held out for good: it is never used to change the parser (a failure here is a measurement, not a to-do list).

Conventions as in general_source.py: relative periods are anchored at the latest record of the table ("last 30
days" counts back from it; "last quarter", "last month" and "last year" are the previous calendar period before
the one holding the latest record; "this year" is the calendar year of the latest record); a month with no year is
the latest such month. Rows of reservas_hotel are bookings (cancelled ones included; "reservas", "check-ins" count
rows; "valor total" sums valor_total); rows of job_applications are applications ("hires", "contratações" count
rows with stage 'Hired'); rows of propostas_credito are loan applications ("aprovadas", "recusadas" count rows by
situacao). Regenerate with: python3 final2_source.py > final2.jsonl
"""
from question_set import QuestionSet, between

H, J, P = "reservas_hotel", "job_applications", "propostas_credito"
SET = QuestionSet("fn2-")
q = SET.q


# ---- Hotel bookings (latest check-in 2025-09-27: "mês passado" is August 2025, "último trimestre" Q2 2025,
# "ano passado" 2024, "este ano" 2025) ----------------------------------------------------------------------------
D = "data_checkin"
q("pt", "Quantas reservas temos?", f"SELECT count(*) FROM {H}")
q("pt", "quantas reservas foram canceladas", f"SELECT count(*) FROM {H} WHERE cancelada")
q("pt", "Diária média por hotel", f"SELECT hotel, avg(diaria_media) FROM {H} GROUP BY hotel")
q("pt", "Valor total das reservas por canal", f"SELECT canal_reserva, sum(valor_total) FROM {H} GROUP BY canal_reserva")
q("pt", "Qual hotel tem mais reservas?",
  f"SELECT hotel, count(*) AS n FROM {H} GROUP BY hotel ORDER BY n DESC LIMIT 1")
q("pt", "Quantas reservas de suíte no Aurora Gramado?",
  f"SELECT count(*) FROM {H} WHERE tipo_quarto = 'Suíte' AND hotel = 'Aurora Gramado'")
q("pt", "Média de noites por tipo de quarto", f"SELECT tipo_quarto, avg(noites) FROM {H} GROUP BY tipo_quarto")
q("pt", "Reservas por mês em 2024",
  f"SELECT date_trunc('month', {D}), count(*) FROM {H} WHERE {between(D, '2024-01-01', '2025-01-01')} "
  "GROUP BY 1 ORDER BY 1")
q("pt", "Quantas reservas no mês passado?",
  f"SELECT count(*) FROM {H} WHERE {between(D, '2025-08-01', '2025-09-01')}")
q("pt", "quantas reservas nos ultimos 30 dias",
  f"SELECT count(*) FROM {H} WHERE {D} >= (SELECT max({D}) FROM {H}) - INTERVAL 30 DAY")
q("en", "Highest nightly rate", f"SELECT max(diaria_media) FROM {H}")
q("pt", "Top 3 canais com mais cancelamentos",
  f"SELECT canal_reserva, count(*) AS n FROM {H} WHERE cancelada GROUP BY canal_reserva ORDER BY n DESC LIMIT 3")
q("pt", "Reservas com mais de 10 noites", f"SELECT * FROM {H} WHERE noites > 10")
q("pt", "Antecedência média das reservas feitas por agência de viagens",
  f"SELECT avg(antecedencia_dias) FROM {H} WHERE canal_reserva = 'Agência de Viagens'")
q("pt", "Quantas reservas em Salvador em 2025?",
  f"SELECT count(*) FROM {H} WHERE cidade = 'Salvador' AND {between(D, '2025-01-01', '2026-01-01')}")
q("pt", "Total de hóspedes por cidade", f"SELECT cidade, sum(hospedes) FROM {H} GROUP BY cidade")
q("pt", "Qual tipo de quarto tem a maior diária média?",
  f"SELECT tipo_quarto, avg(diaria_media) AS v FROM {H} GROUP BY tipo_quarto ORDER BY v DESC LIMIT 1")
q("pt", "Valor total das reservas ao longo do tempo",
  f"SELECT date_trunc('month', {D}), sum(valor_total) FROM {H} GROUP BY 1 ORDER BY 1")
q("pt", "quantas reservas pelo site proprio", f"SELECT count(*) FROM {H} WHERE canal_reserva = 'Site Próprio'")
q("pt", "Menor valor total de uma reserva no Aurora Paulista",
  f"SELECT min(valor_total) FROM {H} WHERE hotel = 'Aurora Paulista'")
q("en", "How many different hotels do we have?", f"SELECT count(DISTINCT hotel) FROM {H}")
q("pt", "Reservas canceladas por hotel no ano passado",
  f"SELECT hotel, count(*) FROM {H} WHERE cancelada AND {between(D, '2024-01-01', '2025-01-01')} GROUP BY hotel")
q("pt", "Reservas com diária acima de 1500", f"SELECT * FROM {H} WHERE diaria_media > 1500")
q("en", "How many bookings had at least 4 guests?", f"SELECT count(*) FROM {H} WHERE hospedes >= 4")
q("pt", "Valor médio das reservas no último trimestre",
  f"SELECT avg(valor_total) FROM {H} WHERE {between(D, '2025-04-01', '2025-07-01')}")
q("en", "How many bookings were cancelled via Expedia?",
  f"SELECT count(*) FROM {H} WHERE cancelada AND canal_reserva = 'Expedia'")
q("en", "average nightly rate by room type", f"SELECT tipo_quarto, avg(diaria_media) FROM {H} GROUP BY tipo_quarto")
q("en", "Bookings per hotel", f"SELECT hotel, count(*) FROM {H} GROUP BY hotel")
q("en", "Which city has the highest total booking value?",
  f"SELECT cidade, sum(valor_total) AS v FROM {H} GROUP BY cidade ORDER BY v DESC LIMIT 1")
q("en", "Average lead time by booking channel",
  f"SELECT canal_reserva, avg(antecedencia_dias) FROM {H} GROUP BY canal_reserva")
q("en", "How many check-ins this year?", f"SELECT count(*) FROM {H} WHERE {between(D, '2025-01-01', '2026-01-01')}")
q("en", "Median number of nights in Gramado", f"SELECT median(noites) FROM {H} WHERE cidade = 'Gramado'")
q("en", "Total nights booked in 2024",
  f"SELECT sum(noites) FROM {H} WHERE {between(D, '2024-01-01', '2025-01-01')}")

# ---- Recruiting pipeline (latest 2025-11-19 16:42:05: "last month" is October 2025, "last quarter" Q3 2025,
# "last year" 2024, "this year" 2025) ------------------------------------------------------------------------------
A = "applied_at"
q("en", "How many applications do we have?", f"SELECT count(*) FROM {J}")
q("en", "applications by department", f"SELECT department, count(*) FROM {J} GROUP BY department")
q("en", "How many hires did we make?", f"SELECT count(*) FROM {J} WHERE stage = 'Hired'")
q("en", "Top 3 sources by number of hires",
  f"SELECT source, count(*) AS n FROM {J} WHERE stage = 'Hired' GROUP BY source ORDER BY n DESC LIMIT 3")
q("en", "Average expected salary by seniority", f"SELECT seniority, avg(expected_salary) FROM {J} GROUP BY seniority")
q("en", "Which department receives the most applications?",
  f"SELECT department, count(*) AS n FROM {J} GROUP BY department ORDER BY n DESC LIMIT 1")
q("en", "Average interview score for Engineering",
  f"SELECT avg(interview_score) FROM {J} WHERE department = 'Engineering'")
q("en", "Applications per month", f"SELECT date_trunc('month', {A}), count(*) FROM {J} GROUP BY 1 ORDER BY 1")
q("en", "How many applications last month?",
  f"SELECT count(*) FROM {J} WHERE {between(A, '2025-10-01', '2025-11-01')}")
q("en", "How many applications came in during the last 30 days?",
  f"SELECT count(*) FROM {J} WHERE {A} >= (SELECT max({A}) FROM {J}) - INTERVAL 30 DAY")
q("en", "How many referral applications in 2024?",
  f"SELECT count(*) FROM {J} WHERE source = 'Referral' AND {between(A, '2024-01-01', '2025-01-01')}")
q("en", "Highest expected salary for a Lead role", f"SELECT max(expected_salary) FROM {J} WHERE seniority = 'Lead'")
q("en", "how many remote applications for marketing",
  f"SELECT count(*) FROM {J} WHERE remote AND department = 'Marketing'")
q("en", "Number of distinct candidates", f"SELECT count(DISTINCT candidate_id) FROM {J}")
q("en", "Applicants with more than 15 years of experience", f"SELECT * FROM {J} WHERE years_experience > 15")
q("en", "Average days in process for hired candidates", f"SELECT avg(days_in_process) FROM {J} WHERE stage = 'Hired'")
q("en", "Applications by stage", f"SELECT stage, count(*) FROM {J} GROUP BY stage")
q("en", "Hires per quarter",
  f"SELECT date_trunc('quarter', {A}), count(*) FROM {J} WHERE stage = 'Hired' GROUP BY 1 ORDER BY 1")
q("en", "Which job title has the highest average expected salary?",
  f"SELECT job_title, avg(expected_salary) AS v FROM {J} GROUP BY job_title ORDER BY v DESC LIMIT 1")
q("en", "Lowest interview score among hires", f"SELECT min(interview_score) FROM {J} WHERE stage = 'Hired'")
q("en", "How many applications were withdrawn last quarter?",
  f"SELECT count(*) FROM {J} WHERE stage = 'Withdrawn' AND {between(A, '2025-07-01', '2025-10-01')}")
q("en", "Applications with an interview score of at least 9", f"SELECT * FROM {J} WHERE interview_score >= 9")
q("en", "Average years of experience by department",
  f"SELECT department, avg(years_experience) FROM {J} GROUP BY department")
q("en", "How many Sales applications came from LinkedIn?",
  f"SELECT count(*) FROM {J} WHERE department = 'Sales' AND source = 'LinkedIn'")
q("en", "Average expected salary over time",
  f"SELECT date_trunc('month', {A}), avg(expected_salary) FROM {J} GROUP BY 1 ORDER BY 1")
q("en", "Total hires last year",
  f"SELECT count(*) FROM {J} WHERE stage = 'Hired' AND {between(A, '2024-01-01', '2025-01-01')}")
q("en", "Average expected salary for remote roles", f"SELECT avg(expected_salary) FROM {J} WHERE remote")
q("en", "lowest expected salary in finance", f"SELECT min(expected_salary) FROM {J} WHERE department = 'Finance'")
q("pt", "Quantas candidaturas recebemos em 2025?",
  f"SELECT count(*) FROM {J} WHERE {between(A, '2025-01-01', '2026-01-01')}")
q("pt", "Salário pretendido médio por departamento",
  f"SELECT department, avg(expected_salary) FROM {J} GROUP BY department")
q("pt", "Quantas contratações em Engineering?",
  f"SELECT count(*) FROM {J} WHERE stage = 'Hired' AND department = 'Engineering'")
q("pt", "Qual fonte trouxe mais candidaturas?",
  f"SELECT source, count(*) AS n FROM {J} GROUP BY source ORDER BY n DESC LIMIT 1")
q("pt", "candidaturas por senioridade", f"SELECT seniority, count(*) FROM {J} GROUP BY seniority")
q("pt", "Nota média de entrevista por fonte", f"SELECT source, avg(interview_score) FROM {J} GROUP BY source")
q("pt", "Quantas candidaturas para vagas remotas?", f"SELECT count(*) FROM {J} WHERE remote")

# ---- Loan applications (latest 2025-07-08: "mês passado" is June 2025, "último trimestre" Q2 2025,
# "ano passado" 2024) ---------------------------------------------------------------------------------------------
DS = "dt_solicitacao"
q("pt", "Quantas propostas de crédito recebemos?", f"SELECT count(*) FROM {P}")
q("pt", "Quantas propostas foram aprovadas?", f"SELECT count(*) FROM {P} WHERE situacao = 'Aprovada'")
q("pt", "Valor solicitado total por modalidade", f"SELECT modalidade, sum(vlr_solicitado_r) FROM {P} GROUP BY modalidade")
q("pt", "Taxa de juros média por modalidade", f"SELECT modalidade, avg(tx_juros_a_m) FROM {P} GROUP BY modalidade")
q("pt", "Qual agência recebeu mais propostas?",
  f"SELECT agencia, count(*) AS n FROM {P} GROUP BY agencia ORDER BY n DESC LIMIT 1")
q("pt", "Score médio das propostas recusadas", f"SELECT avg(score_credito) FROM {P} WHERE situacao = 'Recusada'")
q("pt", "Propostas por canal de atendimento", f"SELECT canal_atend, count(*) FROM {P} GROUP BY canal_atend")
q("pt", "Quantas propostas no mês passado?",
  f"SELECT count(*) FROM {P} WHERE {between(DS, '2025-06-01', '2025-07-01')}")
q("pt", "Quantas propostas nos últimos 30 dias?",
  f"SELECT count(*) FROM {P} WHERE {DS} >= (SELECT max({DS}) FROM {P}) - INTERVAL 30 DAY")
q("en", "Largest requested amount for Crédito Imobiliário",
  f"SELECT max(vlr_solicitado_r) FROM {P} WHERE modalidade = 'Crédito Imobiliário'")
q("pt", "quantas propostas tem garantia", f"SELECT count(*) FROM {P} WHERE possui_garantia")
q("pt", "Top 3 agências por valor solicitado",
  f"SELECT agencia, sum(vlr_solicitado_r) AS v FROM {P} GROUP BY agencia ORDER BY v DESC LIMIT 3")
q("pt", "Propostas por mês em 2025",
  f"SELECT date_trunc('month', {DS}), count(*) FROM {P} WHERE {between(DS, '2025-01-01', '2026-01-01')} "
  "GROUP BY 1 ORDER BY 1")
q("pt", "Prazo médio do consignado", f"SELECT avg(prazo_meses) FROM {P} WHERE modalidade = 'Consignado'")
q("pt", "Renda média dos clientes por agência", f"SELECT agencia, avg(renda_mensal_r) FROM {P} GROUP BY agencia")
q("pt", "Quantas propostas de capital de giro foram recusadas no ano passado?",
  f"SELECT count(*) FROM {P} WHERE modalidade = 'Capital de Giro' AND situacao = 'Recusada' "
  f"AND {between(DS, '2024-01-01', '2025-01-01')}")
q("pt", "Propostas com score abaixo de 300", f"SELECT * FROM {P} WHERE score_credito < 300")
q("pt", "Propostas acima de 500 mil", f"SELECT * FROM {P} WHERE vlr_solicitado_r > 500000")
q("pt", "Qual modalidade tem a maior taxa de juros média?",
  f"SELECT modalidade, avg(tx_juros_a_m) AS v FROM {P} GROUP BY modalidade ORDER BY v DESC LIMIT 1")
q("en", "how many applications are under review?", f"SELECT count(*) FROM {P} WHERE situacao = 'Em Análise'")
q("pt", "Evolução do valor solicitado ao longo do tempo",
  f"SELECT date_trunc('month', {DS}), sum(vlr_solicitado_r) FROM {P} GROUP BY 1 ORDER BY 1")
q("pt", "Menor taxa de juros do financiamento de veículo",
  f"SELECT min(tx_juros_a_m) FROM {P} WHERE modalidade = 'Financiamento Veículo'")
q("pt", "Quantas propostas pelo app na agência Pinheiros?",
  f"SELECT count(*) FROM {P} WHERE canal_atend = 'App' AND agencia = 'Pinheiros'")
q("pt", "Valor médio solicitado no último trimestre",
  f"SELECT avg(vlr_solicitado_r) FROM {P} WHERE {between(DS, '2025-04-01', '2025-07-01')}")
q("pt", "Propostas aprovadas por modalidade em 2025",
  f"SELECT modalidade, count(*) FROM {P} WHERE situacao = 'Aprovada' AND {between(DS, '2025-01-01', '2026-01-01')} "
  "GROUP BY modalidade")
q("pt", "Quantas propostas com prazo de pelo menos 120 meses?", f"SELECT count(*) FROM {P} WHERE prazo_meses >= 120")
q("en", "How many loan applications were rejected?", f"SELECT count(*) FROM {P} WHERE situacao = 'Recusada'")
q("en", "Average requested amount by channel", f"SELECT canal_atend, avg(vlr_solicitado_r) FROM {P} GROUP BY canal_atend")
q("en", "Approved applications per agency",
  f"SELECT agencia, count(*) FROM {P} WHERE situacao = 'Aprovada' GROUP BY agencia")
q("en", "Which channel has the most approved loans?",
  f"SELECT canal_atend, count(*) AS n FROM {P} WHERE situacao = 'Aprovada' GROUP BY canal_atend "
  "ORDER BY n DESC LIMIT 1")
q("en", "Average credit score by loan type", f"SELECT modalidade, avg(score_credito) FROM {P} GROUP BY modalidade")
q("en", "How many loan applications last quarter?",
  f"SELECT count(*) FROM {P} WHERE {between(DS, '2025-04-01', '2025-07-01')}")
q("en", "Median monthly income of approved applicants",
  f"SELECT median(renda_mensal_r) FROM {P} WHERE situacao = 'Aprovada'")
q("en", "Number of distinct loan types", f"SELECT count(DISTINCT modalidade) FROM {P}")
q("en", "Requested amount per month last year",
  f"SELECT date_trunc('month', {DS}), sum(vlr_solicitado_r) FROM {P} WHERE {between(DS, '2024-01-01', '2025-01-01')} "
  "GROUP BY 1 ORDER BY 1")

SET.print()
