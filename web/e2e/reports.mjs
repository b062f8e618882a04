// End-to-end test of the Reports page (scheduled reports and alerts) against a real `sagaz serve`
// with the demo data and the UI it embeds, in Debian's Chromium.
//
//   node web/e2e/reports.mjs --sagaz build/bin/sagaz [--artifacts tests/artifacts/web] [--keep]
//
// As an analyst would: schedules the "Vendas" dashboard as a weekly PDF + CSV report into a folder,
// runs it now and reads its delivery history (checked against the API and the files on disk),
// pauses and resumes it; makes an alert on "Pedidos por mês" delivered to a webhook receiver on
// loopback (listed in webhooks.allow, signed with webhooks.secret: the signature is verified here
// over the raw body), runs it and sees it fire, edits its threshold; reads the page in Portuguese and
// in the dark theme; deletes the report; checks a viewer sees the list without the buttons that change
// it; runs axe-core. Screenshots go to the artifacts folder as reports-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { axeFindings, options, pageWidth, startServer, stopProcess, waitFor, watchedPage } from './harness.mjs';

const { sagaz, artifacts, keep } = options(import.meta.url);
const USER = 'e2e';
const VIEWER = 'e2e-viewer';
const PASSWORD = 'e2e-Password-123';
const SECRET = 'e2e-webhook-secret';

const state = { dir: '', data: '', server: null, serverLog: null, api: '', browser: null, page: null, hook: null, hookUrl: '', posts: [], a11y: [], problems: [] };

