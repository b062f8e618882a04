#!/usr/bin/env python3
"""Source of questions.jsonl: the second held-out set, 120 questions over the data of gen_data.py (people/HR,
shipments with carriers, a SaaS product's accounts and invoices, and a sample of real B3 quotes with other tickers,
years and headers than the first set), half in Brazilian Portuguese and half in English. Written with their gold
SQL before the parser ran on them: a measurement of generalization, not a development set. Same eight shapes as
../heldout_real (15 questions each, 8 pt + 7 en):

  single, group, ranking, time, distribution, measure_filter, count_filter, unclear

Conventions: "faturamento"/"amount invoiced" is the sum of saas_invoices.amount_usd dated by issued_on; shipments
are dated by data_postagem unless the question says delivered; a carrier is named by nome_transportadora (joined on
transportadora_id); an employee by the registration key (Matrícula), an account by account_id, an invoice by
invoice_no, a shipment by codigo_rastreio. envios.pedido_ref and colaboradores.id are integer look-alikes of no
table here. Regenerate with: python3 questions_source.py > questions.jsonl
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from question_set import ShapedQuestionSet, between  # noqa: E402

C, T, E, A, I, B = "colaboradores", "transportadoras", "envios", "saas_accounts", "saas_invoices", "pregao_b3"
ET = f"{E} e JOIN {T} t ON t.transportadora_id = e.transportadora_id"
IA = f"{I} i JOIN {A} a ON a.account_id = i.account_id"
POST, ISS, DAY = "data_postagem", "issued_on", "data_pregao"

questions = ShapedQuestionSet("ops-")
q = questions.q


def month(col, year, m):
    nxt = f"{year + 1}-01-01" if m == 12 else f"{year}-{m + 1:02d}-01"
    return between(col, f"{year}-{m:02d}-01", nxt)


def year(col, y):
    return between(col, f"{y}-01-01", f"{y + 1}-01-01")


# ---- single number ------------------------------------------------------------------------------------------
s = "single"
q(s, "pt", "Quantos colaboradores a empresa tem?", f"SELECT count(*) FROM {C}")
q(s, "pt", "Qual o salário médio?", f"SELECT avg(salario_r) FROM {C}")
q(s, "pt", "Qual o maior valor de frete pago?", f"SELECT max(valor_do_frete_r) FROM {E}")
q(s, "pt", "Qual o peso total enviado?", f"SELECT sum(peso_kg) FROM {E}")
q(s, "pt", "Qual o MRR total das contas?", f"SELECT sum(mrr_usd) FROM {A}")
q(s, "pt", "Qual o preço de fechamento mais baixo registrado?", f"SELECT min(preco_fechamento) FROM {B}")
q(s, "pt", "Qual a média de horas extras dos colaboradores?", f"SELECT avg(horas_extras_mes) FROM {C}")
q(s, "pt", "Quantas faturas foram emitidas?", f"SELECT count(*) FROM {I}")
q(s, "en", "How many shipments are there?", f"SELECT count(*) FROM {E}")
q(s, "en", "What is the average invoice amount?", f"SELECT avg(amount_usd) FROM {I}")
q(s, "en", "What's the total number of seats sold?", f"SELECT sum(seats) FROM {A}")
q(s, "en", "What is the highest salary?", f"SELECT max(salario_r) FROM {C}")
q(s, "en", "How many carriers do we work with?", f"SELECT count(*) FROM {T}")
q(s, "en", "What was the average daily trading volume?", f"SELECT avg(volume_financeiro) FROM {B}")
q(s, "en", "What is the average performance score of employees?", f"SELECT avg(nota_de_desempenho) FROM {C}")

# ---- one number per group -----------------------------------------------------------------------------------
s = "group"
q(s, "pt", "Salário médio por departamento", f"SELECT departamento, avg(salario_r) FROM {C} GROUP BY 1")
q(s, "pt", "Quantos colaboradores por tipo de contrato?", f"SELECT tipo_de_contrato, count(*) FROM {C} GROUP BY 1")
q(s, "pt", "Frete total por transportadora",
  f"SELECT t.nome_transportadora, sum(e.valor_do_frete_r) FROM {ET} GROUP BY 1")
q(s, "pt", "Peso médio dos envios por modalidade", f"SELECT modalidade, avg(peso_kg) FROM {E} GROUP BY 1")
q(s, "pt", "Número de contas por plano", f"SELECT plan, count(*) FROM {A} GROUP BY 1")
q(s, "pt", "Volume negociado total por papel", f"SELECT papel, sum(volume_financeiro) FROM {B} GROUP BY 1")
q(s, "pt", "Valor faturado por forma de pagamento", f"SELECT payment_method, sum(amount_usd) FROM {I} GROUP BY 1")
q(s, "pt", "Nota de desempenho média por cargo", f"SELECT cargo, avg(nota_de_desempenho) FROM {C} GROUP BY 1")
q(s, "en", "Average MRR by country", f"SELECT country, avg(mrr_usd) FROM {A} GROUP BY 1")
q(s, "en", "Number of shipments per destination state", f"SELECT uf_destino, count(*) FROM {E} GROUP BY 1")
q(s, "en", "Total invoiced amount per plan", f"SELECT a.plan, sum(i.amount_usd) FROM {IA} GROUP BY 1")
q(s, "en", "Headcount by department", f"SELECT departamento, count(*) FROM {C} GROUP BY 1")
q(s, "en", "Average seats per billing cycle", f"SELECT billing_cycle, avg(seats) FROM {A} GROUP BY 1")
q(s, "en", "Shipments by status", f"SELECT status_envio, count(*) FROM {E} GROUP BY 1")
q(s, "en", "Average closing price per ticker", f"SELECT papel, avg(preco_fechamento) FROM {B} GROUP BY 1")

# ---- rankings -----------------------------------------------------------------------------------------------
s = "ranking"
q(s, "pt", "Quais os 5 colaboradores com maior salário?",
  f"SELECT matricula, salario_r FROM {C} ORDER BY salario_r DESC LIMIT 5")
q(s, "pt", "Qual departamento tem o maior salário médio?",
  f"SELECT departamento, avg(salario_r) FROM {C} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(s, "pt", "Quais as 3 transportadoras com mais envios?",
  f"SELECT t.nome_transportadora, count(*) FROM {ET} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q(s, "pt", "Os 5 dias de maior volume negociado do BBAS3",
  f"SELECT {DAY}, volume_financeiro FROM {B} WHERE papel = 'BBAS3' ORDER BY 2 DESC LIMIT 5")
q(s, "pt", "Quais os 2 países com mais contas?", f"SELECT country, count(*) FROM {A} GROUP BY 1 ORDER BY 2 DESC LIMIT 2")
q(s, "pt", "Quais as 10 faturas de maior valor?",
  f"SELECT invoice_no, amount_usd FROM {I} ORDER BY amount_usd DESC LIMIT 10")
q(s, "pt", "Qual estado de destino recebe mais envios?",
  f"SELECT uf_destino, count(*) FROM {E} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(s, "pt", "Qual a transportadora com a maior frota?",
  f"SELECT nome_transportadora, tamanho_frota FROM {T} ORDER BY tamanho_frota DESC LIMIT 1")
q(s, "en", "Top 5 accounts by MRR", f"SELECT account_id, mrr_usd FROM {A} ORDER BY mrr_usd DESC LIMIT 5")
q(s, "en", "Which industry has the most accounts?",
  f"SELECT industry, count(*) FROM {A} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(s, "en", "What are the 3 heaviest shipments?",
  f"SELECT codigo_rastreio, peso_kg FROM {E} ORDER BY peso_kg DESC LIMIT 3")
q(s, "en", "Which 5 days had the lowest closing price for NATU3?",
  f"SELECT {DAY}, preco_fechamento FROM {B} WHERE papel = 'NATU3' ORDER BY 2 ASC LIMIT 5")
q(s, "en", "Which role has the highest average salary?",
  f"SELECT cargo, avg(salario_r) FROM {C} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
q(s, "en", "Top 3 countries by invoiced amount",
  f"SELECT a.country, sum(i.amount_usd) FROM {IA} GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
q(s, "en", "Which payment method is used the least?",
  f"SELECT payment_method, count(*) FROM {I} GROUP BY 1 ORDER BY 2 ASC LIMIT 1")

# ---- over time ----------------------------------------------------------------------------------------------
s = "time"
q(s, "pt", "Envios por mês em 2023",
  f"SELECT date_trunc('month', {POST}), count(*) FROM {E} WHERE {year(POST, 2023)} GROUP BY 1")
q(s, "pt", "Faturamento mês a mês em 2022",
  f"SELECT date_trunc('month', {ISS}), sum(amount_usd) FROM {I} WHERE {year(ISS, 2022)} GROUP BY 1")
q(s, "pt", "Admissões por ano", f"SELECT date_trunc('year', data_de_admissao), count(*) FROM {C} GROUP BY 1")
q(s, "pt", "Fechamento médio do USIM5 por mês em 2013",
  f"SELECT date_trunc('month', {DAY}), avg(preco_fechamento) FROM {B} WHERE papel = 'USIM5' AND {year(DAY, 2013)} "
  "GROUP BY 1")
q(s, "pt", "Novas contas por trimestre", f"SELECT date_trunc('quarter', signup_date), count(*) FROM {A} GROUP BY 1")
q(s, "pt", "Quantos envios tivemos ano a ano?", f"SELECT date_trunc('year', {POST}), count(*) FROM {E} GROUP BY 1")
q(s, "pt", "Volume negociado semana a semana do BBAS3 em dezembro de 2013",
  f"SELECT date_trunc('week', {DAY}), sum(volume_financeiro) FROM {B} WHERE papel = 'BBAS3' AND "
  f"{month(DAY, 2013, 12)} GROUP BY 1")
q(s, "pt", "Envios por mês em 2019",
  f"SELECT date_trunc('month', {POST}), count(*) FROM {E} WHERE {year(POST, 2019)} GROUP BY 1")
q(s, "en", "Invoices per month in 2023",
  f"SELECT date_trunc('month', {ISS}), count(*) FROM {I} WHERE {year(ISS, 2023)} GROUP BY 1")
q(s, "en", "Signups year over year", f"SELECT date_trunc('year', signup_date), count(*) FROM {A} GROUP BY 1")
q(s, "en", "Monthly freight cost in 2022",
  f"SELECT date_trunc('month', {POST}), sum(valor_do_frete_r) FROM {E} WHERE {year(POST, 2022)} GROUP BY 1")
q(s, "en", "Daily closing price of NATU3 in March 2012",
  f"SELECT {DAY}, preco_fechamento FROM {B} WHERE papel = 'NATU3' AND {month(DAY, 2012, 3)}")
q(s, "en", "Terminations per year",
  f"SELECT date_trunc('year', data_de_desligamento), count(*) FROM {C} WHERE data_de_desligamento IS NOT NULL "
  "GROUP BY 1")
q(s, "en", "Deliveries per month in 2023",
  f"SELECT date_trunc('month', data_entrega), count(*) FROM {E} WHERE {year('data_entrega', 2023)} GROUP BY 1")
q(s, "en", "Amount invoiced month over month in 2023",
  f"SELECT date_trunc('month', {ISS}), sum(amount_usd) FROM {I} WHERE {year(ISS, 2023)} GROUP BY 1")

# ---- distribution with a filter -----------------------------------------------------------------------------
s = "distribution"
q(s, "pt", "Como se distribui o salário no departamento de Tecnologia?",
  f"SELECT salario_r FROM {C} WHERE departamento = 'Tecnologia'")
q(s, "pt", "Distribuição do peso dos envios da modalidade Expresso",
  f"SELECT peso_kg FROM {E} WHERE modalidade = 'Expresso'")
q(s, "pt", "Como se distribuem os envios por status na transportadora Jadlog?",
  f"SELECT e.status_envio, count(*) FROM {ET} WHERE t.nome_transportadora = 'Jadlog' GROUP BY 1")
q(s, "pt", "Distribuição do MRR das contas Enterprise", f"SELECT mrr_usd FROM {A} WHERE plan = 'Enterprise'")
q(s, "pt", "Como se distribuem os colaboradores de Vendas por cargo?",
  f"SELECT cargo, count(*) FROM {C} WHERE departamento = 'Vendas' GROUP BY 1")
q(s, "pt", "Distribuição do valor das faturas pagas via pix",
  f"SELECT amount_usd FROM {I} WHERE payment_method = 'pix'")
q(s, "pt", "Como se distribui o preço de fechamento da NATU3 em 2013?",
  f"SELECT preco_fechamento FROM {B} WHERE papel = 'NATU3' AND {year(DAY, 2013)}")
q(s, "pt", "Distribuição dos salários dos estagiários",
  f"SELECT salario_r FROM {C} WHERE tipo_de_contrato = 'Estágio'")
q(s, "en", "Distribution of freight values for shipments to SP",
  f"SELECT valor_do_frete_r FROM {E} WHERE uf_destino = 'SP'")
q(s, "en", "What does the distribution of seats look like for Pro accounts?",
  f"SELECT seats FROM {A} WHERE plan = 'Pro'")
q(s, "en", "How are shipments distributed by service type in 2023?",
  f"SELECT modalidade, count(*) FROM {E} WHERE {year(POST, 2023)} GROUP BY 1")
q(s, "en", "Distribution of invoice amounts for overdue invoices",
  f"SELECT amount_usd FROM {I} WHERE status = 'overdue'")
q(s, "en", "How are employees in SP distributed by department?",
  f"SELECT departamento, count(*) FROM {C} WHERE uf = 'SP' GROUP BY 1")
q(s, "en", "Distribution of salaries of PJ contractors", f"SELECT salario_r FROM {C} WHERE tipo_de_contrato = 'PJ'")
q(s, "en", "Distribution of daily trading volume of USIM5 in 2012",
  f"SELECT volume_financeiro FROM {B} WHERE papel = 'USIM5' AND {year(DAY, 2012)}")

# ---- a measure and a filter, no aggregate word --------------------------------------------------------------
s = "measure_filter"
q(s, "pt", "Salário dos advogados", f"SELECT salario_r FROM {C} WHERE cargo = 'Advogado'")
q(s, "pt", "Valor do frete dos envios extraviados",
  f"SELECT valor_do_frete_r FROM {E} WHERE status_envio = 'Extraviado'")
q(s, "pt", "Preço de fechamento do BBAS3 em 2012",
  f"SELECT preco_fechamento FROM {B} WHERE papel = 'BBAS3' AND {year(DAY, 2012)}")
q(s, "pt", "MRR das contas do Brasil", f"SELECT mrr_usd FROM {A} WHERE country = 'Brazil'")
q(s, "pt", "Peso dos envios da Braspress", f"SELECT e.peso_kg FROM {ET} WHERE t.nome_transportadora = 'Braspress'")
q(s, "pt", "Horas extras dos colaboradores de Operações",
  f"SELECT horas_extras_mes FROM {C} WHERE departamento = 'Operações'")
q(s, "pt", "Valor das faturas em atraso", f"SELECT amount_usd FROM {I} WHERE status = 'overdue'")
q(s, "pt", "Volume negociado da USIM5 em janeiro de 2013",
  f"SELECT volume_financeiro FROM {B} WHERE papel = 'USIM5' AND {month(DAY, 2013, 1)}")
q(s, "en", "Salaries of the Jurídico department", f"SELECT salario_r FROM {C} WHERE departamento = 'Jurídico'")
q(s, "en", "Freight cost of the Same Day shipments", f"SELECT valor_do_frete_r FROM {E} WHERE modalidade = 'Same_Day'")
q(s, "en", "The closing price of NATU3 in 2013",
  f"SELECT preco_fechamento FROM {B} WHERE papel = 'NATU3' AND {year(DAY, 2013)}")
q(s, "en", "Invoice amounts of the Enterprise accounts", f"SELECT i.amount_usd FROM {IA} WHERE a.plan = 'Enterprise'")
q(s, "en", "Seats of the accounts in the Healthcare industry", f"SELECT seats FROM {A} WHERE industry = 'Healthcare'")
q(s, "en", "MRR of churned accounts", f"SELECT mrr_usd FROM {A} WHERE churned_at IS NOT NULL")
q(s, "en", "Weight of the shipments to RJ", f"SELECT peso_kg FROM {E} WHERE uf_destino = 'RJ'")

# ---- counts with filters ------------------------------------------------------------------------------------
s = "count_filter"
q(s, "pt", "Quantos envios foram extraviados?", f"SELECT count(*) FROM {E} WHERE status_envio = 'Extraviado'")
q(s, "pt", "Quantos colaboradores são PJ?", f"SELECT count(*) FROM {C} WHERE tipo_de_contrato = 'PJ'")
q(s, "pt", "Quantas contas deram churn?", f"SELECT count(*) FROM {A} WHERE churned_at IS NOT NULL")
q(s, "pt", "Quantos envios pesam mais de 10 kg?", f"SELECT count(*) FROM {E} WHERE peso_kg > 10")
q(s, "pt", "Quantas faturas acima de 1000 dólares foram pagas?",
  f"SELECT count(*) FROM {I} WHERE amount_usd > 1000 AND status = 'paid'")
q(s, "pt", "Quantos colaboradores ganham mais de 10 mil reais?", f"SELECT count(*) FROM {C} WHERE salario_r > 10000")
q(s, "pt", "Em quantos pregões de 2013 o BBAS3 fechou acima de 25 reais?",
  f"SELECT count(*) FROM {B} WHERE papel = 'BBAS3' AND preco_fechamento > 25 AND {year(DAY, 2013)}")
q(s, "pt", "Quantas mulheres trabalham em Tecnologia?",
  f"SELECT count(*) FROM {C} WHERE genero = 'F' AND departamento = 'Tecnologia'")
q(s, "en", "How many shipments were delivered in 2023?",
  f"SELECT count(*) FROM {E} WHERE {year('data_entrega', 2023)}")
q(s, "en", "How many invoices are overdue?", f"SELECT count(*) FROM {I} WHERE status = 'overdue'")
q(s, "en", "How many accounts are on the annual billing cycle?",
  f"SELECT count(*) FROM {A} WHERE billing_cycle = 'annual'")
q(s, "en", "How many employees have no termination date?",
  f"SELECT count(*) FROM {C} WHERE data_de_desligamento IS NULL")
q(s, "en", "How many Enterprise accounts are in Brazil?",
  f"SELECT count(*) FROM {A} WHERE plan = 'Enterprise' AND country = 'Brazil'")
q(s, "en", "How many shipments cost more than 50 in freight?", f"SELECT count(*) FROM {E} WHERE valor_do_frete_r > 50")
q(s, "en", "How many invoices used card payment in 2022?",
  f"SELECT count(*) FROM {I} WHERE payment_method = 'card' AND {year(ISS, 2022)}")

# ---- should be unclear --------------------------------------------------------------------------------------
for lang, question in [
    ("pt", "Qual o lucro por transportadora?"),
    ("pt", "Quantos funcionários cada gestor tem?"),
    ("pt", "Qual o tempo médio de resolução dos chamados?"),
    ("pt", "Envios por departamento"),
    ("pt", "Qual o custo de aquisição de clientes das contas?"),
    ("pt", "Qual o dividendo pago pelo BBAS3?"),
    ("pt", "Qual o total?"),
    ("pt", "Quantas faturas cada colaborador emitiu?"),
    ("en", "What is the average delivery rating?"),
    ("en", "Churn rate by sales rep"),
    ("en", "Show me everything"),
    ("en", "Average salary per shipment"),
    ("en", "What is the net promoter score of our customers?"),
    ("en", "Freight cost per employee"),
    ("en", "What was the stock's dividend yield in 2013?"),
]:
    q("unclear", lang, question)

if __name__ == "__main__":
    questions.print()
