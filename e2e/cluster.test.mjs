// End-to-end test of the cluster in the release build: build a small topology with broker nodes
// by clicking, make the queue a quorum queue on rabbit2, play, crash rabbit2 from the cluster
// panel, watch the quorum queue elect a new leader, scrub back to before the crash, open a
// message's lifecycle; then load the ready-made mirrored-versus-quorum scenario. Screenshots in
// light and dark at 1280×800 go to target/e2e/.
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

const selectQueue = (page, name) => page.click(`.node[data-kind="queue"][data-name="${name}"] .shape`);

test('build a cluster by clicking, crash a node, scrub back, inspect a message', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);

  // A queue, then three broker nodes (the first click makes a cluster of two).
  await page.click('[data-add="queue"]');
  await page.click('[data-add="node"]');
  await page.click('[data-add="node"]');
  assert.deepEqual(await page.locator('.cluster-form .node-item').evaluateAll((l) => l.map((e) => e.dataset.node)),
    ['rabbit1', 'rabbit2', 'rabbit3']);
  assert.equal(await page.locator('svg.canvas .broker-node').count(), 3, 'every node has a frame on the canvas');

  // The queue: quorum, on rabbit2.
  await selectQueue(page, 'queue-1');
  await page.selectOption('[data-field="cluster-node"] select', 'rabbit2');
  await page.selectOption('[data-field="cluster-queue-type"] select', 'quorum');
  assert.equal(await page.locator('[data-field="cluster-queue-type"] select').inputValue(), 'quorum');

  // Mirrored is refused under 4.x, with a message, and changes nothing.
  await page.click('[data-add="producer"]'); // reads from the selected queue
  await selectQueue(page, 'queue-1');
  await page.click('[data-add="consumer"]');
  await page.click('svg.canvas .grid');
  await page.selectOption('[data-field="cluster-profile"] select', '4.x');
  await selectQueue(page, 'queue-1');
  await page.selectOption('[data-field="cluster-queue-type"] select', 'mirrored');
  assert.match(await page.locator('[data-field="cluster-queue-type"] .field-error').textContent(), /'ha-mode' is not a policy key in RabbitMQ 4\.x/, 'the broker refuses it; the panel has no rule of its own');
  await shot(page, 'cluster-queue-form-light');
  await page.selectOption('[data-field="cluster-queue-type"] select', 'quorum');

  // Removing a node still in use is refused inline; the unused rabbit3 goes and comes back.
  await page.click('svg.canvas .grid');
  await page.click('[data-remove-node="rabbit2"]');
  assert.match(await page.locator('.cluster-form .node-error').textContent(), /rabbit2: still used by queue-1/);
  assert.equal(await page.locator('.cluster-form .node-item').count(), 3);
  await page.click('[data-remove-node="rabbit3"]');
  assert.equal(await page.locator('.cluster-form .node-item').count(), 2);
  await page.click('[data-add="node"]');
  assert.equal(await page.locator('.cluster-form .node-item').count(), 3);
  await shot(page, 'cluster-editor-light');

  // Play at 10× for a few seconds.
  await page.locator('.speed input').evaluate((input) => {
    input.value = '200';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => Number(document.querySelector('.clock').dataset.nowMs) > 3000);
  await page.click('[data-action="play"]');
  await scrub(page, 3000);
  const card = (n) => page.locator(`.node-card[data-node="${n}"]`);
  assert.equal(await card('rabbit2').getAttribute('data-state'), 'up');
  assert.match(await card('rabbit2').textContent(), /leads\s*queue-1/);
  assert.match(await page.locator('.replica-badge[data-queue="queue-1"]').textContent(), /leader rabbit2 · term 1/);

  // Crash rabbit2 at 3 s from its card: it shows crashed on the card and on the canvas, and the
  // quorum queue elects a leader elsewhere in a later term.
  await card('rabbit2').locator('[data-fault-action="kill_node"]').click();
  assert.equal(await nowMs(page), 3000, 'injecting does not move time');
  assert.equal(await card('rabbit2').getAttribute('data-state'), 'crashed');
  assert.equal(await page.locator('svg.canvas .broker-node[data-node="rabbit2"]').getAttribute('data-state'), 'crashed');
  await scrub(page, 4500);
  const badge = await page.locator('.replica-badge[data-queue="queue-1"]').textContent();
  assert.match(badge, /leader rabbit[13] · term [2-9]/, badge);
  await shot(page, 'cluster-crashed-light');
  await page.click('button.theme-toggle');
  await shot(page, 'cluster-crashed-dark');
  await page.click('button.theme-toggle');

  // Scrub back to before the crash: rabbit2 is up and leads again.
  await scrub(page, 2000);
  assert.equal(await card('rabbit2').getAttribute('data-state'), 'up');
  assert.match(await page.locator('.replica-badge[data-queue="queue-1"]').textContent(), /leader rabbit2/);

  // A message's lifecycle.
  await scrub(page, 4500);
  await page.fill('[data-filter="text"]', 'producer-1-1');
  await page.locator('.event-log button[data-msg="producer-1-1"]').first().click();
  await page.waitForSelector('.message-detail[data-message="producer-1-1"]');
  const steps = await page.locator('.lifecycle li').allTextContents();
  assert.ok(steps.some((s) => s.includes('published by producer-1')), steps.join('\n'));
  assert.ok(steps.some((s) => s.includes('enqueued in “queue-1”')), steps.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the ready-made mirrored-versus-quorum scenario loses confirmed messages on the mirrored side', async () => {
  const { page, errors } = await openApp(env.browser, env.baseUrl);
  await loadScenario(page, 'mirrored-vs-quorum');
  assert.equal(await page.locator('svg.canvas .broker-node').count(), 3);
  await scrub(page, 1500);
  assert.equal(await page.locator('.node-card[data-node="rabbit2"]').getAttribute('data-state'), 'crashed');
  assert.match(await page.locator('.replica-badge[data-queue="ha.orders"]').textContent(), /mirrored · rabbit3/);
  assert.match(await page.locator('.replica-badge[data-queue="qq.orders"]').textContent(), /leader rabbit[13] · term [2-9]/);
  await shot(page, 'cluster-scenario-light');
  // With the cluster panel open, the free height of the playback panel goes to the tab body, not
  // to the tab row (rows counted by hand once stretched the tabs, or squeezed them to 5 px under
  // the body). A tall panel, set through the CSSOM (the page's CSP refuses inline styles):
  await page.locator('.playback').evaluate((e) => { e.style.height = '820px'; });
  const boxes = ['.playback', '.playback .tabs', '.playback .tab-body'].map((s) => page.locator(s).boundingBox());
  const [panel, tabs, body] = await Promise.all(boxes);
  // The tab row keeps its own height (neither stretched nor squeezed under the body) and the
  // body, below it, ends inside the panel.
  assert.ok(tabs.height >= 20 && tabs.height < 60, `the tab row is ${tabs.height} px tall`);
  assert.ok(body.y >= tabs.y + tabs.height - 1, `the tab body (${body.y}) starts below the tabs (${tabs.y}+${tabs.height})`);
  assert.ok(body.y + body.height <= panel.y + panel.height + 1, `the tab body ends inside the panel`);
  await page.locator('.playback').evaluate((e) => { e.style.height = ''; });
  await scrub(page, 12000);
  assert.ok((await ledger(page, "lost")) >= 20, 'the promoted unsynchronised mirror lost confirmed messages');
  await page.click('button.theme-toggle');
  await shot(page, 'cluster-scenario-dark');
  await page.click('.lang-switch button:has-text("中文")');
  assert.match(await page.locator('.node-card[data-node="rabbit2"] .node-status').textContent(), /运行/);
  await shot(page, 'cluster-scenario-dark-zh');
  assert.deepEqual(errors, []);
  await page.close();
});
