#!/usr/bin/env python3
"""Source of tests/data/nlq/tweets.jsonl: a held-out set over real public data, Brazilian tweets from Minas Gerais
(January-February 2017) labelled Positivo/Negativo/Neutro, from ../shared/data/sentiment/Tweets_Mg.csv, ingested
as dataset tweets_mg:  sagaz ingest ../shared/data/sentiment/Tweets_Mg.csv --name tweets_mg
Its columns are as Sagaz reads them: created_at stays text ("Sun Jan 08 01:22:05 +0000 2017"), so the gold SQL
of time questions parses it with strptime; username is the display name ("Username"), classificacao the label.

Written and its gold SQL validated before the parser ever saw a single question of it; it was then run once and is
held out for good: it is never used to change the parser. Conventions as in general_source.py (relative periods
anchored at the latest tweet). Regenerate with:  python3 tweets_source.py > tweets.jsonl
"""
from question_set import QuestionSet

T = "tweets_mg"
TS = "strptime(created_at, '%a %b %d %H:%M:%S +0000 %Y')"
SET = QuestionSet("tw-")
q = SET.q


q("pt", "Quantos tweets existem na base?", f"SELECT count(*) FROM {T}")
q("pt", "Quantos tweets por classificação?", f"SELECT classificacao, count(*) FROM {T} GROUP BY classificacao")
q("pt", "Quantos tweets negativos?", f"SELECT count(*) FROM {T} WHERE classificacao = 'Negativo'")
q("pt", "Quantos tweets foram classificados como positivos?", f"SELECT count(*) FROM {T} WHERE classificacao = 'Positivo'")
q("pt", "Total de retweets por classificação", f"SELECT classificacao, sum(retweet_count) FROM {T} GROUP BY classificacao")
q("pt", "Quais os 3 usuários que mais tuitaram?",
  f"SELECT username, count(*) AS n FROM {T} GROUP BY username ORDER BY n DESC LIMIT 3")
q("pt", "Média de retweets dos tweets neutros", f"SELECT avg(retweet_count) FROM {T} WHERE classificacao = 'Neutro'")
q("pt", "Qual o maior número de retweets?", f"SELECT max(retweet_count) FROM {T}")
q("pt", "Quantos usuários diferentes tuitaram?", f"SELECT count(DISTINCT username) FROM {T}")
q("pt", "Tweets por dia", f"SELECT date_trunc('day', {TS}), count(*) FROM {T} GROUP BY 1 ORDER BY 1")
q("pt", "Quantos tweets em fevereiro de 2017?",
  f"SELECT count(*) FROM {T} WHERE {TS} >= '2017-02-01' AND {TS} < '2017-03-01'")
q("pt", "Quantos tweets da polícia militar mg?", f"SELECT count(*) FROM {T} WHERE username = 'POLÍCIA MILITAR MG'")
q("pt", "Quantos tweets vieram de Belo Horizonte?",
  f"SELECT count(*) FROM {T} WHERE user_location ILIKE '%Belo Horizonte%'")
q("pt", "Quantos tweets mencionam o Pimentel?", f"SELECT count(*) FROM {T} WHERE text ILIKE '%pimentel%'")
q("pt", "Tweets negativos com mais de 100 retweets",
  f"SELECT * FROM {T} WHERE classificacao = 'Negativo' AND retweet_count > 100")
q("pt", "Qual classificação tem mais retweets em média?",
  f"SELECT classificacao, avg(retweet_count) AS v FROM {T} GROUP BY classificacao ORDER BY v DESC LIMIT 1")
q("pt", "Quantos tweets falam de febre amarela?", f"SELECT count(*) FROM {T} WHERE text ILIKE '%febre amarela%'")
q("pt", "As 5 localizações com mais tweets",
  f"SELECT user_location, count(*) AS n FROM {T} WHERE user_location IS NOT NULL GROUP BY user_location "
  "ORDER BY n DESC LIMIT 5")
q("pt", "Tweets negativos por dia",
  f"SELECT date_trunc('day', {TS}), count(*) FROM {T} WHERE classificacao = 'Negativo' GROUP BY 1 ORDER BY 1")
q("pt", "Quantos retweets no total?", f"SELECT sum(retweet_count) FROM {T}")
q("pt", "Quantos tweets são retweets?", f"SELECT count(*) FROM {T} WHERE text LIKE 'RT @%'")
q("pt", "Quantos tweets na última semana?",
  f"SELECT count(*) FROM {T} WHERE {TS} >= (SELECT max({TS}) FROM {T}) - INTERVAL 7 DAY")
q("en", "How many neutral tweets are there?", f"SELECT count(*) FROM {T} WHERE classificacao = 'Neutro'")
q("en", "Number of tweets per month", f"SELECT date_trunc('month', {TS}), count(*) FROM {T} GROUP BY 1 ORDER BY 1")
q("en", "Average retweet count of positive tweets",
  f"SELECT avg(retweet_count) FROM {T} WHERE classificacao = 'Positivo'")
q("en", "Which user posted the most negative tweets?",
  f"SELECT username, count(*) AS n FROM {T} WHERE classificacao = 'Negativo' GROUP BY username "
  "ORDER BY n DESC LIMIT 1")
q("en", "How many tweets on January 4, 2017?",
  f"SELECT count(*) FROM {T} WHERE {TS} >= '2017-01-04' AND {TS} < '2017-01-05'")

SET.print()
