#!/usr/bin/env python3
"""Source of tests/data/nlq/final.jsonl: the final held-out set, over three domains the parser was never developed on
(gen_final_data.py: matriculas, university enrollments with Portuguese headers with accents, spaces and units in
parentheses; web_sessions, web analytics with English CamelCase headers; sinistros, insurance claims with
abbreviated Brazilian headers dt_, tp_, vl_, nr_, qt_). Roughly half the questions are in Portuguese and half in
English, several in the other language than the data's vocabulary, as analysts type them.

Written and its gold SQL validated before the parser ever saw a single question of it; it was then run once and is
held out for good: it is never used to change the parser (a failure here is a measurement, not a to-do list).

Conventions as in general_source.py: relative periods are anchored at the latest record of the table ("last 30
days" counts back from it; "last quarter", "last month" and "last year" are the previous calendar period before
the one holding the latest record; "this year" is the calendar year of the latest record); a month with no year is
the latest such month. Rows of matriculas are enrollments of a student in one subject ("quantas matrículas",
"reprovações", "bolsistas" count rows); the date of sinistros is dt_ocorrencia. Regenerate with:
python3 final_source.py > final.jsonl
"""
from question_set import QuestionSet, between

M, W, SN = "matriculas", "web_sessions", "sinistros"
SET = QuestionSet("fin-")
q = SET.q


# ---- University enrollments (latest 2025-08-14: "mês passado" is July 2025, "este ano" 2025) ----------------
DM = "data_da_matricula"
q("pt", "Quantas matrículas temos?", f"SELECT count(*) FROM {M}")
q("pt", "Qual a nota final média?", f"SELECT avg(nota_final) FROM {M}")
q("pt", "Média das notas por curso", f"SELECT curso, avg(nota_final) FROM {M} GROUP BY curso")
q("pt", "Quantas reprovações tivemos?", f"SELECT count(*) FROM {M} WHERE situacao = 'Reprovado'")
q("pt", "Quantas matrículas foram trancadas?", f"SELECT count(*) FROM {M} WHERE situacao = 'Trancado'")
q("pt", "Quantos bolsistas há em Pedagogia?", f"SELECT count(*) FROM {M} WHERE bolsista AND curso = 'Pedagogia'")
q("pt", "Qual curso tem a maior mensalidade média?",
  f"SELECT curso, avg(mensalidade_r) AS v FROM {M} GROUP BY curso ORDER BY v DESC LIMIT 1")
q("pt", "Matrículas por semestre", f"SELECT semestre, count(*) FROM {M} GROUP BY semestre")
q("pt", "Frequência média dos bolsistas", f"SELECT avg(frequencia) FROM {M} WHERE bolsista")
q("pt", "Top 5 disciplinas com mais reprovações",
  f"SELECT disciplina, count(*) AS n FROM {M} WHERE situacao = 'Reprovado' GROUP BY disciplina "
  "ORDER BY n DESC LIMIT 5")
q("en", "Lowest grade in Medicina", f"SELECT min(nota_final) FROM {M} WHERE curso = 'Medicina'")
q("pt", "Quantos alunos diferentes estão matriculados?", f"SELECT count(DISTINCT nome_do_aluno) FROM {M}")
q("pt", "Matrículas do semestre 2025/1 por campus",
  f"SELECT campus, count(*) FROM {M} WHERE semestre = '2025/1' GROUP BY campus")
q("pt", "Alunos com frequência abaixo de 50%", f"SELECT * FROM {M} WHERE frequencia < 50")
q("en", "Average age of EAD students", f"SELECT avg(idade) FROM {M} WHERE campus = 'EAD'")
q("pt", "Quantas matrículas no turno da noite?", f"SELECT count(*) FROM {M} WHERE turno = 'Noturno'")
q("pt", "nota media em calculo i", f"SELECT avg(nota_final) FROM {M} WHERE disciplina = 'Cálculo I'")
q("pt", "Quantas matrículas em 2024?", f"SELECT count(*) FROM {M} WHERE {between(DM, '2024-01-01', '2025-01-01')}")
q("en", "Enrollments per month in 2025",
  f"SELECT date_trunc('month', {DM}), count(*) FROM {M} WHERE {between(DM, '2025-01-01', '2026-01-01')} "
  "GROUP BY 1 ORDER BY 1")
q("pt", "Quantas matrículas no mês passado?",
  f"SELECT count(*) FROM {M} WHERE {between(DM, '2025-07-01', '2025-08-01')}")
