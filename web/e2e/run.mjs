// End-to-end tests of the web UI against a real `sagaz serve`, driven through Debian's Chromium.
//
//   node web/e2e/run.mjs --sagaz build/bin/sagaz [--artifacts tests/artifacts/web] [--keep]
//
// It tests the artifact a user runs: the UI embedded in the binary, served by `sagaz serve` itself.
// A binary built without the UI fails the run (build web/dist, re-run the CMake configure, rebuild
// sagaz). --keep keeps the temporary data directory.
//
// It makes its own data directory (`sagaz demo`), creates an admin user with the CLI, starts the
// server on a free loopback port, and then, as a person would: logs in, uploads a CSV and sees it
// listed, asks a question and sees the chart and the insight, runs a query in the console and
// exports it, watches an upload run as a job, looks at the system page, switches to Portuguese and
// the dark theme, and logs out. Screenshots go to the artifacts directory. Steps that need a route
// the server does not have yet (an older build) are reported as skipped with the route named.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { axeFindings, options, pageWidth, stopProcess, waitFor, watchedPage } from './harness.mjs';

const { repo, sagaz, artifacts, keep } = options(import.meta.url);
const USER = 'e2e';
const PASSWORD = 'e2e-Password-123';

const state = {
  dir: '',
  server: null,
  serverLog: '',
  api: '',
  ui: '',
  browser: null,
  page: null,
  routes: { auth: false, jobs: false, askSql: false },
  requests: [],
  a11y: [], // serious accessibility findings
  problems: [], // CSP violations and uncaught page errors
};

