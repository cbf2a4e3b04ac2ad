// Shared set-up of the end-to-end tests: a static server for dist/ on a free loopback port and
// Debian's Chromium driven by playwright-core. Not a test file itself.
//
// Environment: WARREN_DIST (default dist), WARREN_E2E_OUT (default target/e2e),
// CHROMIUM (default /usr/bin/chromium).
import { createServer } from 'node:http';
import { readFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync, constants as zlib } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.resolve(ROOT, process.env.WARREN_DIST ?? 'dist');
export const OUT = path.resolve(ROOT, process.env.WARREN_E2E_OUT ?? 'target/e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Flags that work on a machine without network access (see shared reference toolchain.md).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
export const MOUNT_TIMEOUT_MS = 20_000;
export const VIEWPORT = { width: 1280, height: 800 };

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A minimal static file server for dist/, bound to 127.0.0.1 on a free port. With `gzip`, every
 * file is sent gzip -9 compressed (Content-Encoding: gzip), as a production server would, so a
 * throttled network carries the sizes scripts/size.sh reports.
 */
function serveDist({ gzip = false } = {}) {
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(DIST, rel);
    if (!file.startsWith(DIST + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const headers = {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      if (gzip) {
        if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: zlib.Z_BEST_COMPRESSION }));
        body = compressed.get(file);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Starts the server and the browser; returns { baseUrl, browser, close }. */
export async function start({ gzip = false } = {}) {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error(`${DIST}/index.html is missing: run 'trunk build --release' first`);
  });
  await mkdir(OUT, { recursive: true });
  const server = await serveDist({ gzip });
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const close = async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return { baseUrl, browser, close };
}

/** Opens the app, recording page errors and every request the page makes. */
export async function openApp(browser, baseUrl, options = {}) {
  const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US', ...options });
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

/** Saves a screenshot under target/e2e/. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

// Page helpers the test files share.

/** Moves the scrubber to `ms` of virtual time, as a user dragging it would. */
export async function scrub(page, ms) {
  await page.locator('.scrubber input').evaluate((input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
}

/** How many whole scenarios the editor has loaded (the canvas's `data-loads`). */
export const loads = (page) => page.locator('svg.canvas').getAttribute('data-loads').then(Number);

/** Waits until the editor has loaded a scenario after `before` loads: a ready-made scenario's
 *  file is fetched beside the page, so it loads when it arrives, not at the click. */
export async function loaded(page, before) {
  await page.waitForSelector(`svg.canvas[data-loads]:not([data-loads="${before}"])`, { state: 'attached' });
}

/** Loads ready-made scenario `id` from the Scenarios menu, and waits until it is loaded. */
export async function loadScenario(page, id) {
  const before = await loads(page);
  await page.click('.scenario-menu .menu-button');
  await page.click(`[data-scenario="${id}"]`);
  await page.waitForSelector('.menu-list', { state: 'detached' });
  await loaded(page, before);
}

/** The playback clock, in virtual ms. */
export const nowMs = (page) => page.locator('.playback-bar .clock').evaluate((e) => Number(e.dataset.nowMs));

/** Ledger figure `id` as a number. */
export const ledger = (page, id) => page.locator(`[data-ledger="${id}"] dd`).evaluate((e) => Number(e.textContent));
