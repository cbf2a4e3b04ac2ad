// End-to-end test of the release build: serves dist/ on a free loopback port, drives Debian's
// Chromium with playwright-core, clicks through the page and saves a screenshot.
//
//   trunk build --release && node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, VIEWPORT } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('the wasm app mounts with its title, subtitle and canvas', async () => {
  const { page, errors, requests } = await openApp(env.browser, env.baseUrl);
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
    const external = requests.filter((url) => !url.startsWith(env.baseUrl));
    assert.deepEqual(external, [], 'the page must make no requests outside its own origin');
    assert.ok(requests.some((url) => url.endsWith('.wasm')), 'the page loaded no .wasm');
  } finally {
    await page.close();
  }
});

test('the theme toggle switches to dark and back', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
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
    await shot(page, 'app-dark');

    await toggle.click();
    await page.waitForSelector('main.app[data-theme="light"]');
    await shot(page, 'app-light');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
