#!/usr/bin/env python3
"""Source of questions.jsonl: the fourth held-out set (issue 15), 36 questions tagged by the same seven classes as
../heldout_three, written after the parser was changed for that set and before it ran on these: the check that the
changes generalize to other data and phrasings. Conventions: an appointment (consulta) happens on data_consulta
(data_agendamento is when it was booked); an application is dated by applied_at unless the question says decided;
money is summed and levels, scores and rates averaged when no aggregate is said. Regenerate with:
python3 questions_source.py > questions.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from question_set import ShapedQuestionSet, between, month, year  # noqa: E402

C, X, W, A = "consultas", "exames", "weather", "applications"
XC = f"{X} x JOIN {C} c ON c.consulta_id = x.consulta_id"



questions = ShapedQuestionSet("four-")
q = questions.qc



c = "dates"
q(c, "count_filter", "pt", "Quantas consultas houve em março de 2024?",
  f"SELECT count(*) FROM {C} WHERE {month('data_consulta', 2024, 3)}")
q(c, "count_filter", "pt", "Quantas consultas foram agendadas em março de 2024?",
  f"SELECT count(*) FROM {C} WHERE {month('data_agendamento', 2024, 3)}")
q(c, "count_filter", "en", "How many applications were decided in June 2024?",
  f"SELECT count(*) FROM {A} WHERE {month('decided_at', 2024, 6)}")
q(c, "time", "en", "Applications per month", f"SELECT date_trunc('month', applied_at), count(*) FROM {A} GROUP BY 1")
q(c, "time", "pt", "Valor cobrado por mês de consulta em 2024",
  f"SELECT date_trunc('month', data_consulta), sum(valor_cobrado) FROM {C} WHERE "
  f"{between('data_consulta', '2024-01-01', '2025-01-01')} GROUP BY 1")

c = "bottom_n"
q(c, "ranking", "en", "The 3 days with the lowest average humidity",
  f"SELECT CAST(recorded_at AS DATE), avg(humidity_pct) FROM {W} GROUP BY 1 ORDER BY 2 ASC LIMIT 3")
q(c, "ranking", "pt", "Quais os 2 meses com maior chuva total?",
  f"SELECT date_trunc('month', recorded_at), sum(rain_mm) FROM {W} GROUP BY 1 ORDER BY 2 DESC LIMIT 2")
q(c, "ranking", "en", "Which 4 days had the highest average wind speed?",
  f"SELECT CAST(recorded_at AS DATE), avg(wind_kmh) FROM {W} GROUP BY 1 ORDER BY 2 DESC LIMIT 4")
q(c, "ranking", "pt", "Os 3 dias com menor pressão média",
  f"SELECT CAST(recorded_at AS DATE), avg(pressure_hpa) FROM {W} GROUP BY 1 ORDER BY 2 ASC LIMIT 3")
q(c, "ranking", "en", "Top 2 months by average interview score",
  f"SELECT date_trunc('month', applied_at), avg(interview_score) FROM {A} GROUP BY 1 ORDER BY 2 DESC LIMIT 2")

c = "avg_rank"
q(c, "ranking", "pt", "Qual especialidade tem o maior valor cobrado médio?",
  f"SELECT especialidade, avg(valor_cobrado) FROM {C} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which department has the highest average salary offer?",
  f"SELECT department, avg(salary_offer) FROM {A} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which zone has the lowest average pressure?",
  f"SELECT zone, avg(pressure_hpa) FROM {W} GROUP BY 1 ORDER BY 2 ASC LIMIT 1")
q(c, "ranking", "pt", "Qual tipo de exame tem o maior prazo médio de resultado?",
  f"SELECT tipo_exame, avg(prazo_resultado_dias) FROM {X} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(c, "ranking", "en", "Which seniority has the highest average interview score?",
  f"SELECT seniority, avg(interview_score) FROM {A} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")

c = "lexicon"
q(c, "count_filter", "en", "How many cancelled appointments?", f"SELECT count(*) FROM {C} WHERE situacao = 'cancelada'")
q(c, "measure_filter", "en", "Average humidity in the south zone",
  f"SELECT avg(humidity_pct) FROM {W} WHERE zone = 'Sul'")
q(c, "count_filter", "pt", "Quantas candidaturas rejeitadas?", f"SELECT count(*) FROM {A} WHERE status = 'rejected'")
q(c, "measure_filter", "pt", "Oferta salarial média das candidaturas contratadas",
  f"SELECT avg(salary_offer) FROM {A} WHERE status = 'hired'")
q(c, "group", "en", "Total exam price per exam type", f"SELECT tipo_exame, sum(preco) FROM {X} GROUP BY 1")
q(c, "group", "pt", "Velocidade média do vento por zona", f"SELECT zone, avg(wind_kmh) FROM {W} GROUP BY 1")

c = "related"
q(c, "measure_filter", "pt", "Preço médio dos exames de consultas de cardiologia",
  f"SELECT avg(x.preco) FROM {XC} WHERE c.especialidade = 'cardiologia'")
q(c, "measure_filter", "en", "Total exam price for appointments in the Centro unit",
  f"SELECT sum(x.preco) FROM {XC} WHERE c.unidade = 'Centro'")
q(c, "count_filter", "pt", "Quantos exames de consultas da unidade Zona Sul?",
  f"SELECT count(*) FROM {XC} WHERE c.unidade = 'Zona Sul'")
q(c, "group", "en", "Average exam price by specialty",
  f"SELECT c.especialidade, avg(x.preco) FROM {XC} GROUP BY 1")

c = "types"
q(c, "unclear", "pt", "Quantas consultas com especialidade acima de 3?")
q(c, "unclear", "en", "How many applications with department greater than 10?")
q(c, "unclear", "en", "How many readings with recorded_at below 100?")
q(c, "count_filter", "pt", "Quantas candidaturas com nota de entrevista acima de 8?",
  f"SELECT count(*) FROM {A} WHERE interview_score > 8")
q(c, "count_filter", "en", "How many readings with wind above 40?", f"SELECT count(*) FROM {W} WHERE wind_kmh > 40")

c = "stem"
q(c, "group", "pt", "umidade por zona", f"SELECT zone, avg(humidity_pct) FROM {W} GROUP BY 1")
q(c, "group", "pt", "pressao por estacao", f"SELECT station_code, avg(pressure_hpa) FROM {W} GROUP BY 1")
q(c, "group", "pt", "preço por tipo de exame", f"SELECT tipo_exame, sum(preco) FROM {X} GROUP BY 1")
q(c, "group", "en", "interview score by department", f"SELECT department, avg(interview_score) FROM {A} GROUP BY 1")
q(c, "group", "pt", "valor cobrado por unidade", f"SELECT unidade, sum(valor_cobrado) FROM {C} GROUP BY 1")
q(c, "group", "en", "wind by station", f"SELECT station_code, avg(wind_kmh) FROM {W} GROUP BY 1")

if __name__ == "__main__":
    questions.print()
