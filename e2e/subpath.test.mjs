// dist/ served under a sub-path (/warren/), as a static host would: the page loads its script,
// wasm and stylesheet relative to itself (Trunk.toml public_url = "./"), mounts, and requests
// nothing outside /warren/; the lesson and scenario files it fetches come from there too. A
// scenario file that cannot be fetched is said, naming the file.
//
//   trunk build --release && node --test e2e/subpath.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { start, DIST, MOUNT_TIMEOUT_MS } from './harness.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
let env;
let server;
before(async () => {
  env = await start();
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith('/warren/')) return res.writeHead(404).end();
    const rel = url.pathname.slice('/warren/'.length) || 'index.html';
    const file = path.resolve(DIST, rel);
    if (!file.startsWith(DIST + path.sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env?.close();
});

test('the release build works from /warren/', async () => {
  const page = await env.browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  const base = `http://127.0.0.1:${server.address().port}/warren/`;
  try {
    await page.goto(base);
    await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
    await page.click('[data-add=queue]');
    assert.equal(await page.locator('.node.queue').count(), 1);
    assert.ok(requests.length >= 3, requests.join('\n'));
    // The lessons and the scenario files they name are fetched beside the page, under /warren/.
    await page.click('.lesson-menu-button');
    await page.click('[data-lesson="idempotency-by-key"]');
    await page.waitForSelector('.lesson-panel');
    assert.ok(requests.includes(`${base}lessons/08-idempotency-by-key.json`), requests.join('\n'));
    assert.ok(requests.includes(`${base}scenarios/lost-ack.json`), requests.join('\n'));
    // So are the ready-made scenarios (not built into the wasm): all fetched when the menu opens.
    await page.click('.scenario-menu .menu-button');
    await page.click('[data-scenario="work-queue"]');
    await page.waitForSelector('.node[data-kind="consumer"][data-name="worker-1"]');
    assert.ok(requests.includes(`${base}scenarios/work-queue.json`), requests.join('\n'));
    assert.ok(requests.includes(`${base}scenarios/patterns/cluster-chaos.json`), requests.join('\n'));
    assert.ok(requests.every((url) => url.startsWith(base) || url.startsWith('data:')), requests.join('\n'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a ready-made scenario whose file cannot be fetched is said in the banner, naming the file', async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.route('**/scenarios/lost-ack.json', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(env.baseUrl);
    await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
    const before = await page.locator('svg.canvas .node').count();
    await page.click('.scenario-menu .menu-button');
    await page.click('[data-scenario="lost-ack"]');
    const banner = page.locator('.error-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /scenarios\/lost-ack\.json: HTTP 404/);
    assert.equal(await page.locator('svg.canvas .node').count(), before, 'nothing loaded');
    // The others still load.
    await page.click('.error-banner .close');
    await page.click('.scenario-menu .menu-button');
    await page.click('[data-scenario="work-queue"]');
    await page.waitForSelector('.node[data-kind="consumer"][data-name="worker-1"]');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
