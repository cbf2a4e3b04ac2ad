// End-to-end test of autosave's timing (issue 13): a drag is one write to localStorage, not one
// per pointer move (autosave waits 400 ms after the last change), a change is still kept when
// the page is left before that (pagehide), and a shared link opens with its topology fitted
// into the canvas.
//
//   trunk build --release && node --test e2e/save-later.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, MOUNT_TIMEOUT_MS, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Counts the page's writes of the saved state (from before the app starts). */
async function countWrites(page) {
  await page.addInitScript(() => {
    window.__writes = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'warren.autosave') window.__writes++;
      return set.call(this, key, value);
    };
  });
}
const writes = (page) => page.evaluate(() => window.__writes);

test('dragging a node writes the saved state once, after the drag', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await countWrites(page);
  await page.goto(env.baseUrl);
  await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
  await loadScenario(page, 'order-fanout');
  await page.waitForFunction(() => window.__writes > 0); // the loaded scenario
  await page.waitForTimeout(600);
  const before = await writes(page);
  const box = await page.locator('.node.queue .shape').first().boundingBox();
  await page.mouse.move(box.x + 30, box.y + 20);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + 30 + i * 4, box.y + 20 + i * 2);
  await page.mouse.up();
  const during = (await writes(page)) - before;
  await page.waitForFunction((n) => window.__writes > n, before);
  await page.waitForTimeout(600);
  const after = (await writes(page)) - before;
  console.log(`autosave: ${during} writes during a 40-move drag, ${after} after it`);
  assert.ok(during <= 1, `${during} writes during the drag`);
  assert.equal(after, 1, 'one write for the whole drag');
  await context.close();
});

test('a change made just before leaving the page is kept (written on pagehide)', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await page.click('[data-add=queue]');
  await page.click('[data-add=queue]');
  // At once, before the 400 ms: the reload's pagehide writes it.
  await page.reload();
  await page.waitForSelector('main.app h1', { timeout: MOUNT_TIMEOUT_MS });
  await page.waitForSelector('.restore-notice.restored');
  assert.equal(await page.locator('.node.queue').count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a shared link opens with its topology fitted into the canvas', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await page.click('.scenario-menu .menu-button');
  await page.click('[data-scenario="mirrored-vs-quorum"]');
  await page.click('.share-open');
  const link = await page.inputValue('.share-link');
  await page.close();

  // A smaller screen than the one the link was made on.
  const other = await env.browser.newContext({ viewport: { width: 900, height: 640 } });
  const p2 = await other.newPage();
  await p2.goto(link);
  await p2.waitForSelector('.restore-notice.shared');
  await p2.waitForFunction(() => document.querySelector('g.world').getAttribute('transform') !== 'translate(0.0 0.0) scale(1.000)');
  const canvas = await p2.locator('svg.canvas').boundingBox();
  const nodes = await p2.locator('svg.canvas .node').evaluateAll((gs) => gs.map((g) => {
    const r = g.getBoundingClientRect();
    return { name: g.dataset.name, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
  }));
  assert.ok(nodes.length >= 4);
  for (const n of nodes) {
    assert.ok(n.x >= canvas.x && n.right <= canvas.x + canvas.width && n.y >= canvas.y && n.bottom <= canvas.y + canvas.height,
      `${n.name} ${JSON.stringify(n)} inside the canvas ${JSON.stringify(canvas)}`);
  }
  assert.deepEqual(errors, []);
  await other.close();
});
