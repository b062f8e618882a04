#!/usr/bin/env python3
"""Writes the data of the fourth held-out question set (questions.jsonl beside this file): a second, smaller check
of the seven failure classes of issue 15, written after the parser was changed for ../heldout_three and before it
ran on these questions. Domains unlike every other set: a clinic's appointments with two dates and the exams they
ordered, weather stations with English headers and Portuguese values, and job applications in English.

Synthetic, deterministic (seed 4242), committed as CSV beside this script:

  consultas.csv    600 appointments: consulta_id, paciente_id (integer, a key of no table here), especialidade
                   (cardiologia, pediatria, ortopedia, dermatologia), unidade (Centro, Zona Norte, Zona Sul), situacao
                   (realizada, cancelada, faltou), data_agendamento (when it was booked), data_consulta (when it takes
                   place, 0-40 days later), valor_cobrado, duracao_min
  exames.csv       the exams ordered at appointments: exame_id, consulta_id -> consultas, tipo_exame (sangue, raio_x,
                   ultrassom, ressonancia), preco, prazo_resultado_dias
  weather.csv      readings of 6 stations, every 6 hours of 2024-03 .. 2024-05: station_code, zone (Norte, Sul,
                   Leste, Oeste), recorded_at, humidity_pct, pressure_hpa, wind_kmh, rain_mm
  applications.csv 500 job applications: application_id, applied_at, decided_at (empty while pending), status (hired,
                   rejected, pending, withdrawn), department, seniority (junior, mid, senior), salary_offer,
                   interview_score

usage: gen_data.py [OUT_DIR]; gen_data.py --shared DATA_DIR --real-only OUT_DIR writes nothing (no real data here)
"""
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from data_gen import pick, write_csv as write  # noqa: E402



def clinic(rng, out):
    prices = {"cardiologia": 380, "pediatria": 220, "ortopedia": 300, "dermatologia": 260}
    exam_prices = {"sangue": 45, "raio_x": 120, "ultrassom": 210, "ressonancia": 890}
    appts, exams, eid = [], [], 0
    for cid in range(1, 601):
        spec = pick(rng, [("cardiologia", 25), ("pediatria", 30), ("ortopedia", 25), ("dermatologia", 20)])
        booked = date(2023, 7, 1) + timedelta(days=rng.randrange(0, 540))
        when = booked + timedelta(days=rng.randrange(0, 41))
        status = pick(rng, [("realizada", 78), ("cancelada", 12), ("faltou", 10)])
        value = round(prices[spec] * rng.uniform(0.8, 1.3), 2) if status == "realizada" else 0.0
        appts.append([cid, rng.randrange(5000, 5400), spec, pick(rng, [("Centro", 45), ("Zona Norte", 30),
                                                                       ("Zona Sul", 25)]),
                      status, booked.isoformat(), when.isoformat(), value, rng.choice([15, 20, 30, 45, 60])])
        if status == "realizada":
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                eid += 1
                kind = pick(rng, [("sangue", 45), ("raio_x", 25), ("ultrassom", 20), ("ressonancia", 10)])
                exams.append([eid, cid, kind, round(exam_prices[kind] * rng.uniform(0.9, 1.2), 2),
                              rng.randrange(1, 15)])
    write(os.path.join(out, "consultas.csv"),
          ["consulta_id", "paciente_id", "especialidade", "unidade", "situacao", "data_agendamento", "data_consulta",
           "valor_cobrado", "duracao_min"], appts)
    write(os.path.join(out, "exames.csv"), ["exame_id", "consulta_id", "tipo_exame", "preco", "prazo_resultado_dias"],
          exams)


def weather(rng, out):
    stations = [("WS-1", "Norte"), ("WS-2", "Norte"), ("WS-3", "Sul"), ("WS-4", "Leste"), ("WS-5", "Oeste"),
                ("WS-6", "Sul")]
    rows = []
    for k, (code, zone) in enumerate(stations):
        t = datetime(2024, 3, 1)
        while t < datetime(2024, 6, 1):
            rows.append([code, zone, t.strftime("%Y-%m-%d %H:%M:%S"), round(rng.uniform(35, 98) - k, 1),
                         round(1008 + k * 1.5 + rng.gauss(0, 4), 1), round(abs(rng.gauss(12 + 2 * k, 6)), 1),
                         round(max(0.0, rng.gauss(-1, 4)), 1)])
            t += timedelta(hours=6)
    write(os.path.join(out, "weather.csv"),
          ["station_code", "zone", "recorded_at", "humidity_pct", "pressure_hpa", "wind_kmh", "rain_mm"], rows)


def applications(rng, out):
    rows = []
    for i in range(1, 501):
        applied = datetime(2024, 1, 1) + timedelta(minutes=rng.randrange(0, 300 * 24 * 60))
        status = pick(rng, [("hired", 15), ("rejected", 55), ("pending", 20), ("withdrawn", 10)])
        decided = None if status == "pending" else applied + timedelta(days=rng.randrange(3, 60))
        dept = pick(rng, [("Engineering", 35), ("Sales", 30), ("Finance", 15), ("Marketing", 20)])
        level = pick(rng, [("junior", 40), ("mid", 35), ("senior", 25)])
        base = {"junior": 4000, "mid": 7500, "senior": 13000}[level]
        rows.append([i, applied.strftime("%Y-%m-%d %H:%M:%S"), decided.strftime("%Y-%m-%d %H:%M:%S") if decided
                     else None, status, dept, level, round(base * rng.uniform(0.85, 1.25), 2),
                     round(rng.uniform(2, 10), 1)])
    write(os.path.join(out, "applications.csv"),
          ["application_id", "applied_at", "decided_at", "status", "department", "seniority", "salary_offer",
           "interview_score"], rows)


def main():
    if "--real-only" in sys.argv:
        return 0
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    rng = random.Random(4242)
    clinic(rng, out)
    weather(rng, out)
    applications(rng, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
