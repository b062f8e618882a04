// End-to-end test of the Models page against a real `sagaz serve` with the UI it embeds, driven
// through Debian's Chromium, with the tiny random-weight GGUF the build writes (tests/models).
//
//   node web/e2e/models.mjs --sagaz build/bin/sagaz --models build/test-models [--artifacts DIR] [--keep]
//
// As an administrator would: reads the model list, loads a model, chats with it in the playground
// (streamed, then stopped mid-answer, then in JSON mode, whose reply parses), unloads it, reads the
// page in Portuguese, and runs axe-core on it. A viewer gets no Models link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { axeFindings, options, pageWidth, stopProcess, waitFor, watchedPage } from './harness.mjs';

const { sagaz, artifacts, keep } = options(import.meta.url);
const modelsArg = process.argv.indexOf('--models');
const modelsDir = path.resolve(modelsArg > 0 ? process.argv[modelsArg + 1] : path.join(path.dirname(sagaz), '..', 'test-models'));
const ADMIN = 'e2e-admin';
const VIEWER = 'e2e-viewer';
const PASSWORD = 'e2e-Password-123';

const state = { dir: '', server: null, serverLog: '', api: '', browser: null, page: null, a11y: [], problems: [] };

function must(args, input) {
  const r = spawnSync(sagaz, args, { input, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sagaz ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

async function login(page, user) {
  await page.goto(`${state.api}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('current-user').waitFor();
}

async function audit(name) {
  const { serious, notes } = await axeFindings(state.page, name);
  state.a11y.push(...serious);
  for (const line of notes) console.log(`# a11y note: ${line}`);
}

async function shot(name) {
  await state.page.evaluate(() => window.scrollTo(0, 0));
  await state.page.screenshot({ path: path.join(artifacts, `models-${name}.png`), fullPage: true });
}

async function chatModel() {
  const login = await fetch(`${state.api}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: ADMIN, password: PASSWORD }) });
  const token = (await login.json()).access_token;
  const r = await fetch(`${state.api}/api/v1/models`, { headers: { Authorization: `Bearer ${token}` } });
  return (await r.json()).models.find((m) => m.name === 'chat');
}

const row = () => state.page.locator('tr[data-model="chat"]');
const rowState = () => row().getAttribute('data-state');

before(async () => {
  assert.ok(fs.existsSync(sagaz), `no sagaz binary at ${sagaz} (pass --sagaz PATH)`);
  const gguf = path.join(modelsDir, 'tiny-chat.gguf');
  assert.ok(fs.existsSync(gguf), `no test model at ${gguf} (build the sagaz_test_models target)`);
  fs.mkdirSync(artifacts, { recursive: true });
  state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagaz-web-models-'));
  const data = path.join(state.dir, 'data');
  const config = path.join(state.dir, 'sagaz.toml');
  fs.writeFileSync(config, '[llm]\nprovider = "local"\nmodel = "chat"\n[models]\ncontext = 1024\nthreads = 1\n');
  const common = ['--config', config, '--data-dir', data];
  must(['users', 'add', ADMIN, '--role', 'admin', '--password-stdin', ...common], `${PASSWORD}\n`);
  must(['users', 'add', VIEWER, '--role', 'viewer', '--password-stdin', ...common], `${PASSWORD}\n`);
  must(['models', 'add', gguf, '--name', 'chat', ...common]);

  const portFile = path.join(state.dir, 'port');
  state.server = spawn(sagaz, ['serve', ...common, '--host', '127.0.0.1', '--port', '0', '--port-file', portFile], {
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
  await login(state.page, ADMIN);
});

after(async () => {
  await state.browser?.close();
  await stopProcess(state.server);
  if (process.exitCode && state.serverLog) console.log(`# server log (tail):\n${state.serverLog.slice(-4000)}`);
  if (state.dir && !keep) fs.rmSync(state.dir, { recursive: true, force: true });
});

test('lists the models, loads one, chats with it, stops it, and unloads it', async () => {
  const page = state.page;
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
  await row().waitFor();
  assert.equal(await rowState(), 'unloaded');
  assert.match(await page.getByTestId('models-summary').innerText(), /in-process \(local\)/);
  assert.match(await row().innerText(), /llama/);

  await page.getByRole('button', { name: 'Load chat' }).click();
  await waitFor(async () => (await rowState()) === 'loaded', 'the model loaded', 120_000);
  await page.getByRole('button', { name: 'Unload chat' }).waitFor();
  await shot('loaded');
  await audit('models');

  // A short answer, streamed into the conversation.
  const playground = page.getByTestId('playground');
  await page.getByLabel('Maximum tokens').fill('8');
  await page.getByLabel('Message').fill('Olá, tudo bem?');
  await playground.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('chat-stats').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('chat-stats').innerText(), /Finished \((length|stop)\)/);
  assert.equal(await page.locator('[data-role="user"]').count(), 1);
  assert.equal(await page.locator('[data-role="assistant"]').count(), 1);

  // A long answer stopped midway: the server stops generating (the model is idle again).
  await page.getByLabel('Maximum tokens').fill('4000');
  await page.getByLabel('Message').fill('Escreva uma história longa.');
  await playground.getByRole('button', { name: 'Send' }).click();
  await playground.getByRole('button', { name: 'Stop' }).click();
  await waitFor(async () => /Stopped after/.test(await page.getByTestId('chat-stats').innerText().catch(() => '')), 'the stopped answer');
  await waitFor(async () => (await chatModel()).active === 0, 'generation stopped on the server');

  // JSON mode: the grammar makes the reply a JSON object (checked when the grammar, not the token
  // limit, ended it; the grammar is checked against the whole 128k-token vocabulary at every step,
  // so a short limit keeps this quick).
  await playground.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Answer in JSON').check();
  await page.getByLabel('Maximum tokens').fill('24');
  await page.getByLabel('Temperature').fill('0');
  await page.getByLabel('Message').fill('Classifique: ótimo produto');
  await playground.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('chat-stats').waitFor({ timeout: 300_000 });
  const stats = await page.getByTestId('chat-stats').innerText();
  assert.match(stats, /Finished \((stop|length)\)/);
  assert.match(await page.locator('[data-role="assistant"] .chat-text').innerText(), /^\s*\{/);
  if (/Finished \(stop\)/.test(stats)) {
    const reply = await page.locator('[data-role="assistant"] .chat-text').innerText();
    assert.equal(typeof JSON.parse(reply), 'object', `the reply parses as JSON: ${reply}`);
  }
  await shot('playground');
  const { scroll, width } = await pageWidth(page);
  assert.ok(scroll <= width, `the Models page is ${scroll} px wide on a ${width} px screen`);

  await page.getByRole('button', { name: 'Unload chat' }).click();
  await waitFor(async () => (await rowState()) === 'unloaded', 'the model unloaded', 60_000);
});

test('speaks Portuguese', async () => {
  const page = state.page;
  await page.selectOption('#ui-language', 'pt-BR');
  try {
    await page.getByRole('heading', { name: 'Modelos', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Carregar chat' }).waitFor();
    assert.match(await page.getByTestId('model-state').first().innerText(), /descarregado/);
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    await audit('models pt-BR');
  } finally {
    await page.selectOption('#ui-language', 'en');
  }
});

test('a viewer is not offered the Models page', async () => {
  await state.page.getByRole('button', { name: 'Log out' }).click();
  const viewer = await state.browser.context.newPage();
  await login(viewer, VIEWER);
  assert.equal(await viewer.getByRole('link', { name: 'Models' }).count(), 0);
  await viewer.close();
});

test('meets the WCAG 2.2 AA rules axe-core checks', () => {
  assert.deepEqual(state.a11y, []);
});

test('breaks no Content-Security-Policy rule and throws no page errors', () => {
  assert.deepEqual(state.problems, []);
});
