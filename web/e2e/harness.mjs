// Helpers the end-to-end suites share (run.mjs, tools.mjs): waiting, axe-core, page width.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Polls `fn` until it returns something truthy; throws naming `what` (and the last error) at the end. */
export async function waitFor(fn, what, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * Accessibility rules (axe-core, WCAG 2 A and AA) on the page as it is, evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not govern. Returns the findings
 * as lines, the serious and critical ones apart.
 */
export async function axeFindings(page, name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = [];
  const notes = [];
  for (const v of result) {
    const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.join(', ')})`;
    (v.impact === 'serious' || v.impact === 'critical' ? serious : notes).push(line);
  }
  return { serious, notes };
}

/** The page's scroll width and the window's width (a page must not scroll sideways). */
export function pageWidth(page) {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
}

/** The command line's options every suite takes: --sagaz PATH, --artifacts DIR, --keep; and the repository. */
export function options(metaUrl) {
  const repo = path.resolve(path.dirname(fileURLToPath(metaUrl)), '..', '..');
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
  };
  return {
    repo,
    sagaz: path.resolve(arg('sagaz', process.env.SAGAZ_BINARY ?? path.join(repo, 'build', 'bin', 'sagaz'))),
    artifacts: path.resolve(arg('artifacts', path.join(repo, 'tests', 'artifacts', 'web'))),
    keep: process.argv.includes('--keep'),
  };
}

/** A new page of the browser whose Content-Security-Policy violations and uncaught errors go to `problems`. */
export async function watchedPage(browser, problems) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

/** Stops a child process: SIGTERM, then SIGKILL after ten seconds. */
export async function stopProcess(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Starts `sagaz [--config FILE] serve` on a free loopback port over `data` and waits until it serves
 * the web UI. Returns the process, the base URL and the tail of its output (for failure reports).
 */
export async function startServer({ sagaz, dir, data, config }) {
  const portFile = path.join(dir, 'port');
  const args = [...(config ? ['--config', config] : []), 'serve', '--data-dir', data, '--host', '127.0.0.1', '--port', '0', '--port-file', portFile];
  const child = spawn(sagaz, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const bound = await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim(), 'the server port');
  const api = `http://127.0.0.1:${bound}`;
  await waitFor(async () => (await fetch(`${api}/api/v1/health`)).ok, 'GET /api/v1/health');
  const index = await (await fetch(`${api}/`)).text();
  if (!index.includes('<div id="root">')) throw new Error(`${sagaz} serves no web UI at /: rebuild the sagaz target with the web UI`);
  return { child, api, log: () => output };
}
