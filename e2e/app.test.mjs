// End-to-end test of the release build: serves dist/ on a free loopback port, drives Debian's
// Chromium with playwright-core, clicks through the page and saves a screenshot.
//
//   trunk build --release && node --test e2e/
//
// Environment: WARREN_DIST (default dist), WARREN_E2E_OUT (default target/e2e),
// CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.resolve(ROOT, process.env.WARREN_DIST ?? 'dist');
const OUT = path.resolve(ROOT, process.env.WARREN_E2E_OUT ?? 'target/e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Flags that work on a machine without network access (see shared reference toolchain.md).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
const MOUNT_TIMEOUT_MS = 20_000;
const VIEWPORT = { width: 1280, height: 800 };

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A minimal static file server for dist/, bound to 127.0.0.1 on a free port. */
function serveDist() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(DIST, rel);
    if (!file.startsWith(DIST + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

let server;
let browser;
let baseUrl;

before(async () => {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error(`${DIST}/index.html is missing: run 'trunk build --release' first`);
  });
  await mkdir(OUT, { recursive: true });
  server = await serveDist();
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Opens the app, recording page errors and every request the page makes. */
async function openApp() {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = [];
  const requests = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('request', (req) => requests.push(req.url()));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
  await page.goto(baseUrl);
  await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
  return { page, errors, requests };
}

test('the wasm app mounts with its title, subtitle and canvas', async () => {
  const { page, errors, requests } = await openApp();
  try {
    assert.equal(await page.title(), 'Warren');
    assert.equal(await page.textContent('main.app h1'), 'Warren');
    assert.match(await page.textContent('.subtitle'), /RabbitMQ/);
    assert.equal(await page.locator('svg.canvas').count(), 1);
    const box = await page.locator('svg.canvas').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 200, `canvas too small: ${JSON.stringify(box)}`);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(pageHeight <= VIEWPORT.height, `the page overflows the window: ${pageHeight} px`);
    assert.deepEqual(errors, []);
    const external = requests.filter((url) => !url.startsWith(baseUrl));
    assert.deepEqual(external, [], 'the page must make no requests outside its own origin');
    assert.ok(requests.some((url) => url.endsWith('.wasm')), 'the page loaded no .wasm');
  } finally {
    await page.close();
  }
});

test('the theme toggle switches to dark and back', async () => {
  const { page, errors } = await openApp();
  try {
    const app = page.locator('main.app');
    const toggle = page.locator('button.theme-toggle');
    assert.equal(await app.getAttribute('data-theme'), 'light');
    assert.equal(await toggle.textContent(), 'Dark theme');

    await toggle.click();
    await page.waitForSelector('main.app[data-theme="dark"]');
    assert.equal(await toggle.textContent(), 'Light theme');
    const background = await app.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(21, 24, 29)', 'dark theme colours are applied');
    await page.screenshot({ path: path.join(OUT, 'app-dark.png') });

    await toggle.click();
    await page.waitForSelector('main.app[data-theme="light"]');
    await page.screenshot({ path: path.join(OUT, 'app-light.png') });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
