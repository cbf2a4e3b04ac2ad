// End-to-end tests of playback in the release build: load a scenario, play, inject a consumer
// crash, scrub back in time, open a message's lifecycle, and assert on the DOM. Screenshots of
// playback in light and dark at 1280×800 go to target/e2e/.
//
//   trunk build --release && node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, scrub, nowMs, ledger, loadScenario } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Moves the scrubber to `ms` the way a drag does: set the value, fire `input`. */

test('play, crash a consumer, scrub back, inspect a message', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'work-queue');
  assert.equal(await nowMs(page), 0);

  // Play at 10×, let it run, pause.
  await page.locator('.speed input').evaluate((input) => {
    input.value = '200'; // 10^(200/100 - 1) = 10×
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await page.locator('.speed output').textContent(), '10×');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 3000);
  await page.waitForSelector('.messages .msg.moving');
  await shot(page, 'playback-playing-light');
  await page.click('[data-action="play"]');
  const paused = await nowMs(page);
  assert.ok(paused > 3000, `played to ${paused} ms`);
  assert.ok((await ledger(page, 'published')) > 0);
  const badge = await page.locator('[data-badge="queue/tasks"]').textContent();
  assert.match(badge, /ready \d+ · unacked \d+/);

  // Crash worker-1 at 4.321 s, while it holds a task: select it on the canvas, then use the
  // fault menu. (The run is deterministic: the same seed holds the same task at that time.)
  await scrub(page, 4321);
  const crashAt = await nowMs(page);
  assert.equal(crashAt, 4321);
  assert.match(await page.locator('[data-badge="consumer/worker-1"]').textContent(), /in flight 1/);
  const deliveredBefore = await ledger(page, 'redelivered');
  await page.click('.node[data-kind="consumer"][data-name="worker-1"] .shape');
  await page.click('[data-fault-action="crash_consumer"]');
  assert.equal(await nowMs(page), crashAt, 'injecting does not move time');
  await scrub(page, crashAt + 1500);
  assert.ok((await ledger(page, 'redelivered')) > deliveredBefore, 'the crashed worker’s unacked task was redelivered');
  const crashLog = page.locator('.event-log tr[data-kind="channel"]');
  assert.ok((await crashLog.count()) > 0);

  // Scrub back to 1 s: the ledger goes back with it.
  await scrub(page, 1000);
  assert.equal(await nowMs(page), 1000);
  assert.equal(await ledger(page, 'redelivered'), 0);
  assert.ok((await ledger(page, 'published')) <= 11);

  // Step moves to the next event.
  await page.click('[data-action="step"]');
  assert.ok((await nowMs(page)) > 1000);

  // Open a message's lifecycle from the event log.
  await scrub(page, crashAt + 1500);
  await page.fill('[data-filter="text"]', 'dispatcher-45');
  const kinds = await page.locator('.event-log tr').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.deepEqual(kinds, ['acked', 'delivered', 'enqueued', 'routed', 'published'], 'the filter keeps one message');
  const link = page.locator('.event-log button[data-msg="dispatcher-45"]').first();
  await link.click();
  await page.waitForSelector('.message-detail[data-message="dispatcher-45"]');
  const steps = await page.locator('.lifecycle li').allTextContents();
  assert.ok(steps.some((s) => s.includes('published by dispatcher')), steps.join('\n'));
  assert.ok(steps.some((s) => s.includes('acked by worker-')), steps.join('\n'));
  assert.ok(steps.some((s) => s.includes('applies the side effect')), 'the client steps are listed too: ' + steps.join('\n'));
  assert.match(await page.locator('.fate').textContent(), /Processed once: its side effect happened exactly once\./);
  await shot(page, 'playback-message-light');

  await page.click('[data-tab="charts"]');
  assert.equal(await page.locator('.chart[data-chart="depth"] polyline').count(), 1);
  assert.equal(await page.locator('.chart[data-chart="rates"] polyline').count(), 3);
  await shot(page, 'playback-charts-light');

  // Folded, the panel leaves the canvas the room and keeps the controls and the ledger.
  const before = (await page.locator('svg.canvas').boundingBox()).height;
  await page.click('[data-action="fold"]');
  const after = (await page.locator('svg.canvas').boundingBox()).height;
  assert.ok(after > before + 100, `canvas ${before} -> ${after} px`);
  assert.equal(await page.locator('.ledger').count(), 1);
  await shot(page, 'playback-folded-light');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the delay queue tells the dead-lettering story, in dark and in Chinese', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'delay-queue');
  await scrub(page, 45000);
  await page.fill('[data-filter="text"]', '');
  await page.selectOption('[data-filter="kind"]', 'dead_lettered');
  const rows = page.locator('.event-log tr[data-kind="dead_lettered"]');
  assert.ok((await rows.count()) > 0, 'some order was dead-lettered');
  await rows.first().locator('button[data-msg]').click();
  const steps = await page.locator('.lifecycle li').allTextContents();
  assert.ok(steps.some((s) => /expired in “order.delay”, dead-lettered to “cancel.x” with routing key/.test(s)), steps.join('\n'));
  assert.match(await page.locator('.fate').textContent(), /Processed once/);
  assert.ok((await page.locator('.x-death tr').count()) >= 1, 'x-death is shown');
  await shot(page, 'playback-delay-light');
  await page.click('button.theme-toggle');
  assert.equal(await page.locator('main.app').getAttribute('data-theme'), 'dark');
  await shot(page, 'playback-delay-dark');

  // A bad seed is refused with a message and changes nothing.
  await page.fill('.seed input', 'abc');
  await page.click('.seed button');
  assert.match(await page.locator('.fault-error').textContent(), /seed/i);
  assert.equal(await nowMs(page), 45000);

  await page.click('.lang-switch button:has-text("中文")');
  assert.equal(await page.locator('[data-action="play"]').textContent(), '播放');
  await shot(page, 'playback-delay-dark-zh');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dedup store chosen in the consumer form stops the processed-twice in playback', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'lost-ack');
  await scrub(page, 10000);
  assert.equal(await ledger(page, 'duplicates'), 1, 'the lost ack makes one message processed twice');
  assert.equal(await ledger(page, 'deduplicated'), 0);

  // The dedup set is shared, but only a consumer that checks it is protected: with one of the two
  // chargers checking, the redelivery can still land on the other.
  await page.click('.node[data-kind="consumer"][data-name="charger-a"] .shape');
  await page.selectOption('.consumer-form [data-field="idempotency"] select', 'dedup_set');
  assert.equal(await nowMs(page), 10000, 'an edit keeps the time');
  assert.equal(await ledger(page, 'duplicates'), 1);
  await page.locator('.consumer-form [data-section="stores"]').scrollIntoViewIfNeeded();
  await shot(page, 'consumer-stores-light');

  await page.click('.node[data-kind="consumer"][data-name="charger-b"] .shape');
  await page.selectOption('.consumer-form [data-field="idempotency"] select', 'dedup_set');
  await scrub(page, 10000);
  assert.equal(await ledger(page, 'duplicates'), 0, 'with both checking, nothing is processed twice');
  assert.equal(await ledger(page, 'deduplicated'), 1, 'the redelivery was recognised');

  // The lock and cache fields appear when chosen; a bad lease is refused in place.
  await page.check('.consumer-form [data-field="lock"] input');
  await page.fill('.consumer-form [data-field="lock-lease"] input', '-1');
  await page.press('.consumer-form [data-field="lock-lease"] input', 'Tab');
  assert.match(await page.locator('[data-field="lock-lease"] .field-error').textContent(), /whole number/);
  await page.locator('.consumer-form [data-section="stores"]').scrollIntoViewIfNeeded();
  await page.click('button.theme-toggle');
  await shot(page, 'consumer-stores-dark');
  await page.click('button.theme-toggle');

  // A producer in tx mode, and the scenario panel's stores, faults and chaos.
  await page.click('.node[data-kind="producer"] .shape');
  await page.selectOption('.producer-form [data-field="mode"] select', 'tx');
  await page.waitForSelector('.producer-form [data-field="tx-batch"]');
  await page.locator('.producer-form [data-section="guarantee"]').scrollIntoViewIfNeeded();
  await shot(page, 'producer-tx-light');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Escape');
  await page.waitForSelector('.scenario-form');
  await page.check('[data-field="chaos"] input');
  await page.selectOption('[data-field="fault-kind-0"] select', 'delay_message');
  await page.selectOption('[data-field="fault-target-0"] select', 'checkout');
  assert.equal(await page.inputValue('[data-field="fault-delay-0"] input'), '100');
  await page.locator('.scenario-form .faults').scrollIntoViewIfNeeded();
  await shot(page, 'scenario-faults-light');
  await page.locator('.scenario-form [data-section="chaos"]').scrollIntoViewIfNeeded();
  await shot(page, 'scenario-chaos-light');
  await page.click('button.theme-toggle');
  await shot(page, 'scenario-chaos-dark');
  await page.click('.lang-switch button:has-text("中文")');
  await shot(page, 'scenario-chaos-dark-zh');
  assert.deepEqual(errors, []);
  await page.close();
});
