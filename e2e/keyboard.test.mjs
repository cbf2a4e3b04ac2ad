// End-to-end test of keyboard-only use (issue 13): from load to an opened message lifecycle
// without the mouse. Tab reaches the scenario menu, every canvas entity, the broker nodes of a
// cluster and the messages resting in queues and at consumers; Enter or Space selects an entity
// (or opens a message's lifecycle), F moves the focus to its faults, and a fault is injected
// with Enter. No mouse or pointer event is sent.
//
//   trunk build --release && node --test e2e/keyboard.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, nowMs } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const focused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await focused(page, selector)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`Tab never reached ${selector} (focus on ${at})`);
}

test('keyboard only: load a scenario, play, crash a consumer, open a message lifecycle', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  // Any mouse or pointer event would make this not a keyboard-only run.
  await page.evaluate(() => {
    window.__pointerEvents = 0;
    for (const type of ['mousedown', 'click', 'pointerdown']) {
      document.addEventListener(type, (e) => { if (e.isTrusted && e.detail !== 0) window.__pointerEvents++; }, true);
    }
  });
  await tabTo(page, '.scenario-menu .menu-button');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-scenario="work-queue"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.node[data-kind="consumer"][data-name="worker-1"]');

  // Every entity on the canvas takes the focus, shows a focus ring, and says what it is.
  const names = await page.locator('svg.canvas .node').evaluateAll((nodes) => nodes.map((n) => `${n.dataset.kind}/${n.dataset.name}`));
  assert.ok(names.length >= 4, names.join(', '));
  for (const name of names) {
    const [kind, n] = name.split('/');
    await tabTo(page, `.node[data-kind="${kind}"][data-name="${n}"]`);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.shape')).strokeDasharray);
    assert.notEqual(ring, 'none', `${name} shows a focus ring`);
    assert.ok((await page.evaluate(() => document.activeElement.querySelector(':scope > title').textContent)).includes(n), `${name} is named by its title`);
  }

  // Enter selects the focused entity; its form opens in the property panel.
  await tabTo(page, '.node[data-kind="queue"][data-name="tasks"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.node.selected[data-kind="queue"][data-name="tasks"]');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');

  // Space (with the focus on the canvas itself) plays; Space again pauses.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 2500, null, { timeout: 20_000 });
  await page.keyboard.press('Space');
  const paused = await nowMs(page);
  assert.ok(paused > 2500, `played to ${paused} ms`);

  // F on a consumer selects it and moves the focus to its faults; Enter crashes it.
  await tabTo(page, '.node[data-kind="consumer"][data-name="worker-1"]');
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.activeElement?.dataset.faultAction === 'crash_consumer');
  assert.ok(await focused(page, '.fault-menu button'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('.event-log tr[data-kind="channel"]');

  // A message resting in a queue or at a consumer takes the focus; Enter opens its lifecycle.
  await tabTo(page, '.messages .msg[data-msg]');
  const body = await page.evaluate(() => document.activeElement.dataset.msg);
  const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.ok(label.startsWith(`${body}: `), `the glyph says its message and look: ${label}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.message-detail[data-message="${body}"]`);
  const steps = await page.locator('.lifecycle li').allTextContents();
  assert.ok(steps.some((s) => s.includes('published by')), steps.join('\n'));
  await shot(page, 'keyboard-lifecycle');

  assert.equal(await page.evaluate(() => window.__pointerEvents), 0, 'no mouse or pointer event');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard only: a cluster node on the canvas leads to its faults', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await tabTo(page, '.scenario-menu .menu-button');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-scenario="mirrored-vs-quorum"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.broker-node[data-node]');
  const node = await page.locator('.broker-node[data-node]').first().evaluate((g) => g.dataset.node);
  await tabTo(page, `.broker-node[data-node="${node}"]`);
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), new RegExp(node));
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.activeElement?.closest('.node-card')?.dataset.node === n, node);
  assert.ok(await focused(page, 'button.fault'));
  assert.deepEqual(errors, []);
  await page.close();
});
