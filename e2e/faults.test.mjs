// End-to-end test of live faults in the release build: a fault injected from the fault menu while
// the run plays is an edit of the scenario's fault schedule at the current time, so it is listed,
// undone, redone, exported and re-imported with the scenario, and the run replays it.
//
//   trunk build --release && node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, shot } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const nowMs = (page) => page.locator('.playback-bar .clock').evaluate((e) => Number(e.dataset.nowMs));
const faultTimes = (page) =>
  page.locator('.fault-row').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('[data-field^="fault-at"] input').value)));

async function scrub(page, ms) {
  await page.locator('.scrubber input').evaluate((input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
}

async function loadScenario(page, id) {
  await page.click('.scenario-menu .menu-button');
  await page.click(`[data-scenario="${id}"]`);
  await page.waitForSelector('.menu-list', { state: 'detached' });
}

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
