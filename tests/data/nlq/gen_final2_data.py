#!/usr/bin/env python3
"""Writes the data sets of the second final held-out question set (final2.jsonl): three more domains and naming
styles the builtin parser was never developed on.

  reservas_hotel.csv     a hotel chain's bookings; plain Portuguese snake_case headers (id_reserva, data_checkin,
                         hotel, cidade, tipo_quarto, canal_reserva, noites, hospedes, diaria_media, valor_total,
                         antecedencia_dias, cancelada true/false), ',' and decimal points
  job_applications.csv   a company's recruiting pipeline; English snake_case headers (application_id, candidate_id,
                         applied_at timestamps, department, job_title, seniority, source, stage, years_experience,
                         expected_salary, interview_score, days_in_process, remote true/false)
  propostas_credito.csv  a bank's loan applications; abbreviated Brazilian headers with accents, dots and units
                         ("Nº Proposta", "Dt. Solicitação", "Vlr. Solicitado (R$)", "Tx. Juros a.m. (%)"), ';',
                         decimal commas, ISO dates, Sim/Não flag

Latest check-in 2025-09-27; latest application 2025-11-19 16:42:05; latest loan application 2025-07-08.
Deterministic (seed 2027). usage: gen_final2_data.py [OUT_DIR] (default: this file's folder)
"""
import csv
import os
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(2027)


def pick(options):
    """options: [(value, weight, ...)] -> the chosen tuple"""
    return rng.choices(options, weights=[o[1] for o in options])[0]


# ---- Hotel bookings ------------------------------------------------------------------------------------------
hoteis = [("Aurora Copacabana", 30, "Rio de Janeiro", 520), ("Aurora Paulista", 26, "São Paulo", 430),
          ("Aurora Pelourinho", 16, "Salvador", 360), ("Aurora Gramado", 15, "Gramado", 610),
          ("Aurora Foz do Iguaçu", 13, "Foz do Iguaçu", 390)]
quartos = [("Standard", 46, 1.0), ("Superior", 28, 1.3), ("Luxo", 17, 1.75), ("Suíte", 9, 2.6)]
canais = [("Booking.com", 36), ("Site Próprio", 24), ("Expedia", 17), ("Agência de Viagens", 14), ("Telefone", 9)]
month_w = {1: 1.5, 2: 1.2, 3: 0.9, 4: 0.85, 5: 0.8, 6: 0.95, 7: 1.45, 8: 1.0, 9: 0.9, 10: 0.95, 11: 1.0, 12: 1.5}
start, end = date(2023, 1, 1), date(2025, 9, 27)
days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
checkins = sorted(rng.choices(days, weights=[month_w[d.month] * (1.25 if d.weekday() >= 4 else 1.0) for d in days],
                              k=4200))
checkins[-1] = end  # the latest check-in is exactly `end`
with open(f"{out}/reservas_hotel.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id_reserva", "data_checkin", "hotel", "cidade", "tipo_quarto", "canal_reserva", "noites", "hospedes",
                "diaria_media", "valor_total", "antecedencia_dias", "cancelada"])
    for i, d in enumerate(checkins):
        hotel = pick(hoteis)
        quarto = pick(quartos)
        canal = pick(canais)[0]
        noites = max(1, min(14, int(rng.expovariate(1 / (2.2 if hotel[0] == "Aurora Paulista" else 3.4))) + 1))
        hospedes = 1 if (hotel[0] == "Aurora Paulista" and rng.random() < 0.6) else rng.choices(
            [1, 2, 3, 4, 5], weights=[15, 50, 15, 15, 5])[0]
        alta = 1.35 if d.month in (1, 7, 12) else 1.0
        diaria = round(hotel[3] * quarto[2] * alta * rng.uniform(0.85, 1.2), 2)
        antecedencia = min(240, int(rng.expovariate(1 / (45 if canal == "Agência de Viagens" else 24))))
        cancelada = rng.random() < (0.22 if canal in ("Booking.com", "Expedia") else 0.09)
        w.writerow([f"R-{i + 1:06d}", d.isoformat(), hotel[0], hotel[2], quarto[0], canal, noites, hospedes,
                    f"{diaria:.2f}", f"{diaria * noites:.2f}", antecedencia, "true" if cancelada else "false"])

# ---- Recruiting pipeline -------------------------------------------------------------------------------------
departments = [("Engineering", 34, ["Backend Engineer", "Frontend Engineer", "Data Engineer", "QA Analyst"], 1.3),
               ("Sales", 22, ["Account Executive", "Sales Development Rep"], 0.9),
               ("Customer Success", 16, ["Customer Success Manager", "Support Specialist"], 0.75),
               ("Marketing", 12, ["Growth Marketer", "Content Writer"], 0.85),
               ("Finance", 8, ["Financial Analyst", "Accountant"], 0.95),
               ("People", 8, ["Recruiter", "HR Business Partner"], 0.85)]
seniorities = [("Junior", 34, 0, 55000), ("Mid-level", 36, 3, 78000), ("Senior", 22, 7, 110000),
               ("Lead", 8, 11, 140000)]
