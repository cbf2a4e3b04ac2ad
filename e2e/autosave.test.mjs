// End-to-end test of autosave in the release build: edit, reload, the work (scenario, theme,
// language) is restored with a notice and "start fresh"; a damaged or newer saved state is
// refused with a message naming the problem, kept aside, and never blocks the app.
//
//   trunk build --release && node --test e2e/autosave.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, MOUNT_TIMEOUT_MS, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

async function reload(page) {
  await page.reload();
  await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
}

test('edit, reload: the work is restored; start fresh clears it', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    assert.equal(await page.locator('.restore-notice').count(), 0, 'nothing to restore on a first visit');
    await loadScenario(page, 'order-fanout');
    await page.click('[data-add=queue]');
    await page.click('.theme-toggle');
    await page.click('.lang-switch [data-lang="zh-CN"]');
    const names = (await page.locator('.node .name').allTextContents()).sort();
    assert.equal(names.length, 7);

    await reload(page);
    await page.waitForSelector('.restore-notice.restored');
    assert.deepEqual((await page.locator('.node .name').allTextContents()).sort(), names);
    assert.equal(await page.getAttribute('main.app', 'data-theme'), 'dark');
    assert.equal(await page.getAttribute('main.app', 'lang'), 'zh-CN');
    assert.match(await page.textContent('.restore-notice'), /已从本浏览器恢复/);
    await shot(page, 'autosave-restored');

    await page.click('.start-fresh');
    assert.equal(await page.locator('.node').count(), 0);
    assert.equal(await page.locator('.restore-notice').count(), 0);
    await reload(page);
    assert.equal(await page.locator('.restore-notice.restored').count(), 1, 'the blank scenario and preferences are saved again');
    assert.equal(await page.locator('.node').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a damaged or newer saved state is refused by name, kept aside, and the app works', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    const cases = [
      ['{"schema": 1, "scenario": ', /not JSON/],
      ['{"schema": 4, "scenario": {}}', /schema: 4 was written by a newer Warren \(this build reads 1\)/],
      [JSON.stringify({ schema: 1, scenario: { version: 1, duration_ms: 0 }, view: { x: 0, y: 0, zoom: 1 }, lang: 'en', theme: 'light' }),
        /scenario\.duration_ms: must be at least 1/],
    ];
    for (const [text, message] of cases) {
      // The page's pending save is written first (as leaving the page would write it), then
      // the stored state is damaged.
      await page.evaluate((t) => {
        window.dispatchEvent(new Event('pagehide'));
        localStorage.setItem('warren.autosave', t);
      }, text);
      await reload(page);
      await page.waitForSelector('.restore-notice.refused');
      assert.match(await page.textContent('.restore-notice'), message);
      assert.equal(await page.evaluate(() => localStorage.getItem('warren.autosave.refused')), text);
      // The app is usable: add a queue.
      await page.click('[data-add=queue]');
      assert.equal(await page.locator('.node.queue').count(), 1);
    }
    await shot(page, 'autosave-refused');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