function run(args, input) {
  const r = spawnSync(sagaz, args, { input, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

function must(args, input) {
  const r = run(args, input);
  if (r.status !== 0) throw new Error(`sagaz ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

async function routeExists(method, route) {
  const r = await fetch(`${state.api}${route}`, { method });
  if (r.status !== 404) return true;
  const body = await r.json().catch(() => ({}));
  return !/^no route/.test(body?.error?.message ?? '');
}

/** axe-core on the page as it is: serious and critical findings fail the accessibility test at the end. */
async function audit(name) {
  const { serious, notes } = await axeFindings(state.page, name);
  state.a11y.push(...serious);
  for (const line of notes) console.log(`# a11y note: ${line}`);
}

/** Calls the API as the e2e user (to compare what the page shows with what the server said). */
async function apiCall(method, route, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.routes.auth) {
    const login = await fetch(`${state.api}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    headers.Authorization = `Bearer ${(await login.json()).access_token}`;
  }
  const r = await fetch(`${state.api}${route}`, { method, headers, body: body && JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

/** The page does not scroll sideways (nothing is wider than a phone's screen). */
async function fitsWidth(what) {
  const { scroll, width } = await pageWidth(state.page);
  assert.ok(scroll <= width, `${what} is ${scroll} px wide on a ${width} px screen`);
}

async function shot(name) {
  const file = path.join(artifacts, `${name}.png`);
  await state.page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays on top of the picture
  await state.page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A CSV the way Brazilian spreadsheets write it: `;`, decimal commas, dd/mm/yyyy. */
function salesCsv(rows) {
  const stores = ['Centro', 'Norte', 'Sul', 'Leste'];
  const lines = ['data;loja;produto;quantidade;valor'];
  for (let i = 0; i < rows; ++i) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const value = (((i * 37) % 1000) / 10 + 5).toFixed(2).replace('.', ',');
    lines.push(`${day}/${month}/2025;${stores[i % 4]};produto ${i % 17};${(i % 9) + 1};${value}`);
  }
  return lines.join('\n') + '\n';
}

/** Starts `sagaz serve` on the data directory (on `port`, or a free one) and waits for health. */
async function startServer({ port = 0, env = {} } = {}) {
  const portFile = path.join(state.dir, 'port');
  fs.rmSync(portFile, { force: true });
  const data = path.join(state.dir, 'data');
  state.server = spawn(
    sagaz,
    ['serve', '--data-dir', data, '--host', '127.0.0.1', '--port', String(port), '--port-file', portFile],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const log = (chunk) => (state.serverLog = (state.serverLog + chunk).slice(-20_000));
  state.server.stdout.on('data', log);
  state.server.stderr.on('data', log);
  const bound = await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim(), 'the server port');
  state.api = `http://127.0.0.1:${bound}`;
  await waitFor(async () => (await fetch(`${state.api}/api/v1/health`)).ok, 'GET /api/v1/health');
  return Number(bound);
}

async function stopServer() {
  await stopProcess(state.server);
}

before(async () => {
  assert.ok(fs.existsSync(sagaz), `no sagaz binary at ${sagaz} (pass --sagaz PATH)`);
  fs.mkdirSync(artifacts, { recursive: true });
  state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagaz-web-e2e-'));
  const data = path.join(state.dir, 'data');
  must(['demo', '--data-dir', data]);

  // The admin the browser logs in as. Created before the server starts (one process per data dir).
  const help = run(['users', 'add', '--help']);
  if (help.status === 0 && /Usage: .*users add/.test(help.stdout)) {
    const stdinFlag = help.stdout.includes('--password-stdin') ? ['--password-stdin'] : [];
    must(['users', 'add', USER, '--role', 'admin', ...stdinFlag, '--data-dir', data], `${PASSWORD}\n`);
  }

  await startServer();
  state.routes.auth = await routeExists('POST', '/api/v1/auth/login');
  state.routes.jobs = await routeExists('GET', '/api/v1/jobs');
  // Whether Ask takes an edited query yet (older servers refuse the unknown field).
  const headers = {};
  if (state.routes.auth) {
    const login = await fetch(`${state.api}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    headers.Authorization = `Bearer ${(await login.json()).access_token}`;
  }
  const ask = await fetch(`${state.api}/api/v1/ask`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ question: 'Quantos pedidos por status?', sql: 'SELECT orders.status AS status FROM orders' }),
  });
  state.routes.askSql = !(ask.status === 400 && (await ask.json()).error?.details?.field === 'sql');

  // The UI the binary embeds, and nothing else: a dev server or web/dist beside it would test
  // something no user runs.
  const index = await (await fetch(`${state.api}/`)).text();
  assert.ok(
    index.includes('<div id="root">'),
    `${sagaz} serves no web UI at / (it was built without web/dist): run \`npm --prefix web run build\`, ` +
      're-run the CMake configure and rebuild the sagaz target',
  );
  const dist = path.join(repo, 'web', 'dist', 'index.html');
  if (fs.existsSync(dist) && fs.readFileSync(dist, 'utf8') !== index) {
    console.log('# note: the binary embeds a different web build than web/dist (re-run the CMake configure and rebuild sagaz to test the current one)');
  }
  state.ui = state.api;

  state.browser = await launch();
  state.page = await watchedPage(state.browser, state.problems);
  state.page.on('request', (r) => state.requests.push(r.url()));
});

after(async () => {
  await state.browser?.close();
  await stopServer();
  if (process.exitCode && state.serverLog) console.log(`# server log (tail):\n${state.serverLog.slice(-4000)}`);
  if (state.dir && !keep) fs.rmSync(state.dir, { recursive: true, force: true });
});

test('logs in through the form', async (t) => {
  if (!state.routes.auth) return t.skip('the server has no POST /api/v1/auth/login yet');
  const page = state.page;
  await page.goto(`${state.ui}/data`);
  await page.getByLabel('User name').waitFor();
  assert.match(page.url(), /\/login\?next=%2Fdata$/);
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('That user name and password do not match').waitFor();
  await shot('01-login-wrong-password');
  await audit('login');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('current-user').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /e2e/);
  await page.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
  assert.match(page.url(), /\/data$/);
});

test('uploads a CSV and sees it listed and profiled', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/data`);
  const file = path.join(state.dir, 'vendas_e2e.csv');
  fs.writeFileSync(file, salesCsv(120));
  await page.getByTestId('file-input').setInputFiles(file);
  const report = page.getByTestId('ingest-report');
  await report.waitFor();
  assert.match(await report.innerText(), /120 rows loaded into vendas_e2e/);
  const link = page.getByTestId('dataset-vendas_e2e');
  await link.waitFor();
  await shot('02-data-uploaded');
  await link.click();
  await page.getByRole('heading', { name: 'vendas_e2e', level: 2 }).waitFor();
  const columns = page.getByTestId('columns-table');
  await columns.getByText('valor', { exact: true }).waitFor();
  await columns.locator('svg.histogram').first().waitFor(); // the profile arrived
  assert.match(await columns.innerText(), /DOUBLE/); // decimal commas read as numbers
  // Descriptions are edited in place and kept by the server (PATCH).
  await page.getByRole('button', { name: 'Edit Dataset description' }).click();
  await page.getByLabel('Dataset description').fill('Vendas de teste por loja');
  // The editor's buttons are real targets: at least 24×24 px (WCAG 2.2), text that contrasts.
  const save = page.getByRole('button', { name: 'Save' });
  const saveBox = await save.boundingBox();
  assert.ok(saveBox && saveBox.width >= 24 && saveBox.height >= 24, `the Save button is ${saveBox?.width}×${saveBox?.height} px`);
  await shot('03a-description-editor');
  await audit('description editor');
  await save.click();
  await page.getByText('Vendas de teste por loja').waitFor();
  await page.getByRole('button', { name: 'Edit Description of valor' }).click();
  await page.getByLabel('Description of valor').fill('Valor da venda em reais');
  await page.keyboard.press('Enter');
  await columns.getByText('Valor da venda em reais').waitFor();
  await page.reload();
  await page.getByText('Vendas de teste por loja').waitFor();
  await page.getByTestId('columns-table').getByText('Valor da venda em reais').waitFor();
  await page.getByTestId('columns-table').locator('svg.histogram').first().waitFor();
  await page.getByTestId('dataset-vendas_e2e').waitFor();
  await shot('03-data-profile');
  await audit('data');
  await page.getByRole('tab', { name: 'Sample rows' }).click();
  await page.getByTestId('sample-grid').getByText('Centro').first().waitFor();
});

test('asks a question and sees the chart and the insight', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/ask`);
  await page.getByLabel('Your question, in Portuguese or English').fill('Quantos pedidos por status?');
  await page.keyboard.press('Enter');
  const insight = page.getByTestId('insight');
  await insight.waitFor();
  assert.match(await insight.innerText(), /Complete/);
  const canvas = page.getByTestId('answer-chart').locator('canvas');
  await canvas.first().waitFor();
  const box = await canvas.first().boundingBox();
  assert.ok(box && box.width > 200 && box.height > 200, 'the chart has a size');
  assert.match(await page.getByTestId('engine').innerText(), /builtin/);
  // The answer's chart downloads like a dashboard card's (the same component).
  for (const ext of ['png', 'svg']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`answer-chart-${ext}`).click()]);
    assert.equal(download.suggestedFilename(), `Quantos-pedidos-por-status.${ext}`);
    const saved = path.join(artifacts, `answer-chart.${ext}`);
    await download.saveAs(saved);
    if (ext === 'png') assert.equal(fs.readFileSync(saved).subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n');
    else assert.match(fs.readFileSync(saved, 'utf8'), /^<svg/);
  }
  await page.getByTestId('stats-table').waitFor();
  await page.getByTestId('history').getByText('Quantos pedidos por status?').waitFor();
  // The SQL shown is the one that computes the answer (an aggregate), and the console opens it.
  const answerSql = await page.getByTestId('answer-sql').innerText();
  assert.match(answerSql, /count\(\*\)/i);
  assert.match(answerSql, /GROUP BY/i);
  const href = await page.getByTestId('open-answer-sql').getAttribute('href');
  assert.equal(decodeURIComponent(href.replace(/^\/sql\?q=/, '')), answerSql);
  assert.match(await page.getByTestId('stats-subject').innerText(), /Statistics of the answer’s 5 values \(count per status\)/);
  // The answer's rows export like the console's.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.match(csvDownload.suggestedFilename(), /^quantos-pedidos-por-status-.*\.csv$/);
  assert.match(fs.readFileSync(await csvDownload.path(), 'utf8'), /^status,count,linhas\r\nComplete,16712,16712\r\n/);
  await page.waitForTimeout(600); // let the chart's entry animation finish before the picture
  await shot('04-ask-answer');
  await audit('ask');
  // A sum per month: the chart and the insight are monthly totals; the statistics are of the rows,
  // and say so.
  await page.getByLabel('Your question, in Portuguese or English').fill('total sales per month');
  await page.keyboard.press('Enter');
  await page.getByTestId('stats-not-chart').waitFor();
  assert.match(await page.getByTestId('stats-subject').innerText(), /Statistics of sale_price over the [\d,]+ rows read/);
  assert.match(await page.getByTestId('stats-not-chart').innerText(), /the sum per month/);
  assert.match(await page.getByTestId('answer-sql').innerText(), /sum\(/);
  await page.waitForTimeout(1500); // a line chart draws from left to right in a second
  await shot('04a-ask-monthly-totals');
  // A question that names nothing in the data gets a plain explanation.
  await page.getByLabel('Your question, in Portuguese or English').fill('Qual é o sentido da vida?');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByText('Sagaz could not read this question').waitFor();
});

test('re-runs an edited query through Ask', async (t) => {
  if (!state.routes.askSql) return t.skip('POST /api/v1/ask does not take the "sql" field yet');
  const page = state.page;
  await page.goto(`${state.ui}/ask?q=${encodeURIComponent('Quantos pedidos por status?')}`);
  await page.getByTestId('insight').waitFor();
  await page.getByText('The query that read the rows').click();
  const box = page.getByTestId('rows-sql');
  await box.fill(`${(await box.inputValue()).trim()} WHERE orders.status <> 'Returned'`);
  await page.getByRole('button', { name: 'Run this SQL' }).click();
  await page.getByText('edited SQL').waitFor();
  await waitFor(async () => !/Returned/.test(await page.getByTestId('answer').innerText()), 'the answer without Returned');
  await page.waitForTimeout(1200); // the chart animates from the old bars to the new ones
  await shot('04b-ask-edited-sql');
});

test('runs a query in the SQL console and exports it', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/sql`);
  await page.getByTestId('sql-input').fill('SELECT status, count(*) AS n FROM orders GROUP BY 1 ORDER BY 2 DESC');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const grid = page.getByTestId('sql-grid');
  await grid.getByText('Complete').waitFor();
  assert.match(await page.getByTestId('sql-summary').innerText(), /5 rows/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^status,n\r\nComplete,\d+/);
  await shot('05-sql-console');
  await audit('sql');
  // Numbers keep every digit and lose the float noise, on screen and in exports.
  await page.getByTestId('sql-input').fill('SELECT 1457.87::DOUBLE AS price, 126832.11999999994::DOUBLE AS total');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await grid.getByText('1,457.87', { exact: true }).waitFor();
  await grid.getByText('126,832.12', { exact: true }).waitFor();
  const [numbers] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  assert.deepEqual(JSON.parse(fs.readFileSync(await numbers.path(), 'utf8')), [{ price: 1457.87, total: 126832.12 }]);
  // More rows than the server returns: the notice says it is the server's maximum and how to change it.
  await page.getByTestId('sql-input').fill('SELECT * FROM events');
  await page.getByLabel('Row limit').fill('50000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const truncated = page.getByTestId('sql-truncated');
  await truncated.waitFor({ timeout: 60_000 });
  assert.match(await truncated.innerText(), /is the most this server returns/);
  assert.match(await truncated.innerText(), /SAGAZ_SQL_ROW_LIMIT/);
  await shot('05a-sql-server-row-limit');
  await page.getByLabel('Row limit').fill('1000');
  // An unknown column: the message, and its place and suggestions when the server gives them.
  const typo = 'SELECT stauts FROM orders';
  const said = await apiCall('POST', '/api/v1/sql', { sql: typo });
  assert.ok(said.status >= 400, 'the server refuses the typo');
  await page.getByTestId('sql-input').fill(typo);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /stauts/);
  const details = said.body.error.details ?? {};
  if (details.position !== undefined) {
    await page.getByTestId('sql-error-place').waitFor();
    assert.match(await page.getByTestId('sql-error-place').innerText(), /Line 1, column 8/);
  } else {
    console.log('# the server gave no error position yet: the message alone is shown');
  }
  if (details.suggestions !== undefined) {
    await page.getByRole('button', { name: 'Use status in the query' }).click();
    assert.equal(await page.getByTestId('sql-input').inputValue(), 'SELECT status FROM orders');
  } else {
    console.log('# the server gave no suggestions yet');
  }
  await shot('05b-sql-error');
  // A refused query is explained, not dumped.
  await page.getByTestId('sql-input').fill("SELECT * FROM read_csv('/etc/passwd')");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Not allowed/);
  assert.doesNotMatch(text, /[{}]/);
  await shot('06-sql-refused');
});

/** Asks `question` on the Ask page and saves the answer as a question named `name`. */
async function saveAnswer(question, name) {
  const page = state.page;
  await page.goto(`${state.ui}/ask`);
  await page.getByLabel('Your question, in Portuguese or English').fill(question);
  await page.keyboard.press('Enter');
  await page.getByTestId('insight').waitFor();
  await page.getByTestId('save-answer').click();
  await page.getByTestId('save-answer-name').fill(name);
  await page.getByTestId('save-answer-confirm').click();
  await page.getByTestId('save-answer-done').waitFor();
}

const CHART_TYPES = ['auto', 'line', 'area', 'bar', 'stacked_bar', 'horizontal_bar', 'pie', 'donut', 'scatter',
  'histogram', 'boxplot', 'heatmap', 'table', 'number', 'pivot'];

test('builds a dashboard from two Ask answers, filters it, shares it and revokes the link', async (t) => {
  if (!(await routeExists('GET', '/api/v1/dashboards'))) return t.skip('the server has no GET /api/v1/dashboards yet');
  const page = state.page;
  await saveAnswer('Quantos pedidos por status?', 'Pedidos por status');
  await saveAnswer('total sales per month', 'Vendas por mês');

  // The demo ships two dashboards; a new one is made of the two saved answers.
  await page.goto(`${state.ui}/dashboards`);
  const list = page.getByTestId('dashboard-list');
  await list.getByText('Vendas', { exact: true }).waitFor();
  await list.getByText('Sensores', { exact: true }).waitFor();
  await shot('20-dashboards-list');
  await audit('dashboards');
  await page.getByTestId('new-dashboard-name').fill('Operação e2e');
  await page.getByTestId('pick-Pedidos por status').check();
  await page.getByTestId('pick-Vendas por mês').check();
  await page.getByTestId('create-dashboard').click();
  await page.waitForURL(/\/dashboards\/d_[0-9a-f]+$/);
  const id = page.url().split('/').pop();
  await page.getByTestId('card-0-chart').locator('canvas').first().waitFor();
  await page.getByTestId('card-1-chart').locator('canvas').first().waitFor();

  // A filter on the orders' status, saved with the layout; the cards with the column narrow.
  await page.getByTestId('edit-layout').click();
  await page.getByTestId('new-filter-column').fill('status');
  await page.getByTestId('add-filter-button').click();
  await page.getByTestId('save-layout').click();
  await page.getByTestId('filter-status').waitFor();
  await page.getByTestId('filter-status').fill('Complete');
  await page.getByTestId('apply-filters').click();
  await page.getByTestId('chart-type-0').selectOption('table');
  await page.getByTestId('card-0').getByRole('cell', { name: 'Complete', exact: true }).waitFor();
  await waitFor(
    async () => !(await page.getByTestId('card-0').getByRole('cell', { name: 'Cancelled', exact: true }).count()),
    'the status filter',
  );
  const narrowed = await apiCall('GET', `/api/v1/dashboards/${id}?filter.status=Complete`);
  assert.equal(narrowed.status, 200);
  assert.deepEqual(narrowed.body.cards[0].result.filters_applied, ['status']);
  await page.waitForTimeout(800);
  await shot('21-dashboard-filtered');
  await audit('dashboard');
  await page.getByTestId('filter-status').fill('');
  await page.getByTestId('apply-filters').click();

  // A chart downloads as PNG and SVG.
  for (const ext of ['png', 'svg']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`card-1-chart-${ext}`).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`\\.${ext}$`));
    const saved = path.join(artifacts, `27-chart.${ext}`);
    await download.saveAs(saved);
    const head = fs.readFileSync(saved).subarray(0, 8);
    if (ext === 'png') assert.equal(head.toString('latin1'), '\x89PNG\r\n\x1a\n');
    else assert.match(fs.readFileSync(saved, 'utf8'), /^<svg/);
  }

  // Clicking a bar opens the rows behind it (through the drill API, with the question's status).
  await page.getByTestId('chart-type-0').selectOption('bar');
  const canvas = page.getByTestId('card-0-chart').locator('canvas').first();
  await canvas.waitFor();
  await page.waitForTimeout(800);
  const box = await canvas.boundingBox();
  for (let f = 0.12; f < 0.95 && !(await page.getByTestId('drill').count()); f += 0.08) {
    await page.mouse.click(box.x + box.width * f, box.y + box.height * 0.86);
    await page.waitForTimeout(150);
  }
  await page.getByTestId('drill-count').waitFor();
  assert.match(await page.getByTestId('drill').textContent(), /= /);
  await shot('28-dashboard-drill');
  await page.getByTestId('drill-close').click();

  // Every chart type on a card, in English and light, then Portuguese and dark.
  for (const [lang, theme] of [['en', 'light'], ['pt-BR', 'dark']]) {
    if (lang === 'pt-BR') {
      await page.getByLabel('Language', { exact: true }).selectOption('pt-BR');
      await page.getByRole('button', { name: 'Tema escuro' }).click();
    }
    for (const type of CHART_TYPES) {
      await page.getByTestId('chart-type-1').selectOption(type);
      await page.waitForTimeout(type === 'auto' ? 900 : 500);
      await page.getByTestId('card-1').screenshot({ path: path.join(artifacts, `22-card-${type}-${lang}-${theme}.png`) });
    }
    await page.getByTestId('chart-type-1').selectOption('auto');
  }
  await shot('23-dashboard-pt-dark');
  await page.getByLabel('Idioma', { exact: true }).selectOption('en');
  await page.getByRole('button', { name: 'Dark theme' }).click();

  // Shared: a fresh browser without a session opens the link and sees the API's numbers.
  await page.getByTestId('share').click();
  const url = await page.getByTestId('public-link').locator('input').inputValue();
  assert.match(url, /\/public\/dashboards\/[0-9a-f]{48}$/);
  const token = url.split('/').pop();
  const fromApi = await (await fetch(`${state.api}/api/v1/public/dashboards/${token}`)).json();
  assert.ok(!JSON.stringify(fromApi).includes('SELECT'), 'the public answer has no SQL');
  const fresh = await launch();
  try {
    const other = await fresh.context.newPage();
    other.setDefaultTimeout(20_000);
    await other.goto(url);
    await other.getByRole('heading', { name: 'Operação e2e' }).waitFor();
    await other.getByTestId('card-0-chart').locator('canvas').first().waitFor();
    assert.equal(await other.evaluate(() => localStorage.getItem('sagaz.refresh_token')), null);
    await other.getByTestId('chart-type-0').selectOption('table');
    const rows = fromApi.cards[0].result.rows;
    for (const row of rows) {
      const count = row.find((v) => typeof v === 'number');
      await other.getByTestId('card-0').getByText(new Intl.NumberFormat('en-US').format(count), { exact: true }).first().waitFor();
    }
    await other.waitForTimeout(600);
    await other.screenshot({ path: path.join(artifacts, '24-public-dashboard.png'), fullPage: true });
    // Revoked: the same link now says so.
    await page.getByTestId('revoke').click();
    await page.getByTestId('share').waitFor();
    assert.equal((await fetch(`${state.api}/api/v1/public/dashboards/${token}`)).status, 404);
    await other.reload();
    await other.getByRole('alert').waitFor();
    await other.screenshot({ path: path.join(artifacts, '25-public-dashboard-revoked.png'), fullPage: true });
  } finally {
    await fresh.close();
  }

  // The shipped Sensores dashboard opens with every card.
  const boards = await apiCall('GET', '/api/v1/dashboards');
  const sensores = boards.body.dashboards.find((d) => d.name === 'Sensores');
  await page.goto(`${state.ui}/dashboards/${sensores.id}`);
  for (let i = 0; i < sensores.cards.length; ++i) await page.getByTestId(`card-${i}`).waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await page.getByTestId('dashboard-grid').getByRole('alert').count(), 0);
  await shot('26-dashboard-sensores');
});

test('watches an upload run as a job', async (t) => {
  if (!state.routes.jobs) return t.skip('the server has no GET /api/v1/jobs yet');
  const page = state.page;
  await page.goto(`${state.ui}/data`);
  const file = path.join(state.dir, 'vendas_grande.csv');
  fs.writeFileSync(file, salesCsv(300_000));
  await page.getByLabel('Dataset name').fill('vendas_job');
  await page.getByLabel('Run as a background job').check();
  await page.getByTestId('file-input').setInputFiles(file);
  const item = page.getByTestId('uploads').locator('li').first();
  // The server answers 202 with the job at once; its progress then arrives over server-sent events.
  await waitFor(async () => ['job', 'done'].includes(await item.getAttribute('data-status')), 'the upload to become a job', 60_000);
  await shot('07-upload-job');
  const seen = new Set();
  await waitFor(async () => {
    const bar = item.locator('progress');
    if (await bar.count()) seen.add(await bar.first().getAttribute('value'));
    return (await item.getAttribute('data-status')) === 'done';
  }, 'the ingest job to finish', 120_000);
  console.log(`# job progress values seen in the page: ${[...seen].join(', ') || '(finished before the first look)'}`);
  assert.ok(
    state.requests.some((u) => /\/api\/v1\/jobs\/[^/]+\/events\?access_token=/.test(u)),
    'the page followed the job over server-sent events',
  );
  await item.getByTestId('ingest-report').waitFor();
  assert.match(await item.getByTestId('ingest-report').innerText(), /300,000 rows loaded into vendas_job/);
  await page.goto(`${state.ui}/jobs`);
  const job = page.getByTestId('job').first();
  await job.waitFor();
  assert.equal(await job.getAttribute('data-status'), 'succeeded');
  await shot('08-jobs');
  await audit('jobs');
});

test('shows the system page', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/system`);
  await page.getByTestId('version').getByText('sagaz').waitFor();
  await page.waitForTimeout(1500); // a line chart draws from left to right in a second
  await shot('09-system');
  await audit('system');
});

test('speaks Portuguese on every page, in the dark theme', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/ask?q=${encodeURIComponent('How many orders per month?')}`);
  await page.getByTestId('insight').waitFor();
  await page.getByLabel('Language', { exact: true }).selectOption('pt-BR');
  await page.getByRole('link', { name: 'Perguntar', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tema escuro' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'pt-BR');
  // The plan's terms, which the server writes in English, are said in Portuguese.
  const facts = await page.locator('dl.facts').first().innerText();
  assert.match(facts, /contagem/);
  assert.match(facts, /mês/);
  assert.match(facts, /estrita/);
  assert.doesNotMatch(facts, /\b(count|month|strict)\b/);
  assert.match(await page.getByTestId('engine').innerText(), /embutido/);
  assert.match(await page.getByTestId('stats-subject').innerText(), /Estatísticas dos \d+ valores da resposta \(contagem por mês\)/);
  await page.waitForTimeout(1500);
  await shot('10-ask-pt-dark');
  await audit('ask (pt-BR, dark)');
  await page.goto(`${state.ui}/data/vendas_e2e`);
  await page.getByTestId('columns-table').locator('svg.histogram').first().waitFor();
  await shot('10a-data-pt-dark');
  await audit('data (pt-BR, dark)');
  await page.goto(`${state.ui}/sql`);
  await page.getByTestId('sql-input').fill('SELECT status, count(*) AS n, avg(num_of_item) AS media FROM orders GROUP BY 1 ORDER BY 2 DESC');
  await page.getByRole('button', { name: 'Rodar', exact: true }).click();
  await page.getByTestId('sql-grid').getByText('Complete').waitFor();
  await shot('10b-sql-pt-dark');
  await audit('sql (pt-BR, dark)');
  if (state.routes.jobs) {
    await page.goto(`${state.ui}/jobs`);
    const job = page.getByTestId('job').first();
    await job.waitFor();
    assert.doesNotMatch(await job.innerText(), /\bdone\b/);
    await shot('10c-jobs-pt-dark');
    await audit('jobs (pt-BR, dark)');
  }
  await page.goto(`${state.ui}/system`);
  await page.getByTestId('version').getByText('sagaz').waitFor();
  await page.getByTestId('config').waitFor();
  assert.match(await page.getByTestId('config').innerText(), /padrão/);
  await page.waitForTimeout(1500);
  await shot('10d-system-pt-dark');
  await audit('system (pt-BR, dark)');
});

test('fits a phone: the Ask answer and the SQL console, in both languages and themes', async () => {
  const page = state.page;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [lang, theme] of [
      ['pt-BR', 'dark'],
      ['en', 'light'],
    ]) {
      await page.evaluate(
        ([l, th]) => {
          localStorage.setItem('sagaz.language', l);
          localStorage.setItem('sagaz.theme', th);
        },
        [lang, theme],
      );
      for (const [i, q] of ['Quantos pedidos por status?', 'total sales per month', 'How many users per country?'].entries()) {
        await page.goto(`${state.ui}/ask?q=${encodeURIComponent(q)}`);
        await page.getByTestId('insight').waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        const canvas = page.getByTestId('answer-chart').locator('canvas').first();
        await canvas.waitFor();
        const box = await canvas.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the chart fits the screen (${JSON.stringify(box)})`);
        await fitsWidth(`the answer to "${q}" (${lang})`);
        await page.waitForTimeout(1500);
        await shot(`11-phone-ask-${i}-${lang}-${theme}`);
        if (i === 0) await audit(`ask on a phone (${lang}, ${theme})`);
      }
      await page.goto(`${state.ui}/sql`);
      await page.getByTestId('sql-input').fill('SELECT status, count(*) AS n, avg(num_of_item) AS mean_items FROM orders GROUP BY 1 ORDER BY 2 DESC');
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('sql-grid').getByText('Complete').waitFor();
      await fitsWidth(`the SQL console (${lang})`);
      await shot(`12-phone-sql-${lang}-${theme}`);
      await audit(`sql on a phone (${lang}, ${theme})`);
      await page.getByTestId('sql-input').fill('SELECT stauts FROM orders');
      await page.locator('form button[type=submit]').click();
      await page.getByRole('alert').waitFor();
      await fitsWidth(`a SQL error (${lang})`);
      await shot(`12a-phone-sql-error-${lang}-${theme}`);
      await audit(`a SQL error on a phone (${lang}, ${theme})`);
    }
    await page.goto(`${state.ui}/data/vendas_e2e`);
    await page.getByTestId('columns-table').waitFor();
    await shot('13-phone-data-en-light');
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.evaluate(() => {
      localStorage.setItem('sagaz.language', 'en');
      localStorage.setItem('sagaz.theme', 'light');
    });
  }
});

test('can be used with the keyboard alone', async () => {
  const page = state.page;
  await page.goto(`${state.ui}/ask`);
  await page.getByLabel('Your question, in Portuguese or English').waitFor();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(first, 'Skip to content');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
});

test('logs out', async (t) => {
  if (!state.routes.auth) return t.skip('the server has no POST /api/v1/auth/login yet');
  const page = state.page;
  await page.goto(`${state.ui}/ask`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('sagaz.refresh_token')), null);
});

test('lets anonymous viewers read, and offers to log in', async (t) => {
  if (!state.routes.auth) return t.skip('the server has no POST /api/v1/auth/login yet');
  // The same data directory, served the way `make run` does: read-only without a token.
  const port = new URL(state.api).port;
  await stopServer();
  await startServer({ port: Number(port), env: { SAGAZ_AUTH_ANONYMOUS_ROLE: 'viewer' } });
  const page = state.page;
  await page.goto(`${state.ui}/data/vendas_e2e`);
  await page.getByRole('heading', { name: 'vendas_e2e', level: 2 }).waitFor();
  await page.getByText('Read-only').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Choose files' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);
  await shot('12-anonymous-read-only');
  await page.getByRole('link', { name: 'Log in' }).click();
  await page.getByLabel('User name').waitFor();
  await page.getByRole('link', { name: 'Continue read-only' }).waitFor();
});

test('meets the WCAG 2.2 AA rules axe-core checks', () => {
  assert.deepEqual(state.a11y, []);
});

test('breaks no Content-Security-Policy rule and throws no page errors', () => {
  assert.deepEqual(state.problems, []);
});
