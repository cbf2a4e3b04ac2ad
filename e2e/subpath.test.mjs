// dist/ served under a sub-path (/warren/), as a static host would: the page loads its script,
// wasm and stylesheet relative to itself (Trunk.toml public_url = "./"), mounts, and requests
// nothing outside /warren/; the lesson files it fetches come from there too.
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
    assert.ok(requests.every((url) => url.startsWith(base) || url.startsWith('data:')), requests.join('\n'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
