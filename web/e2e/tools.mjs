// End-to-end tests of the analyst tools' pages (Feedback, Metrics, Knowledge, Forecast) against a
// real `sagaz serve` with the UI it embeds, driven through Debian's Chromium.
//
//   node web/e2e/tools.mjs --sagaz build/bin/sagaz [--artifacts tests/artifacts/web] [--keep]
//
// Data: `sagaz demo` (the theLook tables the metric pipeline reads), product reviews generated here
// (reviews.mjs) and two small documents written here. Forecast uses a COTAHIST file generated at
// test time from the B3 quotes in shared/data/b3 (cotahist.mjs); without them that test is skipped
// and says so. As a person would: sends comments as a file and pasted, reads the dashboard, searches
// and opens a comment's history, evaluates against labels, opens the public report; runs the
// pipeline and follows it, browses a metric and the lineage; uploads documents and asks with
// citations; loads quotes, trains, reads versions and predictions; does the same pages in
// Portuguese, checks a viewer cannot change anything, and runs axe-core on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { axeFindings, options, pageWidth, stopProcess, waitFor, watchedPage } from './harness.mjs';
import { reviews } from './reviews.mjs';
import { writeCotahist } from './cotahist.mjs';

const { repo, sagaz, artifacts, keep } = options(import.meta.url);
const b3 = process.env.SAGAZ_B3_DIR ?? path.resolve(repo, '..', 'shared', 'data', 'b3');
const USER = 'e2e';
const VIEWER = 'e2e-viewer';
const PASSWORD = 'e2e-Password-123';

const state = { dir: '', server: null, serverLog: '', api: '', browser: null, page: null, a11y: [], problems: [] };

