#!/usr/bin/env python3
"""Source of tests/data/nlq/b3.jsonl: questions over real B3 daily stock quotes (2010-2017, 15 tickers) from
../shared/data/b3, loaded into one data set `cotacoes_b3` with the field descriptions of B3's COTAHIST layout
(see tests/integration/nlq_eval_test.cpp). Written together with unseen.jsonl, after the parser was frozen for
good. The files are never copied into the repository; the set is skipped when the folder is absent.
Regenerate with:  b3_source.py > b3.jsonl
"""
from question_set import QuestionSet

B = "cotacoes_b3"
SET = QuestionSet("b3-")
q = SET.q


def year(y):
    return f"dia >= '{y}-01-01' AND dia < '{y + 1}-01-01'"


q("pt", "Qual o preço de fechamento médio da PETR4 em 2017?",
  f"SELECT avg(pre_ult) FROM {B} WHERE cod_neg = 'PETR4' AND {year(2017)}")
q("pt", "Qual foi o maior preço máximo da VALE3?", f"SELECT max(pre_max) FROM {B} WHERE cod_neg = 'VALE3'")
q("pt", "Volume financeiro total por ação", f"SELECT cod_neg, sum(vol_tot) FROM {B} GROUP BY cod_neg")
q("pt", "Quantos pregões da ITUB4 existem?", f"SELECT count(*) FROM {B} WHERE cod_neg = 'ITUB4'")
q("pt", "Preço de fechamento da ABEV3 ao longo do tempo",
  f"SELECT dia, pre_ult FROM {B} WHERE cod_neg = 'ABEV3' ORDER BY dia")
q("pt", "Qual ação teve o maior volume negociado em 2016?",
  f"SELECT cod_neg, sum(vol_tot) AS v FROM {B} WHERE {year(2016)} GROUP BY cod_neg ORDER BY v DESC LIMIT 1")
q("pt", "Média mensal do fechamento da BBAS3 em 2015",
  f"SELECT date_trunc('month', dia), avg(pre_ult) FROM {B} WHERE cod_neg = 'BBAS3' AND {year(2015)} GROUP BY 1 ORDER BY 1")
q("pt", "Número médio de negócios por dia da PETR4", f"SELECT avg(tot_neg) FROM {B} WHERE cod_neg = 'PETR4'")
q("pt", "Quantas ações diferentes há nos dados?", f"SELECT count(DISTINCT cod_neg) FROM {B}")
q("pt", "Menor preço mínimo da USIM5 em 2012", f"SELECT min(pre_min) FROM {B} WHERE cod_neg = 'USIM5' AND {year(2012)}")
q("en", "Average closing price of VALE3 in 2010", f"SELECT avg(pre_ult) FROM {B} WHERE cod_neg = 'VALE3' AND {year(2010)}")
q("en", "Total traded volume by ticker in 2017",
  f"SELECT cod_neg, sum(vol_tot) FROM {B} WHERE {year(2017)} GROUP BY cod_neg")
q("en", "Highest price of ITUB4 ever", f"SELECT max(pre_max) FROM {B} WHERE cod_neg = 'ITUB4'")
q("en", "How many trading days for SUZB3?", f"SELECT count(*) FROM {B} WHERE cod_neg = 'SUZB3'")
q("en", "Monthly average volume of PETR4 in 2014",
  f"SELECT date_trunc('month', dia), avg(vol_tot) FROM {B} WHERE cod_neg = 'PETR4' AND {year(2014)} GROUP BY 1 ORDER BY 1")
q("en", "Which ticker had the most trades?",
  f"SELECT cod_neg, sum(tot_neg) AS v FROM {B} GROUP BY cod_neg ORDER BY v DESC LIMIT 1")
q("en", "Opening price of LAME4 over time", f"SELECT dia, pre_abe FROM {B} WHERE cod_neg = 'LAME4' ORDER BY dia")
q("en", "Top 3 stocks by average daily volume",
  f"SELECT cod_neg, avg(vol_tot) AS v FROM {B} GROUP BY cod_neg ORDER BY v DESC LIMIT 3")
q("en", "Days when PETR4 closed above 30", f"SELECT * FROM {B} WHERE cod_neg = 'PETR4' AND pre_ult > 30")
q("en", "Median closing price by ticker in 2013",
  f"SELECT cod_neg, median(pre_ult) FROM {B} WHERE {year(2013)} GROUP BY cod_neg")

# Rankings of periods (added with them).
q("en", "Which month had the highest traded volume for PETR4?",
  "SELECT date_trunc('month', dia), sum(vol_tot) AS v FROM cotacoes_b3 WHERE cod_neg = 'PETR4' GROUP BY 1 "
  "ORDER BY v DESC LIMIT 1")
q("pt", "Em qual ano a VALE3 teve o maior preço de fechamento médio?",
  "SELECT date_trunc('year', dia), avg(pre_ult) AS v FROM cotacoes_b3 WHERE cod_neg = 'VALE3' GROUP BY 1 "
  "ORDER BY v DESC LIMIT 1")

SET.print()
