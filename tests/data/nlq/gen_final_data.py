#!/usr/bin/env python3
"""Writes the data sets of the final held-out question set (final.jsonl): three domains and naming styles the
builtin parser was never developed on.

  matriculas.csv    university enrollments and grades; Portuguese headers with accents, spaces and a unit in
                    parentheses ("Nome do Aluno", "Nota Final", "Frequência (%)", "Data da Matrícula"), ';',
                    decimal commas, dd/mm/yyyy dates, Sim/Não flag, Aprovado/Reprovado/Trancado status
  web_sessions.csv  web analytics sessions; English CamelCase headers (SessionId, StartTime, DeviceType,
                    PageViews, DurationSec, Converted true/false, Revenue)
  sinistros.csv     insurance claims; abbreviated lower-case Brazilian headers (nr_apolice, dt_ocorrencia,
                    tp_sinistro, vl_indenizado, vl_franquia, uf, seguradora, status)

Latest enrollment 2025-08-14 (semester 2025/2); latest session 2025-05-17 21:28; latest claim 2025-10-22.
Deterministic (seed 97). usage: gen_final_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

from data_gen import br

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(97)


# ---- University enrollments ----------------------------------------------------------------------------
cursos = [("Direito", 26, 7.0), ("Administração", 20, 6.6), ("Engenharia Civil", 14, 6.0),
          ("Medicina", 8, 7.8), ("Ciência da Computação", 12, 6.3), ("Pedagogia", 11, 7.2),
          ("Enfermagem", 9, 7.1)]
disciplinas = {"Direito": ["Direito Civil", "Direito Penal", "Direito Constitucional", "Teoria Geral do Estado"],
               "Administração": ["Contabilidade", "Marketing", "Gestão de Pessoas", "Estatística"],
               "Engenharia Civil": ["Cálculo I", "Física I", "Resistência dos Materiais", "Estatística"],
               "Medicina": ["Anatomia", "Fisiologia", "Bioquímica", "Farmacologia"],
               "Ciência da Computação": ["Cálculo I", "Algoritmos", "Banco de Dados", "Redes de Computadores"],
               "Pedagogia": ["Psicologia da Educação", "Didática", "Alfabetização", "Estatística"],
               "Enfermagem": ["Anatomia", "Fisiologia", "Saúde Coletiva", "Farmacologia"]}
campi = [("Campus Centro", 45), ("Campus Norte", 30), ("Campus Sul", 17), ("EAD", 8)]
turnos = [("Noturno", 50), ("Matutino", 35), ("Vespertino", 15)]
nomes = ["Ana", "Beatriz", "Caio", "Daniela", "Eduardo", "Fernanda", "Gustavo", "Helena", "Igor", "Júlia",
         "Leonardo", "Mariana", "Natália", "Otávio", "Priscila", "Rodrigo", "Sabrina", "Thiago", "Vitória",
         "Wesley", "Letícia", "Matheus", "Camila", "Luís"]
sobrenomes = ["Silva", "Souza", "Costa", "Almeida", "Araújo", "Barbosa", "Cardoso", "Gonçalves", "Moreira",
              "Teixeira", "Ribeiro", "Mendes"]
# semesters 2022/1 .. 2025/2; enrollments happen in Jan-Feb (semester /1) and Jul-Aug (semester /2); the data
# ends on 2025-08-14, in the middle of the 2025/2 enrollment window
semestres = [f"{y}/{s}" for y in range(2022, 2026) for s in (1, 2)]
sem_w = [8, 9, 10, 11, 12, 13, 15, 9]
alunos = [f"{rng.choice(nomes)} {rng.choice(sobrenomes)} {rng.choice(sobrenomes)}" for _ in range(700)]
alunos = list(dict.fromkeys(alunos))
rows = []
for i in range(3200):
    sem = rng.choices(semestres, weights=sem_w)[0]
    y, s = int(sem[:4]), int(sem[-1])
    if s == 1:
        d0 = date(y, 1, 10)
        d = d0 + timedelta(days=min(55, int(rng.expovariate(1 / 18))))
    else:
        d0 = date(y, 7, 1)
        span = 44 if y == 2025 else 55
        d = d0 + timedelta(days=min(span, int(rng.expovariate(1 / 18))))
    curso = rng.choices(cursos, weights=[c[1] for c in cursos])[0]
    disc = rng.choice(disciplinas[curso[0]])
    campus = rng.choices(campi, weights=[c[1] for c in campi])[0][0]
    turno = "Noturno" if campus == "EAD" else rng.choices(turnos, weights=[t[1] for t in turnos])[0][0]
    if curso[0] == "Medicina":
        turno = "Matutino" if turno == "Noturno" else turno
    bolsista = rng.random() < (0.32 if curso[0] in ("Pedagogia", "Enfermagem") else 0.18)
    freq = min(100.0, max(20.0, rng.gauss(88 if bolsista else 80, 11)))
    nota = min(10.0, max(0.0, rng.gauss(curso[2] + (0.5 if bolsista else 0) + (freq - 80) / 25, 1.7)))
    if disc in ("Cálculo I", "Resistência dos Materiais"):
        nota = max(0.0, nota - 1.3)
    idade = min(58, max(17, int(17 + rng.expovariate(1 / 5))))
    if rng.random() < 0.07:
        situacao, nota, freq = "Trancado", None, None
    elif y == 2025 and s == 2:
        situacao, nota = "Cursando", None
    elif nota >= 6 and freq >= 75:
        situacao = "Aprovado"
    else:
        situacao = "Reprovado"
    mensal = {"Medicina": 9800, "Direito": 1650, "Engenharia Civil": 1900, "Ciência da Computação": 1700,
              "Administração": 1250, "Pedagogia": 890, "Enfermagem": 1400}[curso[0]]
    mensal *= 0.55 if campus == "EAD" else 1.0
    mensal = round(mensal * rng.uniform(0.95, 1.05) * (0.5 if bolsista else 1.0), 2)
    rows.append([d, rng.choice(alunos), idade, curso[0], disc, sem, campus, turno, nota, freq, situacao,
                 bolsista, mensal])
rows.sort(key=lambda r: r[0])
with open(f"{out}/matriculas.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Matrícula", "Nome do Aluno", "Idade", "Curso", "Disciplina", "Semestre", "Campus", "Turno",
                "Nota Final", "Frequência (%)", "Data da Matrícula", "Situação", "Bolsista", "Mensalidade (R$)"])
    for i, r in enumerate(rows):
        d, aluno, idade, curso, disc, sem, campus, turno, nota, freq, sit, bols, mensal = r
        w.writerow([f"M{2022000 + i * 7 + rng.randint(0, 6)}", aluno, idade, curso, disc, sem, campus, turno,
                    "" if nota is None else f"{nota:.1f}".replace(".", ","),
                    "" if freq is None else f"{freq:.1f}".replace(".", ","), d.strftime("%d/%m/%Y"), sit,
                    "Sim" if bols else "Não", br(mensal)])

# ---- Web analytics sessions ----------------------------------------------------------------------------
countries = [("Brazil", 30), ("United States", 22), ("Portugal", 9), ("Mexico", 8), ("Germany", 7),
             ("India", 10), ("United Kingdom", 6), ("Argentina", 5), ("Canada", 3)]
devices = [("Mobile", 58, 0.018, 3.2), ("Desktop", 34, 0.045, 5.5), ("Tablet", 8, 0.028, 4.1)]
browsers = {"Mobile": [("Chrome", 55), ("Safari", 38), ("Samsung Internet", 7)],
            "Desktop": [("Chrome", 62), ("Edge", 16), ("Firefox", 12), ("Safari", 10)],
            "Tablet": [("Safari", 60), ("Chrome", 40)]}
sources = [("Organic Search", 38), ("Direct", 20), ("Paid Search", 16), ("Social", 14), ("Email", 7),
           ("Referral", 5)]
pages = ["/", "/pricing", "/blog", "/product", "/signup", "/docs", "/contact"]
start = datetime(2024, 6, 1)
end = datetime(2025, 5, 18)
days = (end - start).days
rows = []
for di in range(days):
    day = start + timedelta(days=di)
    growth = 1 + di / days * 0.6
    weekend = 0.65 if day.weekday() >= 5 else 1.0
    bf = 2.2 if (day.month == 11 and 25 <= day.day <= 30) else 1.0
    n = int(rng.gauss(7.5 * growth * weekend * bf, 1.5))
    for _ in range(max(1, n)):
        hour = min(23, max(0, int(rng.gauss(15, 4.5))))
        t = day + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
        rows.append(t)
rows.sort()
with open(f"{out}/web_sessions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["SessionId", "StartTime", "Country", "DeviceType", "Browser", "TrafficSource", "LandingPage",
                "PageViews", "DurationSec", "Bounced", "Converted", "Revenue"])
    for i, t in enumerate(rows):
        country = rng.choices(countries, weights=[c[1] for c in countries])[0][0]
        dev = rng.choices(devices, weights=[d[1] for d in devices])[0]
        browser = rng.choices(browsers[dev[0]], weights=[b[1] for b in browsers[dev[0]]])[0][0]
        src = rng.choices(sources, weights=[s[1] for s in sources])[0][0]
        landing = rng.choices(pages, weights=[30, 12, 25, 15, 6, 8, 4])[0]
        bounced = rng.random() < (0.52 if dev[0] == "Mobile" else 0.36)
        pv = 1 if bounced else max(2, int(rng.expovariate(1 / dev[3])) + 2)
        dur = rng.randint(3, 40) if bounced else int(pv * rng.uniform(25, 110))
        conv_p = 0 if bounced else dev[2] * 2.2 * (1.8 if src == "Email" else 1.0) * (1.6 if landing == "/pricing" else 1)
        converted = rng.random() < conv_p
        revenue = 0.0
        if converted:
            revenue = round(rng.lognormvariate(4.3, 0.6) * (1.4 if country in ("United States", "Germany") else 1), 2)
        w.writerow([f"s-{i + 1:06d}", t.isoformat(sep=" "), country, dev[0], browser, src, landing, pv, dur,
                    "true" if bounced else "false", "true" if converted else "false", f"{revenue:.2f}"])

# ---- Insurance claims ----------------------------------------------------------------------------------
seguradoras = [("Porto Seguro", 30, 1.05), ("Bradesco Seguros", 24, 1.0), ("Allianz", 14, 1.15),
               ("Tokio Marine", 12, 0.95), ("Mapfre", 11, 0.9), ("Azul Seguros", 9, 0.75)]
tipos = [("Colisão", 44, 9000), ("Roubo", 14, 38000), ("Furto", 9, 32000), ("Vidros", 18, 900),
         ("Incêndio", 2, 55000), ("Alagamento", 5, 21000), ("Terceiros", 8, 7000)]
ufs = [("SP", 38), ("RJ", 16), ("MG", 13), ("PR", 8), ("RS", 8), ("SC", 6), ("BA", 5), ("PE", 3), ("GO", 3)]
ramos = [("Auto", 85), ("Residencial", 10), ("Empresarial", 5)]
start, end = date(2023, 1, 1), date(2025, 10, 22)
span = (end - start).days
rows = []
for i in range(3600):
    d = start + timedelta(days=rng.randrange(span + 1))
    rows.append(d)
# rainy-season flood claims (December-March)
for i in range(200):
    y = rng.choice([2023, 2024, 2025])
    m = rng.choice([1, 2, 3, 12] if y < 2025 else [1, 2, 3])
    rows.append(date(y, m, rng.randint(1, 28)))
rows.sort()
# policies: most have one claim, some have several
apolices = [f"{rng.choice(['01', '02', '05', '07'])}.{rng.randrange(10**6, 10**7)}" for _ in range(2600)]
with open(f"{out}/sinistros.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id_sinistro", "nr_apolice", "dt_ocorrencia", "dt_aviso", "tp_sinistro", "ramo", "seguradora", "uf",
                "vl_indenizado", "vl_franquia", "qt_dias_regulacao", "status"])
    for i, d in enumerate(rows):
        seg = rng.choices(seguradoras, weights=[s[1] for s in seguradoras])[0]
        rainy = d.month in (12, 1, 2, 3)
        tw = [t[1] * (4 if (t[0] == "Alagamento" and rainy) else 1) for t in tipos]
        tipo = rng.choices(tipos, weights=tw)[0]
        ramo = rng.choices(ramos, weights=[r[1] for r in ramos])[0][0]
        if tipo[0] in ("Incêndio", "Alagamento") and rng.random() < 0.5:
            ramo = rng.choice(["Residencial", "Empresarial"])
        uf = rng.choices(ufs, weights=[u[1] for u in ufs])[0][0]
        aviso = d + timedelta(days=min(60, int(rng.expovariate(1 / 4))))
        if aviso > end:
            aviso = end
        valor = tipo[2] * seg[2] * rng.lognormvariate(0, 0.45)
        franquia = 0.0 if tipo[0] in ("Roubo", "Furto", "Incêndio") else round(
            rng.choice([1500, 2500, 3500, 4500]) if tipo[0] not in ("Vidros",) else rng.choice([150, 250, 400]), 2)
        reg = max(1, int(rng.gauss(25 if tipo[0] in ("Roubo", "Furto", "Incêndio") else 12, 6)))
        age = (end - d).days
        r = rng.random()
        if age < reg + 10 and r < 0.8:
            status, pago = "Em análise", 0.0
        elif r < 0.13:
            status, pago = "Negado", 0.0
        elif r < 0.16:
            status, pago = "Cancelado", 0.0
        elif valor <= franquia:
            status, pago = "Negado", 0.0
        else:
            status, pago = "Pago", valor - franquia
        w.writerow([i + 1, apolices[min(len(apolices) - 1, int(rng.expovariate(1 / 900)))] if rng.random() < 0.45
                    else rng.choice(apolices), d.isoformat(), aviso.isoformat(), tipo[0], ramo, seg[0], uf, f"{pago:.2f}", f"{franquia:.2f}",
                    reg if status in ("Pago", "Negado") else "", status])
