// End-to-end test of share links in the release build: copy a link at a moment with a message
// open, open it in a fresh browser context (same scenario, same time, same message, and the
// other user's own saved work kept aside), and damaged / too long links refused with the saved
// work left alone. Nothing is requested from anywhere but the page's own server.
//
//   trunk build --release && node --test e2e/share.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, scrub } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const nowMs = (page) => page.evaluate(() => Number(document.querySelector('.clock').dataset.nowMs));

test('a share link opens the same scenario at the same moment with the same message', async () => {
  const { page, errors, requests } = await openApp(env.browser, env.baseUrl);
  let link;
  try {
    await page.click('.scenario-menu .menu-button');
    await page.click('[data-scenario="delay-queue"]');
    await scrub(page, 45000);
    await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) === 45000);
    await page.fill('[data-filter="text"]', 'checkout-3');
    await page.locator('button.link[data-msg="checkout-3"]').first().click();
    await page.waitForSelector('.message-detail[data-message="checkout-3"]');
    const fate = await page.textContent('.message-detail .fate');

    await page.click('.share-open');
    link = await page.inputValue('.share-link');
    assert.ok(link.startsWith(env.baseUrl + '#share='), link);
    assert.ok(link.length < 2000, `a short link: ${link.length} characters`);
    await page.click('.copy-link');
    await shot(page, 'share-popover');
    assert.deepEqual(errors, []);

    // A fresh browser context with work of its own: the link opens the shared run and moment.
    const other = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const own = await other.newPage();
    await own.goto(env.baseUrl);
    await own.waitForSelector('main.app h1');
    await own.click('[data-add=queue]');
    // Autosave writes 400 ms after the last change.
    await own.waitForFunction(() => /"queues":\s*\[\s*\{/.test(localStorage.getItem('warren.autosave') ?? ''));
    // The link opened in a new tab of that browser.
    const p2 = await other.newPage();
    const p2errors = [];
    p2.on('pageerror', (e) => p2errors.push(e.message));
    await p2.goto(link);
    await p2.waitForSelector('.restore-notice.shared');
    await p2.waitForSelector('.message-detail[data-message="checkout-3"]');
    assert.equal(await nowMs(p2), 45000);
    assert.equal(await p2.textContent('.message-detail .fate'), fate);
    assert.equal(await p2.locator('.node').count(), await page.locator('.node').count());
    assert.equal(new URL(p2.url()).hash, '', 'the fragment is taken out of the address bar');
    await shot(p2, 'share-opened');
    // Back to the other user's own work (one queue).
    await p2.click('.back-to-own');
    assert.equal(await p2.locator('.node').count(), 1);
    assert.deepEqual(p2errors, []);
    await other.close();
    assert.ok(requests.every((url) => url.startsWith(env.baseUrl)), requests.join('\n'));
  } finally {
    await page.close();
  }
});

test('damaged and too long links are refused and the saved work is left alone', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(env.baseUrl);
    await page.waitForSelector('main.app h1');
    await page.click('.scenario-menu .menu-button');
    await page.click('[data-scenario="order-fanout"]');
    // Autosave writes 400 ms after the last change.
    await page.waitForFunction(() => (localStorage.getItem('warren.autosave') ?? '').includes('order.events'));
    const saved = await page.evaluate(() => localStorage.getItem('warren.autosave'));
    const cases = [
      [`${env.baseUrl}#share=abc*def`, /not base64url/],
      [`${env.baseUrl}#share=eJzLSM3JyVcozy_KSQEAGgQEXQ`, /the link is damaged/],
      [`${env.baseUrl}#share=${'A'.repeat(40000)}`, /the link is too long: 40000 characters/],
    ];
    for (const [url, message] of cases) {
      // Opened in a new tab of the same browser (same saved work).
      const tab = await context.newPage();
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(url);
      await tab.waitForSelector('.restore-notice.link-refused');
      assert.match(await tab.textContent('.restore-notice'), message);
      assert.equal(await tab.locator('.node').count(), 6, 'the saved work is shown');
      assert.equal(await tab.evaluate(() => localStorage.getItem('warren.autosave')), saved);
      await shot(tab, 'share-refused');
      await tab.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
