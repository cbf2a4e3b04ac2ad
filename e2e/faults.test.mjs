// End-to-end test of live faults in the release build: a fault injected from the fault menu while
// the run plays is an edit of the scenario's fault schedule at the current time, so it is listed,
// undone, redone, exported and re-imported with the scenario, and the run replays it. A fault
// that cannot act on the world as it is now is disabled with its reason.
//
//   trunk build --release && node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot, scrub, loadScenario, nowMs } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const faultTimes = (page) =>
  page.locator('.fault-row').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('[data-field^="fault-at"] input').value)));

test('a live fault is listed, undone, redone, exported and re-imported', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'lost-ack');
    await page.click('svg.canvas .grid');
    assert.deepEqual(await faultTimes(page), [1000, 3000]);

    // Crash charger-b at 2.2 s from the fault menu.
    await scrub(page, 2200);
    await page.click('.node[data-kind="consumer"][data-name="charger-b"] .shape');
    await page.click('.fault-menu [data-fault-action="crash_consumer"]');
    assert.equal(await nowMs(page), 2200, 'injecting does not move time');
    await page.click('svg.canvas .grid');
    assert.deepEqual(await faultTimes(page), [1000, 2200, 3000], 'listed in the schedule, in time order');
    assert.equal(await page.locator('.fault-row').nth(1).locator('[data-field="fault-target-1"] select').inputValue(), 'charger-b');
    await shot(page, 'live-fault-listed-light');

    await page.click('.toolbar .undo');
    assert.deepEqual(await faultTimes(page), [1000, 3000], 'undo takes it back');
    await page.click('.toolbar .redo');
    assert.deepEqual(await faultTimes(page), [1000, 2200, 3000], 'redo brings it back');

    // Exported with the scenario …
    await page.click('.import-export-open');
    const text = await page.inputValue('.import-export textarea');
    await page.click('.import-export .close');
    const exported = JSON.parse(text);
    assert.deepEqual(exported.faults[1], { at_ms: 2200, fault: { kind: 'crash_consumer', consumer: 'charger-b' } });

    // … and re-imported after loading something else.
    await loadScenario(page, 'work-queue');
    await page.click('.import-export-open');
    await page.fill('.import-export textarea', text);
    await page.click('.apply-import');
    await page.click('.import-export .close');
    await page.click('svg.canvas .grid');
    assert.deepEqual(await faultTimes(page), [1000, 2200, 3000]);
    await page.click('button.theme-toggle');
    await shot(page, 'live-fault-reimported-dark');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a fault that cannot act is disabled with its reason, in English and Chinese', async () => {
  for (const [locale, reason] of [['en-US', /auto-ack/], ['zh-CN', /自动确认/]]) {
    const { page, errors } = await openApp(env.browser, env.baseUrl, { locale });
    try {
      await loadScenario(page, 'auto-ack-crash');
      await scrub(page, 500);
      await page.click('.node[data-kind="consumer"][data-name="mailer-1"] .shape');
      const lose = page.locator('.fault-menu [data-fault-action="lose_next_ack"]');
      assert.equal(await lose.getAttribute('aria-disabled'), 'true');
      assert.match(await lose.getAttribute('title'), reason);
      assert.match(await lose.locator('.sr-only').textContent(), reason, 'the reason is read out too');
      await page.click('svg.canvas .grid');
      const before = await page.locator('.fault-row').count();
      await page.click('.node[data-kind="consumer"][data-name="mailer-1"] .shape');
      await lose.dispatchEvent('click'); // Playwright will not click an aria-disabled button; a user can.
      await page.click('svg.canvas .grid');
      assert.equal(await page.locator('.fault-row').count(), before, 'clicking it schedules nothing');
      // A crash still applies to an auto-ack consumer.
      await page.click('.node[data-kind="consumer"][data-name="mailer-1"] .shape');
      assert.equal(await page.locator('.fault-menu [data-fault-action="crash_consumer"]').getAttribute('aria-disabled'), null);
      await shot(page, `fault-disabled-${locale}`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('on a cluster, Start on a running node and Heal without a partition are disabled', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  try {
    await loadScenario(page, 'mirrored-vs-quorum');
    await scrub(page, 300);
    const card = (n) => page.locator(`.node-card[data-node="${n}"]`);
    assert.equal(await card('rabbit1').locator('[data-fault-action="start_node"]').getAttribute('aria-disabled'), 'true');
    assert.match(await card('rabbit1').locator('[data-fault-action="start_node"]').getAttribute('title'), /already running/);
    assert.equal(await page.locator('.partition-actions [data-fault-action="heal"]').getAttribute('aria-disabled'), 'true');
    assert.equal(await page.locator('.partition-actions [data-fault-action="partition"]').getAttribute('aria-disabled'), 'true', 'no node ticked');
    // Stop rabbit1: now Start applies and Stop does not.
    await card('rabbit1').locator('[data-fault-action="stop_node"]').click();
    assert.equal(await card('rabbit1').locator('[data-fault-action="start_node"]').getAttribute('aria-disabled'), null);
    assert.equal(await card('rabbit1').locator('[data-fault-action="stop_node"]').getAttribute('aria-disabled'), 'true');
    await shot(page, 'fault-node-disabled-light');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