q("pt", "Quantas matrículas nos últimos 30 dias?",
  f"SELECT count(*) FROM {M} WHERE {DM} >= (SELECT max({DM}) FROM {M}) - INTERVAL 30 DAY")
q("pt", "Qual campus tem mais matrículas em Direito?",
  f"SELECT campus, count(*) AS n FROM {M} WHERE curso = 'Direito' GROUP BY campus ORDER BY n DESC LIMIT 1")
q("pt", "Menor mensalidade paga em Medicina", f"SELECT min(mensalidade_r) FROM {M} WHERE curso = 'Medicina'")
q("en", "How many different courses are offered?", f"SELECT count(DISTINCT curso) FROM {M}")
q("pt", "Notas acima de 9 em Direito Penal", f"SELECT * FROM {M} WHERE nota_final > 9 AND disciplina = 'Direito Penal'")
q("en", "Median attendance by shift", f"SELECT turno, median(frequencia) FROM {M} GROUP BY turno")
q("pt", "Quantos alunos de engenharia civil são bolsistas?",
  f"SELECT count(*) FROM {M} WHERE curso = 'Engenharia Civil' AND bolsista")
q("en", "Total tuition by campus", f"SELECT campus, sum(mensalidade_r) FROM {M} GROUP BY campus")
q("en", "Average final grade by campus", f"SELECT campus, avg(nota_final) FROM {M} GROUP BY campus")
q("en", "How many enrollments failed in Statistics?",
  f"SELECT count(*) FROM {M} WHERE situacao = 'Reprovado' AND disciplina = 'Estatística'")
q("en", "Which course has the most scholarship students?",
  f"SELECT curso, count(*) AS n FROM {M} WHERE bolsista GROUP BY curso ORDER BY n DESC LIMIT 1")
q("en", "Average attendance by course", f"SELECT curso, avg(frequencia) FROM {M} GROUP BY curso")
q("en", "How many students are older than 30?", f"SELECT count(*) FROM {M} WHERE idade > 30")
q("en", "Enrollments per semester for Medicina",
  f"SELECT semestre, count(*) FROM {M} WHERE curso = 'Medicina' GROUP BY semestre")
q("en", "Highest monthly fee", f"SELECT max(mensalidade_r) FROM {M}")
q("en", "Number of approved enrollments in 2024/2",
  f"SELECT count(*) FROM {M} WHERE situacao = 'Aprovado' AND semestre = '2024/2'")

# ---- Web sessions (latest 2025-05-17 21:28: "last month" is April 2025, "last quarter" Q1 2025, "last year" 2024) --
T = "starttime"
q("en", "How many sessions did we have?", f"SELECT count(*) FROM {W}")
q("en", "Total revenue by country", f"SELECT country, sum(revenue) FROM {W} GROUP BY country")
q("en", "Top 5 countries by sessions",
  f"SELECT country, count(*) AS n FROM {W} GROUP BY country ORDER BY n DESC LIMIT 5")
q("en", "How many sessions converted?", f"SELECT count(*) FROM {W} WHERE converted")
q("en", "Average session duration by device type", f"SELECT devicetype, avg(durationsec) FROM {W} GROUP BY devicetype")
q("en", "Which browser has the most sessions?",
  f"SELECT browser, count(*) AS n FROM {W} GROUP BY browser ORDER BY n DESC LIMIT 1")
q("en", "Sessions per month", f"SELECT date_trunc('month', {T}), count(*) FROM {W} GROUP BY 1 ORDER BY 1")
q("en", "Revenue over time", f"SELECT date_trunc('month', {T}), sum(revenue) FROM {W} GROUP BY 1 ORDER BY 1")
q("en", "How many mobile sessions bounced?", f"SELECT count(*) FROM {W} WHERE devicetype = 'Mobile' AND bounced")
q("en", "Average page views for desktop users", f"SELECT avg(pageviews) FROM {W} WHERE devicetype = 'Desktop'")
q("en", "Revenue from Brazil in 2025",
  f"SELECT sum(revenue) FROM {W} WHERE country = 'Brazil' AND {between(T, '2025-01-01', '2026-01-01')}")
q("en", "How many sessions in the last 30 days?",
  f"SELECT count(*) FROM {W} WHERE {T} >= (SELECT max({T}) FROM {W}) - INTERVAL 30 DAY")
q("en", "Revenue last month", f"SELECT sum(revenue) FROM {W} WHERE {between(T, '2025-04-01', '2025-05-01')}")
q("en", "Sessions last quarter by traffic source",
  f"SELECT trafficsource, count(*) FROM {W} WHERE {between(T, '2025-01-01', '2025-04-01')} GROUP BY trafficsource")