sources = [("LinkedIn", 38), ("Career Site", 22), ("Referral", 13), ("Indeed", 19), ("Agency", 8)]
start = datetime(2024, 1, 2)
end = datetime(2025, 11, 19, 16, 42, 5)
span = int((end - start).total_seconds())
times = []
while len(times) < 3600:
    t = start + timedelta(seconds=rng.randrange(span))
    growth = 0.6 + 0.8 * (t - start).total_seconds() / span
    if t.weekday() >= 5:
        growth *= 0.3
    if rng.random() < growth / 1.4:
        t = t.replace(hour=min(22, max(7, int(rng.gauss(13, 3.2)))))
        if t < end:
            times.append(t)
times = sorted(times)[:-1] + [end]  # the latest application is exactly `end`
candidates = [f"C-{rng.randrange(100000, 999999)}" for _ in range(3000)]
with open(f"{out}/job_applications.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["application_id", "candidate_id", "applied_at", "department", "job_title", "seniority", "source",
                "stage", "years_experience", "expected_salary", "interview_score", "days_in_process", "remote"])
    for i, t in enumerate(times):
        dep = pick(departments)
        sen = pick(seniorities)
        src = pick(sources)[0]
        years = max(0, int(sen[2] + rng.expovariate(1 / 2.2)))
        salary = int(round(sen[3] * dep[3] * rng.lognormvariate(0, 0.15), -2))
        age_days = (end - t).days
        quality = rng.random() + (0.18 if src == "Referral" else 0) - (0.06 if src == "Indeed" else 0)
        if age_days < 20 and rng.random() < 0.7:
            stage = rng.choice(["Applied", "Applied", "Phone Screen", "Interview"])
        elif rng.random() < 0.06:
            stage = "Withdrawn"
        elif quality < 0.55:
            stage = "Rejected"
        elif quality < 0.72:
            stage = rng.choice(["Rejected", "Phone Screen"]) if age_days < 60 else "Rejected"
        elif quality < 0.9:
            stage = "Interview" if age_days < 45 else "Rejected"
        elif quality < 0.97:
            stage = "Offer" if age_days < 30 else "Hired"
        else:
            stage = "Hired"
        score = ""
        if stage in ("Interview", "Offer", "Hired") or (stage == "Rejected" and quality >= 0.62):
            score = f"{min(10.0, max(1.0, rng.gauss(5.2 + quality * 3.2, 1.1))):.1f}"
        process = min(age_days, max(1, int(rng.gauss(34 if stage in ("Offer", "Hired") else 16, 8))))
        remote = rng.random() < (0.55 if dep[0] in ("Engineering", "Marketing") else 0.25)
        w.writerow([10001 + i, rng.choice(candidates), t.isoformat(sep=" "), dep[0], rng.choice(dep[2]), sen[0], src,
                    stage, years, salary, score, process, "true" if remote else "false"])

# ---- Loan applications ---------------------------------------------------------------------------------------
modalidades = [("Crédito Pessoal", 34, 12000, 4.2, [12, 24, 36, 48]),
               ("Consignado", 24, 18000, 1.8, [24, 48, 72, 84]),
               ("Financiamento Veículo", 18, 55000, 1.9, [24, 36, 48, 60]),
               ("Capital de Giro", 14, 90000, 2.6, [6, 12, 18, 24]),
               ("Crédito Imobiliário", 10, 320000, 0.85, [120, 240, 360])]
agencias = [("Pinheiros", 28), ("Centro", 24), ("Moema", 18), ("Santana", 16), ("Tatuapé", 14)]
canais_atd = [("App", 38), ("Agência", 30), ("Internet Banking", 20), ("Correspondente", 12)]
start, end = date(2024, 1, 2), date(2025, 7, 8)
days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
dts = sorted(rng.choices(days, weights=[0.25 if d.weekday() == 6 else (0.6 if d.weekday() == 5 else 1.0)
                                        for d in days], k=4600))
dts[-1] = end
with open(f"{out}/propostas_credito.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Nº Proposta", "Dt. Solicitação", "Agência", "Canal Atend.", "Modalidade", "Vlr. Solicitado (R$)",
                "Prazo (meses)", "Tx. Juros a.m. (%)", "Score Crédito", "Renda Mensal (R$)", "Possui Garantia",
                "Situação"])
    for i, d in enumerate(dts):
        mod = pick(modalidades)
        ag = pick(agencias)[0]
        canal = pick(canais_atd)[0]
        renda = round(rng.lognormvariate(8.6, 0.55) * (2.5 if mod[0] == "Capital de Giro" else 1.0), 2)
        valor = round(mod[2] * rng.lognormvariate(0, 0.5), 2)
        prazo = rng.choice(mod[4])
        score = max(150, min(1000, int(rng.gauss(640, 140))))
        garantia = mod[0] in ("Financiamento Veículo", "Crédito Imobiliário") or rng.random() < 0.12
        taxa = round(max(0.6, mod[3] + (700 - score) / 400 - (0.3 if garantia else 0) + rng.gauss(0, 0.25)), 2)
        age = (end - d).days
        r = rng.random()
        if age < 12 and r < 0.75:
            sit = "Em Análise"
        elif r < 0.05:
            sit = "Cancelada"
        elif score < 480 or (valor > renda * 30 and mod[0] != "Crédito Imobiliário") or r < 0.15:
            sit = "Recusada"
        else:
            sit = "Aprovada"
        w.writerow([f"{2024000000 + i * 3 + rng.randint(0, 2)}", d.isoformat(), ag, canal, mod[0], br(valor), prazo,
                    br(taxa), score, br(renda), "Sim" if garantia else "Não", sit])
