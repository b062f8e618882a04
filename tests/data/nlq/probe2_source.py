#!/usr/bin/env python3
"""Source of tests/data/nlq/probe2.jsonl: a second development set of the second generalization round, over
abbreviated headers as enterprise schemas write them (gen_probe2_data.py: bank transactions with Brazilian
prefixes DT_, VL_, TP_, NM_, CD_, FL_, DS_, SG_; gym memberships with English abbreviations join_dt, mthly_fee_usd,
visits_cnt, churn_flg). Written before it was first run (the figure then is in the user guide), then used to
develop the parser. Conventions as in general_source.py. Regenerate with: probe2_source.py > probe2.jsonl
"""
from question_set import QuestionSet, between

TR, GM = "transacoes", "gym_members"
SET = QuestionSet("p2-")
q = SET.q


# ---- Bank transactions (latest 2025-08-31: "mês passado" is July 2025, "último trimestre" Q2 2025) ------------
q("pt", "Qual o valor total transacionado via PIX?", f"SELECT sum(vl_transacao) FROM {TR} WHERE tp_operacao = 'PIX'")
q("pt", "Quantas transações foram estornadas?", f"SELECT count(*) FROM {TR} WHERE fl_estorno = 'S'")
q("pt", "Valor médio por tipo de operação", f"SELECT tp_operacao, avg(vl_transacao) FROM {TR} GROUP BY tp_operacao")
q("pt", "Quantas transações por canal?", f"SELECT ds_canal, count(*) FROM {TR} GROUP BY ds_canal")
q("en", "Total transaction amount by state", f"SELECT sg_uf, sum(vl_transacao) FROM {TR} GROUP BY sg_uf")
q("pt", "Qual cliente movimentou mais dinheiro?",
  f"SELECT nm_cliente, sum(vl_transacao) AS v FROM {TR} GROUP BY nm_cliente ORDER BY v DESC LIMIT 1")
q("pt", "Transações acima de 5 mil reais", f"SELECT * FROM {TR} WHERE vl_transacao > 5000")
q("pt", "Quantos saques foram feitos no mês passado?",
  f"SELECT count(*) FROM {TR} WHERE tp_operacao = 'Saque' AND {between('dt_transacao', '2025-07-01', '2025-08-01')}")
q("en", "Average TED amount", f"SELECT avg(vl_transacao) FROM {TR} WHERE tp_operacao = 'TED'")
q("pt", "Qual agência teve mais transações?",
  f"SELECT cd_agencia, count(*) AS n FROM {TR} GROUP BY cd_agencia ORDER BY n DESC LIMIT 1")
q("pt", "Valor transacionado por mês",
  f"SELECT date_trunc('month', dt_transacao), sum(vl_transacao) FROM {TR} GROUP BY 1 ORDER BY 1")
q("en", "How many PIX transactions in Minas Gerais?",
  f"SELECT count(*) FROM {TR} WHERE tp_operacao = 'PIX' AND sg_uf = 'MG'")
q("pt", "Maior transação do cliente Ana Ribeiro", f"SELECT max(vl_transacao) FROM {TR} WHERE nm_cliente = 'Ana Ribeiro'")
q("pt", "Quantos clientes diferentes fizeram transações?", f"SELECT count(DISTINCT nm_cliente) FROM {TR}")
q("en", "Which channel has the highest average transaction value?",
  f"SELECT ds_canal, avg(vl_transacao) AS v FROM {TR} GROUP BY ds_canal ORDER BY v DESC LIMIT 1")
q("pt", "Transações pelo app no último trimestre",
  f"SELECT * FROM {TR} WHERE ds_canal = 'App' AND {between('dt_transacao', '2025-04-01', '2025-07-01')}")
q("pt", "Quanto foi movimentado em boletos em 2025?",
  f"SELECT sum(vl_transacao) FROM {TR} WHERE tp_operacao = 'Boleto' AND {between('dt_transacao', '2025-01-01', '2026-01-01')}")
q("en", "Number of refunded transactions by channel",
  f"SELECT ds_canal, count(*) FROM {TR} WHERE fl_estorno = 'S' GROUP BY ds_canal")
q("pt", "Qual dia da semana tem mais saques?",
  f"SELECT dayofweek(dt_transacao), count(*) AS n FROM {TR} WHERE tp_operacao = 'Saque' GROUP BY 1 "
  "ORDER BY n DESC LIMIT 1")
q("en", "Median transaction value in Rio de Janeiro", f"SELECT median(vl_transacao) FROM {TR} WHERE sg_uf = 'RJ'")

# ---- Gym memberships (latest join 2025-07-30) ----------------------------------------------------------------
q("en", "How many members churned?", f"SELECT count(*) FROM {GM} WHERE churn_flg = 'Y'")
q("en", "Average monthly fee by plan", f"SELECT plan_nm, avg(mthly_fee_usd) FROM {GM} GROUP BY plan_nm")
q("en", "Average number of visits for Premium members", f"SELECT avg(visits_cnt) FROM {GM} WHERE plan_nm = 'Premium'")
q("en", "How many members joined in 2024?",
  f"SELECT count(*) FROM {GM} WHERE {between('join_dt', '2024-01-01', '2025-01-01')}")
q("en", "Which branch has the most members?",
  f"SELECT branch_cd, count(*) AS n FROM {GM} GROUP BY branch_cd ORDER BY n DESC LIMIT 1")
q("pt", "Idade média dos membros por plano", f"SELECT plan_nm, avg(age_yrs) FROM {GM} GROUP BY plan_nm")
q("en", "Total monthly revenue from fees by branch", f"SELECT branch_cd, sum(mthly_fee_usd) FROM {GM} GROUP BY branch_cd")
q("en", "Members older than 60", f"SELECT * FROM {GM} WHERE age_yrs > 60")
q("pt", "Quantas mulheres são membros?", f"SELECT count(*) FROM {GM} WHERE gender_cd = 'F'")
q("en", "Average visits of members who did not churn", f"SELECT avg(visits_cnt) FROM {GM} WHERE churn_flg = 'N'")
q("en", "Monthly sign-ups", f"SELECT date_trunc('month', join_dt), count(*) FROM {GM} GROUP BY 1 ORDER BY 1")
q("pt", "Qual plano tem a maior taxa mensal média?",
  f"SELECT plan_nm, avg(mthly_fee_usd) AS v FROM {GM} GROUP BY plan_nm ORDER BY v DESC LIMIT 1")
q("en", "Total visits by gender", f"SELECT gender_cd, sum(visits_cnt) FROM {GM} GROUP BY gender_cd")
q("en", "Youngest member's age", f"SELECT min(age_yrs) FROM {GM}")
q("pt", "Quantos membros com menos de 25 anos cancelaram?",
  f"SELECT count(*) FROM {GM} WHERE age_yrs < 25 AND churn_flg = 'Y'")
q("en", "Which month had the most new members?",
  f"SELECT date_trunc('month', join_dt), count(*) AS n FROM {GM} GROUP BY 1 ORDER BY n DESC LIMIT 1")
q("en", "How many members per plan at branch UPT?",
  f"SELECT plan_nm, count(*) FROM {GM} WHERE branch_cd = 'UPT' GROUP BY plan_nm")
q("pt", "Média de visitas por filial", f"SELECT branch_cd, avg(visits_cnt) FROM {GM} GROUP BY branch_cd")

SET.print()
