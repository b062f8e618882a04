#!/usr/bin/env python3
"""Writes the data sets of the second probe question set (probe2.jsonl), a development set written while the parser
was being generalized for the second time, over abbreviated headers as enterprise schemas write them:

  transacoes.csv  bank transactions; Brazilian prefixed UPPER headers (DT_TRANSACAO, VL_TRANSACAO, TP_OPERACAO,
                  NM_CLIENTE, CD_AGENCIA, FL_ESTORNO with S/N, DS_CANAL, SG_UF)
  gym_members.csv gym memberships; English abbreviated snake_case (join_dt, plan_nm, mthly_fee_usd, visits_cnt,
                  age_yrs, churn_flg with Y/N, branch_cd)

Latest transaction 2025-08-31; latest member joined 2025-07-30.
Deterministic (seed 53). usage: gen_probe2_data.py OUT_DIR
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = random.Random(53)

clientes = ["Ana Ribeiro", "Bruno Tavares", "Carla Nunes", "Diego Prado", "Elisa Fontes", "Fábio Rocha",
            "Gabriela Sá", "Heitor Lins", "Iara Campos", "João Vitor Melo", "Karen Dias", "Lucas Farias"]
operacoes = [("PIX", 45, 180), ("TED", 10, 2500), ("Boleto", 20, 420), ("Cartão Débito", 18, 95), ("Saque", 7, 300)]
canais = ["App", "Internet Banking", "Agência", "Caixa Eletrônico"]
ufs = ["SP", "RJ", "MG", "RS", "PR", "BA", "PE"]
with open(f"{out}/transacoes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ID_TRANSACAO", "DT_TRANSACAO", "NM_CLIENTE", "CD_AGENCIA", "TP_OPERACAO", "VL_TRANSACAO", "FL_ESTORNO",
                "DS_CANAL", "SG_UF"])
    start, end = datetime(2024, 9, 1), datetime(2025, 8, 31, 22, 0)
    span = int((end - start).total_seconds())
    times = sorted(start + timedelta(seconds=rng.randrange(0, span)) for _ in range(4000))
    for i, t in enumerate(times):
        op, _, avg = rng.choices(operacoes, weights=[o[1] for o in operacoes])[0]
        canal = "Caixa Eletrônico" if op == "Saque" and rng.random() < 0.7 else rng.choice(canais)
        w.writerow([900000 + i, t.strftime("%Y-%m-%d %H:%M:%S"), rng.choice(clientes), f"{rng.choice([101, 202, 303, 404, 505]):04d}",
                    op, f"{avg * rng.uniform(0.1, 2.5):.2f}", "S" if rng.random() < 0.03 else "N", canal, rng.choice(ufs)])

plans = [("Basic", 29.9), ("Plus", 49.9), ("Premium", 89.9)]
branches = ["DTN", "UPT", "MDT", "BRK"]
with open(f"{out}/gym_members.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["mbr_id", "join_dt", "plan_nm", "mthly_fee_usd", "visits_cnt", "age_yrs", "gender_cd", "churn_flg",
                "branch_cd"])
    for i in range(1500):
        plan, fee = rng.choices(plans, weights=[50, 32, 18])[0]
        joined = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 1671))
        w.writerow([f"MB{10000 + i}", joined.isoformat(), plan, f"{fee * rng.choice([1, 1, 0.9, 0.8]):.2f}",
                    max(0, int(rng.gauss(60 if plan == "Premium" else 35, 20))), rng.randint(16, 72),
                    rng.choice("FM"), "Y" if rng.random() < 0.22 else "N", rng.choice(branches)])