function must(args, input) {
  const r = spawnSync(sagaz, args, { input, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sagaz ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

async function apiCall(method, route, body) {
  const login = await fetch(`${state.api}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: USER, password: PASSWORD }) });
  const { access_token } = await login.json();
  const r = await fetch(`${state.api}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}

async function shot(name) {
  await state.page.evaluate(() => window.scrollTo(0, 0));
  await state.page.screenshot({ path: path.join(artifacts, `reports-${name}.png`), fullPage: true });
}

async function audit(name) {
  const { serious, notes } = await axeFindings(state.page, name);
  state.a11y.push(...serious);
  for (const line of notes) console.log(`# a11y note: ${line}`);
}

async function login(page, user) {
  await page.goto(`${state.api}/login`);
  await page.getByLabel('User name', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('current-user').waitFor();
}

/** The schedule's first run in the history table, once it finished; asserts it succeeded. */
async function firstRunSucceeded(page) {
  const row = page.getByTestId('runs').locator('tbody tr').first();
  await waitFor(async () => ['succeeded', 'failed', 'dead'].includes(await row.getAttribute('data-status')), 'the run to finish', 120_000);
  assert.equal(await row.getAttribute('data-status'), 'succeeded', await row.innerText());
  return row;
}

before(async () => {
  assert.ok(fs.existsSync(sagaz), `no sagaz binary at ${sagaz} (pass --sagaz PATH)`);
  fs.mkdirSync(artifacts, { recursive: true });
  state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagaz-web-reports-'));
  state.data = path.join(state.dir, 'data');
  must(['demo', '--data-dir', state.data]);
  must(['users', 'add', USER, '--role', 'analyst', '--password-stdin', '--data-dir', state.data], `${PASSWORD}\n`);
  must(['users', 'add', VIEWER, '--role', 'viewer', '--password-stdin', '--data-dir', state.data], `${PASSWORD}\n`);

  // The webhook receiver: keeps each POST's headers and raw body.
  state.hook = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      state.posts.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => state.hook.listen(0, '127.0.0.1', r));
  state.hookUrl = `http://127.0.0.1:${state.hook.address().port}/hook`;
  const config = path.join(state.dir, 'sagaz.toml');
  fs.writeFileSync(config, `[webhooks]\nallow = ["${state.hookUrl}"]\nsecret = "${SECRET}"\n`);

  const server = await startServer({ sagaz, dir: state.dir, data: state.data, config });
  state.server = server.child;
  state.api = server.api;
  state.serverLog = server.log;

  state.browser = await launch();
  state.page = await watchedPage(state.browser, state.problems);
  state.page.on('dialog', (d) => void d.accept());
  await login(state.page, USER);
});

after(async () => {
  await state.browser?.close();
  await stopProcess(state.server);
  await new Promise((r) => (state.hook ? state.hook.close(r) : r()));
  if (process.exitCode && state.serverLog) console.log(`# server log (tail):\n${state.serverLog().slice(-4000)}`);
  if (state.dir && !keep) fs.rmSync(state.dir, { recursive: true, force: true });
});

test('a weekly report: made, run now, its history, paused and resumed', async () => {
  const page = state.page;
  await page.goto(`${state.api}/reports`);
  await page.getByRole('heading', { name: 'Reports and alerts', level: 1 }).waitFor();
  await page.getByText('No reports or alerts scheduled yet.').waitFor();
  await shot('empty');

  await page.getByTestId('new-schedule').click();
  const form = page.getByTestId('schedule-form');
  await form.getByLabel('Name', { exact: true }).fill('vendas-semanal');
  await form.getByLabel('Shows', { exact: true }).selectOption({ label: 'Vendas' });
  await form.getByLabel('CSV', { exact: true }).check();
  await form.getByLabel('Folder name', { exact: true }).fill('vendas');
  await form.getByLabel('Schedule (cron)', { exact: true }).fill('0 7 * * MON');
  await shot('new-report');
  await form.getByTestId('save-schedule').click();
  const row = page.getByTestId('schedule-vendas-semanal');
  await row.waitFor();
  assert.equal(await row.getByTestId('schedule-state').innerText(), 'Active');
  const listed = (await apiCall('GET', '/api/v1/schedules/vendas-semanal')).body;
  assert.equal(listed.kind, 'report');
  assert.deepEqual(listed.payload.formats, ['pdf', 'csv']);
  assert.equal(listed.payload.run_as.user, USER, 'runs with the maker’s access');

  await row.getByRole('button', { name: 'Run now' }).click();
  await page.getByTestId('run-history').waitFor();
  const run = await firstRunSucceeded(page);
  const text = await run.innerText();
  assert.match(text, /folder:reports\/vendas\/vendas-semanal/);
  assert.match(text, /Vendas\.pdf/);
  assert.match(text, /run now/);
  const runs = (await apiCall('GET', `/api/v1/schedules/${listed.id}/runs`)).body.jobs;
  assert.equal(runs.length, 1);
  for (const f of runs[0].result.files) assert.ok(fs.existsSync(path.join(state.data, f.path)), f.path);
  assert.ok(runs[0].result.files.some((f) => f.name.endsWith('.csv')), 'a CSV of each question');
  await shot('report-history');
  await audit('reports list and history');
  const { scroll, width } = await pageWidth(page);
  assert.ok(scroll <= width, `the page is ${scroll} px wide on a ${width} px screen`);

  await row.getByRole('button', { name: 'Pause' }).click();
  await waitFor(async () => (await row.getByTestId('schedule-state').innerText()) === 'Paused', 'paused');
  assert.equal((await apiCall('GET', '/api/v1/schedules/vendas-semanal')).body.enabled, false);
  await row.getByRole('button', { name: 'Resume' }).click();
  await waitFor(async () => (await row.getByTestId('schedule-state').innerText()) === 'Active', 'resumed');
});

test('an alert to a signed webhook: fires, shows its value, changes threshold', async () => {
  const page = state.page;
  await page.getByTestId('new-schedule').click();
  const form = page.getByTestId('schedule-form');
  await form.getByLabel('Name', { exact: true }).fill('pedidos-alto');
  await form.getByLabel('Alert', { exact: true }).check();
  await form.getByLabel('Question watched', { exact: true }).selectOption({ label: 'Pedidos por mês (sql)' });
  await form.getByLabel('Threshold', { exact: true }).fill('1');
  await form.getByLabel('PDF', { exact: true }).uncheck();
  await form.getByLabel('A webhook', { exact: true }).check();
  await form.getByLabel('Webhook URL', { exact: true }).fill(state.hookUrl);
  await form.getByLabel('Schedule (cron)', { exact: true }).fill('*/30 * * * *');
  await shot('new-alert');
  await form.getByTestId('save-schedule').click();
  const row = page.getByTestId('schedule-pedidos-alto');
  await row.waitFor();
  await row.getByRole('button', { name: 'Run now' }).click();
  const run = await firstRunSucceeded(page);
  assert.match(await run.getByTestId('alert-state').innerText(), /fired/);
  assert.match(await run.innerText(), /HTTP 204/);

  // The POST the receiver got is signed over its raw bytes.
  assert.equal(state.posts.length, 1);
  const { headers, body } = state.posts[0];
  const mac = crypto.createHmac('sha256', SECRET).update(`${headers['x-sagaz-timestamp']}.`).update(body).digest('hex');
  assert.equal(headers['x-sagaz-signature'], `sha256=${mac}`);
  assert.ok(Math.abs(Date.now() / 1000 - Number(headers['x-sagaz-timestamp'])) < 600);
  assert.match(body.toString('utf8'), /"kind":"alert"/);
  await shot('alert-fired');

  // Changing the threshold keeps the name and kind; the server checks and binds the payload again.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByTestId('schedule-form');
  assert.equal(await edit.getByLabel('Name', { exact: true }).isDisabled(), true);
  await edit.getByLabel('Threshold', { exact: true }).fill('1000000');
  await edit.getByTestId('save-schedule').click();
  await page.getByTestId('reports-notice').filter({ hasText: 'saved' }).waitFor();
  assert.equal((await apiCall('GET', '/api/v1/schedules/pedidos-alto')).body.payload.threshold, 1000000);

  // A webhook off the allow-list is refused with the server's reason.
  await page.getByTestId('new-schedule').click();
  const bad = page.getByTestId('schedule-form');
  await bad.getByLabel('Name', { exact: true }).fill('fora-da-lista');
  await bad.getByLabel('Shows', { exact: true }).selectOption({ label: 'Vendas' });
  await bad.getByLabel('A webhook', { exact: true }).check();
  await bad.getByLabel('Webhook URL', { exact: true }).fill('https://hooks.example.com/x');
  await bad.getByTestId('save-schedule').click();
  await bad.getByText('the webhook URL is not on webhooks.allow').waitFor();
  await bad.getByRole('button', { name: 'Cancel' }).click();
});

test('Portuguese and dark theme; delete; a viewer only reads', async () => {
  const page = state.page;
  await page.locator('#ui-language').selectOption('pt-BR');
  await page.getByRole('heading', { name: 'Relatórios e alertas', level: 1 }).waitFor();
  await page.getByTestId('schedule-vendas-semanal').getByRole('button', { name: 'Histórico' }).click();
  await page.getByRole('heading', { name: 'Execuções de “vendas-semanal”' }).waitFor();
  await shot('pt');
  const theme = page.locator('header button[aria-pressed]');
  await theme.click();
  await shot('pt-dark');
  await audit('reports in Portuguese, dark');
  await theme.click();
  await page.locator('#ui-language').selectOption('en');

  await page.getByTestId('schedule-vendas-semanal').getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('reports-notice').filter({ hasText: 'deleted' }).waitFor();
  await waitFor(async () => (await page.getByTestId('schedule-vendas-semanal').count()) === 0, 'the row gone');
  assert.equal((await apiCall('GET', '/api/v1/schedules/vendas-semanal')).status, 404);

  // The same browser profile holds the analyst's session: log out there first.
  await page.getByRole('button', { name: 'Log out' }).click();
  const viewer = await watchedPage(state.browser, state.problems);
  await login(viewer, VIEWER);
  await viewer.goto(`${state.api}/reports`);
  await viewer.getByTestId('schedule-pedidos-alto').waitFor();
  assert.equal(await viewer.getByTestId('new-schedule').count(), 0);
  assert.equal(await viewer.getByRole('button', { name: 'Run now' }).count(), 0);
  await viewer.close();
});

test('no console problems and no serious accessibility findings', () => {
  assert.deepEqual(state.problems, []);
  assert.deepEqual(state.a11y, []);
});