q("en", "Which traffic source generated the most revenue?",
  f"SELECT trafficsource, sum(revenue) AS v FROM {W} GROUP BY trafficsource ORDER BY v DESC LIMIT 1")
q("en", "Sessions longer than 10 minutes", f"SELECT * FROM {W} WHERE durationsec > 600")
q("en", "Sessions with at least 10 page views", f"SELECT * FROM {W} WHERE pageviews >= 10")
q("en", "Max revenue from a single session", f"SELECT max(revenue) FROM {W}")
q("en", "How many countries do our visitors come from?", f"SELECT count(DISTINCT country) FROM {W}")
q("en", "Daily sessions in the last 7 days",
  f"SELECT date_trunc('day', {T}), count(*) FROM {W} WHERE {T} >= (SELECT max({T}) FROM {W}) - INTERVAL 7 DAY "
  "GROUP BY 1 ORDER BY 1")
q("en", "Average revenue of converted sessions", f"SELECT avg(revenue) FROM {W} WHERE converted")
q("en", "How many sessions landed on the pricing page?", f"SELECT count(*) FROM {W} WHERE landingpage = '/pricing'")
q("en", "Number of sessions from email campaigns", f"SELECT count(*) FROM {W} WHERE trafficsource = 'Email'")
q("en", "Median session duration on tablets", f"SELECT median(durationsec) FROM {W} WHERE devicetype = 'Tablet'")
q("en", "Safari sessions by device type",
  f"SELECT devicetype, count(*) FROM {W} WHERE browser = 'Safari' GROUP BY devicetype")
q("pt", "Quantas sessões vieram do Brasil?", f"SELECT count(*) FROM {W} WHERE country = 'Brazil'")
q("pt", "Receita vinda dos Estados Unidos no ano passado",
  f"SELECT sum(revenue) FROM {W} WHERE country = 'United States' AND {between(T, '2024-01-01', '2025-01-01')}")
q("pt", "Receita total por dispositivo", f"SELECT devicetype, sum(revenue) FROM {W} GROUP BY devicetype")
q("pt", "Qual país gerou mais receita?",
  f"SELECT country, sum(revenue) AS v FROM {W} GROUP BY country ORDER BY v DESC LIMIT 1")
q("pt", "Média de páginas vistas por navegador", f"SELECT browser, avg(pageviews) FROM {W} GROUP BY browser")
q("pt", "Quantas sessões convertidas em 2024?",
  f"SELECT count(*) FROM {W} WHERE converted AND {between(T, '2024-01-01', '2025-01-01')}")
q("pt", "Quantas sessões por dia da semana?", f"SELECT dayofweek({T}), count(*) FROM {W} GROUP BY 1")
q("pt", "Duração média das sessões no Chrome", f"SELECT avg(durationsec) FROM {W} WHERE browser = 'Chrome'")

# ---- Insurance claims (latest 2025-10-22: "último trimestre" is Q3 2025, "mês passado" September 2025,
# "ano passado" 2024) -------------------------------------------------------------------------------------------
DO = "dt_ocorrencia"
q("pt", "Quantos sinistros foram registrados?", f"SELECT count(*) FROM {SN}")
q("pt", "Valor total indenizado por seguradora", f"SELECT seguradora, sum(vl_indenizado) FROM {SN} GROUP BY seguradora")
q("pt", "Qual o valor médio indenizado em casos de roubo?",
  f"SELECT avg(vl_indenizado) FROM {SN} WHERE tp_sinistro = 'Roubo'")
q("pt", "Quantos sinistros por tipo?", f"SELECT tp_sinistro, count(*) FROM {SN} GROUP BY tp_sinistro")
q("pt", "Top 3 estados com mais sinistros",
  f"SELECT uf, count(*) AS n FROM {SN} GROUP BY uf ORDER BY n DESC LIMIT 3")
q("pt", "Quantos sinistros foram negados?", f"SELECT count(*) FROM {SN} WHERE status = 'Negado'")
q("pt", "Sinistros de colisão em SP no ano passado",
  f"SELECT * FROM {SN} WHERE tp_sinistro = 'Colisão' AND uf = 'SP' AND {between(DO, '2024-01-01', '2025-01-01')}")
q("pt", "Quantos sinistros no último trimestre?",
  f"SELECT count(*) FROM {SN} WHERE {between(DO, '2025-07-01', '2025-10-01')}")
q("pt", "Valor indenizado por mês em 2024",
  f"SELECT date_trunc('month', {DO}), sum(vl_indenizado) FROM {SN} WHERE {between(DO, '2024-01-01', '2025-01-01')} "
  "GROUP BY 1 ORDER BY 1")