function must(args, input) {
  const r = spawnSync(sagaz, args, { input, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sagaz ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

async function token(user = USER) {
  const r = await fetch(`${state.api}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: user, password: PASSWORD }) });
  return (await r.json()).access_token;
}

async function apiCall(method, route, body) {
  const r = await fetch(`${state.api}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token()}` },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function audit(name) {
  const { serious, notes } = await axeFindings(state.page, name);
  state.a11y.push(...serious);
  for (const line of notes) console.log(`# a11y note: ${line}`);
}

async function shot(name) {
  await state.page.evaluate(() => window.scrollTo(0, 0));
  await state.page.screenshot({ path: path.join(artifacts, `tools-${name}.png`), fullPage: true });
}

/** The page does not scroll sideways. */
async function fitsWidth(what) {
  const { scroll, width } = await pageWidth(state.page);
  assert.ok(scroll <= width, `${what} is ${scroll} px wide on a ${width} px screen`);
}

/** Waits for a job line to finish and asserts it succeeded. */
async function jobSucceeded(locator, what, timeoutMs = 120_000) {
  await waitFor(async () => ['succeeded', 'failed', 'dead', 'cancelled'].includes(await locator.getAttribute('data-status')), what, timeoutMs);
  assert.equal(await locator.getAttribute('data-status'), 'succeeded', `${what}: ${await locator.innerText()}`);
}

async function canvasShown(locator) {
  const canvas = locator.locator('canvas').first();
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 150 && box.height > 150, 'the chart has a size');
}

async function login(page, user) {
  await page.goto(`${state.api}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('current-user').waitFor();
}

before(async () => {
  assert.ok(fs.existsSync(sagaz), `no sagaz binary at ${sagaz} (pass --sagaz PATH)`);
  fs.mkdirSync(artifacts, { recursive: true });
  state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagaz-web-tools-'));
  const data = path.join(state.dir, 'data');
  must(['demo', '--data-dir', data]);
  must(['users', 'add', USER, '--role', 'analyst', '--password-stdin', '--data-dir', data], `${PASSWORD}\n`);
  must(['users', 'add', VIEWER, '--role', 'viewer', '--password-stdin', '--data-dir', data], `${PASSWORD}\n`);

  const portFile = path.join(state.dir, 'port');
  state.server = spawn(sagaz, ['serve', '--data-dir', data, '--host', '127.0.0.1', '--port', '0', '--port-file', portFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = (chunk) => (state.serverLog = (state.serverLog + chunk).slice(-20_000));
  state.server.stdout.on('data', log);
  state.server.stderr.on('data', log);
  const bound = await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim(), 'the server port');
  state.api = `http://127.0.0.1:${bound}`;
  await waitFor(async () => (await fetch(`${state.api}/api/v1/health`)).ok, 'GET /api/v1/health');
  const index = await (await fetch(`${state.api}/`)).text();
  assert.ok(index.includes('<div id="root">'), `${sagaz} serves no web UI at /: rebuild the sagaz target with the web UI`);

  state.browser = await launch();
  state.page = await watchedPage(state.browser, state.problems);
  await login(state.page, USER);
});

after(async () => {
  await state.browser?.close();
  await stopProcess(state.server);
  if (process.exitCode && state.serverLog) console.log(`# server log (tail):\n${state.serverLog.slice(-4000)}`);
  if (state.dir && !keep) fs.rmSync(state.dir, { recursive: true, force: true });
});

test('feedback: sends comments as a file and pasted, reads the dashboard, searches, evaluates', async () => {
  const page = state.page;
  await page.goto(`${state.api}/feedback`);
  await page.getByRole('heading', { name: 'Feedback', level: 1 }).waitFor();
  await page.getByTestId('feedback-empty').waitFor(); // nothing sent yet
  const data = reviews(240, 45);
  const file = path.join(state.dir, 'reviews.csv');
  fs.writeFileSync(file, data.comments);
  const gold = path.join(state.dir, 'gold.csv');
  fs.writeFileSync(gold, data.gold);

  await page.getByRole('tab', { name: 'Send comments' }).click();
  await page.getByTestId('feedback-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and import' }).click();
  const imported = page.getByTestId('sent-job').first();
  await jobSucceeded(imported.locator('.job-line'), 'the import job');
  await imported.getByTestId('store-report').waitFor();
  assert.match(await imported.getByTestId('store-report').innerText(), /Received 240: 240 new/);

  await page.getByLabel('Source for comments without one').fill('chat');
  await page.getByLabel('Comments', { exact: true }).fill('Veio quebrado e ninguém responde\nAdorei, chegou rápido\nO pedido chegou hoje');
  assert.match(await page.getByTestId('paste-preview').innerText(), /3 comments read \(LINES\)/);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await waitFor(async () => (await page.getByTestId('sent-job').count()) === 2, 'the pasted batch listed');
  const pasted = page.getByTestId('sent-job').first();
  await jobSucceeded(pasted.locator('.job-line'), 'the classification job');
  assert.match(await pasted.getByTestId('classified').innerText(), /3 comments classified/);
  await shot('feedback-send');

  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByTestId('feedback-overview').waitFor();
  assert.equal(await page.getByTestId('kpi-comments').innerText(), '243');
  await canvasShown(page.getByTestId('chart-over-time'));
  await canvasShown(page.getByTestId('chart-by-tag'));
  await shot('feedback-overview');
  await audit('feedback overview');

  // Search narrows the list; a comment opens its classification history.
  await page.getByRole('tab', { name: 'Comments', exact: true }).click();
  await page.getByLabel('Words').fill('quebrado');
  await page.getByRole('button', { name: 'Apply' }).click();
  const table = page.getByTestId('comments-table');
  await table.waitFor();
  await waitFor(async () => {
    const texts = await table.locator('tbody tr td.comment-text button').allInnerTexts();
    return texts.length > 0 && texts.every((x) => /quebrado/i.test(x));
  }, 'only comments with "quebrado"');
  const expected = await apiCall('GET', '/api/v1/feedback/comments?q=quebrado&limit=1000');
  assert.equal(await table.locator('tbody tr').count(), Math.min(50, expected.body.comments.length));
  await table.locator('tbody tr td.comment-text button').first().click();
  await page.getByTestId('comment-history').locator('tbody tr').first().waitFor();
  assert.match(await page.getByTestId('comment-history').innerText(), /builtin/);
  await shot('feedback-comments');
  await audit('feedback comments');

  // A person relabels a comment: the label is kept as a gold label, shown beside the verdict.
  const first = table.locator('tbody tr').first();
  const firstText = await first.locator('td.comment-text button').innerText();
  await first.getByRole('button', { name: /^Relabel comment / }).click();
  await first.getByRole('combobox', { name: /^Relabel comment / }).selectOption('neutral');
  await first.getByRole('button', { name: 'Save label' }).click();
  await first.getByTestId('gold-label').waitFor();
  assert.equal(await first.getByTestId('gold-label').innerText(), 'Gold label: Neutral');
  const relabelled = await apiCall('GET', '/api/v1/feedback/comments?q=quebrado&limit=1000');
  const stored = relabelled.body.comments.find((c) => c.text === firstText);
  assert.equal(stored?.label?.sentiment, 'neutral', 'the API keeps the gold label');
  await shot('feedback-relabel');

  // The weekly summaries: one card per recent week with comments, the text in the UI language.
  await page.getByRole('tab', { name: 'Weekly summary' }).click();
  const week = page.getByTestId('weekly-summary').first();
  await week.waitFor();
  const weeks = await apiCall('GET', '/api/v1/feedback/summaries');
  assert.equal(await page.getByTestId('weekly-summary').count(), weeks.body.summaries.length);
  assert.match(await week.innerText(), new RegExp(`Week ${weeks.body.summaries[0].week}`));
  assert.ok((await week.innerText()).includes(weeks.body.summaries[0].text.en));
  await shot('feedback-weekly');
  await audit('feedback weekly');

  // Evaluation against the labels the reviews were written with, beside the baseline.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('gold-file').setInputFiles(gold);
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await page.getByTestId('evaluation').waitFor();
  const scores = await apiCall('POST', '/api/v1/feedback/evaluations', {
    gold: data.gold.trim().split('\n').slice(1).map((l) => {
      const [id, source, sentiment] = l.split(',');
      return { id, source, sentiment };
    }),
  });
  const f1 = scores.body.sentiment.macro_f1.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  assert.equal(await page.getByTestId('macro-f1').innerText(), f1);
  assert.match(await page.getByTestId('baseline-f1').innerText(), /Baseline \(always \w+\): 0\.\d+/);
  await shot('feedback-evaluation');
  await audit('feedback evaluation');

  // The public report: its JSON needs no token, and the page draws it.
  const open = await fetch(`${state.api}/api/v1/feedback/report`);
  assert.equal(open.status, 200);
  assert.match(open.headers.get('cache-control') ?? '', /public, max-age=/);
  const report = await open.json();
  assert.ok(report.comments > 0 && report.comments <= 243);
  await page.goto(`${state.api}/report`);
  await page.getByTestId('report-meta').waitFor();
  assert.match(await page.getByTestId('report-meta').innerText(), new RegExp(`^${report.comments} comments in the last ${report.days} days`));
  await canvasShown(page.getByTestId('report-share'));
  await shot('feedback-report');
  await audit('feedback report');
});

test('metrics: runs the pipeline with progress, reads the run per node, a metric chart and the lineage', async () => {
  const page = state.page;
  await page.goto(`${state.api}/pipelines`);
  await page.getByTestId('pipeline-list').getByText('thelook', { exact: true }).waitFor();
  await page.getByText('No run yet.').waitFor();
  await page.getByTestId('run-pipeline').click();
  await jobSucceeded(page.getByTestId('pipeline-job'), 'the pipeline run', 300_000);
  const runs = page.getByTestId('runs-table');
  await runs.locator('tbody tr').first().waitFor();
  assert.match(await runs.innerText(), /Succeeded/);
  await runs.locator('tbody tr button').first().click();
  const nodes = page.getByTestId('node-table');
  await nodes.waitFor();
  const run = (await apiCall('GET', '/api/v1/pipelines/thelook/runs?limit=1')).body.runs[0];
  assert.equal(await nodes.locator('tbody tr').count(), run.nodes.length);
  assert.match(await nodes.innerText(), /metric_sales_daily/);
  await shot('pipelines-runs');
  await audit('pipelines runs');

  await page.getByRole('tab', { name: 'Metrics' }).click();
  await page.getByTestId('metric-list').getByRole('button', { name: 'sales_daily' }).click();
  await page.getByRole('heading', { name: 'metric_sales_daily' }).waitFor();
  await canvasShown(page.getByTestId('metric-chart'));
  await shot('pipelines-metric');
  await audit('pipelines metrics');

  await page.getByRole('tab', { name: 'Lineage' }).click();
  await page.getByTestId('lineage').getByRole('button', { name: 'stg_orders' }).click();
  const detail = page.getByTestId('node-detail');
  await detail.getByRole('heading', { name: 'stg_orders' }).waitFor();
  assert.match(await detail.innerText(), /SELECT/);
  assert.match(await detail.innerText(), /Succeeded/);
  await fitsWidth('the lineage view');
  await shot('pipelines-lineage');
  await audit('pipelines lineage');
});

test('knowledge: uploads documents, searches with marked words, asks and follows a citation', async () => {
  const page = state.page;
  await page.goto(`${state.api}/knowledge`);
  await page.getByTestId('knowledge-empty').waitFor();
  const md = path.join(state.dir, 'politica-de-trocas.md');
  fs.writeFileSync(
    md,
    '# Política de trocas\n\nO reembolso é feito em até 7 dias úteis depois que o produto chega ao nosso centro de distribuição.\n\n' +
      '## Frete\n\nO frete da devolução é grátis para defeitos de fabricação.\n',
  );
  const html = path.join(state.dir, 'entrega.html');
  fs.writeFileSync(
    html,
    '<html><head><title>Entrega</title></head><body><h1>Prazos de entrega</h1><p>Capitais recebem em até 3 dias úteis; ' +
      'o interior, em até 8 dias úteis.</p></body></html>',
  );
  await page.getByRole('tab', { name: 'Documents' }).click();
  await page.getByLabel('Collection', { exact: true }).last().fill('loja');
  await page.getByTestId('knowledge-files').setInputFiles([md, html]);
  await page.getByRole('button', { name: 'Upload 2 files' }).click();
  await waitFor(async () => (await page.getByTestId('upload-results').innerText()).match(/indexed/g)?.length === 2, 'both documents indexed');
  const list = page.getByTestId('document-list');
  await list.getByText('politica-de-trocas.md').waitFor();
  await list.getByText('entrega.html').waitFor();
  await shot('knowledge-documents');
  await audit('knowledge documents');

  await page.getByRole('tab', { name: 'Ask and search' }).click();
  await page.getByLabel('Your question').fill('How long does the refund take?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  const answer = page.getByTestId('knowledge-answer');
  await answer.waitFor();
  assert.match(await answer.innerText(), /7 dias úteis/);
  const cite = answer.locator('a.citation').first();
  const n = (await cite.innerText()).replace(/\D/g, '');
  await cite.click();
  const passage = page.locator(`#passage-${n}`);
  await waitFor(async () => /focused/.test((await passage.getAttribute('class')) ?? ''), 'the cited passage marked');
  assert.ok(await passage.evaluate((el) => el === document.activeElement), 'the cited passage has the focus');
  assert.ok((await passage.locator('mark').count()) > 0, 'the question words are marked in the passage');
  await shot('knowledge-answer');
  await audit('knowledge answer');

  await page.getByLabel('Your question').fill('prazo de entrega no interior');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { name: /passage/ }).waitFor();
  assert.match(await page.getByTestId('passages').innerText(), /8 dias úteis/);
  assert.ok((await page.getByTestId('passages').locator('mark').count()) > 0);
});

test('forecast: loads a COTAHIST slice, draws indicators, trains walk-forward, reads versions and predictions', async (t) => {
  const page = state.page;
  await page.goto(`${state.api}/forecast`);
  await page.getByTestId('forecast-empty').waitFor();
  if (!fs.existsSync(path.join(b3, 'PETR4.csv')) || !fs.existsSync(path.join(b3, 'VALE3.csv'))) {
    return t.skip(`no B3 quotes at ${b3} (SAGAZ_B3_DIR): the COTAHIST slice cannot be generated`);
  }
  const file = writeCotahist(b3, ['PETR4', 'VALE3'], 700, path.join(state.dir, 'COTAHIST_A2017.TXT'));
  await page.getByText('Load quotes').click();
  await page.getByTestId('quotes-file').setInputFiles(file);
  await page.getByTestId('quotes-loaded').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('quotes-loaded').innerText(), /1,400 rows loaded into cotahist_a2017/);
  await page.getByLabel('Ticker', { exact: true }).selectOption('PETR4');
  await canvasShown(page.getByTestId('price-chart'));

  await page.getByLabel('Model', { exact: true }).selectOption('logistic');
  await page.getByLabel('First fit (days)').fill('300');
  await page.getByLabel('Refit every (days)').fill('100');
  await page.getByTestId('train').click();
  await jobSucceeded(page.getByTestId('train-job'), 'the training job', 300_000);
  const versions = page.getByTestId('model-versions');
  await versions.locator('tbody tr').first().waitFor();
  assert.match(await versions.innerText(), /v1\s*active/);
  // What the page shows is what the server measured, beside the baselines.
  const models = (await apiCall('GET', '/api/v1/forecast/models?dataset=cotahist_a2017')).body.models;
  const accuracy = `${(models[0].evaluation.model.accuracy * 100).toFixed(1).replace(/\.0$/, '')}%`;
  assert.match(await versions.innerText(), new RegExp(accuracy.replace('.', '\\.')));
  assert.match(await versions.innerText(), /Always up|Majority class|Persistence/);
  const predictions = page.getByTestId('predictions');
  await predictions.getByText('PETR4').waitFor();
  assert.match(await predictions.innerText(), /(Up|Down)/);
  await versions.getByRole('button', { name: 'v1' }).click();
  await page.getByTestId('model-detail').waitFor();
  assert.match(await page.getByTestId('model-detail').innerText(), /Shuffled labels/);
  await canvasShown(page.getByTestId('roc-chart'));
  const confusion = models[0].evaluation.model.confusion.flat().reduce((a, b) => a + b, 0);
  assert.equal(confusion, models[0].evaluation.model.n);
  await page.getByTestId('forecast-confusion').waitFor();
  await shot('forecast');
  await audit('forecast');
});