q("pt", "Qual seguradora teve o maior valor indenizado?",
  f"SELECT seguradora, sum(vl_indenizado) AS v FROM {SN} GROUP BY seguradora ORDER BY v DESC LIMIT 1")
q("pt", "Franquia média por tipo de sinistro", f"SELECT tp_sinistro, avg(vl_franquia) FROM {SN} GROUP BY tp_sinistro")
q("pt", "Quantos sinistros de alagamento em 2025?",
  f"SELECT count(*) FROM {SN} WHERE tp_sinistro = 'Alagamento' AND {between(DO, '2025-01-01', '2026-01-01')}")
q("pt", "Maior indenização paga em Minas Gerais", f"SELECT max(vl_indenizado) FROM {SN} WHERE uf = 'MG'")
q("pt", "Tempo médio de regulação por seguradora",
  f"SELECT seguradora, avg(qt_dias_regulacao) FROM {SN} GROUP BY seguradora")
q("pt", "Quantas apólices distintas tiveram sinistro?", f"SELECT count(DISTINCT nr_apolice) FROM {SN}")
q("en", "Claims with a payout above 100k", f"SELECT * FROM {SN} WHERE vl_indenizado > 100000")
q("pt", "Quantos sinistros estão em análise?", f"SELECT count(*) FROM {SN} WHERE status = 'Em análise'")
q("pt", "Evolução mensal da quantidade de sinistros",
  f"SELECT date_trunc('month', {DO}), count(*) FROM {SN} GROUP BY 1 ORDER BY 1")
q("pt", "Quantos sinistros do ramo residencial?", f"SELECT count(*) FROM {SN} WHERE ramo = 'Residencial'")
q("pt", "Valor indenizado no mês passado",
  f"SELECT sum(vl_indenizado) FROM {SN} WHERE {between(DO, '2025-09-01', '2025-10-01')}")
q("pt", "Qual tipo de sinistro tem a maior indenização média?",
  f"SELECT tp_sinistro, avg(vl_indenizado) AS v FROM {SN} GROUP BY tp_sinistro ORDER BY v DESC LIMIT 1")
q("en", "Claims in the last 30 days",
  f"SELECT * FROM {SN} WHERE {DO} >= (SELECT max({DO}) FROM {SN}) - INTERVAL 30 DAY")
q("pt", "Quantos sinistros de incêndio a Porto Seguro teve?",
  f"SELECT count(*) FROM {SN} WHERE tp_sinistro = 'Incêndio' AND seguradora = 'Porto Seguro'")
q("pt", "Quantos furtos no RJ?", f"SELECT count(*) FROM {SN} WHERE tp_sinistro = 'Furto' AND uf = 'RJ'")
q("pt", "Total de franquias da Azul", f"SELECT sum(vl_franquia) FROM {SN} WHERE seguradora = 'Azul Seguros'")
q("en", "Total indemnity paid by claim type", f"SELECT tp_sinistro, sum(vl_indenizado) FROM {SN} GROUP BY tp_sinistro")
q("en", "How many claims were denied?", f"SELECT count(*) FROM {SN} WHERE status = 'Negado'")
q("en", "Number of claims per state", f"SELECT uf, count(*) FROM {SN} GROUP BY uf")
q("en", "Average deductible by insurer", f"SELECT seguradora, avg(vl_franquia) FROM {SN} GROUP BY seguradora")
q("en", "Claims per month in 2025",
  f"SELECT date_trunc('month', {DO}), count(*) FROM {SN} WHERE {between(DO, '2025-01-01', '2026-01-01')} "
  "GROUP BY 1 ORDER BY 1")
q("en", "Which insurer has the most claims?",
  f"SELECT seguradora, count(*) AS n FROM {SN} GROUP BY seguradora ORDER BY n DESC LIMIT 1")
q("en", "How many claims from Allianz last year?",
  f"SELECT count(*) FROM {SN} WHERE seguradora = 'Allianz' AND {between(DO, '2024-01-01', '2025-01-01')}")
q("en", "Largest payout for Roubo claims", f"SELECT max(vl_indenizado) FROM {SN} WHERE tp_sinistro = 'Roubo'")
q("en", "Average settlement days for Colisão claims",
  f"SELECT avg(qt_dias_regulacao) FROM {SN} WHERE tp_sinistro = 'Colisão'")
q("en", "Claims by line of business", f"SELECT ramo, count(*) FROM {SN} GROUP BY ramo")

SET.print()