test('speaks Portuguese on the tools pages, with local number formats', async () => {
  const page = state.page;
  await page.selectOption('#ui-language', 'pt-BR');
  try {
  for (const [route, heading, name] of [
    ['/feedback', 'Feedback', 'feedback'],
    ['/pipelines', 'Métricas', 'pipelines'],
    ['/knowledge', 'Conhecimento', 'knowledge'],
    ['/forecast', 'Previsão', 'forecast'],
  ]) {
    await page.goto(`${state.api}${route}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForTimeout(800); // charts settle
    await fitsWidth(`${route} in Portuguese`);
    await shot(`${name}-pt`);
  }
  // The weekly summary in Portuguese: the builtin writer's Portuguese text.
  await page.goto(`${state.api}/feedback`);
  await page.getByRole('tab', { name: 'Resumo semanal' }).click();
  const semana = page.getByTestId('weekly-summary').first();
  await semana.waitFor();
  assert.match(await semana.innerText(), /Semana \d{4}-W\d{2}/);
  assert.match(await semana.innerText(), /comentários/);
  await shot('feedback-weekly-pt');
  await page.goto(`${state.api}/pipelines`);
  const runs = page.getByTestId('runs-table');
  await runs.waitFor();
  assert.match(await runs.innerText(), /Concluído/);
  assert.match(await runs.innerText(), /\d\.\d{3}/); // rows grouped with a dot in pt-BR
    // A phone: nothing scrolls sideways (tables and the lineage scroll inside their own regions).
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of ['/feedback', '/pipelines', '/knowledge', '/forecast']) {
      await page.goto(`${state.api}${route}`);
      await page.locator('h1').waitFor();
      await page.waitForTimeout(800);
      await fitsWidth(`${route} on a phone`);
    }
    await shot('forecast-phone-pt');
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.selectOption('#ui-language', 'en');
  }
});

test('can be used with the keyboard: tabs move with the arrow keys', async () => {
  const page = state.page;
  await page.goto(`${state.api}/feedback`);
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Comments', exact: true }).getAttribute('aria-selected'), 'true');
  assert.ok(await page.getByRole('tab', { name: 'Comments', exact: true }).evaluate((el) => el === document.activeElement));
  await page.keyboard.press('End');
  assert.equal(await page.getByRole('tab', { name: 'Evaluate' }).getAttribute('aria-selected'), 'true');
});

test('a viewer reads but is offered nothing to change', async () => {
  const viewer = await state.browser.context.newPage();
  // The same browser profile holds the analyst's session: log out there first.
  await state.page.getByRole('button', { name: 'Log out' }).click();
  await login(viewer, VIEWER);
  await viewer.goto(`${state.api}/pipelines`);
  await viewer.getByTestId('runs-table').waitFor();
  assert.equal(await viewer.getByTestId('run-pipeline').count(), 0);
  await viewer.goto(`${state.api}/feedback`);
  await viewer.getByRole('tab', { name: 'Comments', exact: true }).waitFor();
  assert.equal(await viewer.getByRole('tab', { name: 'Send comments' }).count(), 0);
  await viewer.goto(`${state.api}/knowledge`);
  await viewer.getByRole('tab', { name: 'Documents' }).click();
  await viewer.getByTestId('document-list').waitFor();
  assert.equal(await viewer.getByTestId('knowledge-files').count(), 0);
  await viewer.close();
});

test('meets the WCAG 2.2 AA rules axe-core checks', () => {
  assert.deepEqual(state.a11y, []);
});

test('breaks no Content-Security-Policy rule and throws no page errors', () => {
  assert.deepEqual(state.problems, []);
});
